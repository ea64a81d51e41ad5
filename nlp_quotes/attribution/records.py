"""The record every sieve produces (defined in :mod:`nlp_quotes.types`)."""

from nlp_quotes.types import QuoteRecord

__all__ = ["QuoteRecord"]
