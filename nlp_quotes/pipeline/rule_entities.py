"""``nlp_quotes_entities``: rule-based PERSON, TITLE, ORG and LOC (:mod:`nlp_quotes.entities.rules`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from nlp_quotes.entities import find_entities
from nlp_quotes.pipeline.data import lexicons_dir, read_lexicons, save_lexicons, saved_lexicons
from nlp_quotes.pipeline.extensions import char_span_of, normalized_of
from nlp_quotes.pipeline.merge import EntsMerge


class RuleEntityRecognizer:
    """Rule entities into ``doc.spans["rule_entities"]``, and merged with a tagger's into ``doc.ents``.

    ``merge`` is the policy (:mod:`nlp_quotes.pipeline.merge`) that builds
    ``doc.ents`` from the tagger's entities and the rules'.  Each entity
    records the layer that produced it in ``ent._.nlp_quotes_source``
    (``"model"`` or ``"rules"``).  The lexicons are read at load time.
    """

    def __init__(self, merge: EntsMerge, lexicons: str = "") -> None:
        self.merge = merge
        self.lexicons = lexicons
        self.load()

    def load(self, saved: Path | None = None) -> None:
        """Read the lexicons: those saved at ``saved`` when there are any, else the configured ones."""
        configured = lexicons_dir(self.lexicons)
        self.lexicons_dir = saved_lexicons(saved, configured) if saved is not None else configured
        self.lex = read_lexicons(self.lexicons_dir)

    def __call__(self, doc: Doc) -> Doc:
        norm = normalized_of(doc)
        rule_spans = []
        for mention in find_entities(norm.view, self.lex):
            span = char_span_of(doc, *norm.to_original(mention.start, mention.end), label=mention.label)
            if span is not None:
                rule_spans.append(span)
        doc.spans["rule_entities"] = rule_spans
        model_spans = list(doc.ents)
        doc.ents = self.merge(model_spans, rule_spans)
        from_model = {(span.start_char, span.end_char, span.label_) for span in model_spans}
        for ent in doc.ents:
            ent._.nlp_quotes_source = "model" if (ent.start_char, ent.end_char, ent.label_) in from_model else "rules"
        return doc

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        save_lexicons(self.lexicons_dir, Path(path))

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> RuleEntityRecognizer:
        self.load(Path(path))
        return self
