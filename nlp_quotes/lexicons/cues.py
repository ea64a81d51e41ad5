"""The one cue policy: where a document has a speech cue, found once and asked by every stage.

A cue is a word of ``cues.tsv`` (表示, 说, 告诉记者…), the cue word of a
frame of ``frames.tsv`` (在X看来 → 看来), or a cue holding its recipient
(``cue_recipients.txt``: 告诉《某报》记者).  At each position the longest cue
wins.  A cue word is no cue

* inside quotation marks,
* when it is not a whole word (小说, 说明: by the word layer, where there is one),
* after a left context of ``cue_left_rejects.txt`` (据说, 可以说) or after 的 (他的说法);
* inside an organisation's name (分享通信集团), when the entity layer gives one;

a frame cue counts only when its clause opens with the frame's prefix
(看来 needs 在…看来), perhaps after a connective of ``subject_openers.txt``
(但在…看来).  The quotation-versus-term check, the subject finder,
the sieves and the rule layer's names before cues all read one
:class:`CueIndex`, so a cue added to ``cues.tsv`` reaches all of them.

It does not decide whether a cue introduces content (表示感谢 does not):
that is the sieves' work.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from nlp_quotes.lexicons import Lexicons

#: Characters that end a clause, for the frame check.
CLAUSE_BREAKS = "。！？!?\n，,；;：（）()…"


@dataclass(frozen=True)
class Cue:
    """One cue occurrence in a document: ``view[start:end] == word``."""

    word: str
    start: int
    end: int
    frame: bool = False


class CueIndex:
    """Every cue of one text, by end and by start offset.

    Args:
        view: the normalised text.
        lex: the lexicons.
        in_marks: 1 for characters inside quotation marks (cues there are ignored); ``None``: none are.
        is_word: whether ``[start, end)`` is a whole word; ``None`` accepts every span (lexical policy only).
        clause_start: the start of the clause ending at a position (for frames); ``None``: after the last break.
        in_names: 1 for characters of organisation names (cues there are ignored); ``None``: none are.
    """

    def __init__(
        self,
        view: str,
        lex: Lexicons,
        in_marks: bytearray | None = None,
        is_word: Callable[[int, int], bool] | None = None,
        clause_start: Callable[[int], int] | None = None,
        in_names: bytearray | None = None,
    ) -> None:
        self.view = view
        self.lex = lex
        self._in_marks = in_marks
        self._is_word = is_word
        self._in_names = in_names
        self._clause_start = clause_start or (lambda pos: _clause_start(view, pos))
        vocabulary = lex.cue_vocabulary
        lengths = sorted({len(word) for word in vocabulary}, reverse=True)
        firsts = frozenset(word[0] for word in vocabulary)
        ends: set[int] = set()
        for start, char in enumerate(view):
            if char not in firsts:
                continue
            for length in lengths:
                if view[start : start + length] in vocabulary and start + length <= len(view):
                    ends.add(start + length)
        self.by_end: dict[int, Cue] = {}
        for end in sorted(ends):
            cue = self._decide(end)
            if cue is not None:
                self.by_end[end] = cue
        if lex.recipient_cue_pattern is not None:
            for match in lex.recipient_cue_pattern.finditer(view):
                start, end = match.span()
                if end not in self.by_end and not (in_marks and in_marks[start]) and not self._named(start, end):
                    self.by_end[end] = Cue(match.group(), start, end)
        self.by_start: dict[int, Cue] = {}
        for cue in self.by_end.values():
            best = self.by_start.get(cue.start)
            if best is None or cue.end > best.end:
                self.by_start[cue.start] = cue
        self._sorted_starts = sorted(self.by_start)

    def _decide(self, end: int) -> Cue | None:
        """The longest cue ending at ``end`` under the policy, or ``None``."""
        view, lex = self.view, self.lex
        for length in range(lex.max_cue_len, 0, -1):
            start = end - length
            if start < 0:
                continue
            word = view[start:end]
            if (
                word in lex.cues
                and not (self._in_marks and self._in_marks[start])
                and not self._named(start, end)
                and (self._is_word is None or self._is_word(start, end))
            ):
                left = view[max(0, start - 3) : end]
                if any(left.endswith(bad) for bad in lex.cue_left_rejects) or view[start - 1 : start] == "的":
                    return None
                return Cue(word, start, end)
            if word in lex.frame_cues:
                clause = view[self._clause_start(start) : start]
                openers = ("", *lex.subject_openers)  # 但在X看来: a connective may open the frame's clause
                prefixes = [prefix for prefix, suffix in lex.frames if suffix == word]
                if any(clause.startswith(opener + prefix) for opener in openers for prefix in prefixes):
                    return Cue(word, start, end, frame=True)
        return None

    def _named(self, start: int, end: int) -> bool:
        return self._in_names is not None and any(self._in_names[start:end])

    def ending_at(self, end: int) -> Cue | None:
        """The cue that ends at ``end``, if any."""
        return self.by_end.get(end)

    def starting_at(self, start: int) -> Cue | None:
        """The longest cue that starts at ``start``, if any."""
        return self.by_start.get(start)

    def first_in(self, start: int, end: int) -> Cue | None:
        """The first cue lying wholly inside ``[start, end)``, if any."""
        index = bisect.bisect_left(self._sorted_starts, start)
        while index < len(self._sorted_starts) and self._sorted_starts[index] < end:
            cue = self.by_start[self._sorted_starts[index]]
            if cue.end <= end:
                return cue
            index += 1
        return None

    def before(self, pos: int) -> Cue | None:
        """The cue right before ``pos``, ignoring one ：or ，in between (X表示：“…”)."""
        end = pos - 1 if pos and self.view[pos - 1] in "：，" else pos
        return self.ending_at(end)


def _clause_start(view: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and view[i] not in CLAUSE_BREAKS:
        i -= 1
    return i + 1
