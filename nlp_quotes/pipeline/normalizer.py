"""``nlp_quotes_normalizer``: the normalised text of each doc (:class:`~nlp_quotes.text.NormalizedText`)."""

from __future__ import annotations

from spacy.tokens import Doc

from nlp_quotes.pipeline.tokenizer import source_text
from nlp_quotes.text import normalize


class Normalizer:
    """Stores the normalised text on ``doc._.nlp_quotes_normalized``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.nlp_quotes_normalized = normalize(source_text(doc))
        return doc
