"""Word segmentation: train and evaluate a spacy-pkuseg model on People's Daily 1998.

The PKU corpus sample (``data/ner/pd1998_pos``) has two random 10% samples of
January 1998; ``valid.txt`` and most of ``test.txt`` train the model, and every
tenth paragraph of ``test.txt`` is held out for the word F1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

PINYIN = re.compile(r"\{[^}]*\}")
TOKEN = re.compile(r"^\[?(.+?)/[a-zA-Z]+\]?[a-zA-Z]*$")


def read_pd1998_words(path: Path) -> Iterator[list[str]]:
    """Paragraphs of the PKU corpus as word lists (ids, tags, brackets and pinyin dropped)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            tokens = line.split()
            if len(tokens) < 2:
                continue
            words = []
            for token in tokens[1:]:  # the first token is the paragraph id
                match = TOKEN.match(PINYIN.sub("", token))
                if match:
                    words.append(match.group(1))
            if words:
                yield words


def split_held_out(paragraphs: Iterable[list[str]], every: int = 10) -> tuple[list[list[str]], list[list[str]]]:
    """Every ``every``-th paragraph is held out; returns (train, held_out)."""
    train, held_out = [], []
    for index, words in enumerate(paragraphs):
        (held_out if index % every == 0 else train).append(words)
    return train, held_out


def write_words(paragraphs: Iterable[list[str]], path: Path) -> None:
    """One paragraph per line, words separated by spaces (pkuseg's training format)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for words in paragraphs:
            handle.write(" ".join(words) + "\n")


def _spans(words: list[str]) -> set[tuple[int, int]]:
    spans, start = set(), 0
    for word in words:
        spans.add((start, start + len(word)))
        start += len(word)
    return spans


def word_prf(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """Word precision, recall and F1 over character spans."""
    tp = n_gold = n_pred = 0
    for gold_words, pred_words in zip(gold, predicted, strict=True):
        gold_spans, pred_spans = _spans(gold_words), _spans(pred_words)
        tp += len(gold_spans & pred_spans)
        n_gold += len(gold_spans)
        n_pred += len(pred_spans)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "words": n_gold}


def evaluate(model_dir: Path, held_out: list[list[str]]) -> dict[str, float]:
    """Segment the held-out paragraphs with the model and score the words."""
    import spacy_pkuseg

    segmenter = spacy_pkuseg.pkuseg(model_name=str(model_dir))
    predicted = [segmenter.cut("".join(words)) for words in held_out]
    return word_prf(held_out, predicted)


def compress_weights(model_dir: Path) -> None:
    """Re-save pkuseg's ``weights.npz`` compressed (about 35% smaller; loads the same)."""
    import numpy

    path = model_dir / "weights.npz"
    with numpy.load(path) as arrays:
        contents = {key: arrays[key] for key in arrays.files}
    numpy.savez_compressed(path, **contents)


def train(shared: Path, model_dir: Path, work_dir: Path, iterations: int = 10) -> dict[str, float]:
    """Train the pkuseg model into ``model_dir`` and return its held-out scores."""
    import spacy_pkuseg

    from nlp_quotes.datasets import corpus_file

    valid = list(read_pd1998_words(corpus_file(shared, "ner/pd1998_pos/valid.txt")))
    test_train, held_out = split_held_out(read_pd1998_words(corpus_file(shared, "ner/pd1998_pos/test.txt")))
    train_file, held_file = work_dir / "pkuseg_train.txt", work_dir / "pkuseg_heldout.txt"
    write_words(valid + test_train, train_file)
    write_words(held_out, held_file)
    model_dir.mkdir(parents=True, exist_ok=True)
    spacy_pkuseg.train(str(train_file), str(held_file), str(model_dir), train_iter=iterations)
    compress_weights(model_dir)
    scores = evaluate(model_dir, held_out)
    scores.update({"train_paragraphs": len(valid) + len(test_train), "held_out_paragraphs": len(held_out)})
    return scores
