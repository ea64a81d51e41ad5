"""Documents as ``(doc_id, text)`` pairs from DataFrames, mappings, pairs or files, and the readers of files.

Text files are decoded by :func:`decode_bytes`: a byte-order mark says
UTF-8 or UTF-16 (and is removed, so offsets count from the first
character of the text), else UTF-8, else GB18030 (a superset of GBK and
GB2312) are tried in that order; ``encoding=`` names the encoding instead.
``.pdf`` files are read with :mod:`nlp_quotes.pdf`, Word ``.docx`` files
with python-docx (the ``docx`` extra).
"""

from __future__ import annotations

import codecs
import glob
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import NamedTuple

import pandas as pd

from nlp_quotes.pdf import read_pdf

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

    A bare text is numbered ``number``; a bare path (``Path``) is named after
    its file, without the suffix (``reports/a.txt`` -> ``"a"``).  Nothing is checked: a text that is no
    ``str`` is reported by the caller as that document's error.
    """
    kind = type(item)  # not isinstance: it would ask the item for its __class__, which a hostile one may refuse
    if issubclass(kind, str):
        return number, item
    if issubclass(kind, PurePath):
        return PurePath(item).stem, item
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
    stands for every ``*.txt``, ``*.pdf`` and ``*.docx`` below it and a glob (``corpus/**/*.txt``) for
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
    """A document file that cannot be read or decoded."""


#: Suffixes of the files a folder argument stands for.
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx")
#: The warning of a PDF whose pages hold no text.
NO_TEXT_LAYER = "no text layer"
#: What the readers take, for the messages about files they do not.
SUPPORTED = (
    "supported are plain text files (.txt and other text; UTF-8, UTF-16 with a byte-order mark or GB18030/GBK "
    "are detected, --encoding / encoding= names another), PDF files with a text layer (.pdf) "
    'and Word .docx files (with the docx extra: pip install ".[docx]" in the clone, or python-docx)'
)
#: The encodings tried, in order, when a text file has no byte-order mark.
DETECTED = ("utf-8", "gb18030")
#: Byte-order marks and the encoding they announce (UTF-32 before UTF-16: FF FE 00 00 starts with FF FE).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Files that are no text, by their first bytes, and what they are.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .odt, .epub, .zip…)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc, .xls, .ppt, .wps)"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
#: Suffixes of document formats that are not read (their bytes would be decoded as garbage).
UNSUPPORTED_SUFFIXES = frozenset(
    {".doc", ".wps", ".rtf", ".odt", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".epub", ".mobi"}
    | {".zip", ".gz", ".7z", ".rar", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"}
)

_SPECIAL_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class FileText(NamedTuple):
    """What :func:`read_file` makes of a file: ``text`` is ``None`` exactly when ``error`` says why."""

    text: str | None
    error: str | None
    warning: str | None
    encoding: str | None = None  # the text encoding used; None for PDF, .docx and unread files


def encoding_name(encoding: str) -> str:
    """The canonical name of an encoding (``"GBK"`` -> ``"gbk"``, ``"utf8"`` -> ``"utf-8"``).

    Raises:
        ValueError: Python knows no such text encoding.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ValueError(f"unknown text encoding {encoding!r} (e.g. utf-8, gb18030, gbk, big5, utf-16)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{encoding!r} is no text encoding")
    return info.name


def _plausible(text: str) -> bool:
    """Whether a decoding looks like text: no unassigned code points and no control characters but whitespace.

    Applied to the guesses that can decode bytes of another encoding
    (UTF-16 and GB18030), so that garbage falls through to an error.
    """

    for char in set(text):
        category = unicodedata.category(char)
        if category in ("Cn", "Cs") or (category == "Cc" and char not in "\t\n\r\f\v"):
            return False
    return True


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of the bytes of a text file: ``encoding`` as given, or detected.

    Detection: a byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else
    GB18030 (which reads GBK and GB2312).  The byte-order mark is not part
    of the text.  Bytes with a NUL byte and no byte-order mark are refused
    (UTF-16 without its mark is valid UTF-8 where the text is ASCII-like), as
    is a guess that decodes into unassigned code points or control
    characters.

    Raises:
        UnicodeDecodeError: the bytes are not in ``encoding``, or in none of the detected ones
            (the error of the last one tried).
        ValueError: ``encoding`` is unknown.
    """
    if encoding is not None:
        name = encoding_name(encoding)
        text = data.decode(name)
        if name.startswith("utf") and text.startswith("\ufeff"):
            text = text[1:]
        return text, name
    for bom, name in BOMS:
        if data.startswith(bom):
            text = data.decode(name)
            if name == "utf-8-sig" or _plausible(text):
                return text, name
            raise UnicodeDecodeError(name, data, 0, len(bom), "starts with a byte-order mark but is no text in it")
    nul = data.find(b"\x00")
    if nul >= 0:  # text has no NUL: UTF-16 without a byte-order mark, or no text at all
        raise UnicodeDecodeError("utf-8", data, nul, nul + 1, "NUL byte: UTF-16 without a byte-order mark, or no text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        failure = error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise failure from None
    if not _plausible(text):
        raise failure
    return text, "gb18030"


def what_binary(path: Path, head: bytes) -> str | None:
    """What a file that is to be read as text is instead (``"an RTF file"``…), or ``None`` when it may be text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if path.suffix.lower() in UNSUPPORTED_SUFFIXES:
        return f"a {path.suffix.lower()} file"
    return None


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


def read_docx(path: Path) -> list[str]:
    """The paragraphs of a Word ``.docx`` file's body in document order, a table row as its cells joined by tabs.

    Needs python-docx (the ``docx`` extra); headers, footers, notes and
    comments are left out.

    Raises:
        ImportError: python-docx is not installed (the message says which extra to install).
    """
    try:
        import docx
    except ImportError:
        raise ImportError(
            "reading .docx files needs python-docx, the docx extra: "
            'pip install ".[docx]" in the clone (or save the file as .txt)'
        ) from None
    from docx.table import Table

    lines: list[str] = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
        else:
            lines.append(block.text)
    return lines


def _read_pdf(path: Path) -> FileText:

    try:
        pages = read_pdf(path)
    except Exception as error:  # pdfminer raises many types for damaged files
        if _encrypted(error):
            return FileText(None, f"{path}: encrypted PDF (a password is needed to read it)", None)
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return FileText(None, f"{path}: not a readable PDF ({reason})", None)
    text = "\n\n".join(pages)
    if not text.strip():
        return FileText(text, None, f"{NO_TEXT_LAYER}: {len(pages)} page(s) without text (scanned images?)")
    return FileText(text, None, None)


def read_file(path: Path, encoding: str | None = None) -> FileText:
    """The text of a document file, with the error or warning to report and the encoding used.

    A ``.pdf`` is read with :func:`nlp_quotes.pdf.read_pdf` (columns in order,
    furniture and captions left out), its pages separated by blank lines;
    one without any text (scanned pages) comes with the warning
    :data:`NO_TEXT_LAYER`, an encrypted one is an error saying so.  A
    ``.docx`` is read with :func:`read_docx`, its paragraphs one a line.
    Any other file is text, decoded by :func:`decode_bytes` (``encoding``
    overrides the detection) unless its first bytes or its suffix say it is
    another kind of file (an error naming what is supported).  Special
    files (FIFOs, devices) are errors and are never opened.
    """
    kind = special_file(path)
    if kind is not None:
        return FileText(None, f"{path}: {kind}, not a document file: skipped without reading it", None)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix == ".docx":
        try:
            return FileText("\n".join(read_docx(path)), None, None)
        except ImportError as error:
            return FileText(None, f"{path}: {error}", None)
        except OSError as error:
            return FileText(None, f"{path}: {error.strerror or error}", None)
        except Exception as error:  # a damaged or mislabelled file: zipfile, lxml and python-docx raise many types
            return FileText(None, f"{path}: not a readable .docx file ({describe_error(error)})", None)
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileText(None, f"{path}: {error.strerror or error}", None)
    if data.startswith(b"%PDF-"):
        return _read_pdf(path)
    other = what_binary(path, data[:16])
    if other is not None:
        return FileText(None, f"{path}: unsupported file type ({other}); {SUPPORTED}", None)
    return decode_text(data, encoding, str(path))


def decode_text(data: bytes, encoding: str | None = None, name: str = "the text") -> FileText:
    """:func:`decode_bytes` as a :class:`FileText`: a decoding failure is the error, saying what to do."""
    try:
        text, used = decode_bytes(data, encoding)
    except UnicodeDecodeError as error:
        if encoding is not None:
            return FileText(None, f"{name}: not {encoding} ({error.reason} at byte {error.start})", None)
        return FileText(
            None,
            f"{name}: not text in UTF-8, UTF-16 or GB18030/GBK ({error.reason} at byte {error.start}); "
            "if it is text in another encoding, name it with --encoding (encoding=), e.g. big5; " + SUPPORTED,
            None,
        )
    except ValueError as error:
        return FileText(None, f"{name}: {error}", None)
    return FileText(text, None, None, used)


def describe_error(error: BaseException) -> str:
    """``"Type: message"`` of an exception, ``"Type"`` alone when it has no message."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def read_document(path: Path, encoding: str | None = None) -> tuple[str | None, str | None, str | None]:
    """``(text, error, warning)`` of a document file (see :func:`read_file`, which also gives the encoding)."""
    return tuple(read_file(path, encoding)[:3])


def read_text(path: Path, encoding: str | None = None) -> str | UnreadableFile:
    """The text of a file, or an :class:`UnreadableFile` naming the file and the reason (see :func:`read_file`)."""
    text, error, _, _ = read_file(path, encoding)
    return UnreadableFile(error) if text is None else text
