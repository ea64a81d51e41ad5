"""``nlp_quotes_words``: pkuseg words beside the character tokens."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from nlp_quotes.pipeline.data import require, save_files, saved_files
from nlp_quotes.pipeline.extensions import char_span_of, normalized_of
from nlp_quotes.pipeline.paths import resolve_model_path
from nlp_quotes.text.words import boundaries, load_segmenter, segment

#: What to do when a pkuseg model is missing.
PKUSEG_FIX = "train one with `python -m nlp_quotes.training pkuseg`"


def load_pkuseg(model_dir: Path) -> Path:
    """Check and load the pkuseg model of ``model_dir`` now (cached per folder); ``OSError`` naming what is missing."""
    require(model_dir / "features.msgpack", "pkuseg model file", PKUSEG_FIX)
    load_segmenter(str(model_dir))
    return model_dir


class WordSegmenter:
    """Word layer from spacy-pkuseg beside the character tokens.

    Words go to ``doc.spans["words"]``; their boundaries in the normalised
    text go to ``doc._.nlp_quotes_word_boundaries`` so that cues match whole
    words only (说 but not 小说 or 说明).  The model folder is read at load
    time and copied by ``to_disk``.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self.model_dir: Path | None = None

    def load(self, saved: Path | None = None) -> None:
        """Read the model: the one saved at ``saved`` when there is one, else the configured one."""
        files = saved_files(saved) if saved is not None else None
        self.model_dir = load_pkuseg(files["model"] if files else resolve_model_path(self.model))

    def __call__(self, doc: Doc) -> Doc:
        if self.model_dir is None:
            self.load()
        norm = normalized_of(doc)
        spans = segment(norm.text, self.model_dir)
        doc._.nlp_quotes_word_boundaries = boundaries(spans)
        words = []
        for start, end in spans:
            span = char_span_of(doc, *norm.to_original(start, end))
            if span is not None:
                words.append(span)
        doc.spans["words"] = words
        return doc

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        if self.model_dir is None:
            self.load()
        save_files({"model": self.model_dir}, Path(path))

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> WordSegmenter:
        self.load(Path(path))
        return self
