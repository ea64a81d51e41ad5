"""Running documents: one at a time in this process, or in batches on a pool that notices a dead worker.

:func:`run_document` turns one document into its rows and its status row;
whatever goes wrong inside becomes that document's ``error`` row.
:func:`run_pooled` hands batches of documents to a stdlib
:class:`~concurrent.futures.ProcessPoolExecutor` and yields the outcomes in
input order.  When a worker dies (killed, out of memory) the pool raises
``BrokenProcessPool``: the batches then in flight are run again, one
document at a time, in a fresh pool, and a document that kills a worker a
second time becomes an ``error`` row.  Workers ignore SIGINT (the main
process decides what Ctrl-C does and ends them) and exit by themselves when
their parent process is gone, so none outlives the run.

Test-only fault hook, off unless the environment sets it:
``NLP_QUOTES_TEST_FAULT=kill:MARKER`` kills the process (SIGKILL) that runs a
document containing ``MARKER``; ``stall:MARKER`` makes it sleep for an hour.
With ``NLP_QUOTES_TEST_FAULT_ONCE=PATH`` the fault fires only in the first
process that creates ``PATH`` (its appearance also tells a test the fault is
reached).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from nlp_quotes.api import NOT_FOR_QUOTES, entity_rows, number_quotes, plan_chunks, quote_rows, replace_surrogates
from nlp_quotes.corpus.inputs import FileText, decode_text, read_file

#: A document for a worker: (input position, doc_id, text as ``str``, ``bytes`` to decode, or a ``Path``).
Task = tuple[int, str | None, str | bytes | Path]

FAULT_ENV = "NLP_QUOTES_TEST_FAULT"
FAULT_ONCE_ENV = "NLP_QUOTES_TEST_FAULT_ONCE"
#: How often a worker checks that its parent process is still there.
PARENT_POLL_SECONDS = 0.5
#: The error of a document that killed a worker process twice.
KILLED_TWICE = "a worker process died while processing this document, twice (killed by a signal or out of memory)"


@dataclass
class DocumentOutcome:
    """What became of one input document."""

    index: int
    document: dict
    quotes: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    ran: bool = True  # False for inputs that never reached the pipeline (no text, empty)


def document_row(
    doc_id: str | None, status: str, error: str | None, n_chars: int | None, encoding: str | None = None
) -> dict:
    """A status row of the documents table, with no quotations or entities yet."""
    row = {"doc_id": doc_id, "status": status, "error": error, "n_chars": n_chars, "n_quotes": 0, "n_entities": 0}
    if encoding is not None:
        row["encoding"] = encoding
    return row


def describe(error: BaseException) -> str:
    """``"Type: message"`` of an exception (``"Type"`` alone when the message is empty), surrogates replaced.

    Never raises, even for an exception whose ``__str__`` does.
    """
    try:
        message = str(error)
    except Exception:
        message = "(unprintable message)"
    name = type(error).__name__
    return replace_surrogates(f"{name}: {message}" if message else name)[0]


def _fault_hook(text: str) -> None:
    """The test-only fault of the module docstring; does nothing unless :data:`FAULT_ENV` is set."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    action, _, marker = spec.partition(":")
    if not marker or marker not in text:
        return
    once = os.environ.get(FAULT_ONCE_ENV)
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "stall":
        time.sleep(3600)


def extract_rows(
    nlp: Language, text: str, doc_id: str | None, min_confidence: float, chunk_chars: int
) -> tuple[list[dict], list[dict], list[str]]:
    """Quotation and entity rows of one text, run in chunks as :func:`~nlp_quotes.extract_quotes` runs it.

    The third item lists the chunk cuts that are not at a paragraph end outside
    quotations (:func:`~nlp_quotes.api.plan_chunks`), for the status row.
    """
    disable = [name for name in NOT_FOR_QUOTES if name in nlp.pipe_names]
    quotes: list[dict] = []
    entities: list[dict] = []
    plan = plan_chunks(text, chunk_chars)
    for offset, piece in plan.pieces:
        doc = nlp(piece, disable=disable)
        quotes.extend(quote_rows(doc, doc_id, offset))
        entities.extend({"doc_id": doc_id, **row} for row in entity_rows(doc, offset))
    return number_quotes(quotes, min_confidence), entities, plan.notes


def _text_of(payload: str | bytes | Path, encoding: str | None = None) -> FileText:
    """``(text, error, warning, encoding)`` of a task's payload: files are read, bytes decoded, here (in the worker)."""
    if isinstance(payload, Path):
        return read_file(payload, encoding)
    if isinstance(payload, bytes):
        return decode_text(payload, encoding, "undecodable bytes")
    return FileText(payload, None, None)


def run_document(
    nlp: Language, task: Task, min_confidence: float, chunk_chars: int, encoding: str | None = None
) -> DocumentOutcome:
    """The outcome of one document; never raises for anything the document or the pipeline does.

    Files and bytes are decoded as ``encoding``, or as detected when it is
    ``None`` (:func:`~nlp_quotes.corpus.inputs.decode_bytes`); the encoding
    used goes into the status row.  Surrogate code points are replaced by
    U+FFFD first (status ``warning``, saying how many); a pipeline failure is
    tried once more before it becomes the ``error`` row, so that a passing
    failure keeps its result.
    """
    index, doc_id, payload = task
    try:
        text, error, warning, used = _text_of(payload, encoding)
    except Exception as failure:  # a reader bug must not end the run
        text, error, warning, used = None, f"could not read the document: {describe(failure)}", None, None
    if text is None:
        return DocumentOutcome(index, document_row(doc_id, "error", error, None), ran=False)
    text, replaced = replace_surrogates(text)
    notes = [warning] if warning else []
    if replaced:
        notes.append(f"{replaced} surrogate code point(s) replaced by U+FFFD")
    note = "; ".join(notes) or None
    status = "warning" if note else "ok"
    if not text.strip():
        return DocumentOutcome(index, document_row(doc_id, status, note, len(text), used), ran=False)
    _fault_hook(text)
    for attempt in (1, 2):
        try:
            quotes, entities, cut_notes = extract_rows(nlp, text, doc_id, min_confidence, chunk_chars)
            break
        except Exception as failure:  # any failure of the pipeline is this document's error row
            if attempt == 2:
                return DocumentOutcome(index, document_row(doc_id, "error", describe(failure), len(text), used))
    if cut_notes:  # a paragraph longer than a chunk had to be cut inside: say so
        note = "; ".join([note, *cut_notes] if note else cut_notes)
        status = "warning"
    row = document_row(doc_id, status, note, len(text), used)
    row.update(n_quotes=len(quotes), n_entities=len(entities))
    return DocumentOutcome(index, row, quotes, entities)


# -- worker processes -----------------------------------------------------------------------------

_WORKER: dict = {}


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as its parent process is gone (no orphan outlives a killed run)."""
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(nlp: Language, min_confidence: float, chunk_chars: int, encoding: str | None = None) -> None:
    """Set up a worker once: keep the pipeline, ignore SIGINT, watch the parent, load lazy models."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER.update(nlp=nlp, min_confidence=min_confidence, chunk_chars=chunk_chars, encoding=encoding)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="nlp_quotes-parent").start()
    with contextlib.suppress(Exception):  # a pipeline that fails here fails again, per document, and says so there
        nlp("预热。")  # models that load on first use load now, once per worker


def _run_batch(tasks: list[Task]) -> list[DocumentOutcome]:
    """In a worker: the outcomes of a batch of documents, in order."""
    nlp, min_confidence, chunk_chars = _WORKER["nlp"], _WORKER["min_confidence"], _WORKER["chunk_chars"]
    return [run_document(nlp, task, min_confidence, chunk_chars, _WORKER["encoding"]) for task in tasks]


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` where there is one (workers inherit the loaded pipeline), else ``spawn`` (it is pickled)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start_pool(
    nlp: Language, n_process: int, min_confidence: float, chunk_chars: int, encoding: str | None = None
) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        n_process,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(nlp, min_confidence, chunk_chars, encoding),
    )


def stop_pool(pool: ProcessPoolExecutor | None) -> None:
    """Cancel what is queued and end the worker processes now (SIGTERM, then SIGKILL), waiting for each.

    Reads the executor's process table (``_processes``; Python 3.14 has
    ``terminate_workers()`` for it) before shutting it down.
    """
    if pool is None:
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


@dataclass
class _Batch:
    """Consecutive input documents: outcomes known already, and tasks sent to the pool as one."""

    slots: list[DocumentOutcome | tuple]
    future: Future | None = None
    retry: bool = False  # the pool broke while it ran: run its tasks again one by one

    @property
    def tasks(self) -> list[Task]:
        return [slot for slot in self.slots if not isinstance(slot, DocumentOutcome)]

    def merged(self, results: list[DocumentOutcome]) -> list[DocumentOutcome]:
        """The batch's outcomes in input order, ``results`` standing in for its tasks."""
        found = iter(results)
        return [slot if isinstance(slot, DocumentOutcome) else next(found) for slot in self.slots]


def _killed_twice(task: Task) -> DocumentOutcome:
    index, doc_id, payload = task
    n_chars = len(payload) if isinstance(payload, str) else None
    return DocumentOutcome(index, document_row(doc_id, "error", KILLED_TWICE, n_chars))


def run_pooled(
    slots: Iterator[DocumentOutcome | tuple],
    nlp: Language,
    n_process: int,
    batch_size: int,
    min_confidence: float,
    chunk_chars: int,
    encoding: str | None = None,
) -> Iterator[DocumentOutcome]:
    """Outcomes of ``slots`` (known outcomes, and tasks to run) in input order, tasks run by ``n_process`` workers.

    At most ``2 * n_process`` batches are in flight.  If reading ``slots``
    raises, the documents read before are finished and yielded, then the
    error is raised.  On any exit (the end, an error, Ctrl-C, the caller
    closing the generator) the workers are ended before this returns.
    """
    window = 2 * n_process
    queue: deque[_Batch] = deque()
    current: list = []
    n_tasks = 0  # tasks in current
    input_error: Exception | None = None
    exhausted = False
    pool: ProcessPoolExecutor | None = None

    def send(tasks: list[Task]) -> Future:
        """Send tasks to the pool; one that broke while idle (nothing of it in flight now) is replaced first."""
        nonlocal pool
        if pool is None:
            pool = _start_pool(nlp, n_process, min_confidence, chunk_chars, encoding)
        try:
            return pool.submit(_run_batch, tasks)
        except BrokenProcessPool:
            fresh_pool()
            return pool.submit(_run_batch, tasks)

    def submit(batch: _Batch) -> _Batch:
        if batch.tasks:
            batch.future = send(batch.tasks)
        return batch

    def fresh_pool() -> None:
        nonlocal pool
        stop_pool(pool)
        pool = _start_pool(nlp, n_process, min_confidence, chunk_chars, encoding)

    def run_alone(task: Task) -> DocumentOutcome:
        """One document on its own in the pool: a second death is this document's error row."""
        future = send([task])
        try:
            return future.result()[0]
        except BrokenProcessPool:
            fresh_pool()
            return _killed_twice(task)
        except Exception as error:  # e.g. a result that could not be sent back
            return DocumentOutcome(task[0], document_row(task[1], "error", describe(error), None))

    def resolve(batch: _Batch) -> list[DocumentOutcome]:
        if batch.future is not None and not batch.retry:
            try:
                return batch.merged(batch.future.result())
            except BrokenProcessPool:
                # Every batch still in flight failed with the pool: each of its documents gets a second chance alone.
                for other in queue:
                    if other.future is not None and not other.retry:
                        other.retry = isinstance(other.future.exception(), BrokenProcessPool)
                fresh_pool()
            except Exception:  # e.g. a result that could not be sent back: the documents are tried alone
                pass
            batch.retry = True
        if batch.retry:
            return batch.merged([run_alone(task) for task in batch.tasks])
        return batch.merged([])

    try:
        while True:
            while not exhausted and len(queue) < window and not any(batch.retry for batch in queue):
                try:
                    slot = next(slots)
                except StopIteration:
                    exhausted = True
                    break
                except Exception as error:  # the caller's input failed: finish what was read, then raise it
                    input_error = error
                    exhausted = True
                    break
                current.append(slot)
                n_tasks += isinstance(slot, tuple)
                if n_tasks >= batch_size or len(current) >= 4 * batch_size:  # known outcomes wait at most that long
                    queue.append(submit(_Batch(current)))
                    current, n_tasks = [], 0
            if exhausted and current:
                queue.append(submit(_Batch(current)))
                current, n_tasks = [], 0
            if not queue:
                break
            batch = queue[0]
            outcomes = resolve(batch)
            queue.popleft()
            yield from outcomes
        if input_error is not None:
            raise input_error
        if pool is not None:
            pool.shutdown(wait=True)
            pool = None
    finally:
        stop_pool(pool)
