"""Locating the shared corpora (training and benchmarks), with a clear error when a file is missing."""

from __future__ import annotations

import os
from pathlib import Path


class MissingCorpusError(FileNotFoundError):
    """A training or evaluation corpus file is not where it should be."""


#: What the shared data folder is, for the messages of the runs that need it.
WHAT_SHARED_IS = (
    "it is the project's shared data folder, kept beside the clone (../shared), not part of the package: "
    "NER training corpora (data/ner), news articles (data/news, e.g. data/news/rmrb2023) and gold quotation "
    "sets (data/seed, eval/). Only the benchmarks, training and the corpus notebook use it; without it, "
    "skip those runs: extracting quotations from your own texts does not need it"
)


def shared_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The shared folder: ``explicit``, ``$NLP_QUOTES_SHARED``, or ``shared/`` beside the checkout."""
    if explicit is not None:
        if not (Path(explicit) / "data").is_dir():
            raise MissingCorpusError(
                f"no shared data folder at {explicit} (expected data/ inside, with data/ner, data/news…); "
                + WHAT_SHARED_IS
            )
        return Path(explicit).resolve()
    candidates = [os.environ.get("NLP_QUOTES_SHARED"), Path.cwd() / "../shared"]
    candidates.append(Path(__file__).resolve().parents[2] / "shared")
    for candidate in candidates:
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate).resolve()
    raise MissingCorpusError(
        "shared data folder not found (looked for ../shared and $NLP_QUOTES_SHARED; pass --shared PATH or set "
        "NLP_QUOTES_SHARED to the folder holding data/ and eval/); " + WHAT_SHARED_IS
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
