"""Documents as ``(doc_id, text)`` pairs from DataFrames, mappings, pairs or files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

#: Characters that make a command-line argument a glob pattern.
GLOB_CHARS = "*?["


def iter_documents(docs: object, text_col: str = "text", id_col: str = "doc_id") -> Iterator[tuple[object, object]]:
    """``(doc_id, text)`` of every document of ``docs``, lazily.

    ``docs`` is a DataFrame with ``text_col`` and ``id_col`` (the index
    stands in for a missing ``id_col``), or an iterable of mappings with
    those keys, of ``(doc_id, text)`` pairs, or of bare texts (numbered from
    0).  Nothing is checked here: a text that is no ``str`` is reported by
    the caller as that document's error.
    """
    if isinstance(docs, pd.DataFrame):
        if text_col not in docs.columns:
            raise KeyError(f"no column {text_col!r} in the DataFrame; its columns are {list(docs.columns)}")
        ids = docs[id_col] if id_col in docs.columns else docs.index
        yield from zip(ids, docs[text_col], strict=True)
        return
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise TypeError(f"expected a DataFrame or an iterable of documents, got {type(docs).__name__}")
    for number, item in enumerate(docs):
        if isinstance(item, Mapping):
            yield item.get(id_col, number), item.get(text_col)
        elif isinstance(item, tuple) and len(item) == 2:
            yield item
        else:
            yield number, item


def expand_paths(arguments: Iterable[str]) -> Iterator[tuple[str, Path]]:
    """``(doc_id, path)`` of the files named by command-line arguments.

    A file is its own document (id: its name without suffix); a directory
    stands for every ``*.txt`` and ``*.pdf`` below it and a glob (``corpus/**/*.txt``) for
    every file it matches (id: the path relative to the directory or to the
    glob's fixed part, without suffix).  Arguments that match nothing are
    yielded as they are, so that the caller reports them.
    """
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES):
                yield str(found.relative_to(path).with_suffix("")), found
        elif any(char in argument for char in GLOB_CHARS):
            fixed = argument.split("*")[0].split("?")[0].split("[")[0]
            root = Path(fixed) if fixed.endswith(("/", os.sep)) else Path(fixed).parent
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file())
            if not matches:
                yield argument, path
            for found in matches:
                yield str(found.relative_to(root).with_suffix("")), found
        else:
            yield path.stem, path


class UnreadableFile(Exception):
    """A document file that cannot be read or decoded as UTF-8."""


#: Suffixes of the files a folder argument stands for.
DOCUMENT_SUFFIXES = (".txt", ".pdf")


def read_text(path: Path) -> str | UnreadableFile:
    """The text of a file, or an :class:`UnreadableFile` naming the file and the reason.

    A ``.pdf`` is read with :func:`nlp_quotes.pdf.read_pdf` (columns in order,
    furniture and captions left out), its pages separated by blank lines;
    any other file is UTF-8 text.
    """
    if path.suffix.lower() == ".pdf":
        from nlp_quotes.pdf import read_pdf

        try:
            return "\n\n".join(read_pdf(path))
        except Exception as error:  # pdfminer raises many types for damaged files
            return UnreadableFile(f"{path}: not a readable PDF ({type(error).__name__}: {error})")
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        return UnreadableFile(f"{path}: {error.strerror or error}")
    except UnicodeDecodeError as error:
        return UnreadableFile(f"{path}: not UTF-8 ({error.reason} at byte {error.start})")
