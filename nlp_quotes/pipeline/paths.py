"""Where shipped models live: package data when installed, else the checkout's ``models/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def models_dir() -> Path:
    """The folder of shipped pipelines: installed package data, else the checkout's ``models/``."""
    try:
        installed = Path(str(resources.files("nlp_quotes.models")))
    except ModuleNotFoundError:
        installed = None
    if installed is not None and installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "models"


def resolve_model_path(path: str | Path) -> Path:
    """``path`` itself when absolute, else the same path under :func:`models_dir`."""
    path = Path(path)
    return path if path.is_absolute() else models_dir() / path
