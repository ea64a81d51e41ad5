"""Where shipped pipelines live and how to load or rebuild them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import nlp_quotes.pipeline.components  # noqa: F401  (registers the factories)

DEFAULT_MODEL = "zh_news_rules"
MAX_LENGTH = 2_000_000


def models_dir() -> Path:
    """The folder of shipped pipelines: installed package data, else the checkout's ``models/``."""
    try:
        from importlib import resources

        installed = Path(str(resources.files("nlp_quotes.models")))
        if installed.is_dir():
            return installed
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "models"


def build_pipeline() -> Language:
    """A fresh pipeline: character tokens, normaliser, rule entities, attribution."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("nlp_quotes_normalizer")
    nlp.add_pipe("nlp_quotes_entities")
    nlp.add_pipe("nlp_quotes_attribution")
    nlp.meta.update({"name": DEFAULT_MODEL.removeprefix("zh_"), "lang": "zh"})
    return nlp


def load(name: str | Path = DEFAULT_MODEL) -> Language:
    """Load a shipped pipeline by name, or any pipeline folder by path.

    Nothing is downloaded: names resolve to folders under :func:`models_dir`.
    """
    path = Path(name)
    if not path.exists():
        path = models_dir() / str(name)
    if not (path / "config.cfg").exists():
        available = sorted(p.name for p in models_dir().glob("*") if (p / "config.cfg").exists())
        raise OSError(f"no nlp_quotes pipeline at {path}; shipped pipelines: {available}")
    return _load_path(str(path.resolve()))


@lru_cache(maxsize=4)
def _load_path(path: str) -> Language:
    nlp = spacy.load(path)
    nlp.max_length = MAX_LENGTH
    return nlp
