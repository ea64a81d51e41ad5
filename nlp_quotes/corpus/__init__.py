"""Whole corpora: streaming input, parallel processing, per-document status, streaming writers."""

from nlp_quotes.corpus.metadata import read_manifest
from nlp_quotes.corpus.process import CorpusResult, process, read_result
from nlp_quotes.corpus.provenance import run_metadata
from nlp_quotes.corpus.writers import CorpusWriter

__all__ = ["CorpusResult", "CorpusWriter", "process", "read_manifest", "read_result", "run_metadata"]
