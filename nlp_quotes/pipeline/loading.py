"""Where shipped pipelines live and how to load or rebuild them."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import nlp_quotes.entities.features
import nlp_quotes.pipeline.factories  # noqa: F401 - registers the factories and nlp_quotes.CharTokenizer.v1
from nlp_quotes.backends.hanlp_ner import HanlpBackendError
from nlp_quotes.pipeline.paths import models_dir, resolve_model_path

__all__ = [
    "BACKENDS",
    "DEFAULT_MODEL",
    "RULES_MODEL",
    "build_pipeline",
    "load",
    "load_data",
    "models_dir",
    "resolve_model_path",
]

RULES_MODEL = "zh_news_rules"
DEFAULT_MODEL = "zh_news"
MAX_LENGTH = 2_000_000


def build_pipeline(
    ner: str | Path | None = None,
    crf: str | None = None,
    words: str | None = None,
    neural: str | None = None,
    name: str = RULES_MODEL,
    names: str | None = None,
    name_features: bool = False,
    gazetteer: str | None = None,
    clusters: str | None = None,
) -> Language:
    """Assemble a pipeline of character tokens and the nlp_quotes components.

    Args:
        ner: folder of a trained ``tok2vec`` + ``ner`` pipeline to start from
            (``python -m nlp_quotes.training ner``).
        crf: path, under ``models/``, of a CRF entity tagger
            (``python -m nlp_quotes.training crf``).
        words: name of a pkuseg model under ``models/`` for the word layer.
        neural: path, under ``models/``, of a convolutional entity tagger
            (``python -m nlp_quotes.training neural``); the resources below
            apply to it as they do to a CRF.
        name: the pipeline's name in its meta.
        names: path, under ``models/``, of the name model that splits runs
            of names (``python -m nlp_quotes.training names``).
        name_features: whether the CRF was trained with the name model's
            features.
        gazetteer, clusters: paths, under ``models/``, of the lexical
            resources the CRF was trained with
            (``python -m nlp_quotes.training lexical``).
    """
    if ner is not None:
        nlp = spacy.load(ner)
    else:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_quotes.CharTokenizer.v1"}}})
    nlp.add_pipe("nlp_quotes_normalizer")
    if crf or neural:
        config = {
            "model": neural or crf,
            "names": names or "",
            "name_features": name_features,
            "gazetteer": gazetteer or "",
            "clusters": clusters or "",
        }
        nlp.add_pipe("nlp_quotes_neural_ner" if neural else "nlp_quotes_crf_ner", config=config)
    if words:
        nlp.add_pipe("nlp_quotes_words", config={"model": words})
    nlp.add_pipe("nlp_quotes_entities")
    nlp.add_pipe("nlp_quotes_attribution", config={"words_model": words or ""})
    nlp.meta.update({"name": name.removeprefix("zh_"), "lang": "zh", "version": "0.1.0"})
    load_data(nlp)
    return nlp


def load_data(nlp: Language) -> Language:
    """Have every component that reads data read it now (``spacy.load`` does through ``from_disk``)."""
    for _, component in nlp.pipeline:
        if hasattr(component, "load"):
            component.load()
    return nlp


#: Components that put a trained tagger's entities into ``doc.ents``.
STATISTICAL_NER_COMPONENTS = ("nlp_quotes_neural_ner", "nlp_quotes_crf_ner")
#: Entity backends ``load`` can switch to.
BACKENDS = ("default", "hanlp")


def load(
    name: str | Path = DEFAULT_MODEL,
    ner: str | None = None,
    hanlp_model: str | None = None,
    config: dict | None = None,
) -> Language:
    """Load a shipped pipeline by name, or any pipeline folder by path.

    Nothing is downloaded: names resolve to folders under :func:`models_dir`.
    Each call returns a new ``Language``; the data its components read (weights,
    word models, lexicons) is read once per file and shared between them.  A
    missing or unreadable file fails here, with an error naming it.

    Args:
        name: a shipped pipeline (``zh_news``, ``zh_news_rules``) or a folder.
        ner: ``"hanlp"`` replaces the pipeline's entity model with a HanLP
            NER model (:mod:`nlp_quotes.backends.hanlp_ner`); ``None`` or
            ``"default"`` keeps the shipped one.
        hanlp_model: with ``ner="hanlp"``, a local HanLP model directory
            (offline) or a HanLP identifier or URL (through HanLP's cache).
        config: overrides of the pipeline config, in spaCy's dotted form, e.g.
            ``{"components.nlp_quotes_attribution.direct_sieves": ["cue_before"]}``
            to run only one direct sieve.
    """
    if ner not in (None, *BACKENDS):
        raise ValueError(f"unknown entity backend {ner!r}; choose one of {BACKENDS}")
    path = Path(name)
    if not path.exists():
        path = models_dir() / str(name)
    if not (path / "config.cfg").exists():
        available = sorted(p.name for p in models_dir().glob("*") if (p / "config.cfg").exists())
        raise OSError(f"no nlp_quotes pipeline at {path}; shipped pipelines: {available}")
    if ner == "hanlp":
        return _load_with_hanlp(str(path.resolve()), hanlp_model or "", config or {})
    nlp = spacy.load(str(path.resolve()), config=config or {})
    nlp.max_length = MAX_LENGTH
    return nlp


def _load_with_hanlp(path: str, hanlp_model: str, config: dict) -> Language:
    if not hanlp_model:
        raise HanlpBackendError("ner='hanlp' needs hanlp_model: a HanLP identifier or a local model directory")
    nlp = spacy.load(path, exclude=list(STATISTICAL_NER_COMPONENTS), config=config)
    nlp.add_pipe("nlp_quotes_hanlp_ner", after="nlp_quotes_normalizer", config={"model": hanlp_model})
    nlp.get_pipe("nlp_quotes_hanlp_ner").load()  # now, so that a missing model fails here
    nlp.max_length = MAX_LENGTH
    nlp.meta["name"] = f"{nlp.meta.get('name', 'news')}_hanlp"
    return nlp
