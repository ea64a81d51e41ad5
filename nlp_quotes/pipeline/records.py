"""The one mapping from a :class:`~nlp_quotes.types.QuoteRecord` to a table row and to spans.

A row carries the column names of :data:`nlp_quotes.schema.QUOTE_COLUMNS`
(``doc_id`` aside, which the caller adds); the quotation's span carries the
same dict in ``span._.nlp_quotes``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp_quotes.pipeline.extensions import char_span_of
from nlp_quotes.text import NormalizedText
from nlp_quotes.types import QuoteRecord


def mention_as_given(norm: NormalizedText, mention: str, start: int, end: int) -> str:
    """``mention`` (read on the view), or the input's text of its span when the two differ beyond whitespace."""
    given = norm.as_given(start, end)
    return mention if "".join(mention.split()) == "".join(given.split()) else given


def record_row(norm: NormalizedText, quote_id: int, record: QuoteRecord) -> dict:
    """The table row of ``record``: offsets into the text as given, the quotation and mention as written there."""
    quote_start, quote_end = norm.to_original(record.start, record.end)
    speaker_start = speaker_end = None
    mention = record.mention
    if record.mention_start is not None:
        speaker_start, speaker_end = norm.to_original(record.mention_start, record.mention_end)
        mention = mention_as_given(norm, record.mention, record.mention_start, record.mention_end)
    return {
        "quote_id": quote_id,
        "kind": record.kind,
        "quote": norm.as_given(record.start, record.end),
        "quote_start": quote_start,
        "quote_end": quote_end,
        "speaker": record.speaker,
        "speaker_mention": mention,
        "speaker_start": speaker_start,
        "speaker_end": speaker_end,
        "cue": record.cue,
        "role": record.role,
        "role_level": record.role_level,
        "delegation": record.delegation,
        "sector": record.sector,
        "positions": [dict(position) for position in record.positions],
        "titles": list(record.titles),
        "orgs": list(record.orgs),
        "confidence": round(record.confidence, 3),
        "rule": record.rule,
        "speaker_rule": record.speaker_rule,
    }


def row_spans(doc: Doc, row: dict) -> tuple[Span | None, Span | None]:
    """The quotation's span (label: its kind) and the speaker mention's (``SPEAKER``) of a row, with their fields."""
    quote = char_span_of(doc, row["quote_start"], row["quote_end"], row["kind"])
    if quote is not None:
        quote._.nlp_quotes = row
    mention = None
    if row["speaker_start"] is not None:
        mention = char_span_of(doc, row["speaker_start"], row["speaker_end"], "SPEAKER")
        if mention is not None:
            mention._.nlp_quotes = {"speaker": row["speaker"], "quote_id": row["quote_id"]}
    return quote, mention
