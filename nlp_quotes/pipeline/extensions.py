"""The Doc and Span extensions of the pipeline, and the per-document state the components share.

Every extension is namespaced.  ``Span._.nlp_quotes`` holds a dict of a span's
fields: a quotation's are those of its table row (the columns of
:data:`nlp_quotes.schema.QUOTE_COLUMNS` but ``doc_id``), a speaker mention's
``speaker`` and ``quote_id``.  ``Span._.nlp_quotes_source`` names the layer that
found an entity of ``doc.ents`` (``"model"`` or ``"rules"``); it is a name of its
own because spaCy keys span extensions by offsets, and an entity and a speaker
mention often share them.  ``Doc._.nlp_quotes_rows`` holds the quotation rows,
``Doc._.nlp_quotes_normalized`` and ``Doc._.nlp_quotes_word_boundaries`` the
working state of the components.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp_quotes.pipeline.tokenizer import source_text
from nlp_quotes.text import NormalizedText, normalize
from nlp_quotes.types import EntitySpan

#: Span extensions: a dict of a quotation's or speaker mention's fields; the layer of an entity.
SPAN_FIELDS = "nlp_quotes"
SPAN_SOURCE = "nlp_quotes_source"
#: Doc extensions: the quotation rows, the normalised text and the word boundaries.
DOC_ROWS = "nlp_quotes_rows"
DOC_NORMALIZED = "nlp_quotes_normalized"
DOC_WORD_BOUNDARIES = "nlp_quotes_word_boundaries"


def register_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    for name in (DOC_ROWS, DOC_NORMALIZED, DOC_WORD_BOUNDARIES):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in (SPAN_FIELDS, SPAN_SOURCE):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


def normalized_of(doc: Doc) -> NormalizedText:
    """The normalised text of ``doc``, computed once."""
    norm = doc._.nlp_quotes_normalized
    if norm is None:
        norm = doc._.nlp_quotes_normalized = normalize(source_text(doc))
    return norm


def char_span_of(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    """The span over characters ``[start, end)`` of ``doc``, widened to whole tokens."""
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def set_model_entities(doc: Doc, spans: Iterable[EntitySpan]) -> Doc:
    """Put a statistical model's ``(start, end, label)`` spans, in normalised-text offsets, into ``doc.ents``."""
    norm = normalized_of(doc)
    found = []
    for start, end, label in spans:
        span = char_span_of(doc, *norm.to_original(start, end), label=label)
        if span is not None:
            found.append(span)
    doc.ents = filter_spans(found)
    return doc
