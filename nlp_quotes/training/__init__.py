"""Training entry points: ``python -m nlp_quotes.training {pkuseg,ner}``.

Training reads the public corpora under ``shared/data/ner`` (found like the
benchmarks find ``shared``) and writes the trained artifacts to ``models/``.
"""
