"""``nlp_quotes_neural_ner`` and ``nlp_quotes_crf_ner``: a trained character tagger's entities into ``doc.ents``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from nlp_quotes.entities import crf, neural
from nlp_quotes.entities.crf import FeatureResources
from nlp_quotes.entities.lexical import load_clusters, load_gazetteer
from nlp_quotes.entities.names import NameModel, load_name_model
from nlp_quotes.lexicons import Lexicons
from nlp_quotes.pipeline.data import (
    lexicons_dir,
    read_lexicons,
    require,
    save_files,
    save_lexicons,
    saved_files,
    saved_lexicons,
)
from nlp_quotes.pipeline.extensions import normalized_of, set_model_entities
from nlp_quotes.pipeline.paths import resolve_model_path
from nlp_quotes.types import EntitySpan


class TaggerEntityRecognizer:
    """Statistical PERSON / TITLE / ORG / LOC from a character tagger, on the normalised text.

    Subclasses name how a model file is read and how it tags.  The model, the
    name model that splits runs of names, the lexical resources the tagger was
    trained with and the lexicons are read at load time (a missing file fails
    there, named) and copied by ``to_disk``.
    """

    #: ``read(path) -> tagger``, set by each subclass
    read: Callable[[str], Any]
    #: ``tag(tagger, text, names, resources, lexicons) -> spans``, set by each subclass
    tag: Callable[[Any, str, NameModel | None, FeatureResources, Lexicons], list[EntitySpan]]
    #: what the model file is, and how to make one (for the error of a missing file)
    model_kind: str = "tagger model"
    fix: str = ""

    def __init__(
        self,
        model: str,
        names: str | None = None,
        name_features: bool = False,
        gazetteer: str | None = None,
        clusters: str | None = None,
        lexicons: str = "",
    ) -> None:
        if name_features and not names:
            raise ValueError("a tagger trained with name features needs its name model (`names`)")
        self.config = {"model": model, "names": names, "gazetteer": gazetteer, "clusters": clusters}
        self.name_features = name_features
        self.lexicons = lexicons
        self.files: dict[str, Path | None] = {}
        self.tagger: Any = None

    def load(self, saved: Path | None = None) -> None:
        """Read every file: those saved at ``saved`` when there are any, else the configured ones."""
        files = saved_files(saved) if saved is not None else None
        if files is None:
            files = {role: resolve_model_path(value) if value else None for role, value in self.config.items()}
        self.tagger = self.read(str(require(files["model"], self.model_kind, self.fix)))
        names_path = files["names"]
        self.names = load_name_model(str(require(names_path, "name model", self.fix))) if names_path else None
        gazetteer, clusters = files["gazetteer"], files["clusters"]
        self.resources = FeatureResources(
            names=self.names if self.name_features else None,
            gazetteer=load_gazetteer(str(require(gazetteer, "gazetteer", self.fix))) if gazetteer else None,
            clusters=load_clusters(str(require(clusters, "character clusters", self.fix))) if clusters else None,
        )
        self.lexicons_dir = saved_lexicons(saved, lexicons_dir(self.lexicons)) if saved else lexicons_dir(self.lexicons)
        self.lex = read_lexicons(self.lexicons_dir)
        self.files = files

    def __call__(self, doc: Doc) -> Doc:
        if self.tagger is None:
            self.load()
        text = normalized_of(doc).text
        return set_model_entities(doc, self.tag(self.tagger, text, self.names, self.resources, self.lex))

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        if self.tagger is None:
            self.load()
        save_files(self.files, Path(path))
        save_lexicons(self.lexicons_dir, Path(path))

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> TaggerEntityRecognizer:
        self.load(Path(path))
        return self


class CrfEntityRecognizer(TaggerEntityRecognizer):
    """Entities of the CRF tagger (:mod:`nlp_quotes.entities.crf`)."""

    read = staticmethod(crf.load_crf_tagger)
    tag = staticmethod(crf.tag_with)
    model_kind = "CRF model"
    fix = "train one with `python -m nlp_quotes.training crf`"


class ConvEntityRecognizer(TaggerEntityRecognizer):
    """Entities of the convolutional tagger (:mod:`nlp_quotes.entities.neural`)."""

    read = staticmethod(neural.load_conv_tagger)
    tag = staticmethod(neural.tag_with)
    model_kind = "neural NER model"
    fix = "train one with `python -m nlp_quotes.training neural`"
