"""spaCy components of the nlp_quotes pipeline, one job each.

``nlp_quotes_normalizer``  stores the normalised text on ``doc._.normalized``
``nlp_quotes_neural_ner``  PERSON/TITLE/ORG/LOC of the convolutional tagger into ``doc.ents``
``nlp_quotes_crf_ner``     the same from the CRF tagger
``nlp_quotes_words``       pkuseg words into ``doc.spans["words"]`` (optional)
``nlp_quotes_entities``    rule-based PERSON/TITLE/ORG/LOC into ``doc.ents``
``nlp_quotes_attribution`` quotations into ``doc.spans["quotes"]`` with their
                           speakers; speaker mentions into ``doc.spans["speakers"]``

The attribution reads whatever ``doc.ents`` holds, so any entity backend that
fills PERSON/TITLE/ORG/LOC can stand in for the rule-based one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp_quotes.attribution import attribute_quotes
from nlp_quotes.attribution.context import DocContext, given_name_before_cue
from nlp_quotes.attribution.sieves import CONFIG_KEYS, SieveOrder
from nlp_quotes.attribution.speakers import strip_trailing_words
from nlp_quotes.entities import EntityMention, crf, find_entities, neural
from nlp_quotes.entities.crf import FeatureResources
from nlp_quotes.entities.rules import plausible_person
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.pipeline.tokenizer import source_text
from nlp_quotes.text import NormalizedText, normalize
from nlp_quotes.text.words import LocalWordBoundaries, boundaries, segment

SPAN_EXTENSIONS = (
    "kind",
    "speaker",
    "speaker_mention",
    "cue",
    "role",
    "role_level",
    "delegation",
    "sector",
    "positions",
    "titles",
    "orgs",
    "confidence",
    "rule",
    "speaker_rule",
    "quote_id",
    "quote",
)


def register_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    if not Doc.has_extension("normalized"):
        Doc.set_extension("normalized", default=None)
    if not Doc.has_extension("word_boundaries"):
        Doc.set_extension("word_boundaries", default=None)
    if not Doc.has_extension("quote_records"):
        Doc.set_extension("quote_records", default=None)
    if not Span.has_extension("source"):
        Span.set_extension("source", default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


def normalized_of(doc: Doc) -> NormalizedText:
    """The normalised text of ``doc``, computed once."""
    if doc._.normalized is None:
        doc._.normalized = normalize(source_text(doc))
    return doc._.normalized


def char_span_of(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    """The span over characters ``[start, end)`` of ``doc``, widened to whole tokens."""
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def set_model_entities(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> Doc:
    """Put a statistical model's ``(start, end, label)`` spans, in normalised-text offsets, into ``doc.ents``."""
    norm = normalized_of(doc)
    found = []
    for start, end, label in spans:
        span = char_span_of(doc, *norm.to_original(start, end), label=label)
        if span is not None:
            found.append(span)
    doc.ents = filter_spans(found)
    return doc


def _mention_as_given(norm: NormalizedText, mention: str, start: int, end: int) -> str:
    """``mention`` (read on the view), or the input's text of its span when the two differ beyond whitespace."""
    given = norm.as_given(start, end)
    return mention if "".join(mention.split()) == "".join(given.split()) else given


class Normalizer:
    """Stores the :class:`~nlp_quotes.text.NormalizedText` of each doc."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.normalized = normalize(source_text(doc))
        return doc


class WordSegmenter:
    """Word layer from spacy-pkuseg beside the character tokens.

    Words go to ``doc.spans["words"]``; their boundaries in the normalised
    text go to ``doc._.word_boundaries`` so that cues match whole words only
    (说 but not 小说 or 说明).
    """

    def __init__(self, model: str) -> None:
        from nlp_quotes.pipeline.loading import resolve_model_path

        self.model_dir = resolve_model_path(model)

    def __call__(self, doc: Doc) -> Doc:
        norm = normalized_of(doc)
        spans = segment(norm.text, self.model_dir)
        doc._.word_boundaries = boundaries(spans)
        words = []
        for start, end in spans:
            span = char_span_of(doc, *norm.to_original(start, end))
            if span is not None:
                words.append(span)
        doc.spans["words"] = words
        return doc


class TaggerEntityRecognizer:
    """Statistical PERSON / TITLE / ORG / LOC from a character tagger, on the normalised text.

    Subclasses name the tagging function; the model file, the name model
    that splits runs of names and the lexical resources the tagger was
    trained with are resolved under ``models/``.
    """

    #: ``tag(text, model_path, names_path, resources) -> spans``, set by each subclass
    tag: Callable[[str, Path, Path | None, FeatureResources], list[tuple[int, int, str]]]

    def __init__(
        self,
        model: str,
        names: str | None = None,
        name_features: bool = False,
        gazetteer: str | None = None,
        clusters: str | None = None,
    ) -> None:
        from nlp_quotes.entities.lexical import load_clusters, load_gazetteer
        from nlp_quotes.entities.names import load_name_model
        from nlp_quotes.pipeline.loading import resolve_model_path as resolve

        self.model_path = resolve(model)
        self.names_path = resolve(names) if names else None
        if name_features and not names:
            raise ValueError("a tagger trained with name features needs its name model (`names`)")
        self.resources = FeatureResources(
            names=load_name_model(str(self.names_path)) if name_features and self.names_path else None,
            gazetteer=load_gazetteer(str(resolve(gazetteer))) if gazetteer else None,
            clusters=load_clusters(str(resolve(clusters))) if clusters else None,
        )

    def __call__(self, doc: Doc) -> Doc:
        text = normalized_of(doc).text
        return set_model_entities(doc, self.tag(text, self.model_path, self.names_path, self.resources))


class CrfEntityRecognizer(TaggerEntityRecognizer):
    """Entities of the CRF tagger (:mod:`nlp_quotes.entities.crf`)."""

    tag = staticmethod(crf.tag_entities)


class ConvEntityRecognizer(TaggerEntityRecognizer):
    """Entities of the convolutional tagger (:mod:`nlp_quotes.entities.neural`)."""

    tag = staticmethod(neural.tag_entities)


#: Labels the rule layer adds to a statistical NER's entities in ``doc.ents``.  Rule PERSON
#: spans are left out: on MSRA test they lowered PERSON F1 from 0.883 to 0.873 (the
#: attribution reads them from ``doc.spans["rule_entities"]`` all the same).
RULE_GAP_LABELS = ("TITLE",)


def merge_layers(first: list[Span], second: list[Span]) -> list[Span]:
    """All of ``first``, then the spans of ``second`` that overlap none of them."""
    occupied = bytearray(max((span.end_char for span in first + second), default=0) + 1)
    for span in first:
        occupied[span.start_char : span.end_char] = b"\x01" * (span.end_char - span.start_char)
    return filter_spans(first + [span for span in second if not any(occupied[span.start_char : span.end_char])])


class RuleEntityRecognizer:
    """Rule-based PERSON, TITLE, ORG and LOC (see :mod:`nlp_quotes.entities.rules`).

    The rule entities always go to ``doc.spans["rule_entities"]``.  When a
    statistical NER ran before, ``doc.ents`` keeps its entities and gains the
    rule TITLE spans that overlap none of them (``overwrite`` puts
    all rule entities first instead).  Each entity records the layer that produced it in
    ``ent._.source`` (``"model"`` or ``"rules"``).
    """

    def __init__(self, overwrite: bool) -> None:
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        norm = normalized_of(doc)
        rule_spans = []
        for mention in find_entities(norm.view):
            span = char_span_of(doc, *norm.to_original(mention.start, mention.end), label=mention.label)
            if span is not None:
                rule_spans.append(span)
        doc.spans["rule_entities"] = rule_spans
        model_spans = list(doc.ents)
        if self.overwrite:
            doc.ents = merge_layers(rule_spans, model_spans)
        elif model_spans:
            # beside a model, the rules add what it does not cover well: titles (rule names cost it precision)
            doc.ents = merge_layers(model_spans, [span for span in rule_spans if span.label_ in RULE_GAP_LABELS])
        else:
            doc.ents = filter_spans(rule_spans)
        first = rule_spans if self.overwrite else model_spans
        from_first = {(span.start_char, span.end_char, span.label_) for span in first}
        first_name, second_name = ("rules", "model") if self.overwrite else ("model", "rules")
        for ent in doc.ents:
            ent._.source = first_name if (ent.start_char, ent.end_char, ent.label_) in from_first else second_name
        return doc


def trusted_rule_entities(rules: list[Span], model: list[Span], text: str) -> list[Span]:
    """The rule-layer entities that stand beside the tagger's (``model``) in the attribution.

    Dropped: a rule organisation or place where the tagger found an entity (a
    rule organisation is only the stretch before a title, 符之冠委员; a rule
    place only a lexicon word, 以色列 in 以色列国防军); a rule name that a longer
    tagged name holds (古特雷 in 古特雷斯); and, when the tagger found any name,
    a rule name whose first character a tagged organisation or place holds (韩国国 of 韩国国防部); and,
    when the tagger found any name, a two-character rule name it did not find and
    the text never repeats (关于, 十分), familiar forms (老赵) aside.
    """
    tagged = bytearray(len(text) + 1)
    for ent in model:
        if ent.label_ != "TITLE":
            tagged[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    persons = {(ent.start_char, ent.end_char) for ent in model if ent.label_ == "PERSON"}
    person_spans = sorted(persons)  # model entities do not overlap: only the last one starting before can hold a span
    person_starts = [start for start, _ in person_spans]
    bodies = sorted((ent.start_char, ent.end_char) for ent in model if ent.label_ in ("ORG", "LOC"))
    body_starts = [start for start, _ in bodies]
    familiar = load_lexicons().familiar_prefixes
    counts: dict[str, int] = {}

    def trusted(ent: Span) -> bool:
        span = (ent.start_char, ent.end_char)
        if ent.label_ in ("ORG", "LOC"):
            return not any(tagged[ent.start_char : ent.end_char])
        if ent.label_ != "PERSON":
            return True
        at = bisect.bisect_right(person_starts, span[0]) - 1
        if at >= 0:
            s, e = person_spans[at]
            if span[1] <= e and e - s > span[1] - span[0]:
                return False
        at = bisect.bisect_right(body_starts, span[0]) - 1
        if at >= 0:
            s, e = bodies[at]
            if span[0] < e and (s < span[0] or e > span[1]):
                return False  # 韩国国 of the tagged 韩国国防部 (a place inside a name, 师青海, does not count)
        if len(ent.text) != 2 or span in persons:
            return True
        if ent.text not in counts:
            counts[ent.text] = text.count(ent.text)
        return not (persons and counts[ent.text] == 1 and not ent.text.startswith(familiar))

    return [ent for ent in rules if trusted(ent)]


def _complete_lone_surname(doc: Doc, text: str, ent: Span) -> Span:
    """A tagged one-character PERSON before a given name and a cue (李|在明认为) as the whole name."""
    if ent.label_ != "PERSON" or len(ent.text) != 1:
        return ent
    given = given_name_before_cue(text, ent.end_char, load_lexicons())
    if not given or any(other.start_char == ent.end_char for other in doc.ents):
        return ent
    return doc.char_span(ent.start_char, ent.end_char + given, label="PERSON") or ent


def _trim_title_edges(doc: Doc, text: str, ent: Span) -> Span:
    """A PERSON span that took a character of a title beside it gives it back.

    倪涛总|经理 → 倪涛 (the name's last character opens 总经理); 长|官权宁世 →
    权宁世 (its first character closes 长官).  Titles are those of
    ``titles.txt``; at least two characters of name remain.  Does not touch
    names whose edge only happens to be a title's character elsewhere.
    What may stand between a speaker and a cue, glued to the name's end, is
    given back too (朴振周四 → 朴振; see ``between_speaker_and_cue.txt``).
    ``text`` is ``doc.text``, read once per document by the caller.
    """
    if ent.label_ != "PERSON" or len(ent.text) < 3:
        return ent
    titles = load_lexicons().titles
    start, end = ent.start_char, ent.end_char
    longest = 4
    if any(text[end - 1 : end - 1 + n] in titles for n in range(2, longest + 1)):
        end -= 1
    elif any(text[start + 1 - n : start + 1] in titles for n in range(2, longest + 1) if start + 1 - n >= 0):
        start += 1
    end = start + len(strip_trailing_words(text[start:end], load_lexicons()))  # 朴振周四表示 → 朴振
    if (start, end) == (ent.start_char, ent.end_char):
        return ent
    return doc.char_span(start, end, label="PERSON") or ent


class QuoteAttributor:
    """Finds quotations and their speakers; fills ``doc.spans`` and Span extensions.

    It reads ``doc.ents`` from any entity backend; where the rule layer's
    spans (``doc.spans["rule_entities"]``) overlap them, the rules win.  Cue
    words must be whole words: by the word layer where the pipeline ran it,
    else by segmenting with ``words_model`` just around each cue.
    """

    def __init__(self, words_model: str = "", order: SieveOrder | None = None) -> None:
        from nlp_quotes.pipeline.loading import resolve_model_path

        self.words_model = resolve_model_path(words_model) if words_model else None
        self.order = order or SieveOrder()

    def __call__(self, doc: Doc) -> Doc:
        norm = normalized_of(doc)
        # speakers stand next to cues and title chains, where the rules read names best
        rules = list(doc.spans["rule_entities"]) if "rule_entities" in doc.spans else []
        text = source_text(doc)
        rules = [_trim_title_edges(doc, text, ent) for ent in rules]
        model = [_trim_title_edges(doc, text, _complete_lone_surname(doc, text, ent)) for ent in doc.ents]
        model = [ent for ent in model if ent.label_ != "PERSON" or plausible_person(ent.text)]
        rules = trusted_rule_entities(rules, model, text)
        model_spans = {(ent.start_char, ent.end_char) for ent in model if ent.label_ == "PERSON"}
        entities = []
        rule_ids = {id(ent) for ent in rules}
        for ent in merge_layers(rules, model):
            start, end = norm.from_original(ent.start_char, ent.end_char)
            if end > start:
                confirmed = not (
                    model_spans and id(ent) in rule_ids and (ent.start_char, ent.end_char) not in model_spans
                )
                entities.append(EntityMention(start, end, ent.label_, norm.view[start:end], confirmed))
        local_words = None
        if doc._.word_boundaries is None and self.words_model is not None:
            local_words = LocalWordBoundaries(norm.text, self.words_model)
        records = attribute_quotes(
            DocContext(norm.view, entities, word_boundaries=doc._.word_boundaries, words=local_words), self.order
        )
        quotes, speakers, rows = [], [], []
        for quote_id, record in enumerate(records):
            quote_start, quote_end = norm.to_original(record.start, record.end)
            speaker_start = speaker_end = None
            if record.mention_start is not None:
                speaker_start, speaker_end = norm.to_original(record.mention_start, record.mention_end)
            row = {
                "quote_id": quote_id,
                "kind": record.kind,
                "quote": norm.as_given(record.start, record.end),
                "quote_start": quote_start,
                "quote_end": quote_end,
                "speaker": record.speaker,
                "speaker_mention": record.mention
                if record.mention_start is None
                else _mention_as_given(norm, record.mention, record.mention_start, record.mention_end),
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "cue": record.cue,
                "role": record.role,
                "role_level": record.role_level,
                "delegation": record.delegation,
                "sector": record.sector,
                "positions": [dict(position) for position in record.positions],
                "titles": list(record.titles),
                "orgs": list(record.orgs),
                "confidence": round(record.confidence, 3),
                "rule": record.rule,
                "speaker_rule": record.speaker_rule,
            }
            rows.append(row)
            span = char_span_of(doc, quote_start, quote_end, record.kind)
            if span is not None:
                for name in SPAN_EXTENSIONS:
                    span._.set(name, row.get(name, getattr(record, name, None)))
                span._.speaker_mention = row["speaker_mention"]
                quotes.append(span)
            if speaker_start is not None:
                mention = char_span_of(doc, speaker_start, speaker_end, "SPEAKER")
                if mention is not None:
                    mention._.speaker = record.speaker
                    mention._.quote_id = quote_id
                    speakers.append(mention)
        doc.spans["quotes"] = quotes
        doc.spans["speakers"] = speakers
        doc._.quote_records = rows
        # working state, recomputed on demand; dropping it keeps the doc serialisable (nlp.pipe(n_process=2))
        doc._.normalized = None
        doc._.word_boundaries = None
        return doc


@Language.factory("nlp_quotes_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()


@Language.factory("nlp_quotes_words", default_config={"model": "pkuseg_pd1998"})
def make_words(nlp: Language, name: str, model: str) -> WordSegmenter:
    return WordSegmenter(model)


@Language.factory(
    "nlp_quotes_neural_ner",
    default_config={
        "model": "ner/zh_news_conv.npz",
        "names": "ner/zh_news_names.json",
        "name_features": True,
        "gazetteer": "ner/zh_news_gazetteer.json",
        "clusters": "",
    },
)
def make_neural_ner(
    nlp: Language, name: str, model: str, names: str, name_features: bool, gazetteer: str, clusters: str
) -> ConvEntityRecognizer:
    return ConvEntityRecognizer(model, names or None, name_features, gazetteer or None, clusters or None)


@Language.factory(
    "nlp_quotes_crf_ner",
    default_config={
        "model": "ner/zh_news_ner.crfsuite",
        "names": "ner/zh_news_names.json",
        "name_features": False,
        "gazetteer": "",
        "clusters": "",
    },
)
def make_crf_ner(
    nlp: Language, name: str, model: str, names: str, name_features: bool, gazetteer: str, clusters: str
) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(model, names or None, name_features, gazetteer or None, clusters or None)


@Language.factory("nlp_quotes_entities", default_config={"overwrite": False})
def make_entities(nlp: Language, name: str, overwrite: bool) -> RuleEntityRecognizer:
    return RuleEntityRecognizer(overwrite)


_ORDER = SieveOrder()


@Language.factory(
    "nlp_quotes_attribution",
    default_config={"words_model": "", **{key: list(getattr(_ORDER, stage)) for stage, key in CONFIG_KEYS.items()}},
)
def make_attribution(
    nlp: Language,
    name: str,
    words_model: str,
    filters: list[str],
    direct_sieves: list[str],
    indirect_sieves: list[str],
    continuation_sieves: list[str],
    speaker_sieves: list[str],
) -> QuoteAttributor:
    """The attribution component; the sieve lists choose and order the sieves of each stage."""
    order = SieveOrder(
        tuple(filters), tuple(direct_sieves), tuple(indirect_sieves), tuple(continuation_sieves), tuple(speaker_sieves)
    )
    return QuoteAttributor(words_model, order)
