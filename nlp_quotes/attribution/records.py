"""The record every sieve produces."""

from __future__ import annotations

from dataclasses import dataclass, field


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
