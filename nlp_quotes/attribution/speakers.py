"""The speaker stage: from the mention a sieve found to the speaker a record names.

Each speaker sieve takes one mention (a :class:`~nlp_quotes.attribution.subjects.Subject`)
and returns ``(speaker, speaker_rule)`` or ``None``; the first that answers
decides, in the order of the pipeline config.  ``speaker_rule`` is written to
the record beside the mention sieve's ``rule``:

``name``          the name as written (齐向东);
``full_form``     a short form the article also gives in full (古特雷斯 → 安东尼奥·古特雷斯);
``pronoun``       他/她 → the last person named before the mention, outside quotations;
``title``         a title or description alone (这位局长, 总书记) → the person the article gives it;
``side``          a country or side (中方 → 中国);
``joint``         sides speaking together (双方, 两国外长) → the first side named before;
``organisation``  an organisation speaking (外交部);
``unnamed``       an unnamed source (一位村民, 有关负责人): no speaker, by design;
``unresolved``    a pronoun or title that resolves to nobody: no speaker, confidence lowered;
``none``          no mention at all (an unattributed quotation).

Confidence: a resolved pronoun or title costs a tenth; a record without a
speaker never rises above :data:`NO_SPEAKER_CONFIDENCE`, and an unresolved
mention stays below :data:`UNRESOLVED_CONFIDENCE` (under the high-precision
threshold).  It does not look beyond the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.profiles import Profile, build_profiles, canonical_names, full_forms, mention_profile
from nlp_quotes.attribution.records import QuoteRecord
from nlp_quotes.attribution.registry import register
from nlp_quotes.attribution.subjects import Subject, is_short_form
from nlp_quotes.lexicons import Lexicons

#: Most confidence a record without a speaker may have.
NO_SPEAKER_CONFIDENCE = 0.5
#: Most confidence of a record whose pronoun or title resolves to nobody.
UNRESOLVED_CONFIDENCE = 0.45
#: Factor on the confidence of a speaker named only by the rule layer, not by the trained tagger.
UNCONFIRMED_FACTOR = 0.85
REFERRING_PREFIX = re.compile("^(该|这位|那位)")


@dataclass
class SpeakerContext:
    """What the speaker sieves share for one document: profiles, canonical names, people outside quotations."""

    ctx: DocContext
    profiles: dict[str, Profile]
    canonical: dict[str, str]
    outside_persons: list
    #: Short forms that more than one full form ends with (two people called 加德纳).
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    def full_form_at(self, mention: str, start: int) -> str:
        """The fullest form of ``mention`` at ``start``: among several full forms, the last named before it.

        With none named before, the canonical form (the first in the document).
        """
        forms = self.ambiguous.get(mention)
        if not forms:
            full = self.canonical.get(mention, mention)
            return self.full_form_at(full, start) if len(full) > len(mention) else full  # 希拉 → 希拉里 → 希拉里·克林顿
        before = [p for p in self.ctx.persons if p.start < start and p.text in forms]
        return before[-1].text if before else self.canonical.get(mention, mention)

    def familiar_full_name(self, mention: str, start: int) -> str | None:
        """老李 → the last person of surname 李 named in full before ``start``; ``None`` if none or no familiar form."""
        if len(mention) != 2 or not self.ctx.lex.familiar_name_pattern.match(mention):
            return None
        surname = mention[1]
        for person in reversed(self.outside_persons):
            name = self.full_form_at(person.text, person.start)
            if person.start < start and name.startswith(surname) and 2 <= len(name) <= 4 and name != mention:
                return name
        return None

    def last_person_before(self, pos: int, title: str | None = None) -> str | None:
        """The last person named before ``pos`` (with ``title`` among their titles, if given).

        With a title and nobody before, the first person of the document who has it.
        """
        for person in reversed(self.outside_persons):
            if person.start < pos:
                name = self.full_form_at(person.text, person.start)
                if title is None or title in self.profiles[self.canonical[person.text]].titles:
                    return self.familiar_full_name(name, person.start) or name
        if title is not None:
            for person in self.outside_persons:
                name = self.canonical[person.text]
                if title in self.profiles[name].titles:
                    return name
        return None


SpeakerSieve = Callable[[SpeakerContext, Subject], "tuple[str | None, str] | None"]
SPEAKER_SIEVES: dict[str, SpeakerSieve] = {}


def speaker_sieve(name: str) -> Callable[[SpeakerSieve], SpeakerSieve]:
    """Register a speaker sieve under ``name``."""
    return register(SPEAKER_SIEVES, name)


@speaker_sieve("name")
def speaker_name(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """A person's name: its fullest form in the article."""
    if subject.kind != "person":
        return None
    mention = strip_trailing_words(subject.mention, state.ctx.lex)  # 希拉里还 → 希拉里, before its full form
    full = strip_trailing_words(state.full_form_at(mention, subject.start), state.ctx.lex)
    familiar = state.familiar_full_name(mention, subject.start)
    if familiar is not None:
        return familiar, "full_form"
    return full, ("name" if full == mention else "full_form")


def strip_trailing_words(name: str, lex: Lexicons) -> str:
    """The name without what may stand between a speaker and a cue glued to its end (习近平同志, 朴槿惠就)."""
    for cut in range(len(name) - 1, 1, -1):
        if lex.between_speaker_and_cue_pattern.fullmatch(name[cut:]) and "·" not in name[cut:]:
            return strip_trailing_words(name[:cut], lex)
    return name


@speaker_sieve("pronoun")
def speaker_pronoun(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """他/她: the last person named before, outside quotations."""
    if subject.kind != "pronoun":
        return None
    name = state.last_person_before(subject.start)
    return (name, "pronoun") if name else (None, "unresolved")


@speaker_sieve("title")
def speaker_title(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """这位局长 / 总书记: the person the article gives that title."""
    if subject.kind != "title":
        return None
    name = state.last_person_before(subject.start, REFERRING_PREFIX.sub("", subject.mention))
    return (name, "title") if name else (None, "unresolved")


@speaker_sieve("side")
def speaker_side(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """中方 → 中国."""
    return (subject.name, "side") if subject.kind == "side" else None


#: How far back (characters) the sides of 双方 are looked for.
JOINT_SIDES_WINDOW = 400


@speaker_sieve("joint")
def speaker_joint(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """双方 / 两国外长: the first side named in the nearest sentence before that names two or more.

    Sides are tagged persons, organisations and places outside quotations
    (persons first, where the sentence names two); a
    one-character place that abbreviates a country (中菲 → 中, 菲) speaks as
    that country (中方 → 中国).  Does not look past ``JOINT_SIDES_WINDOW``
    characters; finding no such sentence leaves the record unresolved.
    """
    if subject.kind != "joint":
        return None
    ctx = state.ctx
    stop = max(0, subject.start - JOINT_SIDES_WINDOW)
    position = subject.start
    while position > stop:
        sentence_start = ctx.sentence_start(position)
        sides = [
            e
            for e in ctx.entities_in(sentence_start, position)
            if e.label in ("PERSON", "ORG", "LOC") and not ctx.in_marks[e.start]
        ]
        persons = [e for e in sides if e.label == "PERSON"]
        if len({e.text for e in persons}) >= 2:
            sides = persons  # 朴振与布林肯会谈。双方…: two people met, the first speaks
        if len({e.text for e in sides}) >= 2:
            first = sides[0]
            if first.label == "LOC":
                return ctx.lex.country_of(first.text), "joint"
            if first.label == "PERSON":
                return state.full_form_at(first.text, first.start), "joint"
            return first.text, "joint"
        if sentence_start == 0:
            break
        position = sentence_start - 1
    return None, "unresolved"


@speaker_sieve("organisation")
def speaker_organisation(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """An organisation that speaks (外交部表示), in the fullest form the article gives (以军 → 以色列国防军)."""
    if subject.kind != "org":
        return None
    name = subject.name or subject.mention
    fuller = [body for body in state.ctx.named_bodies if is_short_form(name, body)]
    if fuller:
        return fuller[0], "full_form"
    return name, "organisation"


@speaker_sieve("unnamed")
def speaker_unnamed(state: SpeakerContext, subject: Subject) -> tuple[str | None, str] | None:
    """An unnamed source (有关负责人, 一位村民): no speaker."""
    return (None, "unnamed") if subject.kind == "unnamed" else None


DEFAULT_SPEAKER_SIEVES = ("name", "pronoun", "title", "side", "joint", "organisation", "unnamed")
#: Speaker rules that cost a tenth of the confidence (an inference from the context).
INFERRED = ("pronoun", "title", "joint")


def resolve_speakers(
    ctx: DocContext,
    records: list[tuple[QuoteRecord, Subject | None]],
    order: tuple[str, ...],
    starts: list[int],
    ends: list[int],
) -> list[QuoteRecord]:
    """Fill ``speaker``, ``speaker_rule``, role, titles and organisations of each record.

    ``starts``/``ends`` are the quotations' offsets: people named inside them
    are not antecedents of a pronoun.
    """
    inside = bytearray(len(ctx.view) + 1)
    for start, end in zip(starts, ends, strict=True):
        inside[start:end] = b"\x01" * (end - start)
    names = [p.text for p in ctx.persons]
    forms = full_forms(names)
    state = SpeakerContext(
        ctx,
        build_profiles(ctx),
        canonical_names(names, forms),
        [p for p in ctx.persons if not inside[p.start] and not ctx.in_marks[p.start]],
        {short: found for short, found in forms.items() if len(found) > 1},
    )
    sieves = [SPEAKER_SIEVES[name] for name in order]
    out = []
    for record, subject in records:
        decided = None
        if subject is not None:
            decided = next((answer for sieve in sieves if (answer := sieve(state, subject)) is not None), None)
        if decided is None:
            decided = (None, "none" if subject is None else "unresolved")
        record.speaker, record.speaker_rule = decided
        if record.speaker_rule in INFERRED:
            record.confidence *= 0.9
        if subject is not None and subject.person is not None and not subject.person.confirmed:
            record.confidence *= UNCONFIRMED_FACTOR  # a rule-layer name the tagger did not find
        if record.speaker is None:
            cap = UNRESOLVED_CONFIDENCE if record.speaker_rule == "unresolved" else NO_SPEAKER_CONFIDENCE
            record.confidence = min(record.confidence, cap)
        profile = state.profiles.get(record.speaker) if record.speaker else None
        if profile is not None:
            profile.fill(record)
        elif record.speaker is None and record.mention_start is not None and record.mention_end is not None:
            mention_profile(ctx, record.mention_start, record.mention_end).fill(record)
        out.append(record)
    return out
