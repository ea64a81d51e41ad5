"""The one definition of the attribution and entity tables.

Every DataFrame the library returns is built through one of the ``*_frame``
functions below, so column names, order and dtypes are defined here only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

SCHEMA_VERSION = "1.2"

#: Columns of the quotation table: name -> (pandas dtype, meaning).
QUOTE_COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "identifier of the document the quotation comes from"),
    "quote_id": ("Int64", "running number of the quotation within its document, from 0"),
    "kind": ("string", "'direct' (inside quotation marks) or 'indirect' (reported speech)"),
    "quote": ("string", "content of the quotation without its outer marks, line breaks joined"),
    "quote_start": ("Int64", "offset of the content in the input text"),
    "quote_end": ("Int64", "end offset: text[quote_start:quote_end] is the content as given"),
    "speaker": ("string", "canonical name of the speaker, titles stripped, pronouns resolved; None if unnamed"),
    "speaker_mention": ("string", "how the speaker is referred to next to the quotation (name, 他, 该负责人…)"),
    "speaker_start": ("Int64", "offset of the mention in the input text, or <NA>"),
    "speaker_end": ("Int64", "end offset of the mention in the input text, or <NA>"),
    "cue": ("string", "speech cue (表示, 说, 看来, ：…), or None when the quote stands next to its speaker"),
    "role": ("string", "'代表' (people's congress deputy), '委员' (CPPCC member) or None"),
    "role_level": ("string", "level of the deputy or member where the article says: '全国', '省', '市', '县' or None"),
    "delegation": ("string", "the deputy's delegation where the article names it (江苏代表团), else None"),
    "sector": ("string", "the party or sector a CPPCC member speaks for (民盟中央, 无党派人士界), else None"),
    "positions": ("object", "list of {'title', 'org'} dicts (either may be None) over the whole document"),
    "titles": ("object", "list of the speaker's titles found anywhere in the document (from positions)"),
    "orgs": ("object", "list of the speaker's organisations found anywhere in the document (from positions)"),
    "confidence": ("float64", "confidence of the attribution, 0 to 1"),
    "rule": ("string", "name of the mention sieve that found the speaker's mention (provenance)"),
    "speaker_rule": ("string", "name of the speaker sieve that turned the mention into the speaker (provenance)"),
}

#: Columns of the entity table.
ENTITY_COLUMNS: dict[str, tuple[str, str]] = {
    "text": ("string", "entity text as in the input"),
    "label": ("string", "PERSON, TITLE, ORG or LOC"),
    "start": ("Int64", "offset in the input text"),
    "end": ("Int64", "end offset in the input text"),
    "source": ("string", "layer that found the entity: 'model' (trained NER) or 'rules'"),
}

#: Columns of the entity table of a corpus run (:func:`nlp_quotes.process`).
CORPUS_ENTITY_COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "identifier of the document the entity comes from"),
    **ENTITY_COLUMNS,
}

#: Columns of the per-document status table of a corpus run (:func:`nlp_quotes.process`).
DOCUMENT_COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "identifier of the input document"),
    "status": ("string", "'ok'; 'warning' when processed but with something to know; 'error' when not processed"),
    "error": ("string", "why the document failed, or what the warning is (None when ok)"),
    "n_chars": ("Int64", "characters of the text (<NA> when the input was no text)"),
    "n_quotes": ("Int64", "quotation records written for the document"),
    "n_entities": ("Int64", "entity records written for the document"),
    "seconds": ("float64", "wall-clock seconds from the previous result to this one (0 if never run)"),
    "encoding": (
        "string",
        "text encoding a file or bytes input was decoded from: 'utf-8', 'utf-8-sig' (with a byte-order mark), "
        "'utf-16', 'gb18030' (also reads GBK) or the one given; None for str inputs, PDF and .docx",
    ),
    "date": ("string", "publication date, as the input's metadata gives it (None when not given)"),
    "outlet": ("string", "outlet (newspaper, site, broadcaster) from the input's metadata"),
    "page": ("string", "page or section from the input's metadata"),
    "headline": ("string", "headline from the input's metadata"),
}

#: The document metadata fields of :data:`DOCUMENT_COLUMNS`; further metadata columns follow them, as text.
METADATA_FIELDS: tuple[str, ...] = ("date", "outlet", "page", "headline")

#: Columns of the speaker-profile table built by :func:`nlp_quotes.speakers`.
SPEAKER_COLUMNS: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "document (None when profiles span a corpus)"),
    "speaker": ("string", "canonical name"),
    "role": ("string", "'代表', '委员' or None"),
    "titles": ("object", "every title the speaker is given"),
    "orgs": ("object", "every organisation the speaker is given"),
    "n_quotes": ("Int64", "number of quotations"),
    "n_direct": ("Int64", "number of direct quotations"),
    "n_indirect": ("Int64", "number of indirect quotations"),
}


#: Columns of the people table built by :func:`nlp_quotes.people` (one row per person across a corpus).
PEOPLE_COLUMNS: dict[str, tuple[str, str]] = {
    "person_id": ("Int64", "running number of the person in this table, from 0"),
    "name": ("string", "canonical name (the speaker column of the quotations)"),
    "variants": ("object", "sorted list of the other ways the person is named next to a quotation"),
    "roles": ("object", "sorted list of the roles given ('代表', '委员')"),
    "positions": ("object", "list of {title, org, first_date, last_date, n_docs} dicts, earliest first"),
    "first_date": ("string", "earliest document date (ISO) of the person's quotations, None if undated"),
    "last_date": ("string", "latest document date (ISO), None if undated"),
    "n_quotes": ("Int64", "number of quotations"),
    "n_docs": ("Int64", "number of documents quoting the person"),
    "doc_ids": ("object", "the documents quoting the person, in table order"),
}


def _frame(rows: Iterable[Mapping[str, Any]], columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """The table of ``rows`` (missing keys are null), one typed array per column."""
    rows = list(rows)
    if not rows:
        # pandas copies on write: a shallow copy of the shared empty table is the caller's own
        return _empty_frame(tuple((name, dtype) for name, (dtype, _) in columns.items())).copy(deep=False)
    data = {}
    for name, (dtype, _) in columns.items():
        values = [row.get(name) for row in rows]
        if dtype == "object":
            array = np.empty(len(values), dtype=object)
            for i, value in enumerate(values):  # one by one: a list value stays one cell
                array[i] = value
            data[name] = array
        elif dtype == "float64":
            data[name] = np.array(values, dtype=np.float64)
        else:
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


@lru_cache(maxsize=32)
def _empty_frame(columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """An empty table of ``(name, dtype)`` columns, shared: callers copy it."""
    return pd.DataFrame({name: pd.Series([], dtype=object if dtype == "object" else dtype) for name, dtype in columns})


def quotes_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build the quotation table from row mappings (missing keys become null)."""
    return _frame(rows, QUOTE_COLUMNS)


def entities_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build the entity table from row mappings."""
    return _frame(rows, ENTITY_COLUMNS)


def corpus_entities_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build the entity table of a corpus run (with ``doc_id``)."""
    return _frame(rows, CORPUS_ENTITY_COLUMNS)


def document_columns(extra: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """:data:`DOCUMENT_COLUMNS` followed by further metadata columns (text) named ``extra``."""
    columns = dict(DOCUMENT_COLUMNS)
    for name in extra:
        columns.setdefault(name, ("string", "document metadata from the input"))
    return columns


def documents_frame(rows: Iterable[Mapping[str, Any]] = (), extra: Iterable[str] = ()) -> pd.DataFrame:
    """Build the per-document status table of a corpus run, with metadata columns ``extra`` after the fixed ones."""
    return _frame(rows, document_columns(extra))


def people_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build the people table from row mappings."""
    return _frame(rows, PEOPLE_COLUMNS)


def speakers_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build the speaker-profile table from row mappings."""
    return _frame(rows, SPEAKER_COLUMNS)


def schema_markdown(columns: dict[str, tuple[str, str]] = QUOTE_COLUMNS) -> str:
    """A table's columns as a Markdown table (used in the README)."""
    lines = ["| column | dtype | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {dtype} | {meaning} |" for name, (dtype, meaning) in columns.items()]
    return "\n".join(lines)


def schema_json(columns: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """A table's columns as ``[{name, dtype, meaning}]``, as written into a run's Parquet metadata."""
    return [{"name": name, "dtype": dtype, "meaning": meaning} for name, (dtype, meaning) in columns.items()]
