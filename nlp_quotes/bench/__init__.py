"""Benchmarks: ``python -m nlp_quotes.bench quotes``."""
