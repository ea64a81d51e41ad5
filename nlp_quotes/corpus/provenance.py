"""What produced a dataset: library, model and schema versions, written beside every output."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from spacy.language import Language

from nlp_quotes._version import __version__
from nlp_quotes.schema import CORPUS_ENTITY_COLUMNS, QUOTE_COLUMNS, SCHEMA_VERSION, document_columns, schema_json


def run_metadata(nlp: Language, model: str | None = None, extra: Iterable[str] = ()) -> dict[str, Any]:
    """Library version, pipeline name and version, schema version, and the tables' columns of a run.

    ``tables`` maps each written table to its columns (``name``, ``dtype``,
    ``meaning``), the documents table with the metadata columns ``extra``;
    ``metadata_columns`` lists those.
    """

    extra = list(extra)

    return {
        "library": "nlp_quotes",
        "library_version": __version__,
        "model": model or f"zh_{nlp.meta.get('name', '')}",
        "model_version": str(nlp.meta.get("version", "")),
        "pipeline": ",".join(nlp.pipe_names),
        "schema_version": SCHEMA_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "metadata_columns": extra,
        "tables": {
            "quotes": schema_json(QUOTE_COLUMNS),
            "entities": schema_json(CORPUS_ENTITY_COLUMNS),
            "documents": schema_json(document_columns(extra)),
        },
    }
