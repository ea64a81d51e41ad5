"""Quote finding and speaker attribution, as ordered sieves with provenance."""

from nlp_quotes.attribution.records import QuoteRecord
from nlp_quotes.attribution.sieves import attribute_quotes

__all__ = ["QuoteRecord", "attribute_quotes"]
