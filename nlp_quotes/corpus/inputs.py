"""Documents as ``(doc_id, text)`` pairs from DataFrames, mappings, pairs or files."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

#: Characters that make a command-line argument a glob pattern.
GLOB_CHARS = "*?["


def iter_items(docs: object, text_col: str = "text", id_col: str = "doc_id") -> Iterator[tuple[int, object]]:
    """``(number, item)`` of every document of ``docs``, lazily, items not yet looked into.

    A DataFrame gives ``(doc_id, text)`` pairs; any other iterable gives its
    items as they are, for :func:`document_pair` to take apart one at a time
    (so that one strange item fails alone).
    """
    if isinstance(docs, pd.DataFrame):
        if text_col not in docs.columns:
            raise KeyError(f"no column {text_col!r} in the DataFrame; its columns are {list(docs.columns)}")
        ids = docs[id_col] if id_col in docs.columns else docs.index
        yield from enumerate(zip(ids, docs[text_col], strict=True))
        return
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise TypeError(f"expected a DataFrame or an iterable of documents, got {type(docs).__name__}")
    yield from enumerate(docs)


def document_pair(item: object, number: int, text_col: str = "text", id_col: str = "doc_id") -> tuple[object, object]:
    """``(doc_id, text)`` of one item: a mapping with those keys, a ``(doc_id, text)`` pair or a bare text.

    A bare text is numbered ``number``.  Nothing is checked: a text that is no
    ``str`` is reported by the caller as that document's error.
    """
    kind = type(item)  # not isinstance: it would ask the item for its __class__, which a hostile one may refuse
    if issubclass(kind, str):
        return number, item
    if issubclass(kind, Mapping):
        return item.get(id_col, number), item.get(text_col)
    if issubclass(kind, tuple) and len(item) == 2:
        return item[0], item[1]
    return number, item


def iter_documents(docs: object, text_col: str = "text", id_col: str = "doc_id") -> Iterator[tuple[object, object]]:
    """``(doc_id, text)`` of every document of ``docs``, lazily.

    ``docs`` is a DataFrame with ``text_col`` and ``id_col`` (the index
    stands in for a missing ``id_col``), or an iterable of mappings with
    those keys, of ``(doc_id, text)`` pairs, or of bare texts (numbered from
    0).  Nothing is checked here: a text that is no ``str`` is reported by
    the caller as that document's error.
    """
    for number, item in iter_items(docs, text_col, id_col):
        yield document_pair(item, number, text_col, id_col)


def expand_paths(arguments: Iterable[str]) -> Iterator[tuple[str, Path]]:
    """``(doc_id, path)`` of the files named by command-line arguments.

    A file is its own document (id: its name without suffix); a directory
    stands for every ``*.txt`` and ``*.pdf`` below it and a glob (``corpus/**/*.txt``) for
    every file it matches (id: the path relative to the directory or to the
    glob's fixed part, without suffix).  Arguments that match nothing are
    yielded as they are, so that the caller reports them.  Special files
    (named pipes, devices, sockets) are yielded too, never opened:
    :func:`read_document` reports them.
    """
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES):
                if not found.is_dir():
                    yield str(found.relative_to(path).with_suffix("")), found
        elif any(char in argument for char in GLOB_CHARS):
            fixed = argument.split("*")[0].split("?")[0].split("[")[0]
            root = Path(fixed) if fixed.endswith(("/", os.sep)) else Path(fixed).parent
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True) if not Path(p).is_dir())
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
#: The warning of a PDF whose pages hold no text.
NO_TEXT_LAYER = "no text layer"

_SPECIAL_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def special_file(path: Path) -> str | None:
    """What ``path`` is when it exists but is no regular file (``"a named pipe (FIFO)"``…), else ``None``.

    Only ``stat`` is called: the file is never opened, so a FIFO cannot block.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or unreadable: reading it says why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _SPECIAL_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _encrypted(error: BaseException) -> bool:
    """Whether a PDF reader's exception (or one it wraps) is about encryption or a password."""
    seen: list[BaseException] = [error]
    while seen:
        current = seen.pop()
        if any(word in type(current).__name__.lower() for word in ("password", "encrypt")):
            return True
        seen.extend(arg for arg in current.args if isinstance(arg, BaseException))
        seen.extend(link for link in (current.__cause__, current.__context__) if link is not None)
        if len(seen) > 20:
            break
    return False


def read_document(path: Path) -> tuple[str | None, str | None, str | None]:
    """``(text, error, warning)`` of a document file; ``text`` is ``None`` exactly when ``error`` says why.

    A ``.pdf`` is read with :func:`nlp_quotes.pdf.read_pdf` (columns in order,
    furniture and captions left out), its pages separated by blank lines;
    one without any text (scanned pages) comes with the warning
    :data:`NO_TEXT_LAYER`, an encrypted one is an error saying so.  Any
    other file is UTF-8 text.  Special files (FIFOs, devices) are errors and
    are never opened.
    """
    kind = special_file(path)
    if kind is not None:
        return None, f"{path}: {kind}, not a document file: skipped without reading it", None
    if path.suffix.lower() == ".pdf":
        from nlp_quotes.pdf import read_pdf

        try:
            pages = read_pdf(path)
        except Exception as error:  # pdfminer raises many types for damaged files
            if _encrypted(error):
                return None, f"{path}: encrypted PDF (a password is needed to read it)", None
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            return None, f"{path}: not a readable PDF ({reason})", None
        text = "\n\n".join(pages)
        if not text.strip():
            return text, None, f"{NO_TEXT_LAYER}: {len(pages)} page(s) without text (scanned images?)"
        return text, None, None
    try:
        return path.read_bytes().decode("utf-8"), None, None
    except OSError as error:
        return None, f"{path}: {error.strerror or error}", None
    except UnicodeDecodeError as error:
        return None, f"{path}: not UTF-8 ({error.reason} at byte {error.start})", None


def read_text(path: Path) -> str | UnreadableFile:
    """The text of a file, or an :class:`UnreadableFile` naming the file and the reason (see :func:`read_document`)."""
    text, error, _ = read_document(path)
    return UnreadableFile(error) if text is None else text
