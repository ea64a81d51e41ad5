"""Word boundaries from a spacy-pkuseg model trained on People's Daily (see models/)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy_pkuseg


@lru_cache(maxsize=2)
def load_segmenter(model_dir: str) -> spacy_pkuseg.pkuseg:
    """The pkuseg segmenter of ``model_dir`` (cached: pipelines reading the same folder share it)."""
    if not (Path(model_dir) / "features.msgpack").exists():
        raise OSError(f"no pkuseg model at {model_dir}; train one with `python -m nlp_quotes.training pkuseg`")
    return spacy_pkuseg.pkuseg(model_name=model_dir)


@lru_cache(maxsize=16384)
def _cut(line: str, model_dir: str) -> tuple[str, ...]:
    """The words of one line; the same line (a repeated window around a cue) is cut once."""
    return tuple(load_segmenter(model_dir).cut(line))


def segment(text: str, model_dir: str | Path) -> list[tuple[int, int]]:
    """Word spans of ``text`` (line by line; line breaks are never inside a word)."""
    model_dir = str(model_dir)
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        position = offset
        for word in _cut(line, model_dir) if line.strip() else ():
            start = line.find(word, position - offset) + offset
            if start < offset:
                continue
            spans.append((start, start + len(word)))
            position = start + len(word)
        offset += len(line) + 1
    return spans


def boundaries(spans: list[tuple[int, int]]) -> frozenset[int]:
    """Every offset where a word starts or ends."""
    return frozenset(offset for span in spans for offset in span)


#: Characters of context segmented on each side of a span checked by :class:`LocalWordBoundaries`.
WORD_WINDOW = 8


class LocalWordBoundaries:
    """Word boundaries of a text, segmented only where they are asked for.

    :meth:`is_word` segments a window of :data:`WORD_WINDOW` characters on
    each side of the span (within its line) and caches it, so a document is
    segmented only around the few places a rule needs words (cue verbs),
    not as a whole.
    """

    def __init__(self, text: str, model_dir: str | Path) -> None:
        self.text = text
        self.model_dir = str(model_dir)
        self._windows: dict[tuple[int, int], frozenset[int]] = {}

    def is_word(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` starts and ends on word boundaries."""
        # the window's line breaks are looked for in the window only: a long line is not read through at every call
        lo, hi = max(0, start - WORD_WINDOW), min(len(self.text), end + WORD_WINDOW)
        before, after = self.text.rfind("\n", lo, start), self.text.find("\n", end, hi)
        window = (before + 1 if before >= 0 else lo, after if after >= 0 else hi)
        found = self._windows.get(window)
        if found is None:
            words = segment(self.text[window[0] : window[1]], self.model_dir)
            found = self._windows[window] = boundaries([(s + window[0], e + window[0]) for s, e in words])
        return start in found and end in found
