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

import ast
import contextlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import pandas as pd
from spacy.language import Language
from tqdm.auto import tqdm

from nlp_quotes.api import CHUNK_CHARS, replace_surrogates
from nlp_quotes.corpus.inputs import document_pair, encoding_name, iter_items
from nlp_quotes.corpus.metadata import DocumentMetadata, document_metadata
from nlp_quotes.corpus.provenance import run_metadata
from nlp_quotes.corpus.workers import DocumentOutcome, Task, describe, document_row, run_document, run_pooled
from nlp_quotes.corpus.writers import TABLES, CorpusWriter, read_metadata, table_path
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import (
    DOCUMENT_COLUMNS,
    METADATA_FIELDS,
    QUOTE_COLUMNS,
    corpus_entities_frame,
    documents_frame,
    quotes_frame,
)

__all__ = ["WRITE_EVERY", "CorpusResult", "DocumentOutcome", "process", "process_stream", "read_result"]

#: Documents handed to a writer at once.
WRITE_EVERY = 200


@dataclass
class CorpusResult:
    """Tables of a corpus run: ``documents`` (one row per input), ``quotes``, ``entities``."""

    documents: pd.DataFrame
    quotes: pd.DataFrame
    entities: pd.DataFrame
    metadata: dict[str, Any]
    seconds: float = 0.0  # the whole call, model loading included
    load_seconds: float = 0.0  # of which loading the model and opening the output

    def joined(self, table: str = "quotes", columns: list[str] | None = None) -> pd.DataFrame:
        """The ``quotes`` (or ``entities``) table with the documents' metadata columns joined on ``doc_id``.

        ``columns`` picks them (default: every metadata column).  When a
        ``doc_id`` occurs twice in ``documents`` the first row counts; rows are
        neither added nor reordered.
        """
        frame = getattr(self, table)
        fixed = [name for name in DOCUMENT_COLUMNS if name not in METADATA_FIELDS]
        names = columns if columns is not None else [name for name in self.documents.columns if name not in fixed]
        names = [name for name in names if name not in frame.columns]
        meta = self.documents.drop_duplicates("doc_id", keep="first").set_index("doc_id")[names]
        return frame.join(meta, on="doc_id")

    @property
    def processing_seconds(self) -> float:
        """Seconds spent on the documents: :attr:`seconds` less the model loading (:attr:`load_seconds`)."""
        return max(self.seconds - self.load_seconds, 0.0)

    def summary(self) -> str:
        """One line: documents ok, with warnings and failed, quotations, characters per second of processing.

        The speed counts the processing alone; the model loading is given apart.
        """
        status = self.documents["status"]
        ok, warned, failed = (int((status == name).sum()) for name in ("ok", "warning", "error"))
        chars = int(self.documents["n_chars"].fillna(0).sum())
        busy = self.processing_seconds
        rate = chars / busy if busy else 0.0
        warnings = f", {warned} with warnings" if warned else ""
        loading = f"; model loaded in {self.load_seconds:.1f} s" if self.load_seconds >= 0.05 else ""
        return (
            f"{len(self.documents)} documents: {ok} ok{warnings}, {failed} failed; "
            f"{int(self.documents['n_quotes'].fillna(0).sum())} quotations; "
            f"{chars:,} chars processed in {busy:.1f} s ({rate:,.0f} chars/s){loading}"
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
    runs); bytes are decoded and paths read by the worker (which detects the
    encoding, or uses the one given).
    Types are tested on ``type(raw)``, never by asking ``raw`` itself.
    """
    kind = type(raw)
    if issubclass(kind, str):
        return str.__str__(raw), None
    if issubclass(kind, PurePath):
        return Path(os.fspath(raw)), None
    if issubclass(kind, bytes):
        return bytes(raw), None
    if issubclass(kind, BaseException):
        return None, describe(raw)
    return None, f"expected the text as str, got {kind.__name__}"


def _slots(
    docs: object,
    text_col: str,
    id_col: str,
    skip_ids: frozenset[str],
    metadata: DocumentMetadata | None = None,
    found: dict[int, dict] | None = None,
) -> Iterator[DocumentOutcome | Task]:
    """Per input document, in order: its outcome when it needs no pipeline (an error), else its task.

    Documents whose id is in ``skip_ids`` give nothing.  Whatever one item
    does (a hostile ``str`` subclass, a mapping whose ``get`` raises) is that
    item's error row; only the iteration of ``docs`` itself can raise.  The
    metadata of each document that gives a row goes into ``found`` by input
    position.  A bare ``Path`` is named after its file (its stem);
    one whose stem an earlier path took is named by its whole path, without
    the suffix, so that ids stay unique and the same from run to run.
    """
    named: set[str | None] = set()
    for index, item in iter_items(docs, text_col, id_col):
        doc_id = None
        try:
            raw_id, raw = document_pair(item, index, text_col, id_col)
            doc_id = _doc_id(raw_id)
            if issubclass(type(item), PurePath):
                if doc_id in named:
                    doc_id = _doc_id(PurePath(item).with_suffix("").as_posix())
                named.add(doc_id)
            if doc_id is not None and doc_id in skip_ids:
                continue
            payload, error = _payload(raw)
        except Exception as failure:
            payload, error = None, f"unusable input document: {describe(failure)}"
        if metadata is not None and found is not None:
            found[index] = metadata.row(index, item, doc_id)
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
    metadata: DocumentMetadata | None = None,
    encoding: str | None = None,
) -> Iterator[DocumentOutcome]:
    """One :class:`DocumentOutcome` per input document, in input order, as results arrive.

    Documents whose id is in ``skip_ids`` (already written by an earlier
    run) are passed over without a row.  Documents longer than
    ``chunk_chars`` go through the pipeline in paragraph-aligned chunks.
    ``n_process`` above 1 runs them on that many worker processes
    (:func:`~nlp_quotes.corpus.workers.run_pooled`; ``-1``: one per core);
    ``nlp`` itself is never changed.  With ``metadata``, each status row gets
    the document's metadata fields (read here, never sent to the workers).
    Files and bytes are decoded as ``encoding``, or as detected when it is
    ``None`` (:func:`~nlp_quotes.corpus.inputs.decode_bytes`).
    """
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1 (or -1 for one per core), got {n_process!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size!r}")
    found: dict[int, dict] = {}
    slots = _slots(docs, text_col, id_col, skip_ids, metadata, found)
    if n_process == 1:
        outcomes = (
            slot
            if isinstance(slot, DocumentOutcome)
            else run_document(nlp, slot, min_confidence, chunk_chars, encoding)
            for slot in slots
        )
    else:
        outcomes = run_pooled(slots, nlp, n_process, batch_size, min_confidence, chunk_chars, encoding)
    try:
        for outcome in outcomes:
            outcome.document.update(found.pop(outcome.index, {}))
            yield outcome
    finally:  # closing this generator ends the workers now
        outcomes.close()


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
    metadata: pd.DataFrame | Mapping | str | Path | None = None,
    encoding: str | None = None,
) -> CorpusResult:
    """Extract the quotations and entities of a whole corpus.

    Args:
        docs: a DataFrame with ``text_col`` and ``id_col``, or any iterable
            (a generator is fine) of ``(doc_id, text)`` pairs, of mappings
            with those keys, of bare texts, or of ``Path`` objects (text,
            PDF and ``.docx`` files, read by the workers; a bare path's
            ``doc_id`` is its file name without the suffix).
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
        metadata: per-document metadata keyed by ``doc_id`` (a DataFrame with
            that column, a mapping ``{doc_id: {field: value}}`` or a manifest
            file, ``.csv``/``.tsv``/``.jsonl``), added to what the input gives
            (a DataFrame's other columns; a mapping item's ``date``,
            ``outlet``, ``page``, ``headline``).  It goes into ``documents``
            as text columns (see :mod:`nlp_quotes.corpus.metadata`) and, with
            the tables' schema, into the output's provenance; the quotation
            and entity tables get it through :meth:`CorpusResult.joined`.
        encoding: the encoding of text files and ``bytes`` inputs (``"gbk"``,
            ``"big5"``…).  By default it is detected: a byte-order mark
            (UTF-8, UTF-16), else UTF-8, else GB18030 (which reads GBK).  The
            encoding used is the ``encoding`` column of ``documents``;
            offsets refer to the decoded text.

    Returns:
        A :class:`CorpusResult`; its ``documents`` table has one row per
        input document (``ok``, ``warning`` or ``error`` with the reason), in
        input order.

    Raises:
        FileExistsError: ``output`` exists and neither ``resume`` nor ``overwrite`` is given.
        ValueError: ``encoding`` is no known text encoding.
        KeyboardInterrupt, or an exception raised by ``docs`` while it is read:
            after the finished documents are written to ``output`` (so that
            ``resume=True`` completes the run) and the workers are ended.
    """

    if encoding is not None:
        encoding = encoding_name(encoding)
    started = time.perf_counter()
    nlp_given = nlp is not None
    nlp = nlp or load(model, ner=ner, hanlp_model=hanlp_model)
    with contextlib.suppress(Exception):  # models that load on first use load now, counted as loading
        nlp("预热。")  # (a pipeline that fails here fails again, per document, and says so there)
    meta = document_metadata(docs, text_col, id_col, metadata)
    model_name = None if nlp_given else str(model) + ("+hanlp" if ner == "hanlp" else "")
    provenance = run_metadata(nlp, model_name, meta.extra)
    writer = (
        CorpusWriter(output, provenance, resume=resume, overwrite=overwrite, extra=meta.extra)
        if output is not None
        else None
    )
    skip = writer.done_ids() if writer is not None and resume else frozenset()
    collect = output is None if collect is None else collect
    total = len(docs) if hasattr(docs, "__len__") else None
    outcomes: list[DocumentOutcome] = []
    documents: list[dict] = []
    pending: list[DocumentOutcome] = []
    last = time.perf_counter()
    loaded = last - started
    stream = process_stream(
        docs, nlp, text_col, id_col, n_process, batch_size, min_confidence, skip, CHUNK_CHARS, meta, encoding
    )
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
        documents=documents_frame(documents, meta.extra),
        quotes=quotes_frame(row for outcome in outcomes for row in outcome.quotes),
        entities=corpus_entities_frame(row for outcome in outcomes for row in outcome.entities),
        metadata=provenance,
        seconds=time.perf_counter() - started,
        load_seconds=loaded,
    )


def read_result(output: str | Path) -> CorpusResult:
    """A run written to ``output`` (``out.parquet``, ``out.csv`` or ``out.jsonl``) read back as a :class:`CorpusResult`.

    Columns are those of the schema (the documents table with the run's
    metadata columns); list columns written to CSV are read back as lists.
    ``seconds`` is 0: the run's time is not stored.
    """

    output = Path(output)
    provenance = read_metadata(output, "documents")
    extra = tuple(provenance.get("metadata_columns", ()))
    tables: dict[str, pd.DataFrame] = {}
    for table, build in TABLES.items():
        path = table_path(output, table)
        builder = (lambda rows: documents_frame(rows, extra)) if table == "documents" else build
        if output.suffix == ".parquet":
            frame = pd.read_parquet(path) if any(path.glob("part-*.parquet")) else builder([])
        elif not path.exists() or path.stat().st_size == 0:
            frame = builder([])
        elif output.suffix == ".csv":
            frame = pd.read_csv(path, dtype={name: str for name in ("doc_id", *METADATA_FIELDS, *extra)})
        else:
            frame = pd.read_json(path, lines=True, dtype=False)
        rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
        if output.suffix == ".csv":  # list columns are JSON arrays (their repr in runs of earlier versions)
            lists = [name for name, (kind, _) in QUOTE_COLUMNS.items() if kind == "object" and table == "quotes"]
            for row in rows:
                for name in lists:
                    if isinstance(row.get(name), str):
                        try:
                            row[name] = json.loads(row[name])
                        except ValueError:
                            with contextlib.suppress(ValueError, SyntaxError):
                                row[name] = ast.literal_eval(row[name])
        tables[table] = builder(rows)
    return CorpusResult(tables["documents"], tables["quotes"], tables["entities"], provenance)
