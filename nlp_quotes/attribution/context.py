"""What the sieves know about one document: its text, entities and quote marks."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from nlp_quotes.attribution.marks import (
    MarkedSpan,
    continue_quotation_lists,
    is_quotation,
    outside_mask,
    pair_marks,
)
from nlp_quotes.entities import EntityMention
from nlp_quotes.lexicons import Lexicons, load_lexicons
from nlp_quotes.lexicons.cues import CueIndex
from nlp_quotes.text.chars import SENTENCE_ENDS, SENTENCE_ENDS_AND_ELLIPSIS
from nlp_quotes.text.words import LocalWordBoundaries

#: Characters that end a sentence outside quotation marks.
SENTENCE_BREAKS = SENTENCE_ENDS + "\n"
#: Characters that end a clause.
CLAUSE_BREAKS = SENTENCE_BREAKS + "，,；;：（）()…】"
#: Closing brackets of an aside and their opening ones; an aside of at most ASIDE_MAX characters.
CLOSING_ASIDES = {"）": "（", ")": "("}
ASIDE_MAX = 8
ASIDE_BREAKS = SENTENCE_BREAKS + "，,；;、"
#: A term in marks (“天盾”) of at most TERM_MAX characters, no punctuation, after a Han character stays in its clause.
TERM_MAX = 12
TERM_BREAKS = re.compile("[，,。！？!?；;：:\n“]")
HAN_CHAR = re.compile("[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{1,2}")
#: What ends a sentence, for a paragraph's headline check.
SENTENCE_END_MARK = re.compile(f"[{SENTENCE_ENDS_AND_ELLIPSIS}]")


def given_name_before_cue(view: str, end: int, lex: Lexicons) -> int:
    """Length of a given name after a lone surname (李|在明认为): one or two characters, then a cue.

    0 when what follows is something that may stand before a cue (李|在会上说).
    """
    for length in (2, 1):
        given = view[end : end + length]
        if (
            HAN_RUN.fullmatch(given)
            and view.startswith(lex.cue_words, end + length)
            and not lex.between_speaker_and_cue_pattern.fullmatch(given)
        ):
            return length
    return 0


def complete_names(entities: list[EntityMention], view: str) -> list[EntityMention]:
    """A person's name cut short (李 of 李在明) takes the longer form the document names elsewhere.

    Only where the text goes on with that longer form and no other entity
    starts inside it.  ``entities`` are sorted by start; so is the result.
    Does not invent names: the longer form must itself be a PERSON somewhere
    (a lone surname before a cue is completed earlier, by
    :func:`given_name_before_cue` in the attribution component).
    """
    names = sorted({e.text for e in entities if e.label == "PERSON"}, key=len, reverse=True)
    starts = {e.start for e in entities}
    out = []
    for entity in entities:
        if entity.label == "PERSON":
            longer = next(
                (
                    name
                    for name in names
                    if len(name) > len(entity.text)
                    and name.startswith(entity.text)
                    and view.startswith(name, entity.start)
                    and not any(p in starts for p in range(entity.end, entity.start + len(name)))
                ),
                None,
            )
            if longer is not None:
                entity = EntityMention(entity.start, entity.start + len(longer), "PERSON", longer, entity.confirmed)
        out.append(entity)
    return out


#: A Japanese name written family name first (岸田文雄, 前原诚司) and its family name alone (岸田, 前原).
FAMILY_FIRST_LENGTH, FAMILY_NAME_LENGTH = 4, 2
#: The shortest tagged name whose other occurrences are tagged too (two characters are too ambiguous).
FULL_NAME_MIN = 3
#: A run of Han characters only (a name written without separators).
HAN_NAME = re.compile(r"[\u4e00-\u9fff]+")


def _before_cue(view: str, pos: int, lex: Lexicons) -> bool:
    """Whether a cue follows ``pos``, perhaps after what may stand between a speaker and a cue."""
    between = lex.between_speaker_and_cue_pattern.match(view, pos)
    return between is not None and view.startswith(lex.cue_words, between.end())


def document_name_mentions(entities: list[EntityMention], view: str, lex: Lexicons) -> list[EntityMention]:
    """Untagged mentions of names the document tags elsewhere: whole names, and Japanese family names.

    Every occurrence right before a cue (what may stand between a speaker
    and a cue allowed) of a tagged PERSON of at least :data:`FULL_NAME_MIN`
    Han characters that overlaps no other entity, or only persons inside it,
    becomes that PERSON (the tagger found 理查德森 once, and missed it or
    tagged 德森 alone before 则希望).  Elsewhere a name is left as tagged: a
    tagging error (曲阳石 of 曲阳石雕) is not spread.

    A PERSON of four Han characters whose first two are no Chinese compound
    surname (``surnames.txt``: 欧阳), place or common word is read as family
    name first; each free occurrence of those two characters (inside no
    entity) right before a cue (what may stand between a speaker and a cue
    allowed: 前原在演讲中表示) becomes a PERSON.  Chinese names get no such
    short form, and a family name elsewhere in a sentence is left alone.
    ``entities`` are sorted by start; so is the result.
    """
    families = {
        e.text[:FAMILY_NAME_LENGTH]
        for e in entities
        if e.label == "PERSON"
        and len(e.text) == FAMILY_FIRST_LENGTH
        and HAN_NAME.fullmatch(e.text)
        and e.text[:FAMILY_NAME_LENGTH] not in lex.surnames
        and e.text[:FAMILY_NAME_LENGTH] not in lex.places
        and e.text[:FAMILY_NAME_LENGTH] not in lex.common_words
    }
    full_names = {
        e.text for e in entities if e.label == "PERSON" and len(e.text) >= FULL_NAME_MIN and HAN_NAME.fullmatch(e.text)
    }
    if not families and not full_names:
        return entities
    pool = list(entities)  # entities and names added, by index; None once replaced
    owner = [-1] * (len(view) + 1)  # the index in ``pool`` of the entity at each character
    for index, e in enumerate(pool):
        owner[e.start : e.end] = [index] * (e.end - e.start)
    for name in sorted(full_names, key=lambda n: (-len(n), n)):  # 理查德森则希望: the tagger missed it here
        for match in re.finditer(re.escape(name), view):
            start, end = match.span()
            if not _before_cue(view, end, lex):
                continue
            inside = {owner[i] for i in range(start, end) if owner[i] >= 0}
            parts = [pool[i] for i in inside]
            if all(
                p is not None and p.label == "PERSON" and start <= p.start and p.end <= end for p in parts
            ) and not any((p.start, p.end) == (start, end) for p in parts if p is not None):
                # a part of the name tagged alone (德森 of 理查德森) gives way to the whole
                for i in inside:
                    pool[i] = None
                pool.append(EntityMention(start, end, "PERSON", name, False))
                owner[start:end] = [len(pool) - 1] * (end - start)
    for family in sorted(families):
        for match in re.finditer(re.escape(family), view):
            start, end = match.span()
            if _before_cue(view, end, lex) and all(owner[i] < 0 for i in range(start, end)):
                pool.append(EntityMention(start, end, "PERSON", family, False))
                owner[start:end] = [len(pool) - 1] * (end - start)
    return sorted((e for e in pool if e is not None), key=lambda e: (e.start, e.end))


@dataclass
class DocContext:
    """Normalised text of one document with its entity and quotation layers."""

    view: str
    entities: list[EntityMention]
    lex: Lexicons = field(default_factory=load_lexicons)
    word_boundaries: frozenset[int] | None = None
    words: LocalWordBoundaries | None = None
    marks: list[MarkedSpan] = field(init=False)
    in_marks: bytearray = field(init=False)

    def __post_init__(self) -> None:
        self.entities = document_name_mentions(complete_names(self.entities, self.view), self.view, self.lex)
        self.marks = pair_marks(self.view)
        self.in_marks = outside_mask(self.view, self.marks)
        self.persons = [e for e in self.entities if e.label == "PERSON"]
        self.titles = [e for e in self.entities if e.label == "TITLE"]
        self._starts = [e.start for e in self.entities]
        self._entity_ends = {e.end for e in self.entities}
        #: organisations the document names: tagged ones, and every body found speaking (short forms look here)
        self.named_bodies: dict[str, None] = dict.fromkeys(e.text for e in self.entities if e.label == "ORG")
        self._sentence_end_in: dict[int, bool] = {}
        self.paragraph_starts = [0] + [m.end() for m in re.finditer("\n", self.view)]
        #: every cue of the document, by the one cue policy
        in_names = bytearray(len(self.view) + 1)
        for entity in self.entities:
            if entity.label == "ORG":
                in_names[entity.start : entity.end] = b"\x01" * (entity.end - entity.start)
        self.cues = CueIndex(self.view, self.lex, self.in_marks, self.is_word, self.clause_start, in_names)
        quotations = [is_quotation(self.view, span, self.lex, self.cues) for span in self.marks]
        continue_quotation_lists(self.view, self.marks, quotations)
        #: opening offsets of the marked spans that are quotations
        #: opening -> closing offset of the marked spans that are quotations
        self.quotation_closes = {
            span.open: span.close for span, real in zip(self.marks, quotations, strict=True) if real
        }
        self.quotation_opens = set(self.quotation_closes)
        #: opening -> closing offset of the marked spans that are terms, not quotations
        self.term_closes = {
            span.open: span.close for span, real in zip(self.marks, quotations, strict=True) if not real
        }

    def is_word(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` starts and ends on word boundaries.

        The boundaries come from the whole-document word layer where there is
        one, else from ``words`` (segmented on demand); with neither, always true.
        The end of a name is a boundary whatever the segmenter says: an entity
        ends there, or an organisation suffix or a citation tail does right
        before punctuated speech (国防部称，/ 卡桑旅称，/ 消息人士的话称，, which
        the segmenter reads as one word).  A one-character word the segmenter
        glued to a determiner after it (称该, 称这) is whole too.
        """
        if self._name_ends_at(start, end):
            start = end
        if self._whole(start, end):
            return True
        # 称该计划: the segmenter glues a determiner (``glued_determiners.txt``) to a one-character word before it
        return (
            end - start == 1 and self.view[end : end + 1] in self.lex.glued_determiners and self._whole(start, end + 1)
        )

    def _whole(self, start: int, end: int) -> bool:
        if self.word_boundaries is not None:
            return start in self.word_boundaries and end in self.word_boundaries
        return self.words is None or self.words.is_word(start, end)

    def _name_ends_at(self, start: int, end: int) -> bool:
        if start in self._entity_ends:
            return True
        before = self.view[max(0, start - 4) : start]
        return self.view[end : end + 1] in ("，", "：") and (
            before.endswith(self.lex.org_suffixes) or before.endswith(self.lex.citation_tails)
        )

    def paragraph_ends_a_sentence(self, start: int, end: int) -> bool:
        """Whether the paragraph ``[start, end)`` holds a sentence end (。！？…); found once per paragraph."""
        found = self._sentence_end_in.get(start)
        if found is None:
            found = self._sentence_end_in[start] = SENTENCE_END_MARK.search(self.view, start, end) is not None
        return found

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        """Start and end of the paragraph containing ``pos``."""
        index = bisect.bisect_right(self.paragraph_starts, pos) - 1
        start = self.paragraph_starts[index]
        end = self.view.find("\n", start)
        return start, (len(self.view) if end < 0 else end)

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence containing ``pos``, ignoring breaks inside quotation marks."""
        breaks, closings = self._sentence_stops
        after = max(
            breaks[k] if (k := bisect.bisect_left(breaks, pos) - 1) >= 0 else -1,
            closings[k] if (k := bisect.bisect_left(closings, pos - 1) - 1) >= 0 else -1,
        )
        return after + 1

    @cached_property
    def _sentence_stops(self) -> tuple[list[int], list[int]]:
        """Sentence breaks outside marks, and quotations ending their sentence (“……。”X说), in order.

        A quotation counts only before a position it does not end right at,
        so :meth:`sentence_start` looks those up before ``pos - 1``; found once
        per document, so that each look-up is a bisection, not a scan back.
        """
        view, in_marks = self.view, self.in_marks
        breaks = [i for i, char in enumerate(view) if char in SENTENCE_BREAKS and not in_marks[i]]
        closings = [
            i
            for i in range(1, len(view) - 1)
            if view[i] == "”" and in_marks[i] and view[i - 1] in SENTENCE_ENDS and view[i + 1] not in "，,"
        ]
        return breaks, closings

    def statement_stop(self, start: int, sentence_ends: str) -> int:
        """The first position from ``start`` that ends a statement, else ``len(view)``.

        That is a quotation's opening mark, a line break, or one of
        ``sentence_ends`` outside marks; the positions are found once per
        document and ``sentence_ends``, so each look-up is a bisection.
        """
        stops = self._statement_stops.get(sentence_ends)
        if stops is None:
            view, in_marks, opens = self.view, self.in_marks, self.quotation_opens
            stops = [
                i
                for i, char in enumerate(view)
                if i in opens or char == "\n" or (char in sentence_ends and not in_marks[i])
            ]
            self._statement_stops[sentence_ends] = stops
        k = bisect.bisect_left(stops, start)
        return stops[k] if k < len(stops) else len(self.view)

    @cached_property
    def _statement_stops(self) -> dict[str, list[int]]:
        return {}

    def clause_start(self, pos: int) -> int:
        """Start of the clause ending at ``pos``: after the last break or closing mark.

        A short bracketed aside (朴某(音)对《某报》强调) and a short term in marks
        after a Han character (就部署“天盾”系统一事重申) stay inside their clause;
        a byline bracket (（记者某某）) does not.  A look-up in tables built once.
        """
        events, answers = self._clause_events
        k = bisect.bisect_right(events, pos - 1) - 1
        return answers[k] if k >= 0 else 0

    @cached_property
    def _clause_events(self) -> tuple[list[int], list[int]]:
        """Every position a backward scan for a clause start stops or jumps at, and the clause start it gives.

        A stop (a break outside marks, a dash, a closing mark) gives the position after it;
        a skipped aside or term jumps to before its opening, so it gives what the scan finds there.
        """
        view, in_marks = self.view, self.in_marks
        events: list[int] = []
        answers: list[int] = []
        for i, char in enumerate(view):
            jump = None
            if char in CLOSING_ASIDES and not in_marks[i]:
                opening = view.rfind(CLOSING_ASIDES[char], max(0, i - ASIDE_MAX), i)
                aside = view[opening + 1 : i]
                bracketed = opening >= 0 and not any(c in ASIDE_BREAKS for c in aside)
                if bracketed and not aside.startswith(self.lex.byline_markers):
                    jump = opening - 1
            elif char == "”" and in_marks[i]:
                opening = view.rfind("“", max(0, i - TERM_MAX - 1), i)
                if opening > 0 and HAN_CHAR.match(view[opening - 1]) and not TERM_BREAKS.search(view[opening + 1 : i]):
                    jump = opening - 1
            if jump is not None:
                k = bisect.bisect_right(events, jump) - 1
                events.append(i)
                answers.append(answers[k] if k >= 0 else 0)
            elif (not in_marks[i] and (char in CLAUSE_BREAKS or view[i - 1 : i + 1] == "——")) or (
                char == "”" and in_marks[i]
            ):
                events.append(i)
                answers.append(i + 1)
        return events, answers

    def entities_in(self, start: int, end: int, label: str | None = None) -> list[EntityMention]:
        """Entities fully inside ``[start, end)`` and outside quotation marks."""
        lo = bisect.bisect_left(self._starts, start)
        found = []
        for entity in self.entities[lo:]:
            if entity.start >= end:
                break
            if entity.end <= end and (label is None or entity.label == label) and not self.in_marks[entity.start]:
                found.append(entity)
        return found

    def first_entity_from(self, start: int, label: str) -> EntityMention | None:
        """The first entity labelled ``label`` starting at or after ``start`` outside quotation marks."""
        for entity in self.entities[bisect.bisect_left(self._starts, start) :]:
            if entity.label == label and not self.in_marks[entity.start]:
                return entity
        return None

    def entity_at(self, start: int, label: str) -> EntityMention | None:
        index = bisect.bisect_left(self._starts, start)
        if index < len(self.entities) and self.entities[index].start == start and self.entities[index].label == label:
            return self.entities[index]
        return None

    def entity_ending_at(self, end: int, label: str | None = None) -> EntityMention | None:
        index = bisect.bisect_left(self._starts, end) - 1
        while index >= 0 and self.entities[index].end >= end - 30:
            entity = self.entities[index]
            if entity.end == end and (label is None or entity.label == label):
                return entity
            index -= 1
        return None
