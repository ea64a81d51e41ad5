"""Clean the edges of tagged entity spans.

A character tagger now and then runs a span over a bracket or a dash that
belongs to the text around it (``叶超）``, ``莱德利-``, ``文迪索尔(Vin``), most
often on text written with half-width punctuation, which the news corpora it
learned from rarely use.  No entity begins or ends with such a character or
holds a bracket or quotation mark without its partner, so the span is cut
there.  Balanced brackets stay (``联想（北京）有限公司``).
"""

from __future__ import annotations

from nlp_quotes.types import EntitySpan

#: Opening -> closing bracket and quotation-mark pairs.
PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "《": "》", "“": "”", "‘": "’", "<": ">", "〈": "〉", "「": "」"}
CLOSING = {closing: opening for opening, closing in PAIRS.items()}
#: Characters an entity never begins or ends with.
EDGE_PUNCTUATION = frozenset("-－—–·•・、，,。.:：;；!！?？ \u3000/／_~～\"'")


def _unbalanced(piece: str) -> int | None:
    """Index of the first bracket or quotation mark in ``piece`` without its partner, or ``None``."""
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(piece):
        if char in PAIRS:
            stack.append((char, i))
        elif char in CLOSING:
            if stack and stack[-1][0] == CLOSING[char]:
                stack.pop()
            else:
                return i
        elif char == '"':
            return i
    return stack[0][1] if stack else None


def tidy_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` cut before an unpaired bracket and stripped of edge punctuation; ``None`` if nothing is left."""
    cut = _unbalanced(text[start:end])
    if cut is not None:
        before, after = (start, start + cut), (start + cut + 1, end)
        start, end = before if cut > 0 else after
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    if start == end or not any(char.isalpha() for char in text[start:end]):
        return None
    return start, end


def tidy_spans(text: str, spans: list[EntitySpan]) -> list[EntitySpan]:
    """:func:`tidy_span` applied to every span; spans left empty are dropped."""
    tidied = []
    for start, end, label in spans:
        edges = tidy_span(text, start, end)
        if edges is not None:
            tidied.append((*edges, label))
    return tidied
