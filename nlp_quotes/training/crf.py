"""Train the CRF entity tagger (``python -m nlp_quotes.training crf``).

Training data: MSRA train, CLUENER2020 train, Resume train and Weibo train
(see :mod:`nlp_quotes.training.corpora`), with lexicon titles added as silver
TITLE labels where MSRA and Weibo leave titles unlabelled.
"""

from __future__ import annotations

from pathlib import Path

from nlp_quotes.entities.crf import bio_tags, char_features
from nlp_quotes.entities.names import NameModel
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.training.corpora import read_corpus
from nlp_quotes.training.ner import SILVER_TITLE_CORPORA, add_silver_titles

CORPORA = ("msra_train", "cluener_train", "resume_train", "weibo_train")


def train(
    shared: Path,
    model_path: Path,
    corpora: tuple[str, ...] = CORPORA,
    iterations: int = 250,
    silver_titles: bool = True,
    c1: float = 0.05,
    c2: float = 0.01,
    names: NameModel | None = None,
) -> Path:
    """Train a CRFsuite model into ``model_path`` and return it.

    With ``names``, characters carry the name model's features (the shipped
    tagger must then be run with the same name model).
    """
    import pycrfsuite

    lex = load_lexicons()
    trainer = pycrfsuite.Trainer(verbose=False)
    for name in corpora:
        sentences = read_corpus(shared, name)
        if silver_titles and name in SILVER_TITLE_CORPORA:
            sentences = add_silver_titles(sentences)
        for text, spans in sentences:
            if text.strip():
                trainer.append(char_features(text, lex, names), bio_tags(len(text), spans))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return model_path
