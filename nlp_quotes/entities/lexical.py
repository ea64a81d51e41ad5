"""Lexical resources that give the CRF tagger knowledge beyond its window.

* :class:`Gazetteer`: entity strings seen in the training corpora; every
  character learns whether a known PERSON / ORG / LOC string (longest match)
  begins, continues or ends on it.
* :class:`CharClusters`: a cluster id per character, from character
  co-occurrence in news text (PPMI, truncated SVD, k-means), so that rare
  characters share evidence with similar ones.

Both are learned by ``python -m nlp_quotes.training lexical`` and saved as
JSON beside the CRF model.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

#: Labels a gazetteer holds.
GAZETTEER_LABELS = ("PERSON", "ORG", "LOC")
#: Longest gazetteer entry considered.
MAX_ENTRY_LEN = 15


@dataclass(frozen=True)
class Gazetteer:
    """Known entity strings and their most frequent label."""

    entries: dict[str, str]

    @classmethod
    def from_spans(cls, sentences: Iterable[tuple[str, list[tuple[int, int, str]]]]) -> Gazetteer:
        """Collect the entity strings of labelled sentences (2 to 15 characters)."""
        votes: dict[str, Counter[str]] = {}
        for text, spans in sentences:
            for start, end, label in spans:
                if label in GAZETTEER_LABELS and 2 <= end - start <= MAX_ENTRY_LEN:
                    votes.setdefault(text[start:end], Counter())[label] += 1
        return cls({entry: counts.most_common(1)[0][0] for entry, counts in votes.items()})

    @cached_property
    def prefixes(self) -> frozenset[str]:
        """Every prefix of every entry (the longest-match scan stops at the first non-prefix)."""
        return frozenset(entry[:k] for entry in self.entries for k in range(1, len(entry) + 1))

    @cached_property
    def heads(self) -> frozenset[str]:
        """The first two characters of every entry (most positions of a text start none)."""
        return frozenset(entry[:2] for entry in self.entries)

    def marks(self, text: str) -> list[list[str]]:
        """Per character: where the longest known entity starting at each position begins, continues, ends."""
        marks: list[list[str]] = [[] for _ in text]
        prefixes = self.prefixes
        entries = self.entries
        heads = self.heads
        for i in range(len(text) - 1):
            if text[i : i + 2] not in heads:
                continue
            best = 0
            for end in range(i + 2, min(len(text), i + MAX_ENTRY_LEN) + 1):
                piece = text[i:end]
                if piece not in prefixes:
                    break
                if end - i >= 2 and piece in entries:
                    best = end
            if best:
                label = entries[text[i:best]]
                marks[i].append("gzB=" + label)
                for k in range(i + 1, best - 1):
                    marks[k].append("gzI=" + label)
                marks[best - 1].append("gzE=" + label)
        return marks

    def to_disk(self, path: Path) -> None:
        path.write_text(json.dumps(self.entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> Gazetteer:
        return cls(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class CharClusters:
    """A cluster id for every frequent character."""

    cluster_of: dict[str, int]

    @classmethod
    def train(
        cls, texts: Iterable[str], n_clusters: int = 256, dims: int = 64, min_count: int = 5, seed: int = 0
    ) -> CharClusters:
        """PPMI of characters within two places, truncated SVD, then k-means."""
        texts = list(texts)
        counts = Counter(char for text in texts for char in text if not char.isspace())
        vocab = sorted(char for char, n in counts.items() if n >= min_count)
        index = {char: k for k, char in enumerate(vocab)}
        cooc = np.zeros((len(vocab), len(vocab)), dtype=np.float32)
        for text in texts:
            ids = np.array([index.get(char, -1) for char in text])
            for distance in (1, 2):
                left, right = ids[:-distance], ids[distance:]
                keep = (left >= 0) & (right >= 0)
                np.add.at(cooc, (left[keep], right[keep]), 1.0)
        cooc += cooc.T
        row = cooc.sum(axis=1, keepdims=True)
        col = cooc.sum(axis=0, keepdims=True) ** 0.75
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(cooc * (col.sum()) / (row * col))
        ppmi = np.nan_to_num(np.maximum(pmi, 0.0), nan=0.0, posinf=0.0).astype(np.float32)
        rng = np.random.default_rng(seed)
        # randomized truncated SVD
        projection = ppmi @ rng.standard_normal((len(vocab), dims + 16)).astype(np.float32)
        basis, _ = np.linalg.qr(projection)
        small = basis.T @ ppmi
        u, s, _ = np.linalg.svd(small, full_matrices=False)
        vectors = (basis @ u[:, :dims]) * np.sqrt(s[:dims])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8
        labels = _kmeans(vectors, n_clusters, rng)
        return cls({char: int(label) for char, label in zip(vocab, labels, strict=True)})

    def to_disk(self, path: Path) -> None:
        path.write_text(json.dumps(self.cluster_of, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> CharClusters:
        return cls(json.loads(path.read_text(encoding="utf-8")))


def _kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 30) -> np.ndarray:
    centres = vectors[rng.choice(len(vectors), size=min(k, len(vectors)), replace=False)]
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(iterations):
        labels = np.argmax(vectors @ centres.T, axis=1)  # cosine: vectors are unit length
        for c in range(len(centres)):
            members = vectors[labels == c]
            if len(members):
                centre = members.mean(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) + 1e-8)
    return labels


@lru_cache(maxsize=4)
def load_gazetteer(path: str) -> Gazetteer:
    return Gazetteer.from_disk(Path(path))


@lru_cache(maxsize=4)
def load_clusters(path: str) -> CharClusters:
    return CharClusters.from_disk(Path(path))
