"""A linear-chain CRF tagger for PERSON / TITLE / ORG / LOC on characters.

Each character is described by the characters around it (unigrams within two
places, bigrams and a trigram), its script, and lexicon cues that matter for
Chinese names: a surname, a title just before, a cue word just after.  The
model is a CRFsuite file (python-crfsuite); tagging runs in C.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nlp_quotes.lexicons import Lexicons, load_lexicons

Span = tuple[int, int, str]


def _script(char: str) -> str:
    if char.isdigit():
        return "D"
    if char.isascii() and char.isalpha():
        return "L"
    if "\u4e00" <= char <= "\u9fff":
        return "C"
    return "P"


def _lexicon_marks(text: str, lex: Lexicons) -> tuple[list[str], list[str]]:
    """Per character: 'T' where a title ends just before it, 'Q' where a cue starts just after it."""
    after_title = [""] * (len(text) + 1)
    for match in lex.title_pattern.finditer(text):
        after_title[match.end()] = "T"
    before_cue = [""] * (len(text) + 1)
    for match in lex.cue_pattern.finditer(text):
        if match.start() > 0:
            before_cue[match.start() - 1] = "Q"
    return after_title, before_cue


def char_features(text: str, lex: Lexicons | None = None) -> list[list[str]]:
    """CRF features of every character of ``text``."""
    lex = lex or load_lexicons()
    surnames = lex.surnames
    padded = "^^^" + text + "$$$"
    after_title, before_cue = _lexicon_marks(text, lex)
    features = []
    for i in range(len(text)):
        j = i + 3
        char = padded[j]
        row = [
            "c0=" + char,
            "c-1=" + padded[j - 1],
            "c+1=" + padded[j + 1],
            "c-2=" + padded[j - 2],
            "c+2=" + padded[j + 2],
            "b-1=" + padded[j - 1 : j + 1],
            "b+1=" + padded[j : j + 2],
            "b-2=" + padded[j - 2 : j],
            "b+2=" + padded[j + 1 : j + 3],
            "t0=" + padded[j - 1 : j + 2],
            "t-1=" + padded[j - 2 : j + 1],
            "t+1=" + padded[j : j + 3],
            "s=" + _script(padded[j - 1]) + _script(char) + _script(padded[j + 1]),
        ]
        if char in surnames:
            row.append("sur0")
        if padded[j - 1] in surnames:
            row.append("sur-1")
        if padded[j - 2] in surnames:
            row.append("sur-2")
        if after_title[i]:
            row.append("after_title")
        if i and after_title[i - 1]:
            row.append("after_title-1")
        if before_cue[i]:
            row.append("before_cue")
        if i + 1 < len(text) and before_cue[i + 1]:
            row.append("before_cue+1")
        features.append(row)
    return features


def bio_tags(length: int, spans: list[Span]) -> list[str]:
    """BIO tags of spans over ``length`` characters."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        for k in range(start + 1, end):
            tags[k] = "I-" + label
    return tags


def spans_from_bio(tags: list[str]) -> list[Span]:
    """Spans of BIO tags (an I- without its B- starts a span)."""
    spans: list[Span] = []
    start, current = 0, None
    for i, tag in enumerate([*tags, "O"]):
        label = tag[2:]
        continues = tag.startswith("I-") and label == current
        if current is not None and not continues:
            spans.append((start, i, current))
            current = None
        if tag != "O" and not continues:
            start, current = i, label
    return spans


def split_name_list(name: str, lex: Lexicons | None = None) -> list[tuple[int, int]] | None:
    """Split a run of Chinese names written without separators (李鹏乔石李瑞环).

    Returns the offsets of the names when ``name`` (4 to 15 characters, no ·)
    divides wholly into 2- or 3-character pieces that each start with a
    surname, preferring 3-character pieces; ``None`` otherwise.
    """
    lex = lex or load_lexicons()
    if not 4 <= len(name) <= 15 or any(sep in name for sep in "·•"):
        return None
    best: dict[int, list[tuple[int, int]]] = {0: []}
    for i in range(len(name)):
        if i not in best or name[i] not in lex.surnames:
            continue
        for length in (3, 2):
            j = i + length
            candidate = [*best[i], (i, j)]
            longer = sum(e - s == 3 for s, e in candidate) > sum(e - s == 3 for s, e in best.get(j, []))
            if j <= len(name) and (j not in best or longer):
                best[j] = candidate
    pieces = best.get(len(name))
    return pieces if pieces and len(pieces) >= 2 else None


@lru_cache(maxsize=2)
def _tagger(path: str):
    import pycrfsuite

    if not Path(path).is_file():
        raise OSError(f"no CRF model at {path}; train one with `python -m nlp_quotes.training crf`")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def tag_entities(text: str, model_path: str | Path) -> list[Span]:
    """Entity spans of ``text``, line by line."""
    tagger = _tagger(str(model_path))
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for start, end, label in spans_from_bio(tagger.tag(char_features(line))):
                pieces = split_name_list(line[start:end]) if label == "PERSON" else None
                for piece_start, piece_end in pieces or [(0, end - start)]:
                    spans.append((offset + start + piece_start, offset + start + piece_end, label))
        offset += len(line) + 1
    return spans
