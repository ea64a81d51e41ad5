"""NER benchmark: exact-span scores on MSRA test and CLUENER dev, speed, size, load time."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from nlp_quotes.types import EntitySpan


def span_scores(
    gold: Iterable[list[EntitySpan]], predicted: Iterable[list[EntitySpan]], labels: set[str]
) -> dict[str, dict]:
    """Exact character-span precision, recall and F1, overall and per label."""
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_set = {s for s in gold_spans if s[2] in labels}
        pred_set = {s for s in pred_spans if s[2] in labels}
        for span in gold_set:
            n_gold[span[2]] += 1
        for span in pred_set:
            n_pred[span[2]] += 1
        for span in gold_set & pred_set:
            tp[span[2]] += 1

    def prf(t: int, p: int, g: int) -> dict:
        precision = t / p if p else 0.0
        recall = t / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4), "gold": g}

    scores = {label: prf(tp[label], n_pred[label], n_gold[label]) for label in sorted(labels)}
    scores["ALL"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return scores


def predict_spans(nlp: Language, texts: list[str], batch_size: int = 64) -> list[list[EntitySpan]]:
    """Entity spans predicted by a pipeline, as character offsets."""
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=batch_size)]


def chars_per_second(function, texts: list[str]) -> float:
    """Characters per second of ``function`` applied to each text."""
    started = time.perf_counter()
    for text in texts:
        function(text)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def folder_megabytes(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def word_boundary_share(sentences: list[tuple[str, list[EntitySpan]]], segmenter: Path) -> dict[str, float]:
    """Share of gold entities, overall and per label, that begin and end on word boundaries of ``segmenter``.

    A tagger over word tokens can find no other entity, so this bounds its recall.
    """
    from nlp_quotes.text.words import segment

    on_boundary, total = Counter(), Counter()
    for text, spans in sentences:
        words = segment(text, segmenter)
        bounds = {0, len(text)} | {start for start, _ in words} | {end for _, end in words}
        for start, end, label in spans:
            for key in (label, "ALL"):
                total[key] += 1
                on_boundary[key] += start in bounds and end in bounds
    return {key: on_boundary[key] / total[key] for key in sorted(total)}
