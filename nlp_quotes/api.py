"""The public functions: text in, tidy DataFrames out."""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from nlp_quotes.attribution.marks import pair_marks
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import corpus_entities_frame, entities_frame, quotes_frame, speakers_frame
from nlp_quotes.text import NormalizedText, normalize

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


class LongParagraphWarning(UserWarning):
    """A document was cut inside a paragraph (or a quotation) longer than the chunk size."""


@dataclass(frozen=True)
class ChunkPlan:
    """Where a long text is cut: ``pieces`` are ``(offset, piece)``; ``notes`` say where a cut is not clean.

    A clean cut is at a paragraph end (as :func:`~nlp_quotes.text.normalize`
    finds paragraphs) outside any quotation; each note describes one that is
    not, which only a paragraph or quotation longer than the chunk size forces.
    """

    pieces: list[tuple[int, str]]
    notes: list[str] = field(default_factory=list)


#: Sentence ends (with closing marks) and clause marks or spaces: where an over-long paragraph is cut, best first.
_SENTENCE_CUT = re.compile(r"[。！？!?…][”’」』）)]*")  # one mark at a time: a run may be longer than the window
_CLAUSE_CUT = re.compile(r"[，,；;、：:\s]")


def plan_chunks(text: str, size: int = CHUNK_CHARS) -> ChunkPlan:
    """Cut ``text`` into pieces of at most ``size`` characters, each ending at a paragraph end outside quotations.

    Paragraph ends are those of the normalised text (hard-wrapped lines are
    joined first, so a wrapped line end is no paragraph end), and “…” pairs
    are paired on it as the attribution pairs them.  The last such end in
    each window is taken.  Only where a window holds none (one paragraph or
    quotation longer than ``size``) is the text cut inside it: after a
    sentence end outside quotations, else any sentence end, else a clause
    mark or a space, else at ``size`` characters; each such cut gets a note.
    Does not change the text: the pieces join back to ``text``.
    """
    if len(text) <= size:
        return ChunkPlan([(0, text)] if text else [])

    norm = normalize(text)
    pairs = [(span.open, span.close) for span in pair_marks(norm.view)]
    opens = [open_ for open_, _ in pairs]
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    cuts = []  # input offsets where a paragraph outside any quotation begins
    pair = 0
    for match in re.finditer("\n", norm.text):
        i = match.start()
        while pair < len(pairs) and pairs[pair][1] < i:
            pair += 1
        if i + 1 < len(norm.text) and not (pair < len(pairs) and pairs[pair][0] < i):
            first = norm.offsets[i + 1]
            cuts.append(line_starts[bisect.bisect_right(line_starts, first) - 1])
    pieces: list[tuple[int, str]] = []
    notes: list[str] = []
    start = 0
    while len(text) - start > size:
        at = bisect.bisect_right(cuts, start + size) - 1
        if at >= 0 and cuts[at] > start:
            end = cuts[at]
        else:
            end, how = _cut_inside(norm, pairs, opens, start, start + size)
            notes.append(
                f"no paragraph end outside a quotation in {size:,} characters from offset {start}: cut at {end} {how}"
            )
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return ChunkPlan(pieces, notes)


def _cut_inside(
    norm: NormalizedText, pairs: list[tuple[int, int]], opens: list[int], start: int, stop: int
) -> tuple[int, str]:
    """An input offset in ``(start, stop]`` to cut an over-long paragraph at, and how it was chosen.

    ``pairs`` are the “…” pairs of ``norm`` (clean offsets) and ``opens`` their
    opening offsets.  Looks only at the clean characters of that window.
    """
    lo = bisect.bisect_right(norm.offsets, start)
    hi = bisect.bisect_left(norm.offsets, stop)

    def outside(k: int) -> bool:
        at = bisect.bisect_left(opens, k) - 1
        return at < 0 or pairs[at][1] < k

    def last_cut(pattern: re.Pattern, need_outside: bool) -> int | None:
        best = None
        for match in pattern.finditer(norm.text, lo, hi):
            k = match.end()
            if k < hi and (not need_outside or outside(k)):
                best = k
        return best

    for pattern, need_outside, how in (
        (_SENTENCE_CUT, True, "after a sentence end"),
        (_SENTENCE_CUT, False, "after a sentence end inside a quotation"),
        (_CLAUSE_CUT, False, "after a clause mark or a space"),
    ):
        k = last_cut(pattern, need_outside)
        if k is not None and norm.offsets[k] > start:
            return norm.offsets[k], how
    return stop, "inside a sentence (no punctuation)"


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Pieces of ``text`` with their offsets, cut as :func:`plan_chunks` cuts it.

    Each cut that is not at a paragraph end outside quotations is reported as
    a :class:`LongParagraphWarning`; :func:`plan_chunks` returns the notes
    instead, for a status row.
    """
    plan = plan_chunks(text, size)
    for note in plan.notes:
        warnings.warn(note, LongParagraphWarning, stacklevel=2)
    yield from plan.pieces


@lru_cache(maxsize=4)
def default_pipeline(ner: str | None = None, hanlp_model: str | None = None) -> Language:
    """The shipped pipeline the functions use when given none, loaded once per backend.

    It is the functions' own: :func:`nlp_quotes.load` returns a new pipeline,
    so changing that one (``remove_pipe``…) does not change these.
    """
    return load(DEFAULT_MODEL, ner=ner, hanlp_model=hanlp_model)


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
    for row in doc._.nlp_quotes_rows or []:
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
            "source": ent._.nlp_quotes_source,
        }
        for ent in doc.ents
    ]


#: What the extraction functions take: one text, or many as a list, tuple or pandas Series.
Texts = str | list[str] | tuple[str, ...] | pd.Series


def batch_of(texts: list | tuple | pd.Series, doc_id: object = None) -> tuple[list[str], list[str]]:
    """The texts of a batch and one identifier per text: ``doc_id`` as given, else the Series' index or the positions.

    Identifiers are strings; a non-``str`` text raises ``TypeError`` as for one text.
    """
    values = list(texts)
    if doc_id is None:
        labels = list(texts.index) if isinstance(texts, pd.Series) else range(len(values))
        ids = [str(label) for label in labels]
    elif isinstance(doc_id, str) or len(doc_id) != len(values):
        raise ValueError("with many texts, doc_id is one identifier per text (a list as long as the texts)")
    else:
        ids = [None if value is None else str(value) for value in doc_id]
    return [check_text(value) for value in values], ids


def pipe_chunks(texts: list[str], nlp: Language, disable: tuple[str, ...] = ()) -> Iterator[tuple[int, int, Doc]]:
    """``(text number, offset, doc)`` of each chunk of each non-blank text, through ``nlp.pipe``."""
    disable = tuple(name for name in disable if name in nlp.pipe_names)
    pieces = [(k, offset, piece) for k, text in enumerate(texts) if text.strip() for offset, piece in chunks(text)]
    docs = nlp.pipe((piece for _, _, piece in pieces), disable=list(disable))
    for (k, offset, _), doc in zip(pieces, docs, strict=True):
        yield k, offset, doc


def extract_quotes(
    text: Texts,
    doc_id: str | list[str] | None = None,
    nlp: Language | None = None,
    min_confidence: float = 0.0,
    ner: str | None = None,
    hanlp_model: str | None = None,
) -> pd.DataFrame:
    """One row per quotation in ``text``: content, offsets, speaker, role and provenance.

    Args:
        text: one document, as plain text (PDF-extracted pages are fine); or
            many short ones as a list or pandas Series (sentences, paragraphs,
            the rows of a DataFrame column), run together through ``nlp.pipe``:
            the rows are those of one call per text, concatenated.
        doc_id: identifier written into the ``doc_id`` column; for many texts
            one per text, by default the Series' index labels or the list
            positions (as strings).
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
        TypeError: if ``text`` (or one of many) is not a ``str``.
        ValueError: if ``min_confidence`` is not between 0 and 1.
    """
    batch = not isinstance(text, str) and isinstance(text, list | tuple | pd.Series)
    texts, ids = batch_of(text, doc_id) if batch else ([check_text(text)], [doc_id])
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    if batch:
        nlp = nlp or default_pipeline(ner, hanlp_model)
        by_text: list[list[dict]] = [[] for _ in texts]
        for k, offset, doc in pipe_chunks(texts, nlp, disable=NOT_FOR_QUOTES):
            by_text[k].extend(quote_rows(doc, ids[k], offset))
        return quotes_frame([row for rows in by_text for row in number_quotes(rows, min_confidence)])
    text = texts[0]
    if not text.strip():
        return quotes_frame()
    nlp = nlp or default_pipeline(ner, hanlp_model)
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
    text: Texts,
    nlp: Language | None = None,
    ner: str | None = None,
    hanlp_model: str | None = None,
    doc_id: list[str] | None = None,
) -> pd.DataFrame:
    """People, titles, organisations and places of ``text``: ``text, label, start, end, source``.

    ``source`` names the layer that found the entity: ``model`` (the trained tagger, or
    HanLP with ``ner="hanlp"`` and ``hanlp_model``, as in :func:`nlp_quotes.load`)
    or ``rules``.  Surrogate code points are read as U+FFFD, one for one.

    Many texts (a list or pandas Series) run together through ``nlp.pipe``;
    the table then starts with a ``doc_id`` column naming each row's text
    (``doc_id`` as given, else the Series' index labels or the list positions).
    """
    if not isinstance(text, str) and isinstance(text, list | tuple | pd.Series):
        texts, ids = batch_of(text, doc_id)
        nlp = nlp or default_pipeline(ner, hanlp_model)
        rows = [
            {"doc_id": ids[k], **row}
            for k, offset, doc in pipe_chunks(texts, nlp, disable=NOT_FOR_ENTITIES)
            for row in entity_rows(doc, offset)
        ]
        return corpus_entities_frame(rows)
    text = check_text(text)
    if not text.strip():
        return entities_frame()
    nlp = nlp or default_pipeline(ner, hanlp_model)
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
