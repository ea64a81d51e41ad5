"""``nlp_quotes.process``: a whole corpus through the pipeline, with a status row per document.

Documents run in this process (``n_process=1``) or in batches on worker
processes (:mod:`nlp_quotes.corpus.workers`), long ones in paragraph-aligned
chunks, so memory does not grow with the corpus.  Every input document gets
exactly one row in ``documents``, in input order: ``ok``, ``warning`` (it was
processed, and ``error`` says what to know: surrogates replaced, a PDF
without a text layer) or ``error`` (no text, undecodable, unreadable file,
the pipeline failed on it, or it killed a worker twice), and the run goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

import pandas as pd
from spacy.language import Language

from nlp_quotes.api import CHUNK_CHARS, replace_surrogates
from nlp_quotes.corpus.inputs import document_pair, iter_items
from nlp_quotes.corpus.provenance import run_metadata
from nlp_quotes.corpus.workers import DocumentOutcome, Task, describe, document_row, run_document, run_pooled
from nlp_quotes.corpus.writers import CorpusWriter
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import corpus_entities_frame, documents_frame, quotes_frame

__all__ = ["WRITE_EVERY", "CorpusResult", "DocumentOutcome", "process", "process_stream"]

#: Documents handed to a writer at once.
WRITE_EVERY = 200


@dataclass
class CorpusResult:
    """Tables of a corpus run: ``documents`` (one row per input), ``quotes``, ``entities``."""

    documents: pd.DataFrame
    quotes: pd.DataFrame
    entities: pd.DataFrame
    metadata: dict[str, str]
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: documents ok, with warnings and failed, quotations, characters per second."""
        status = self.documents["status"]
        ok, warned, failed = (int((status == name).sum()) for name in ("ok", "warning", "error"))
        chars = int(self.documents["n_chars"].fillna(0).sum())
        rate = chars / self.seconds if self.seconds else 0.0
        warnings = f", {warned} with warnings" if warned else ""
        return (
            f"{len(self.documents)} documents: {ok} ok{warnings}, {failed} failed; "
            f"{int(self.documents['n_quotes'].fillna(0).sum())} quotations; "
            f"{chars:,} chars in {self.seconds:.1f} s ({rate:,.0f} chars/s)"
        )


def _doc_id(raw_id: object) -> str | None:
    """The document id as a plain ``str`` (surrogates replaced), ``None`` for a missing one; may raise."""
    if raw_id is None:
        return None
    if issubclass(type(raw_id), str):
        return replace_surrogates(str.__str__(raw_id))[0]
    if pd.api.types.is_scalar(raw_id) and pd.isna(raw_id):
        return None
    return replace_surrogates(str.__str__(str(raw_id)))[0]


def _payload(raw: object) -> tuple[str | Path | None, str | None]:
    """What a worker gets for a document (a plain ``str`` or a ``Path``), or why there is nothing to give; may raise.

    A ``str`` subclass is copied with ``str.__str__`` (none of its own methods
    runs), bytes are decoded as UTF-8 here, paths are read by the worker.
    Types are tested on ``type(raw)``, never by asking ``raw`` itself.
    """
    kind = type(raw)
    if issubclass(kind, str):
        return str.__str__(raw), None
    if issubclass(kind, PurePath):
        return Path(os.fspath(raw)), None
    if issubclass(kind, bytes):
        try:
            return bytes.decode(raw, "utf-8"), None
        except UnicodeDecodeError as error:
            return None, f"undecodable bytes: {error}"
    if issubclass(kind, BaseException):
        return None, describe(raw)
    return None, f"expected the text as str, got {kind.__name__}"


def _slots(docs: object, text_col: str, id_col: str, skip_ids: frozenset[str]) -> Iterator[DocumentOutcome | Task]:
    """Per input document, in order: its outcome when it needs no pipeline (an error), else its task.

    Documents whose id is in ``skip_ids`` give nothing.  Whatever one item
    does (a hostile ``str`` subclass, a mapping whose ``get`` raises) is that
    item's error row; only the iteration of ``docs`` itself can raise.
    """
    for index, item in iter_items(docs, text_col, id_col):
        doc_id = None
        try:
            raw_id, raw = document_pair(item, index, text_col, id_col)
            doc_id = _doc_id(raw_id)
            if doc_id is not None and doc_id in skip_ids:
                continue
            payload, error = _payload(raw)
        except Exception as failure:
            payload, error = None, f"unusable input document: {describe(failure)}"
        if payload is None:
            yield DocumentOutcome(index, document_row(doc_id, "error", error, None), ran=False)
        else:
            yield (index, doc_id, payload)


def process_stream(
    docs: object,
    nlp: Language,
    text_col: str = "text",
    id_col: str = "doc_id",
    n_process: int = 1,
    batch_size: int = 16,
    min_confidence: float = 0.0,
    skip_ids: frozenset[str] = frozenset(),
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[DocumentOutcome]:
    """One :class:`DocumentOutcome` per input document, in input order, as results arrive.

    Documents whose id is in ``skip_ids`` (already written by an earlier
    run) are passed over without a row.  Documents longer than
    ``chunk_chars`` go through the pipeline in paragraph-aligned chunks.
    ``n_process`` above 1 runs them on that many worker processes
    (:func:`~nlp_quotes.corpus.workers.run_pooled`; ``-1``: one per core);
    ``nlp`` itself is never changed.
    """
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1 (or -1 for one per core), got {n_process!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size!r}")
    slots = _slots(docs, text_col, id_col, skip_ids)
    if n_process == 1:
        for slot in slots:
            yield slot if isinstance(slot, DocumentOutcome) else run_document(nlp, slot, min_confidence, chunk_chars)
        return
    yield from run_pooled(slots, nlp, n_process, batch_size, min_confidence, chunk_chars)


def process(
    docs: object,
    text_col: str = "text",
    id_col: str = "doc_id",
    n_process: int = 1,
    batch_size: int = 16,
    progress: bool = True,
    *,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    min_confidence: float = 0.0,
    output: str | Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    collect: bool | None = None,
    ner: str | None = None,
    hanlp_model: str | None = None,
) -> CorpusResult:
    """Extract the quotations and entities of a whole corpus.

    Args:
        docs: a DataFrame with ``text_col`` and ``id_col``, or any iterable
            (a generator is fine) of ``(doc_id, text)`` pairs, of mappings
            with those keys, of bare texts, or of ``Path`` objects (text and
            PDF files, read by the workers).
        n_process: worker processes (1: this process; -1: one per core).  A
            worker that dies costs the batches then in flight, which run again
            document by document; a document that kills a worker twice is an
            ``error`` row.  Rows are the same whatever ``n_process``.
        batch_size: texts per batch sent to a worker.
        progress: show a tqdm progress bar (a widget in Jupyter).
        model: shipped pipeline to load when ``nlp`` is not given.
        min_confidence: as in :func:`nlp_quotes.extract_quotes`.
        output: stream the tables to ``out.parquet`` (a folder of parts),
            ``out.csv`` or ``out.jsonl`` as documents finish (see
            :class:`~nlp_quotes.corpus.CorpusWriter`).  An existing output is
            refused (``FileExistsError`` naming the files) unless ``resume``
            or ``overwrite`` is given.
        resume: with ``output``, skip documents an earlier run already wrote.
        overwrite: with ``output``, replace an earlier run's files.
        collect: keep the quotation and entity rows in the result; by
            default only when nothing is written to ``output``.
        ner, hanlp_model: another entity backend, as in :func:`nlp_quotes.load`.

    Returns:
        A :class:`CorpusResult`; its ``documents`` table has one row per
        input document (``ok``, ``warning`` or ``error`` with the reason), in
        input order.

    Raises:
        FileExistsError: ``output`` exists and neither ``resume`` nor ``overwrite`` is given.
        KeyboardInterrupt, or an exception raised by ``docs`` while it is read:
            after the finished documents are written to ``output`` (so that
            ``resume=True`` completes the run) and the workers are ended.
    """
    from tqdm.auto import tqdm

    started = time.perf_counter()
    nlp_given = nlp is not None
    nlp = nlp or load(model, ner=ner, hanlp_model=hanlp_model)
    metadata = run_metadata(nlp, None if nlp_given else str(model) + ("+hanlp" if ner == "hanlp" else ""))
    writer = CorpusWriter(output, metadata, resume=resume, overwrite=overwrite) if output is not None else None
    skip = writer.done_ids() if writer is not None and resume else frozenset()
    collect = output is None if collect is None else collect
    total = len(docs) if hasattr(docs, "__len__") else None
    outcomes: list[DocumentOutcome] = []
    documents: list[dict] = []
    pending: list[DocumentOutcome] = []
    last = time.perf_counter()
    stream = process_stream(docs, nlp, text_col, id_col, n_process, batch_size, min_confidence, skip)
    try:
        with tqdm(stream, total=total, unit="doc", disable=not progress, desc="nlp_quotes") as bar:
            for outcome in bar:
                now = time.perf_counter()
                outcome.document["seconds"] = round(now - last, 4) if outcome.ran else 0.0
                last = now if outcome.ran else last
                documents.append(outcome.document)
                if collect:
                    outcomes.append(outcome)
                if writer is not None:
                    pending.append(outcome)
                    if len(pending) >= WRITE_EVERY:
                        batch, pending = pending, []
                        writer.write(batch)
    finally:  # whatever ends the run, the workers end first, then the finished documents are written
        stream.close()
        if writer is not None and pending:
            writer.write(pending)
    return CorpusResult(
        documents=documents_frame(documents),
        quotes=quotes_frame(row for outcome in outcomes for row in outcome.quotes),
        entities=corpus_entities_frame(row for outcome in outcomes for row in outcome.entities),
        metadata=metadata,
        seconds=time.perf_counter() - started,
    )
