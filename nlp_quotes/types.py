"""The library-wide types: entity spans and mentions, quotation candidates and records.

Every layer speaks these: the entity backends produce :data:`EntitySpan` and
:class:`EntityMention`, the sieves :class:`Candidate` and :class:`QuoteRecord`,
and :mod:`nlp_quotes.pipeline.records` turns a record into a table row.
Offsets are into the normalised text unless a name says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp_quotes.attribution.subjects import Subject

#: ``(start, end, label)`` of an entity, as the taggers and scorers exchange them.
EntitySpan = tuple[int, int, str]
#: ``(start, end)`` of a stretch of text.
CharSpan = tuple[int, int]


@dataclass(frozen=True)
class EntityMention:
    """One entity in normalised-text offsets.

    ``confirmed`` is false for a rule-layer name that the trained tagger did not
    also find (the attribution trusts such a speaker less).
    """

    start: int
    end: int
    label: str
    text: str
    confirmed: bool = True


@dataclass
class Candidate:
    """A quotation found, with the subject that the deciding sieve pointed to.

    ``dropped`` names the filter that set it aside (it still breaks chains of
    continuation, then leaves the output).
    """

    kind: str
    start: int
    end: int
    subject: Subject | None
    cue: str | None
    rule: str
    dropped: str | None = None


@dataclass
class QuoteRecord:
    """One quotation in normalised-text offsets, with its attribution.

    ``rule`` names the mention sieve that found the speaker's mention,
    ``speaker_rule`` the speaker sieve that turned it into a speaker;
    ``confidence`` is the mention sieve's measured reliability, lowered for
    weaker evidence.
    """

    kind: str
    start: int
    end: int
    speaker: str | None = None
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    cue: str | None = None
    rule: str = "unattributed"
    speaker_rule: str = "none"
    confidence: float = 0.3
    role: str | None = None
    titles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    #: ``{"title", "org"}`` dicts over the whole document; ``titles``/``orgs`` are derived from them
    positions: list[dict[str, str | None]] = field(default_factory=list)
    role_level: str | None = None
    delegation: str | None = None
    sector: str | None = None
