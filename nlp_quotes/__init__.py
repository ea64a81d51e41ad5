"""nlp_quotes: who said what, in what capacity, in Chinese news.

>>> import nlp_quotes
>>> df = nlp_quotes.extract_quotes("全国政协委员张三表示：“我们要加快发展。”")
>>> df[["speaker", "role", "quote"]].values.tolist()
[['张三', '委员', '我们要加快发展。']]
"""

from nlp_quotes import _spacy_import  # noqa: F401 - first: imports spaCy without torch
from nlp_quotes._version import __version__
from nlp_quotes.api import extract_entities, extract_quotes, speakers
from nlp_quotes.corpus import CorpusResult, process
from nlp_quotes.pdf import read_pdf
from nlp_quotes.people import people
from nlp_quotes.pipeline import load
from nlp_quotes.schema import ENTITY_COLUMNS, PEOPLE_COLUMNS, QUOTE_COLUMNS, SCHEMA_VERSION
from nlp_quotes.view import display, render_html

__all__ = [
    "ENTITY_COLUMNS",
    "PEOPLE_COLUMNS",
    "QUOTE_COLUMNS",
    "SCHEMA_VERSION",
    "CorpusResult",
    "__version__",
    "display",
    "extract_entities",
    "extract_quotes",
    "load",
    "people",
    "process",
    "read_pdf",
    "render_html",
    "speakers",
]
