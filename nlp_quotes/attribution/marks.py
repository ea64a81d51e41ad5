"""Quotation marks: pairing, multi-paragraph quotes, and telling quotations from terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_quotes.lexicons import Lexicons
from nlp_quotes.lexicons.cues import CueIndex
from nlp_quotes.text.chars import SENTENCE_ENDS_AND_ELLIPSIS

SENTENCE_PUNCT = re.compile(r"[，,。！？!?；;：…]")
#: Sentence-ending punctuation, closing marks aside, at the end; the look-behind tries only the first character of
#: a run of punctuation, so that a search is linear in the run (without it, quadratic).
ENDS_SENTENCE = re.compile(r"(?<![。！？!?…])[。！？!?…]+[’”]*$")


@dataclass(frozen=True)
class MarkedSpan:
    """A top-level pair of quotation marks: ``open`` and ``close`` are mark offsets."""

    open: int
    close: int

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.close


def pair_marks(view: str) -> list[MarkedSpan]:
    """Top-level “…” pairs of ``view``; nested marks stay inside.

    A quotation that runs over several paragraphs (each opening with “ and
    only the last closing) is one span.  Unclosed and stray marks are skipped.
    """
    spans: list[MarkedSpan] = []
    depth = 0
    opened = -1
    i = 0
    n = len(view)
    while i < n:
        char = view[i]
        if char == "“":
            if depth == 0:
                opened = i
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            if depth == 0:
                spans.append(MarkedSpan(opened, i))
        elif char == "\n" and depth:
            # continued quotation: the next paragraph opens with “ again
            if i + 1 < n and view[i + 1] == "“" and depth == 1:
                i += 2
                continue
            if not _closes_soon(view, i + 1):
                depth = 0
        i += 1
    return spans


def _closes_soon(view: str, pos: int, window: int = 300) -> bool:
    """Whether a line break at ``pos - 1`` only wraps a quotation: ” comes before any “."""
    close = view.find("”", pos, pos + window)
    opening = view.find("“", pos, pos + window)
    return close >= 0 and (opening < 0 or close < opening)


def outside_mask(view: str, spans: list[MarkedSpan]) -> bytearray:
    """1 for characters inside any top-level pair of marks (marks included)."""
    mask = bytearray(len(view))
    for span in spans:
        mask[span.open : span.close + 1] = b"\x01" * (span.close + 1 - span.open)
    return mask


def is_quotation(view: str, span: MarkedSpan, lex: Lexicons, cues: CueIndex) -> bool:
    """Whether the marked text reproduces speech, not a term or a title in marks.

    Speech ends a sentence or a clause, follows a colon or a cue (as ``cues``
    finds them), or holds clause punctuation; words followed by a term
    follower (“一带一路”倡议, ``term_followers.txt``) are a term.
    """
    start, end = span.content
    content = view[start:end].strip()
    if len(content) < 2:
        return False
    after = view[span.close + 1 : span.close + 5]
    if lex.term_follower_pattern.match(after) and not ENDS_SENTENCE.search(content):
        return False
    before = view[max(0, span.open - 1) : span.open]
    if ENDS_SENTENCE.search(content) or content.endswith(("，", ",")):  # “A，”X说，“B。”
        return True
    if before == "：" and len(content) >= 4:
        return True
    if cues.before(span.open) is not None and len(content) >= 4:
        # “77国集团和中国”始终拥护…: a name opening the reported clause, not a quotation
        return SENTENCE_PUNCT.search(content) is not None or not re.match(r"[\u4e00-\u9fff]", after[:1])
    return bool(SENTENCE_PUNCT.search(content)) and len(content) >= 8


#: What may follow a marked span that continues a quotation list (“A”“B”。).
LIST_ENDS = ("", "\n", "。", "，", "；", "、", "“", "！", "？", "…")


def continue_quotation_lists(view: str, spans: list[MarkedSpan], quotations: list[bool]) -> None:
    """Mark as quotations, in place, the spans that continue an unfinished one (“A”“B”。 / “A”、“B”).

    A span continues the list when it follows a quotation that ends no
    sentence, with only 、，or a space between, and a clause ends after it;
    “A。”“钢铁连”连长 stays a term.
    """
    for i in range(1, len(spans)):
        before, span = spans[i - 1], spans[i]
        gap = view[before.close + 1 : span.open]
        unfinished = view[before.close - 1 : before.close] not in SENTENCE_ENDS_AND_ELLIPSIS
        closes = view[span.close + 1 : span.close + 2] in LIST_ENDS
        if quotations[i - 1] and not quotations[i] and gap.strip("、， ") == "" and unfinished and closes:
            quotations[i] = len(view[span.open + 1 : span.close].strip()) >= 2
