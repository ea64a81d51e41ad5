"""Text preparation: normalisation of PDF-extracted news pages with offset maps."""

from nlp_quotes.text.normalize import NormalizedText, normalize

__all__ = ["NormalizedText", "normalize"]
