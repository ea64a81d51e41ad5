"""Stream the tables of a corpus run to Parquet, CSV or JSON Lines as documents finish.

``out.parquet`` (a folder of ``part-NNNNN.parquet`` files, one per batch,
readable with ``pandas.read_parquet("out.parquet")``), ``out.csv`` or
``out.jsonl`` receive the quotations; ``out.documents.*`` the status row of
every document (with its metadata columns) and ``out.entities.*`` the
entities.  Every Parquet part carries the run's provenance in its schema
metadata (key ``nlp_quotes``), with the columns of the three tables (entry
``tables``: name, dtype, meaning) and the documents' metadata columns
(``metadata_columns``); CSV and JSON Lines get it in a sidecar,
``out.csv.meta.json``.

A batch is written quotations first and document rows last, so a document
listed in ``documents`` is complete.  ``resume=True`` reads the documents
already written, drops the quotation and entity rows of any batch cut short
by a crash, and lets the run skip what is done; it refuses a run whose
metadata columns differ from this one's (``ValueError``).

An existing output is never replaced silently: without ``resume`` or
``overwrite`` the writer raises ``FileExistsError`` naming the files that
exist and those it would write, and files that are not a run's (a Parquet
*file* where the folder goes, a CSV without its sidecar) are refused for
``resume`` too.  A Parquet part is written to a temporary file whose name
starts with a dot (pandas and pyarrow skip such files when they read the
folder) and renamed when complete; temporary parts left by a crash are
removed when a run starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nlp_quotes.schema import METADATA_FIELDS, QUOTE_COLUMNS, corpus_entities_frame, documents_frame, quotes_frame

FORMATS = (".parquet", ".csv", ".jsonl")
#: Tables written by a run: name -> frame builder (the quotations keep the bare output name).
TABLES: dict[str, Callable] = {"quotes": quotes_frame, "entities": corpus_entities_frame, "documents": documents_frame}
META_KEY = "nlp_quotes"
#: A complete Parquet part, and a temporary one (this version's, and the ``part-NNNNN.tmp`` of earlier versions).
PART = re.compile(r"part-\d{5}\.parquet")
TEMPORARY_PART = re.compile(r"\.part-\d{5}\.parquet\.tmp|part-\d{5}\.tmp")


#: Columns holding lists: JSON text in CSV, typed lists in Parquet (a list of dicts is a list of structs).
LIST_COLUMNS = tuple(name for name, (dtype, _) in QUOTE_COLUMNS.items() if dtype == "object")


def _arrow_type(column: str):

    if column == "positions":
        return pa.list_(pa.struct([("title", pa.string()), ("org", pa.string())]))
    return pa.list_(pa.string())


def lists_to_json(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with its list columns as JSON text (for CSV); other columns untouched."""
    columns = [c for c in LIST_COLUMNS if c in frame.columns]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        frame[column] = [None if v is None else json.dumps(list(v), ensure_ascii=False) for v in frame[column]]
    return frame


def lists_from_json(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`lists_to_json` on a frame read from CSV; text that is not JSON is kept as it is."""
    for column in [c for c in LIST_COLUMNS if c in frame.columns]:
        frame[column] = [_json_or_text(v) for v in frame[column]]
    return frame


def _json_or_text(value: object) -> object:
    if not isinstance(value, str):
        return [] if value is None or value != value else value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def table_path(output: Path, table: str) -> Path:
    """Where ``table`` of a run writing to ``output`` goes (``out.csv`` -> ``out.documents.csv``)."""
    return output if table == "quotes" else output.with_name(f"{output.stem}.{table}{output.suffix}")


def read_metadata(output: str | Path, table: str = "quotes") -> dict[str, Any]:
    """The provenance of a written run, from the Parquet metadata of ``table`` or from the sidecar."""
    output = Path(output)
    if output.suffix == ".parquet":
        folder = table_path(output, table)
        part = next(iter(sorted(folder.glob("part-*.parquet"))), None)
        if part is None:
            raise FileNotFoundError(f"no parts in {folder}")
        return json.loads(pq.read_schema(part).metadata[META_KEY.encode()])
    return json.loads(Path(f"{output}.meta.json").read_text(encoding="utf-8"))


class CorpusWriter:
    """Writes batches of :class:`~nlp_quotes.corpus.process.DocumentOutcome` to ``output``."""

    def __init__(
        self,
        output: str | Path,
        metadata: dict[str, Any],
        resume: bool = False,
        overwrite: bool = False,
        extra: tuple[str, ...] = (),
    ) -> None:
        """Get ``output`` ready: continue it (``resume``), replace it (``overwrite``) or start it; else refuse.

        ``extra`` names the documents table's metadata columns beyond the fixed ones.

        Raises:
            ValueError: an unknown output suffix, or ``resume`` with other
                metadata columns than the run being continued.
            FileExistsError: ``output`` exists and neither flag is given, or it
                holds files that no run of this writer made.
        """
        self.output = Path(output)
        if self.output.suffix not in FORMATS:
            raise ValueError(f"unknown output format {self.output.suffix!r}: use .parquet, .csv or .jsonl")
        self.metadata = metadata
        self.extra = tuple(extra)
        self.paths = {table: table_path(self.output, table) for table in TABLES}
        self._done: frozenset[str] = frozenset()
        self._batch = 0
        existing = self.existing()
        if existing and not (resume or overwrite):
            raise FileExistsError(
                f"{self._names(existing)} already exist(s); this run would write {self._names(self.written())}. "
                "Use --resume (resume=True) to continue that run, or --overwrite (overwrite=True) to replace it."
            )
        foreign = self.foreign()
        if foreign:
            raise FileExistsError(
                f"{self._names(foreign)}: not written by an nlp_quotes run, so neither resumed nor replaced; "
                "choose another output name"
            )
        self._remove_temporary_parts()
        if resume:
            self._recover()
        else:
            self._start_fresh()

    # -- setting up ---------------------------------------------------------------------------

    @staticmethod
    def _names(paths: list[Path]) -> str:
        return ", ".join(str(path) for path in paths)

    @property
    def _sidecar(self) -> Path:
        return Path(f"{self.output}.meta.json")

    def written(self) -> list[Path]:
        """The files and folders a run writing to ``output`` creates."""
        paths = list(self.paths.values())
        return paths if self.output.suffix == ".parquet" else [*paths, self._sidecar]

    def existing(self) -> list[Path]:
        """Those of :meth:`written` that exist already (an empty folder does not count)."""
        return [path for path in self.written() if path.exists() and not (path.is_dir() and not any(path.iterdir()))]

    def foreign(self) -> list[Path]:
        """Existing files at the output that no run of this writer made: never resumed, never replaced."""
        if self.output.suffix == ".parquet":
            found: list[Path] = []
            for path in self.paths.values():
                if path.exists() and not path.is_dir():
                    found.append(path)
                elif path.is_dir():
                    found.extend(
                        child
                        for child in sorted(path.iterdir())
                        if not (PART.fullmatch(child.name) or TEMPORARY_PART.fullmatch(child.name))
                    )
            return found
        tables = [path for path in self.paths.values() if path.exists()]
        if any(path.is_dir() for path in tables):
            return [path for path in tables if path.is_dir()]
        return [] if self._sidecar.exists() else tables

    def _remove_temporary_parts(self) -> None:
        """Remove the temporary parts a crashed run left behind (they are never data)."""
        if self.output.suffix != ".parquet":
            return
        for path in self.paths.values():
            if path.is_dir():
                for child in path.iterdir():
                    if TEMPORARY_PART.fullmatch(child.name):
                        child.unlink()

    def _start_fresh(self) -> None:
        for path in self.paths.values():
            if path.is_dir():
                for part in path.glob("part-*.parquet"):
                    part.unlink()
            elif path.exists():
                path.unlink()
        if self.output.suffix == ".parquet":
            for path in self.paths.values():
                path.mkdir(parents=True, exist_ok=True)
        else:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self._sidecar.write_text(json.dumps(self.metadata, indent=2) + "\n", encoding="utf-8")

    def _frame(self, table: str, rows=()) -> pd.DataFrame:
        return documents_frame(rows, self.extra) if table == "documents" else TABLES[table](rows)

    def _check_columns(self) -> None:
        """Refuse to continue a run whose documents table has other metadata columns than this one's."""
        try:
            earlier = read_metadata(self.output, "documents")
        except (FileNotFoundError, KeyError, ValueError):
            return  # nothing written yet, or a run of an earlier version (no metadata columns)
        columns = tuple(earlier.get("metadata_columns", ()))
        if columns != self.extra:
            raise ValueError(
                f"{self.output} was written with the metadata columns {list(columns)}, this run has "
                f"{list(self.extra)}: resume with the same metadata, or use overwrite"
            )

    def _recover(self) -> None:
        if not self.paths["documents"].exists():
            self._start_fresh()
            return
        self._check_columns()
        if self.output.suffix == ".parquet":
            finished = {int(p.stem.split("-")[1]) for p in self.paths["documents"].glob("part-*.parquet")}
            for table in ("quotes", "entities"):  # parts of a batch whose documents never got written
                for part in self.paths[table].glob("part-*.parquet"):
                    if int(part.stem.split("-")[1]) not in finished:
                        part.unlink()
            self._batch = max(finished, default=-1) + 1
            documents = self._read_parquet("documents")
        else:
            documents = self._read_lines("documents")
            done = set(documents["doc_id"].dropna().astype(str))
            for table in ("quotes", "entities"):
                rows = self._read_lines(table)
                kept = rows[rows["doc_id"].astype(str).isin(done)]
                self._write_lines(table, kept, append=False)
            self._write_lines("documents", documents, append=False)
        self._done = frozenset(documents["doc_id"].dropna().astype(str))

    def done_ids(self) -> frozenset[str]:
        """Ids of the documents an earlier run wrote completely."""
        return self._done

    # -- reading back -------------------------------------------------------------------------

    def _read_parquet(self, table: str) -> pd.DataFrame:
        parts = sorted(self.paths[table].glob("part-*.parquet"))
        frames = [pd.read_parquet(part) for part in parts]
        return pd.concat(frames, ignore_index=True) if frames else self._frame(table)

    def _read_lines(self, table: str) -> pd.DataFrame:
        path = self.paths[table]
        if not path.exists() or path.stat().st_size == 0:
            return self._frame(table)
        if path.suffix == ".csv":
            text_columns = {name: str for name in ("doc_id", *METADATA_FIELDS, *self.extra)}
            frame = pd.read_csv(path, dtype=text_columns, on_bad_lines="skip")
            frame = lists_from_json(frame.astype(object).where(frame.notna(), None))
            return self._frame(table, frame.to_dict("records"))
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:  # the last line of a crashed run
                continue
        return self._frame(table, rows)

    # -- writing ------------------------------------------------------------------------------

    def _write_lines(self, table: str, frame: pd.DataFrame, append: bool = True) -> None:
        path = self.paths[table]
        header = not (append and path.exists() and path.stat().st_size > 0)
        with path.open("a" if append else "w", encoding="utf-8", newline="") as handle:
            if path.suffix == ".csv":
                lists_to_json(frame).to_csv(handle, index=False, header=header)
            elif len(frame):
                text = frame.to_json(orient="records", lines=True, force_ascii=False)
                handle.write(text if text.endswith("\n") else text + "\n")

    def _write_part(self, table: str, frame: pd.DataFrame) -> None:

        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        for column in LIST_COLUMNS:  # typed even when every list of the batch is empty
            if column in arrow.column_names:
                index = arrow.column_names.index(column)
                arrow = arrow.set_column(index, column, arrow.column(column).cast(_arrow_type(column)))
        schema_meta = dict(arrow.schema.metadata or {})
        schema_meta[META_KEY.encode()] = json.dumps(self.metadata, ensure_ascii=False).encode()
        arrow = arrow.replace_schema_metadata(schema_meta)
        final = self.paths[table] / f"part-{self._batch:05d}.parquet"
        temporary = final.with_name(f".{final.name}.tmp")  # readers skip names starting with a dot
        pq.write_table(arrow, temporary)
        temporary.replace(final)

    def write(self, outcomes: list) -> None:
        """Write one batch of document outcomes (quotations, entities, then document rows)."""
        if not outcomes:
            return
        frames = {
            "quotes": quotes_frame(row for outcome in outcomes for row in outcome.quotes),
            "entities": corpus_entities_frame(row for outcome in outcomes for row in outcome.entities),
            "documents": documents_frame((outcome.document for outcome in outcomes), self.extra),
        }
        for table in ("quotes", "entities", "documents"):
            if self.output.suffix == ".parquet":
                self._write_part(table, frames[table])
            else:
                self._write_lines(table, frames[table])
        self._batch += 1
