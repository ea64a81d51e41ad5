"""What produced a dataset: library, model and schema versions, written beside every output."""

from __future__ import annotations

import datetime as _dt

from spacy.language import Language

from nlp_quotes.schema import SCHEMA_VERSION


def run_metadata(nlp: Language, model: str | None = None) -> dict[str, str]:
    """Library version, pipeline name and version, and schema version of a run."""
    from nlp_quotes import __version__

    return {
        "library": "nlp_quotes",
        "library_version": __version__,
        "model": model or f"zh_{nlp.meta.get('name', '')}",
        "model_version": str(nlp.meta.get("version", "")),
        "pipeline": ",".join(nlp.pipe_names),
        "schema_version": SCHEMA_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
