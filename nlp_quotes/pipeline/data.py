"""What the components that own data share: where their files are and how they are copied.

A component reads its data when the pipeline is loaded (``from_disk``), from
its own folder of a saved pipeline when that holds the data, else from the
paths of its config (relative paths under :func:`~nlp_quotes.pipeline.paths.models_dir`).
``to_disk`` copies the files it read into its folder, so a saved pipeline
needs nothing of the installed package's ``models/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from nlp_quotes.lexicons import LEXICON_FILES, PACKAGE_DIR, Lexicons
from nlp_quotes.pipeline.paths import resolve_model_path

#: File of a component's folder that names its data files.
FILES_JSON = "files.json"
#: Subfolder of a component's folder holding its lexicon files.
LEXICONS_DIR = "lexicons"


def lexicons_dir(setting: str) -> Path:
    """The lexicon folder a config names: ``""`` is the package's own."""
    return resolve_model_path(setting) if setting else PACKAGE_DIR


def read_lexicons(directory: Path) -> Lexicons:
    """The lexicons of ``directory`` (shared by every pipeline reading the same folder)."""
    return Lexicons.from_dir(directory)


def save_lexicons(directory: Path, path: Path) -> None:
    """Copy the lexicon files of ``directory`` into ``path / "lexicons"``."""
    target = path / LEXICONS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for pattern in LEXICON_FILES:
        for source in directory.glob(pattern):
            shutil.copyfile(source, target / source.name)


def saved_lexicons(path: Path, fallback: Path) -> Path:
    """The lexicon folder of a component saved at ``path``, else ``fallback``."""
    folder = path / LEXICONS_DIR
    return folder if folder.is_dir() else fallback


def save_files(files: dict[str, Path | None], path: Path) -> None:
    """Copy each named file or folder into ``path`` and list them in ``files.json``."""
    path.mkdir(parents=True, exist_ok=True)
    names: dict[str, str | None] = {}
    for role, source in files.items():
        if source is None:
            names[role] = None
            continue
        names[role] = source.name
        if source.is_dir():
            shutil.copytree(source, path / source.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, path / source.name)
    (path / FILES_JSON).write_text(json.dumps(names, ensure_ascii=False, indent=1), encoding="utf-8")


def saved_files(path: Path) -> dict[str, Path | None] | None:
    """The files a component saved at ``path`` (see :func:`save_files`), or ``None`` when it saved none there."""
    listing = path / FILES_JSON
    if not listing.is_file():
        return None
    names = json.loads(listing.read_text(encoding="utf-8"))
    return {role: None if name is None else path / name for role, name in names.items()}


def require(path: Path, what: str, fix: str) -> Path:
    """``path`` when it exists, else ``OSError`` naming it, what it should be and the fix."""
    if not path.exists():
        raise OSError(f"no {what} at {path}; {fix}")
    return path
