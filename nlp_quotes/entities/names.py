"""Runs of personal names written without separators (李鹏乔石李瑞环…).

Lists of officials in Chinese newspapers are printed with spaces between the
names; once the text is extracted those spaces are often gone, and a
character tagger sees one long run it cannot split.  :class:`NameModel`
splits such a run into names with a small semi-Markov search: every piece is
scored by how much more likely it is as a name (surname, then given-name
characters) than as ordinary text, and names seen in the training corpora
get a fixed bonus.  The statistics are learned from the NER corpora by
``python -m nlp_quotes.training names`` and shipped as a JSON file next to
the CRF model.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nlp_quotes.text import chars
from nlp_quotes.types import EntitySpan

#: Separators inside foreign and minority names (克尤木·巴吾东).
NAME_DOTS = chars.NAME_DOTS
#: Longest dotted name considered (蒙博托·塞塞·塞科·库库·恩关杜·瓦·扎·邦加 has 22 characters).
MAX_DOTTED_NAME = 30
#: Smallest log-likelihood ratio a piece needs to count as a name.
MIN_PIECE_SCORE = 1.0
#: Bonus of a name seen in the training corpora (a log-likelihood ratio).
KNOWN_NAME_SCORE = 8.0
#: Score of a dotted name (X·Y) not seen in training.
DOTTED_NAME_SCORE = 2.0
#: Cost of every further piece, so that a run is not cut into more names than it holds.
PIECE_COST = 4.0
#: Score of a 2-4 character piece that is no name by the statistics (丹增 in a list of names).
UNKNOWN_PIECE_SCORE = -6.0
#: Piece scores a model keeps before it starts its cache afresh.
MAX_CACHED_SCORES = 200_000
#: Fewest names in a run found by scanning the text (the tagger's own PERSON spans need two).
MIN_RUN_NAMES = 3
#: A run found by scanning may hold one unknown piece per this many pieces.
PIECES_PER_UNKNOWN = 5


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@dataclass(frozen=True)
class NameModel:
    """Character statistics of Chinese personal names against running text."""

    surname_logp: dict[str, float]
    given_logp: dict[str, float]
    text_logp: dict[str, float]
    unseen_logp: float
    given_unseen_logp: float
    known: frozenset[str]
    #: Scores of pieces already seen (names recur across documents).
    _char_scores: dict[str, float | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def train(
        cls,
        names: Iterable[str],
        texts: Iterable[str],
        surnames_lexicon: frozenset[str],
        min_known_count: int = 1,
    ) -> NameModel:
        """Estimate the model from gold PERSON strings and the texts they occur in.

        Only names that start with a surname of ``surnames_lexicon`` teach
        the surname and given-name statistics, so transliterated foreign
        names (普里马科夫) do not make 普 a surname; every gold name of two
        characters or more is remembered as known.
        """
        compounds = tuple(sorted((s for s in surnames_lexicon if len(s) == 2), key=len, reverse=True))
        surnames: Counter[str] = Counter()
        given: Counter[str] = Counter()
        name_counts: Counter[str] = Counter()
        for name in names:
            name_counts[name] += 1
            if not 2 <= len(name) <= 4 or not all(map(_is_han, name)):
                continue
            surname = next((c for c in compounds if name.startswith(c) and len(name) > len(c)), name[0])
            if surname not in surnames_lexicon or len(name) - len(surname) not in (1, 2):
                continue
            surnames[surname] += 1
            given.update(name[len(surname) :])
        chars: Counter[str] = Counter(c for text in texts for c in text if _is_han(c))

        def logp(counts: Counter[str], smoothing: float = 0.5) -> dict[str, float]:
            total = sum(counts.values()) + smoothing * (len(counts) + 1)
            return {key: round(math.log((n + smoothing) / total), 3) for key, n in counts.items()}

        def unseen(counts: Counter[str], smoothing: float = 0.5) -> float:
            return round(math.log(smoothing / (sum(counts.values()) + smoothing * (len(counts) + 1))), 3)

        known = frozenset(name for name, n in name_counts.items() if n >= min_known_count and len(name) >= 2)
        return cls(logp(surnames), logp(given), logp(chars), unseen(chars), unseen(given), known)

    def to_disk(self, path: Path) -> None:
        data = {
            "surname_logp": self.surname_logp,
            "given_logp": self.given_logp,
            "text_logp": self.text_logp,
            "unseen_logp": self.unseen_logp,
            "given_unseen_logp": self.given_unseen_logp,
            "known": sorted(self.known),
        }
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> NameModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data["surname_logp"],
            data["given_logp"],
            data["text_logp"],
            data["unseen_logp"],
            data["given_unseen_logp"],
            frozenset(data["known"]),
        )

    def piece_score(self, piece: str) -> float | None:
        """Log-likelihood ratio of ``piece`` being a name rather than text; ``None`` if it cannot be one."""
        score = self.char_score(piece)
        if piece in self.known:
            return max(score or 0.0, 0.0) + KNOWN_NAME_SCORE
        return score

    def char_score(self, piece: str) -> float | None:
        """:meth:`piece_score` from the character statistics alone, ignoring names seen in training."""
        cache = self._char_scores
        if piece not in cache:
            if len(cache) > MAX_CACHED_SCORES:
                cache.clear()
            cache[piece] = self._char_score(piece)
        return cache[piece]

    def _char_score(self, piece: str) -> float | None:
        if any(dot in piece for dot in NAME_DOTS):
            parts = piece.replace("•", "·").split("·")
            return DOTTED_NAME_SCORE if all(2 <= len(p) <= 6 and all(map(_is_han, p)) for p in parts) else None
        if not 2 <= len(piece) <= 4:
            return None
        for surname_len in (2, 1):
            surname = piece[:surname_len]
            if surname in self.surname_logp and len(piece) - surname_len in (1, 2):
                break
        else:
            return None
        score = self.surname_logp[surname] + 0.0
        for char in piece[surname_len:]:
            if not _is_han(char):
                return None
            score += self.given_logp.get(char, self.given_unseen_logp)
        return score - sum(self.text_logp.get(char, self.unseen_logp) for char in piece)

    def split(self, run: str, min_names: int = 2, unknown_every: int = 0) -> list[tuple[int, int]] | None:
        """Offsets of the names that ``run`` divides into wholly, or ``None``.

        The division maximises the summed piece scores.  It is accepted when
        it has at least ``min_names`` pieces, every piece scores at least
        :data:`MIN_PIECE_SCORE`, except that with ``unknown_every`` > 0 one
        piece in that many may be unknown (never the first or the last).  A
        run that is itself a known name is not divided.
        """
        n = len(run)
        if n < 2 * min_names or run in self.known:
            return None
        if not any(dot in run for dot in NAME_DOTS) and (
            all(self._unknown(run[:k]) for k in (2, 3, 4)) or all(self._unknown(run[-k:]) for k in (2, 3, 4))
        ):
            return None  # the first and the last piece must be names: most runs of text fail here
        # best[j] = (score, start of the last piece, unknown pieces so far)
        best: list[tuple[float, int, int] | None] = [None] * (n + 1)
        best[0] = (0.0, 0, 0)
        for i in range(n):
            if best[i] is None:
                continue
            for j in [*range(i + 2, min(i + 4, n) + 1), *_dotted_name_ends(run, i)]:
                piece = run[i:j]
                score = self.piece_score(piece)
                unknown = 0
                if score is None or score < MIN_PIECE_SCORE:
                    if not unknown_every or len(piece) > 4 or not all(map(_is_han, piece)):
                        continue
                    score, unknown = UNKNOWN_PIECE_SCORE, 1
                total = best[i][0] + score - PIECE_COST
                if best[j] is None or total > best[j][0]:
                    best[j] = (total, i, best[i][2] + unknown)
        if best[n] is None:
            return None
        pieces = []
        j = n
        while j:
            i = best[j][1]
            pieces.append((i, j))
            j = i
        pieces.reverse()
        if len(pieces) < min_names:
            return None
        if best[n][2]:
            if best[n][2] * unknown_every > len(pieces):
                return None
            if any(self._unknown(run[s:e]) for s, e in (pieces[0], pieces[-1])):
                return None
        return pieces

    def _unknown(self, piece: str) -> bool:
        score = self.piece_score(piece)
        return score is None or score < MIN_PIECE_SCORE


def _dotted_name_ends(run: str, start: int) -> list[int]:
    """Possible ends of a dotted name (克尤木·巴吾东) starting at ``start``.

    Every part has 1 to 6 Han characters; the first and the last have at
    least two.
    """
    ends: list[int] = []
    i = start
    part_start = start
    while i < len(run) and i - start <= MAX_DOTTED_NAME:
        if run[i] in NAME_DOTS:
            length = i - part_start
            if not 1 <= length <= 6 or (part_start == start and length < 2):
                break
            part_start = i + 1
        elif not _is_han(run[i]):
            break
        elif part_start > start and 2 <= i + 1 - part_start <= 6:
            ends.append(i + 1)
        i += 1
    return ends


def name_runs(line: str) -> Iterable[tuple[int, int]]:
    """Maximal runs of Han characters and name dots in ``line``."""
    start = None
    for i, char in enumerate(line + "\n"):
        inside = _is_han(char) or (char in NAME_DOTS and start is not None)
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            yield start, i
            start = None


def split_name_lists(
    line: str, spans: list[EntitySpan], model: NameModel, split_tagged: bool = True
) -> list[EntitySpan]:
    """Replace tagged spans over runs of names with one PERSON per name.

    Two sources of runs: a tagged PERSON span that divides into two or more
    names (only with ``split_tagged``), and a whole run of Han characters
    between punctuation that divides into at least :data:`MIN_RUN_NAMES`
    names; the run is first cut at tagged TITLE spans, so that the title
    before a list (（记者李蕾张羽飞）) stays a title and counts as one of the
    pieces.
    The convolutional tagger leaves ``split_tagged`` off: it marks
    where names in a list begin itself, and dividing its spans again cut
    foreign names apart (贝尔巴托夫 → 贝尔 + 巴托夫), MSRA PERSON F1 0.926 → 0.913.
    """
    replacements: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end, label in spans:
        if split_tagged and label == "PERSON" and end - start >= 4:
            pieces = model.split(line[start:end])
            if pieces:
                replacements.append((start, end, pieces))
    for start, end, after_title in _runs_outside(name_runs(line), [span for span in spans if span[2] == "TITLE"]):
        if after_title and any(char in NAME_DOTS for char in line[start:end]):
            continue  # 总统亚历山大·克瓦希涅夫斯基: one foreign name after a title, left as tagged
        min_names = MIN_RUN_NAMES - 1 if after_title else MIN_RUN_NAMES  # the title counts as one piece
        if end - start >= 2 * min_names and (line[start] in model.surname_logp or _starts_known(line, start, model)):
            pieces = model.split(line[start:end], min_names, PIECES_PER_UNKNOWN)
            if pieces:
                replacements.append((start, end, pieces))
    if not replacements:
        return spans
    covered = bytearray(len(line) + 1)
    new_spans: list[EntitySpan] = []
    for start, end, pieces in replacements:
        if any(covered[start:end]):
            continue
        covered[start:end] = b"\x01" * (end - start)
        new_spans.extend((start + s, start + e, "PERSON") for s, e in pieces)
    kept = [span for span in spans if not any(covered[span[0] : span[1]])]
    return sorted(kept + new_spans)


def _runs_outside(runs: Iterable[tuple[int, int]], blocking: list[EntitySpan]) -> Iterable[tuple[int, int, bool]]:
    """The pieces of ``runs`` that no ``blocking`` span covers: ``(start, end, whether a blocking span precedes)``."""
    for start, end in runs:
        after_block = False
        cuts = sorted((max(a, start), min(b, end)) for a, b, _ in blocking if a < end and b > start)
        for a, b in cuts:
            if a > start:
                yield start, a, after_block
            start, after_block = max(start, b), True
        if start < end:
            yield start, end, after_block


def _starts_known(line: str, start: int, model: NameModel) -> bool:
    return any(line[start : start + length] in model.known for length in range(2, 5))


@lru_cache(maxsize=2)
def load_name_model(path: str) -> NameModel:
    """The name model saved at ``path`` (cached)."""
    return NameModel.from_disk(Path(path))
