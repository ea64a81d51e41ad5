"""Word boundaries from a spacy-pkuseg model trained on People's Daily (see models/)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=2)
def _segmenter(model_dir: str):
    import spacy_pkuseg

    if not (Path(model_dir) / "features.msgpack").exists():
        raise OSError(f"no pkuseg model at {model_dir}; train one with `python -m nlp_quotes.training pkuseg`")
    return spacy_pkuseg.pkuseg(model_name=model_dir)


def segment(text: str, model_dir: str | Path) -> list[tuple[int, int]]:
    """Word spans of ``text`` (line by line; line breaks are never inside a word)."""
    segmenter = _segmenter(str(model_dir))
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        position = offset
        for word in segmenter.cut(line) if line.strip() else []:
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
