"""Normalise news text, above all text extracted from newspaper PDF pages.

The result is a :class:`NormalizedText`: a clean string in which every
paragraph is one line, plus a map from each of its characters back to the
input, so that every span found on the clean text can be reported in the
offsets of the text as given.

What is done:

* line breaks inside a sentence are joined (Chinese wraps without spaces), and
  blank lines left by column breaks (``全国政协\\n\\n委员``) are joined too; a
  line ending a sentence ends its paragraph.  Joining only happens when the
  document looks hard-wrapped; clean one-paragraph-per-line text is kept.
* page furniture is dropped: page headers (``专 题2024年 3月 9日``), staff
  credits (``编审：… 编辑：…``), bare page numbers and ``·本版…·`` lines.
* text doubled by bold rendering (``光伏发电光伏发电++``) is collapsed.
* spaces between Chinese characters are removed.
* quotation marks and colons are unified in :attr:`NormalizedText.view`
  (``「」『』"＂`` → ``“”``, ``:`` → ``：`` after Chinese), one character for one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.text.chars import SENTENCE_ENDS_AND_ELLIPSIS

SENTENCE_END = SENTENCE_ENDS_AND_ELLIPSIS
MAX_DOUBLED_RUN = 60
CLOSERS = "”’」』\"'）)》"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_FURNITURE = (
    re.compile(r"^\s*\d{1,3}\s*$"),  # page number
    re.compile(r"^.{0,12}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(星期.)?\s*$"),  # page header
    re.compile(r"^\s*[·•].{0,30}[·•]\s*$"),  # ·本版图文据新华社电·
)
#: A staff credit with its name (``编审：王一``) and, after it, another credit label (``编辑：``): see _is_credits.
_CREDIT = re.compile(r"(编审|编辑|责编|责任编辑|检校|校对|版式|美编|制图|设计)\s*[：:]\s*\S")
_NEXT_CREDIT = re.compile(r"(编审|编辑|责编|检校|校对|版式|美编|制图)\s*[：:]")


@dataclass(frozen=True)
class NormalizedText:
    """Clean text with a map back to the input.

    Attributes:
        text: the normalised text; paragraphs are separated by ``\\n``.
        view: ``text`` with quotation marks and colons unified, same length.
        offsets: ``offsets[i]`` is the input offset of ``text[i]``.
        original: the input text.
    """

    text: str
    view: str
    offsets: tuple[int, ...]
    original: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of the clean text to the input."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def as_given(self, start: int, end: int) -> str:
        """The clean text of ``[start, end)``, or the input it maps to when the two differ beyond whitespace.

        The input span ``to_original(start, end)`` then has its lines joined
        as the normaliser joins them (:func:`join_lines`) but nothing
        collapsed or dropped, so that a text reported with these offsets is
        always the input's (doubled runs or page furniture inside the span
        are kept).  Marks are not unified: this reads ``text``, not ``view``.
        """
        clean = self.text[start:end]
        given_start, given_end = self.to_original(start, end)
        given = self.original[given_start:given_end]
        if "".join(clean.split()) == "".join(given.split()):
            return clean
        return join_lines(given)

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the input span ``[start, end)`` to the clean text (nearest characters)."""

        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_left(self.offsets, end)
        return lo, max(lo, hi)


def collapse_doubled(line: str) -> list[int] | None:
    """Return the indices to keep when ``line`` is doubled by bold rendering.

    A line counts as doubled when, read left to right, at least 90% of its
    characters belong to a run immediately repeated (``XX`` → ``X``).  Runs of
    three or more of one character (``。。。``, ``……``, ``——``) are no
    evidence either way: they are kept whole and left out of the count, so a
    line of punctuation runs (``“。。。……好”``) is not halved.  Returns
    ``None`` for ordinary lines, so that words like 谢谢 are never touched.
    """
    n = len(line)
    if n < 6:
        return None
    keep: list[int] = []
    covered = uncovered = neutral = 0
    i = 0
    while i < n:
        run = i + 1
        while run < n and line[run] == line[i]:
            run += 1
        if run - i >= 3:
            keep.extend(range(i, run))
            neutral += run - i
            i = run
            continue
        best = 0
        # longest k first, trying only the k where line[i] comes back at i + k
        j = line.rfind(line[i], i + 1, i + min((n - i) // 2, MAX_DOUBLED_RUN) + 1)
        while j != -1:
            if line[i:j] == line[j : 2 * j - i]:
                best = j - i
                break
            j = line.rfind(line[i], i + 1, j)
        if best:
            keep.extend(range(i, i + best))
            covered += 2 * best
            i += 2 * best
        else:
            keep.append(i)
            i += 1
            uncovered += 1
            if uncovered > 0.1 * n:
                return None
    counted = n - neutral
    return keep if counted >= 6 and covered >= 0.9 * counted else None


def _is_credits(line: str) -> bool:
    """Whether ``line`` holds a staff credit followed, anywhere later, by another credit label.

    The same as searching ``_CREDIT.pattern + ".*" + _NEXT_CREDIT.pattern``
    (``\\S`` stands for ``\\S+``), in linear time: the first credit ends
    earliest, so the second is only looked for after it.  That one pattern
    backtracks in cubic time on a line of repeated ``设计：``.
    """
    first = _CREDIT.search(line)
    return first is not None and _NEXT_CREDIT.search(line, first.end()) is not None


def _is_furniture(line: str) -> bool:
    return any(pattern.search(line) for pattern in _FURNITURE) or _is_credits(line)


def _ends_paragraph(chars: list[str]) -> bool:
    tail = "".join(chars[-3:]).rstrip()
    while tail and tail[-1] in CLOSERS:
        tail = tail[:-1]
    return bool(tail) and (tail[-1] in SENTENCE_END or tail.endswith("——"))


def _looks_wrapped(lines: list[str]) -> bool:
    body = [line.strip() for line in lines if line.strip()]
    if len(body) < 5:
        return False
    ends = SENTENCE_END + CLOSERS + "—：:"
    open_lengths = sorted(len(line) for line in body if line[-1] not in ends)
    closed_lengths = sorted(len(line) for line in body if line[-1] in ends)
    if len(open_lengths) / len(body) <= 0.35:
        return False
    if closed_lengths:
        # subheadings between whole paragraphs (news round-ups), not lines wrapped at a column width
        closed_median = closed_lengths[len(closed_lengths) // 2]
        if closed_median > 40 and closed_median > 3 * open_lengths[len(open_lengths) // 2]:
            return False
    return True


def join_lines(text: str) -> str:
    """``text`` with its lines joined and spaces dropped as :func:`normalize` does; nothing collapsed or dropped."""
    return "".join(char for line in text.splitlines() for char, _ in _line_chars(line, 0, collapse=False))


def _line_chars(line: str, start: int, collapse: bool = True) -> list[tuple[str, int]]:
    """Characters of one line with input offsets, doubling collapsed (unless ``collapse`` is false), spaces dropped."""
    stripped_left = len(line) - len(line.lstrip())
    body = line.strip()
    indices = collapse_doubled(body) if collapse else None
    if indices is None:
        indices = list(range(len(body)))
    chars = [(body[i], start + stripped_left + i) for i in indices]
    kept: list[tuple[str, int]] = []
    for j, (char, offset) in enumerate(chars):
        if char.isspace():
            prev = chars[j - 1][0] if j else ""
            nxt = chars[j + 1][0] if j + 1 < len(chars) else ""
            if not (prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum()):
                continue
            char = " "
        kept.append((char, offset))
    return kept


def _unify_marks(text: str) -> str:
    """Unify quotation marks and colons, one character for one."""
    out = list(text)
    straight_open = True
    for i, char in enumerate(out):
        if char == "\n":
            straight_open = True
        elif char in "「『":
            out[i] = "“"
        elif char in "」』":
            out[i] = "”"
        elif char in '"＂':
            out[i] = "“" if straight_open else "”"
            straight_open = not straight_open
        elif char in ":：":
            prev = out[i - 1] if i else ""
            if char == "：" or _CJK.match(prev or "a"):
                out[i] = "："
        elif char == "," and i and _CJK.match(out[i - 1]):
            out[i] = "，"
    return "".join(out)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` and keep a map from each clean character to the input."""
    raw_lines: list[tuple[str, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        raw_lines.append((line.rstrip("\r\n"), pos))
        pos += len(line)
    lines = [(line, start) for line, start in raw_lines if line.strip() and not _is_furniture(line)]
    wrapped = _looks_wrapped([line for line, _ in lines])
    agencies = tuple(load_lexicons().news_agencies)

    chars: list[str] = []
    offsets: list[int] = []
    for line, start in lines:
        line_chars = _line_chars(line, start)
        if not line_chars:
            continue
        opens_dateline = line.lstrip(" \u3000\t").startswith(agencies)  # a headline never joins the first paragraph
        if chars and (not wrapped or _ends_paragraph(chars) or opens_dateline):
            chars.append("\n")
            offsets.append(offsets[-1] + 1 if offsets[-1] + 1 < len(text) else offsets[-1])
        for char, offset in line_chars:
            chars.append(char)
            offsets.append(offset)
    clean = "".join(chars)
    return NormalizedText(text=clean, view=_unify_marks(clean), offsets=tuple(offsets), original=text)
