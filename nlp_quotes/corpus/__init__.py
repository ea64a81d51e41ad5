"""Whole corpora: streaming input, parallel processing, per-document status, streaming writers."""

from nlp_quotes.corpus.process import CorpusResult, process
from nlp_quotes.corpus.provenance import run_metadata
from nlp_quotes.corpus.writers import CorpusWriter

__all__ = ["CorpusResult", "CorpusWriter", "process", "run_metadata"]
