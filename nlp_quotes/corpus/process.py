"""``nlp_quotes.process``: a whole corpus through the pipeline, with a status row per document.

Documents stream through spaCy's ``nlp.pipe`` (``n_process`` worker
processes), long ones in paragraph-aligned chunks, so memory does not grow
with the corpus.  A document that is no text, cannot be decoded or makes the
pipeline fail becomes an ``error`` row and the run goes on; every input
document gets exactly one row in ``documents``.
"""

from __future__ import annotations

import time
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_model_from_config

from nlp_quotes.api import (
    CHUNK_CHARS,
    ENTITY_OFFSET_KEYS,
    NOT_FOR_QUOTES,
    QUOTE_OFFSET_KEYS,
    chunk_docs,
    chunks,
    entity_rows,
    number_quotes,
    shift_offsets,
)
from nlp_quotes.api import quote_rows as quote_rows_of
from nlp_quotes.corpus.inputs import iter_documents, read_text
from nlp_quotes.corpus.provenance import run_metadata
from nlp_quotes.corpus.writers import CorpusWriter
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.pipeline.tokenizer import source_text
from nlp_quotes.schema import corpus_entities_frame, documents_frame, quotes_frame

#: Documents handed to a writer at once.
WRITE_EVERY = 200


@dataclass
class DocumentOutcome:
    """What became of one input document."""

    index: int
    document: dict
    quotes: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    ran: bool = True  # False for inputs that never reached the pipeline (no text, empty)


@dataclass
class CorpusResult:
    """Tables of a corpus run: ``documents`` (one row per input), ``quotes``, ``entities``."""

    documents: pd.DataFrame
    quotes: pd.DataFrame
    entities: pd.DataFrame
    metadata: dict[str, str]
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: documents ok and failed, quotations, characters per second."""
        ok = int((self.documents["status"] == "ok").sum())
        chars = int(self.documents["n_chars"].fillna(0).sum())
        rate = chars / self.seconds if self.seconds else 0.0
        return (
            f"{len(self.documents)} documents: {ok} ok, {len(self.documents) - ok} failed; "
            f"{int(self.documents['n_quotes'].fillna(0).sum())} quotations; "
            f"{chars:,} chars in {self.seconds:.1f} s ({rate:,.0f} chars/s)"
        )


def _as_text(raw: object) -> tuple[str | None, str | None]:
    """The text of a document, or why there is none (a ``Path`` is read: text or PDF)."""
    if isinstance(raw, PurePath):
        raw = read_text(Path(raw))
    if isinstance(raw, str):
        return raw, None
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8"), None
        except UnicodeDecodeError as error:
            return None, f"undecodable bytes: {error}"
    if isinstance(raw, BaseException):
        return None, f"{type(raw).__name__}: {raw}"
    return None, f"expected the text as str, got {type(raw).__name__}"


#: The component ``process`` appends while it runs: it turns each doc into its rows.
PACK_COMPONENT = "nlp_quotes_pack_rows"
ROWS_KEY = "nlp_quotes_rows"


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@Language.component(PACK_COMPONENT)
def pack_rows(doc: Doc) -> Doc:
    """Replace a processed doc by a one-token doc that carries its quotation and entity rows.

    Worker processes then send back a few hundred bytes instead of a whole
    serialised doc, and the main process does not rebuild it: with two
    processes that is what makes the second one pay off.
    """
    packed = Doc(doc.vocab, words=["_"], spaces=[False])
    packed.user_data[ROWS_KEY] = {
        "checksum": _checksum(source_text(doc)),
        "quotes": quote_rows_of(doc),
        "entities": entity_rows(doc),
    }
    return packed


def _skip_failed_doc(proc_name, proc, docs, error) -> None:
    """spaCy error handler: drop the failing doc from the stream; the run notices it is missing."""


def _document_row(doc_id: str | None, status: str, error: str | None, n_chars: int | None) -> dict:
    return {"doc_id": doc_id, "status": status, "error": error, "n_chars": n_chars, "n_quotes": 0, "n_entities": 0}


def _retry_alone(nlp: Language, index: int, doc_id: str | None, text: str, min_confidence: float) -> DocumentOutcome:
    """Run a document that failed inside ``nlp.pipe`` once more on its own, to keep its result or its error.

    ``nlp`` is the caller's pipeline, untouched by the stream: its own error
    handler raises, and it has no packing component.
    """
    quotes: list[dict] = []
    entities: list[dict] = []
    try:
        for offset, doc in chunk_docs(text, nlp, disable=NOT_FOR_QUOTES):
            quotes.extend(quote_rows_of(doc, doc_id, offset))
            entities.extend({"doc_id": doc_id, **row} for row in entity_rows(doc, offset))
    except Exception as error:  # any failure of the pipeline is this document's error row
        return DocumentOutcome(index, _document_row(doc_id, "error", f"{type(error).__name__}: {error}", len(text)))
    quotes = number_quotes(quotes, min_confidence)
    row = _document_row(doc_id, "ok", None, len(text))
    row.update(n_quotes=len(quotes), n_entities=len(entities))
    return DocumentOutcome(index, row, quotes, entities)


def _stream_copy(nlp: Language) -> Language:
    """A copy of ``nlp`` for one stream: the packing component and a skipping error handler, the caller's untouched.

    Components are rebuilt from the config (the shipped ones share their
    loaded models through module-level caches) and trainable ones, such as a
    spaCy NER, get their weights from ``nlp.to_bytes()``.
    """
    copy = load_model_from_config(nlp.config, auto_fill=False, validate=False)
    copy.from_bytes(nlp.to_bytes())
    copy.max_length = nlp.max_length
    copy.add_pipe(PACK_COMPONENT, last=True)
    copy.set_error_handler(_skip_failed_doc)
    return copy


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
    """One :class:`DocumentOutcome` per input document, as results arrive.

    Documents whose id is in ``skip_ids`` (already written by an earlier
    run) are passed over without a row.  Documents longer than
    ``chunk_chars`` go through the pipeline in paragraph-aligned chunks.
    """
    disable = [name for name in NOT_FOR_QUOTES if name in nlp.pipe_names]
    ready: deque[DocumentOutcome] = deque()
    in_flight: dict[int, dict] = {}
    order: deque[int] = deque()

    # (document index, offset, checksum of the text) of every piece sent, in order.  Plain texts go to nlp.pipe, not
    # (text, context) tuples: with tuples spaCy tokenises and serialises every doc in this process.
    sent: deque[tuple[int, int, int]] = deque()

    def pieces() -> Iterator[str]:
        for index, (raw_id, raw) in enumerate(iter_documents(docs, text_col, id_col)):
            doc_id = None if raw_id is None or raw_id != raw_id else str(raw_id)
            if doc_id is not None and doc_id in skip_ids:
                continue
            text, error = _as_text(raw)
            if text is None:
                ready.append(DocumentOutcome(index, _document_row(doc_id, "error", error, None), ran=False))
            elif not text.strip():
                ready.append(DocumentOutcome(index, _document_row(doc_id, "ok", None, len(text)), ran=False))
            else:
                parts = list(chunks(text, chunk_chars))
                in_flight[index] = {"doc_id": doc_id, "text": text, "left": len(parts), "quotes": [], "entities": []}
                order.append(index)
                for offset, piece in parts:
                    sent.append((index, offset, _checksum(piece)))
                    yield piece

    def finish(index: int) -> DocumentOutcome:
        state = in_flight.pop(index)
        if state["left"]:  # some chunk never came back: the pipeline failed on it
            return _retry_alone(nlp, index, state["doc_id"], state["text"], min_confidence)
        quotes = number_quotes(state["quotes"], min_confidence)
        row = _document_row(state["doc_id"], "ok", None, len(state["text"]))
        row.update(n_quotes=len(quotes), n_entities=len(state["entities"]))
        return DocumentOutcome(index, row, quotes, state["entities"])

    streaming = _stream_copy(nlp)
    for doc in streaming.pipe(pieces(), n_process=n_process, batch_size=batch_size, disable=disable):
        rows = doc.user_data[ROWS_KEY]
        while sent and sent[0][2] != rows["checksum"]:  # a piece the pipeline failed on never comes back
            sent.popleft()
        index, offset, _ = sent.popleft()
        while ready:
            yield ready.popleft()
        while order and order[0] != index:  # earlier documents are complete or lost
            yield finish(order.popleft())
        state = in_flight[index]
        doc_id = state["doc_id"]
        state["quotes"].extend(
            shift_offsets(dict(row, doc_id=doc_id), offset, QUOTE_OFFSET_KEYS) for row in rows["quotes"]
        )
        state["entities"].extend(
            shift_offsets({"doc_id": doc_id, **row}, offset, ENTITY_OFFSET_KEYS) for row in rows["entities"]
        )
        state["left"] -= 1
        if not state["left"]:
            yield finish(order.popleft())
    while order:
        yield finish(order.popleft())
    while ready:
        yield ready.popleft()


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
    collect: bool | None = None,
    ner: str | None = None,
    hanlp_model: str | None = None,
) -> CorpusResult:
    """Extract the quotations and entities of a whole corpus.

    Args:
        docs: a DataFrame with ``text_col`` and ``id_col``, or any iterable
            (a generator is fine) of ``(doc_id, text)`` pairs, of mappings
            with those keys, or of bare texts.
        n_process: worker processes for ``nlp.pipe``.
        batch_size: texts per batch sent to a worker.
        progress: show a tqdm progress bar (a widget in Jupyter).
        model: shipped pipeline to load when ``nlp`` is not given.
        min_confidence: as in :func:`nlp_quotes.extract_quotes`.
        output: stream the tables to ``out.parquet`` (a folder of parts),
            ``out.csv`` or ``out.jsonl`` as documents finish (see
            :class:`~nlp_quotes.corpus.CorpusWriter`).
        resume: with ``output``, skip documents an earlier run already wrote.
        collect: keep the quotation and entity rows in the result; by
            default only when nothing is written to ``output``.
        ner, hanlp_model: another entity backend, as in :func:`nlp_quotes.load`.

    Returns:
        A :class:`CorpusResult`; its ``documents`` table has one row per
        input document (``ok`` or ``error`` with the reason), in input order.
    """
    from tqdm.auto import tqdm

    started = time.perf_counter()
    nlp_given = nlp is not None
    nlp = nlp or load(model, ner=ner, hanlp_model=hanlp_model)
    metadata = run_metadata(nlp, None if nlp_given else str(model) + ("+hanlp" if ner == "hanlp" else ""))
    writer = CorpusWriter(output, metadata, resume=resume) if output is not None else None
    skip = writer.done_ids() if writer is not None and resume else frozenset()
    collect = output is None if collect is None else collect
    total = len(docs) if hasattr(docs, "__len__") else None
    outcomes: list[DocumentOutcome] = []
    documents: list[tuple[int, dict]] = []
    pending: list[DocumentOutcome] = []
    last = time.perf_counter()
    stream = process_stream(docs, nlp, text_col, id_col, n_process, batch_size, min_confidence, skip)
    with tqdm(stream, total=total, unit="doc", disable=not progress, desc="nlp_quotes") as bar:
        for outcome in bar:
            now = time.perf_counter()
            outcome.document["seconds"] = round(now - last, 4) if outcome.ran else 0.0
            last = now if outcome.ran else last
            documents.append((outcome.index, outcome.document))
            if collect:
                outcomes.append(outcome)
            if writer is not None:
                pending.append(outcome)
                if len(pending) >= WRITE_EVERY:
                    writer.write(pending)
                    pending = []
    if writer is not None:
        writer.write(pending)
    outcomes.sort(key=lambda outcome: outcome.index)
    return CorpusResult(
        documents=documents_frame(row for _, row in sorted(documents, key=lambda pair: pair[0])),
        quotes=quotes_frame(row for outcome in outcomes for row in outcome.quotes),
        entities=corpus_entities_frame(row for outcome in outcomes for row in outcome.entities),
        metadata=metadata,
        seconds=time.perf_counter() - started,
    )
