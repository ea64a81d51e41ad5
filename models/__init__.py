"""Shipped pipelines, installed as ``nlp_quotes.models``; see README.md beside this file."""
