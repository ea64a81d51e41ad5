"""Locating the shared corpora (training and benchmarks), with a clear error when a file is missing."""

from __future__ import annotations

import os
from pathlib import Path


class MissingCorpusError(FileNotFoundError):
    """A training or evaluation corpus file is not where it should be."""


def shared_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The shared folder: ``explicit``, ``$NLP_QUOTES_SHARED``, or ``shared/`` beside the checkout."""
    if explicit is not None:
        if not (Path(explicit) / "data").is_dir():
            raise MissingCorpusError(f"no shared data folder at {explicit} (expected a data/ folder inside)")
        return Path(explicit).resolve()
    candidates = [os.environ.get("NLP_QUOTES_SHARED"), Path.cwd() / "../shared"]
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for candidate in candidates:
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate).resolve()
    raise MissingCorpusError(
        "shared data folder not found: pass --shared PATH or set NLP_QUOTES_SHARED to a folder holding data/ner"
    )


def news_articles(shared: Path, n: int | None = None) -> list[Path]:
    """The People's Daily 2023 articles of the shared folder (``data/news/rmrb2023``), sorted; the first ``n``."""
    return sorted((shared / "data" / "news" / "rmrb2023" / "data").glob("*/*.txt"))[:n]


def corpus_file(shared: Path, relative: str) -> Path:
    """``shared/data/<relative>``, or :class:`MissingCorpusError` naming the file."""
    path = shared / "data" / relative
    if not path.is_file():
        raise MissingCorpusError(f"missing corpus file: {path}")
    return path
