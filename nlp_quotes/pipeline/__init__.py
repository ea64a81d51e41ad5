"""spaCy pipeline: components, Doc/Span extensions and loading of shipped models."""

from nlp_quotes.pipeline.extensions import register_extensions
from nlp_quotes.pipeline.loading import DEFAULT_MODEL, build_pipeline, load, models_dir

__all__ = ["DEFAULT_MODEL", "build_pipeline", "load", "models_dir", "register_extensions"]
