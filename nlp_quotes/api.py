"""The public functions: text in, tidy DataFrames out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import entities_frame, quotes_frame, speakers_frame

#: Documents longer than this are processed in paragraph-aligned chunks.
CHUNK_CHARS = 200_000
#: ``min_confidence`` of the high-precision mode (``extract_quotes(..., min_confidence=HIGH_PRECISION)``).
HIGH_PRECISION = 0.8


#: Surrogate code points: no UTF-8 text holds them (bad decoding, JSON "\\ud800" escapes).
SURROGATES = re.compile("[\ud800-\udfff]")
#: What replaces each of them.
REPLACEMENT_CHARACTER = "\ufffd"


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every surrogate code point replaced by U+FFFD, and how many there were.

    One character for one, so offsets into the text as given still hold; a
    surrogate *pair* is two code points in a Python ``str`` and becomes two
    U+FFFD (nothing is decoded or joined).
    """
    if text.isascii() or SURROGATES.search(text) is None:
        return text, 0
    return SURROGATES.subn(REPLACEMENT_CHARACTER, text)


def check_text(text: object) -> str:
    """``text`` as a plain ``str`` with surrogates replaced (:func:`replace_surrogates`); ``TypeError`` if no ``str``.

    A ``str`` subclass is copied with ``str.__str__``, so none of its own
    methods runs.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected the text of one document as str, got {type(text).__name__}")
    return replace_surrogates(str.__str__(text))[0]


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Paragraph-aligned pieces of ``text`` with their offsets.

    A piece ends at a blank line or, failing that, a line break, so that a
    quotation is never cut unless a single paragraph exceeds ``size``.
    """
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            window = text[start:end]
            cut = max(window.rfind("\n\n"), window.rfind("\n"))
            if cut > size // 2:
                end = start + cut + 1
        yield start, text[start:end]
        start = end


#: Components that extract_entities does not need.
NOT_FOR_ENTITIES = ("nlp_quotes_words", "nlp_quotes_attribution")
#: Components that extract_quotes does not need: the attribution segments words only around cues.
NOT_FOR_QUOTES = ("nlp_quotes_words",)


def chunk_docs(text: str, nlp: Language, disable: tuple[str, ...] = ()) -> Iterator[tuple[int, Doc]]:
    """``(offset, doc)`` of each paragraph-aligned chunk of ``text``, run without the components in ``disable``."""
    disable = tuple(name for name in disable if name in nlp.pipe_names)
    for offset, piece in chunks(text):
        yield offset, nlp(piece, disable=disable)


#: Offset columns of a quotation row.
QUOTE_OFFSET_KEYS = ("quote_start", "quote_end", "speaker_start", "speaker_end")
#: Offset columns of an entity row.
ENTITY_OFFSET_KEYS = ("start", "end")


def shift_offsets(row: dict, offset: int, keys: tuple[str, ...]) -> dict:
    """``row`` with its non-null offset columns ``keys`` moved by ``offset`` (in place; returned)."""
    for key in keys:
        if row.get(key) is not None:
            row[key] += offset
    return row


def quote_rows(doc: Doc, doc_id: str | None = None, offset: int = 0) -> list[dict]:
    """Attribution rows of one processed doc, offsets shifted by ``offset``."""
    rows = []
    for row in doc._.quote_records or []:
        row = shift_offsets(dict(row), offset, QUOTE_OFFSET_KEYS)
        row["doc_id"] = doc_id
        rows.append(row)
    return rows


def number_quotes(rows: list[dict], min_confidence: float = 0.0) -> list[dict]:
    """Number the quotation rows of one document from 0, then keep those reaching ``min_confidence``."""
    for quote_id, row in enumerate(rows):
        row["quote_id"] = quote_id
    return [row for row in rows if row["confidence"] >= min_confidence]


def entity_rows(doc: Doc, offset: int = 0) -> list[dict]:
    """Entity rows of one processed doc."""
    return [
        {
            "text": ent.text,
            "label": ent.label_,
            "start": ent.start_char + offset,
            "end": ent.end_char + offset,
            "source": ent._.source,
        }
        for ent in doc.ents
    ]


def extract_quotes(
    text: str,
    doc_id: str | None = None,
    nlp: Language | None = None,
    min_confidence: float = 0.0,
    ner: str | None = None,
    hanlp_model: str | None = None,
) -> pd.DataFrame:
    """One row per quotation in ``text``: content, offsets, speaker, role and provenance.

    Args:
        text: one document, as plain text (PDF-extracted pages are fine).
        doc_id: identifier written into the ``doc_id`` column.
        nlp: a pipeline from :func:`nlp_quotes.load`; the shipped default if omitted.
        min_confidence: keep only records whose ``confidence`` reaches this;
            :data:`HIGH_PRECISION` (0.8) keeps the sieves that are measurably
            the most precise (``python -m nlp_quotes.bench quotes`` prints
            precision by confidence).  ``quote_id`` still numbers all records
            of the document, so gaps show what was left out.
        ner, hanlp_model: another entity backend for the default pipeline,
            as in :func:`nlp_quotes.load` (``ner="hanlp"``).

    Returns:
        A DataFrame with the columns of :data:`nlp_quotes.schema.QUOTE_COLUMNS`;
        empty (with all columns) when the text holds no quotation.

    Surrogate code points (``"\\ud800"``), which no UTF-8 text can hold, are
    read as U+FFFD, one for one, so the offsets still point into ``text``.

    Raises:
        TypeError: if ``text`` is not a ``str``.
        ValueError: if ``min_confidence`` is not between 0 and 1.
    """
    text = check_text(text)
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    if not text.strip():
        return quotes_frame()
    nlp = nlp or load(DEFAULT_MODEL, ner=ner, hanlp_model=hanlp_model)
    return quotes_frame(
        number_quotes(
            [
                row
                for offset, doc in chunk_docs(text, nlp, disable=NOT_FOR_QUOTES)
                for row in quote_rows(doc, doc_id, offset)
            ],
            min_confidence,
        )
    )


def extract_entities(
    text: str, nlp: Language | None = None, ner: str | None = None, hanlp_model: str | None = None
) -> pd.DataFrame:
    """People, titles, organisations and places of ``text``: ``text, label, start, end, source``.

    ``source`` names the layer that found the entity: ``model`` (the trained tagger, or
    HanLP with ``ner="hanlp"`` and ``hanlp_model``, as in :func:`nlp_quotes.load`)
    or ``rules``.  Surrogate code points are read as U+FFFD, one for one.
    """
    text = check_text(text)
    if not text.strip():
        return entities_frame()
    nlp = nlp or load(DEFAULT_MODEL, ner=ner, hanlp_model=hanlp_model)
    rows: list[dict] = []
    for offset, doc in chunk_docs(text, nlp, disable=NOT_FOR_ENTITIES):
        rows.extend(entity_rows(doc, offset))
    return entities_frame(rows)


def speakers(quotes: pd.DataFrame, by_document: bool = True) -> pd.DataFrame:
    """One row per speaker: merged role, titles and organisations, and quotation counts.

    Args:
        quotes: a table from :func:`extract_quotes` (one or many documents).
        by_document: one profile per (document, speaker); ``False`` merges a
            speaker across the whole corpus.
    """
    named = quotes[quotes["speaker"].notna()]
    keys = ["doc_id", "speaker"] if by_document else ["speaker"]
    rows = []
    for key, group in named.groupby(keys, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        titles: list[str] = []
        orgs: list[str] = []
        for values, bucket in ((group["titles"], titles), (group["orgs"], orgs)):
            for items in values:
                bucket.extend(item for item in (items or []) if item not in bucket)
        roles = group["role"].dropna()
        rows.append(
            {
                "doc_id": key[0] if by_document else None,
                "speaker": key[-1],
                "role": roles.mode().iloc[0] if len(roles) else None,
                "titles": titles,
                "orgs": orgs,
                "n_quotes": len(group),
                "n_direct": int((group["kind"] == "direct").sum()),
                "n_indirect": int((group["kind"] == "indirect").sum()),
            }
        )
    frame = speakers_frame(rows)
    return frame.sort_values("n_quotes", ascending=False, kind="stable").reset_index(drop=True)
