"""How the entity layers are merged: registered, configurable policies.

Two policies, each a function registered in spaCy's ``misc`` registry (as
``spacy.first_longest_spans_filter.v1`` is) and named in the config of the
component that runs it:

``nlp_quotes.model_first_entities.v1`` (``nlp_quotes_entities``, into ``doc.ents``)
    a statistical tagger's entities first, then the rule entities of
    ``rule_labels`` that overlap none of them; the rule entities alone when
    no tagger ran.
``nlp_quotes.rules_first_entities.v1`` (``nlp_quotes_attribution``, what the sieves read)
    the rule entities the tagger leaves room for first (speakers stand next
    to cues and title chains, where the rules read names best), then the
    tagger's plausible persons and other entities; each one marked whether
    the tagger confirms it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from nlp_quotes.attribution.context import given_name_before_cue
from nlp_quotes.attribution.speakers import strip_trailing_words
from nlp_quotes.entities.rules import plausible_person
from nlp_quotes.lexicons import Lexicons
from nlp_quotes.pipeline.tokenizer import source_text

#: ``merge(model, rules) -> doc.ents``
EntsMerge = Callable[[list[Span], list[Span]], list[Span]]
#: ``merge(doc, model, rules, lexicons) -> [(entity, confirmed by the tagger)]``
SpeakerEntitiesMerge = Callable[[Doc, list[Span], list[Span], Lexicons], list[tuple[Span, bool]]]

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


@registry.misc("nlp_quotes.model_first_entities.v1")
def model_first_entities(rule_labels: list[str] = list(RULE_GAP_LABELS)) -> EntsMerge:  # noqa: B006 - config default
    """The tagger's entities, then the rule entities of ``rule_labels`` in the gaps; without a tagger, the rules'."""
    labels = tuple(rule_labels)

    def merge(model: list[Span], rules: list[Span]) -> list[Span]:
        if not model:
            return filter_spans(rules)
        return merge_layers(model, [span for span in rules if span.label_ in labels])

    return merge


@registry.misc("nlp_quotes.rules_first_entities.v1")
def rules_first_entities() -> SpeakerEntitiesMerge:
    """Trusted rule entities first, then the tagger's plausible ones (see :func:`speaker_entities`)."""
    return speaker_entities


def speaker_entities(doc: Doc, model: list[Span], rules: list[Span], lex: Lexicons) -> list[tuple[Span, bool]]:
    """The entities the attribution reads, each with whether the tagger confirms it.

    Names are first completed (李|在明认为) and given back the title characters
    they took (倪涛总|经理); the tagger's implausible persons are dropped, and
    so are the rule entities :func:`trusted_rule_entities` does not trust.  A
    rule name is unconfirmed when the tagger found persons but not this one.
    """
    text = source_text(doc)
    rules = [_trim_title_edges(doc, text, ent, lex) for ent in rules]
    model = [_trim_title_edges(doc, text, _complete_lone_surname(doc, text, ent, lex), lex) for ent in model]
    model = [ent for ent in model if ent.label_ != "PERSON" or plausible_person(ent.text, lex)]
    rules = trusted_rule_entities(rules, model, text, lex)
    model_spans = {(ent.start_char, ent.end_char) for ent in model if ent.label_ == "PERSON"}
    rule_ids = {id(ent) for ent in rules}
    return [
        (ent, not (model_spans and id(ent) in rule_ids and (ent.start_char, ent.end_char) not in model_spans))
        for ent in merge_layers(rules, model)
    ]


def trusted_rule_entities(rules: list[Span], model: list[Span], text: str, lex: Lexicons) -> list[Span]:
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
    familiar = lex.familiar_prefixes
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


def _complete_lone_surname(doc: Doc, text: str, ent: Span, lex: Lexicons) -> Span:
    """A tagged one-character PERSON before a given name and a cue (李|在明认为) as the whole name."""
    if ent.label_ != "PERSON" or len(ent.text) != 1:
        return ent
    given = given_name_before_cue(text, ent.end_char, lex)
    if not given or any(other.start_char == ent.end_char for other in doc.ents):
        return ent
    return doc.char_span(ent.start_char, ent.end_char + given, label="PERSON") or ent


def _trim_title_edges(doc: Doc, text: str, ent: Span, lex: Lexicons) -> Span:
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
    titles = lex.titles
    start, end = ent.start_char, ent.end_char
    longest = 4
    if any(text[end - 1 : end - 1 + n] in titles for n in range(2, longest + 1)):
        end -= 1
    elif any(text[start + 1 - n : start + 1] in titles for n in range(2, longest + 1) if start + 1 - n >= 0):
        start += 1
    end = start + len(strip_trailing_words(text[start:end], lex))  # 朴振周四表示 → 朴振
    if (start, end) == (ent.start_char, ent.end_char):
        return ent
    return doc.char_span(start, end, label="PERSON") or ent
