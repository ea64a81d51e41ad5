"""Train the name-run model (``python -m nlp_quotes.training names``).

Statistics of PERSON strings in the training corpora (surnames, given-name
characters, names seen) against the characters of MSRA train text; see
:mod:`nlp_quotes.entities.names`.
"""

from __future__ import annotations

from pathlib import Path

from nlp_quotes.entities.names import NameModel
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.training.corpora import TRAIN_CORPORA, read_corpus

TEXT_CORPUS = "msra_train"


def train(shared: Path, out: Path, corpora: tuple[str, ...] = TRAIN_CORPORA) -> NameModel:
    """Learn a :class:`NameModel` from the PERSON spans of ``corpora`` and save it to ``out``."""
    names: list[str] = []
    texts: list[str] = []
    for corpus in corpora:
        for text, spans in read_corpus(shared, corpus):
            names.extend(text[start:end] for start, end, label in spans if label == "PERSON")
            if corpus == TEXT_CORPUS:
                texts.append(text)
    model = NameModel.train(names, texts, load_lexicons().surnames)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.to_disk(out)
    return model
