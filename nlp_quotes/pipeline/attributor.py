"""``nlp_quotes_attribution``: quotations and their speakers into ``doc.spans`` and the table rows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from nlp_quotes.attribution import attribute_quotes
from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.sieves import SieveOrder
from nlp_quotes.pipeline.data import (
    lexicons_dir,
    read_lexicons,
    save_files,
    save_lexicons,
    saved_files,
    saved_lexicons,
)
from nlp_quotes.pipeline.extensions import normalized_of
from nlp_quotes.pipeline.merge import SpeakerEntitiesMerge
from nlp_quotes.pipeline.paths import resolve_model_path
from nlp_quotes.pipeline.records import record_row, row_spans
from nlp_quotes.pipeline.words import load_pkuseg
from nlp_quotes.text.words import LocalWordBoundaries
from nlp_quotes.types import EntityMention


class QuoteAttributor:
    """Finds quotations and their speakers; fills ``doc.spans`` and the rows of ``doc._.nlp_quotes_rows``.

    It reads ``doc.ents`` from any entity backend and the rule layer's spans
    (``doc.spans["rule_entities"]``), merged by the policy ``entities``
    (:mod:`nlp_quotes.pipeline.merge`).  Cue words must be whole words: by
    the word layer where the pipeline ran it, else by segmenting with
    ``words_model`` just around each cue.  The word model and the lexicons
    are read at load time and copied by ``to_disk``.
    """

    def __init__(
        self,
        entities: SpeakerEntitiesMerge,
        words_model: str = "",
        order: SieveOrder | None = None,
        lexicons: str = "",
    ) -> None:
        self.entities = entities
        self.words_model = words_model
        self.order = order or SieveOrder()
        self.lexicons = lexicons
        self.words_dir: Path | None = None
        self.lex = None

    def load(self, saved: Path | None = None) -> None:
        """Read the word model and lexicons: those saved at ``saved`` when there are any, else the configured ones."""
        files = saved_files(saved) if saved is not None else None
        if files is not None:
            self.words_dir = load_pkuseg(files["words_model"]) if files["words_model"] else None
        else:
            self.words_dir = load_pkuseg(resolve_model_path(self.words_model)) if self.words_model else None
        configured = lexicons_dir(self.lexicons)
        self.lexicons_dir = saved_lexicons(saved, configured) if saved is not None else configured
        self.lex = read_lexicons(self.lexicons_dir)

    def __call__(self, doc: Doc) -> Doc:
        if self.lex is None:
            self.load()
        norm = normalized_of(doc)
        rules = list(doc.spans["rule_entities"]) if "rule_entities" in doc.spans else []
        entities = []
        for ent, confirmed in self.entities(doc, list(doc.ents), rules, self.lex):
            start, end = norm.from_original(ent.start_char, ent.end_char)
            if end > start:
                entities.append(EntityMention(start, end, ent.label_, norm.view[start:end], confirmed))
        boundaries = doc._.nlp_quotes_word_boundaries
        local_words = None
        if boundaries is None and self.words_dir is not None:
            local_words = LocalWordBoundaries(norm.text, self.words_dir)
        context = DocContext(norm.view, entities, lex=self.lex, word_boundaries=boundaries, words=local_words)
        rows, quotes, speakers = [], [], []
        for quote_id, record in enumerate(attribute_quotes(context, self.order)):
            row = record_row(norm, quote_id, record)
            rows.append(row)
            quote, mention = row_spans(doc, row)
            if quote is not None:
                quotes.append(quote)
            if mention is not None:
                speakers.append(mention)
        doc.spans["quotes"] = quotes
        doc.spans["speakers"] = speakers
        doc._.nlp_quotes_rows = rows
        # working state, recomputed on demand; dropping it keeps the doc serialisable (nlp.pipe(n_process=2))
        doc._.nlp_quotes_normalized = None
        doc._.nlp_quotes_word_boundaries = None
        return doc

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        if self.lex is None:
            self.load()
        save_files({"words_model": self.words_dir}, Path(path))
        save_lexicons(self.lexicons_dir, Path(path))

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> QuoteAttributor:
        self.load(Path(path))
        return self
