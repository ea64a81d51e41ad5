"""Train the CRF entity tagger (``python -m nlp_quotes.training crf``).

Training data: MSRA train, CLUENER2020 train, Resume train and Weibo train
(see :mod:`nlp_quotes.training.corpora`), with lexicon titles added as silver
TITLE labels where MSRA and Weibo leave titles unlabelled.
"""

from __future__ import annotations

from pathlib import Path

from nlp_quotes.entities.crf import FeatureResources, bio_tags, char_features
from nlp_quotes.entities.lexical import CharClusters, Gazetteer
from nlp_quotes.entities.names import NameModel
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.training.corpora import TRAIN_CORPORA, read_corpus
from nlp_quotes.training.ner import SILVER_TITLE_CORPORA, add_silver_titles


def train(
    shared: Path,
    model_path: Path,
    corpora: tuple[str, ...] = TRAIN_CORPORA,
    iterations: int = 250,
    silver_titles: bool = True,
    c1: float = 0.05,
    c2: float = 0.01,
    names: NameModel | None = None,
    gazetteer: bool = False,
    clusters: CharClusters | None = None,
) -> Path:
    """Train a CRFsuite model into ``model_path`` and return it.

    With ``names`` and ``clusters``, characters carry those resources'
    features; with ``gazetteer``, known-entity features from a gazetteer
    built *without* the sentence's own part of the data (two folds for
    each corpus), so that the tagger does not learn to trust it blindly.
    The shipped tagger must run with the same resources.
    """
    import pycrfsuite

    lex = load_lexicons()
    data = {name: read_corpus(shared, name) for name in corpora}
    folds = {(name, half): data[name][half::2] for name in corpora for half in (0, 1)}
    trainer = pycrfsuite.Trainer(verbose=False)
    for (name, half), sentences in folds.items():
        held_out_gazetteer = None
        if gazetteer:
            others = [s for (other, h), part in folds.items() if (other, h) != (name, half) for s in part]
            held_out_gazetteer = Gazetteer.from_spans(others)
        resources = FeatureResources(names=names, gazetteer=held_out_gazetteer, clusters=clusters)
        if silver_titles and name in SILVER_TITLE_CORPORA:
            sentences = add_silver_titles(sentences)
        for text, spans in sentences:
            if text.strip():
                trainer.append(char_features(text, lex, resources), bio_tags(len(text), spans))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return model_path
