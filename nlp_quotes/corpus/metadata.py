"""Per-document metadata (date, outlet, page, headline, and any further fields) carried into the documents table.

Metadata comes from three places, later ones winning where they give a value:

1. a mapping item's ``date``, ``outlet``, ``page`` and ``headline`` keys
   (:data:`~nlp_quotes.schema.METADATA_FIELDS`; other keys of an item are not read);
2. a DataFrame input's columns other than the text and id columns (all of them);
3. the ``metadata`` argument of :func:`nlp_quotes.process`: a DataFrame with
   a ``doc_id`` column (or the id column), a mapping ``{doc_id: {field: value}}``,
   or a manifest file (:func:`read_manifest`).

Every value is stored as text (dates as ISO ``YYYY-MM-DD`` when they are
dates); missing values are null.  A metadata column whose name is taken by a
status column (``n_chars``, ``status``…) is kept as ``meta_<name>``.
Nothing here parses or checks dates.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nlp_quotes.schema import DOCUMENT_COLUMNS, METADATA_FIELDS

#: Manifest formats read by :func:`read_manifest`.
MANIFEST_SUFFIXES = (".csv", ".tsv", ".jsonl")


def column_name(name: object) -> str:
    """The documents-table name of a metadata field: ``meta_<name>`` when a status column has that name."""
    name = str(name)
    return f"meta_{name}" if name in DOCUMENT_COLUMNS and name not in METADATA_FIELDS else name


def as_text(value: object) -> str | None:
    """A metadata value as text: ``None`` for a missing one, ISO for dates, ``str()`` otherwise; never raises."""
    try:
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return None
        if isinstance(value, pd.Timestamp | _dt.datetime):
            if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
                return value.date().isoformat()
            return value.isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if issubclass(type(value), str):
            return str.__str__(value)
        return str(value)
    except Exception:  # a value that cannot be shown is no metadata
        return None


@dataclass
class DocumentMetadata:
    """Where the metadata of each input document comes from, and which extra columns it fills."""

    extra: tuple[str, ...] = ()
    by_index: list[dict[str, str | None]] | None = None
    by_id: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        """The metadata columns of the documents table: the fixed fields, then :attr:`extra`."""
        return METADATA_FIELDS + self.extra

    def row(self, index: int, item: object, doc_id: str | None) -> dict[str, str | None]:
        """The metadata of input document ``index`` (its item and id as read); never raises."""
        found: dict[str, str | None] = {}
        if issubclass(type(item), Mapping):
            for name in METADATA_FIELDS:
                try:
                    found[name] = as_text(item.get(name))
                except Exception:
                    found[name] = None
        if self.by_index is not None and index < len(self.by_index):
            found.update(self.by_index[index])
        if doc_id is not None and doc_id in self.by_id:
            found.update({name: value for name, value in self.by_id[doc_id].items() if value is not None})
        return {name: value for name, value in found.items() if value is not None}


def _rows_of(table: Iterable[Mapping]) -> tuple[list[dict[str, str | None]], tuple[str, ...]]:
    rows, names = [], {}
    for raw in table:
        row = {column_name(key): as_text(value) for key, value in raw.items()}
        names.update(dict.fromkeys(row))
        rows.append(row)
    return rows, tuple(names)


def _extra(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(name for name in names if name not in METADATA_FIELDS)


def document_metadata(docs: object, text_col: str, id_col: str, metadata: object = None) -> DocumentMetadata:
    """The :class:`DocumentMetadata` of a :func:`~nlp_quotes.process` call.

    Raises:
        TypeError: ``metadata`` is neither a DataFrame, a mapping nor a manifest path.
        KeyError: a ``metadata`` DataFrame or manifest without a ``doc_id`` or ``id_col`` column.
    """
    found = DocumentMetadata()
    extra: dict[str, None] = {}
    if isinstance(docs, pd.DataFrame):
        columns = [name for name in docs.columns if name not in (text_col, id_col)]
        found.by_index = _rows_of(docs[columns].to_dict("records"))[0] if columns else []
        extra.update(dict.fromkeys(_extra(column_name(name) for name in columns)))
    if metadata is not None:
        if isinstance(metadata, str | Path):
            metadata = pd.DataFrame(read_manifest(metadata))
        if isinstance(metadata, pd.DataFrame):
            key = next((name for name in (id_col, "doc_id") if name in metadata.columns), None)
            if key is None:
                raise KeyError(f"the metadata has no {id_col!r} column; its columns are {list(metadata.columns)}")
            ids = [as_text(value) for value in metadata[key]]
            records = metadata.drop(columns=[key]).to_dict("records")
            metadata = {doc_id: record for doc_id, record in zip(ids, records, strict=True) if doc_id is not None}
        if not isinstance(metadata, Mapping):
            kind = type(metadata).__name__
            raise TypeError(f"metadata: expected a DataFrame, a mapping or a manifest path, got {kind}")
        for doc_id, record in metadata.items():
            rows, names = _rows_of([record])
            found.by_id.setdefault(str(doc_id), rows[0])
            extra.update(dict.fromkeys(_extra(names)))
    found.extra = tuple(extra)
    return found


def read_manifest(path: str | Path) -> list[dict[str, str | None]]:
    """The rows of a manifest file (``.csv``, ``.tsv`` or ``.jsonl``), every value as text (empty ones ``None``).

    Nothing is matched to documents here (see :func:`manifest_lookup`).
    """
    path = Path(path)
    if path.suffix not in MANIFEST_SUFFIXES:
        raise ValueError(f"unknown manifest format {path.suffix!r}: use .csv, .tsv or .jsonl")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = list(csv.DictReader(text.splitlines(), delimiter="\t" if path.suffix == ".tsv" else ","))
    return [{str(key): (as_text(value) or None) for key, value in row.items()} for row in rows]


#: Manifest columns that name a document (tried in this order) and the column that gives its file.
KEY_COLUMNS = ("doc_id", "id")
PATH_COLUMN = "path"


def manifest_lookup(rows: list[dict[str, str | None]], folder: Path, columns: Iterable[str] | None = None):
    """A function ``(doc_id, path) -> metadata`` over manifest ``rows`` (``None`` when no row matches).

    A document matches the row whose ``path`` (relative to ``folder``, the
    manifest's folder) is its file, else the row whose ``doc_id`` or ``id``
    is its id or its file name without suffix.  Rows that share a file (one
    file holding several stories) give it the values they all agree on (others are null).
    ``columns`` picks the carried fields (default: those of
    :data:`~nlp_quotes.schema.METADATA_FIELDS` the manifest has).  Nothing
    is guessed beyond that: a document matching no row gets no metadata.
    """
    names = list(rows[0]) if rows else []
    key = next((name for name in KEY_COLUMNS if name in names), None)
    wanted = [name for name in (columns if columns is not None else METADATA_FIELDS) if name in names]
    by_path: dict[Path, dict[str, str | None]] = {}
    by_key: dict[str, dict[str, str | None]] = {}
    for row in rows:
        values = {name: row.get(name) for name in wanted}
        if key is not None and row.get(key) is not None:
            by_key.setdefault(row[key], values)
        if row.get(PATH_COLUMN):
            file = (folder / row[PATH_COLUMN]).resolve()
            if file in by_path:
                by_path[file] = {
                    name: (value if values.get(name) == value else None) for name, value in by_path[file].items()
                }
            else:
                by_path[file] = values

    def lookup(doc_id: str | None, path: object = None) -> dict[str, str | None] | None:
        if isinstance(path, Path):
            try:
                resolved = path.resolve()
            except OSError:
                resolved = None
            if resolved in by_path:
                return by_path[resolved]
            if path.stem in by_key:
                return by_key[path.stem]
        return by_key.get(doc_id) if doc_id is not None else None

    return lookup
