"""A linear-chain CRF tagger for PERSON / TITLE / ORG / LOC on characters.

Each character is described by the characters around it (unigrams within two
places, bigrams and a trigram), its script, and lexicon cues that matter for
Chinese names: a surname, a title just before, a cue word just after.  The
model is a CRFsuite file (python-crfsuite); tagging runs in C.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from nlp_quotes.entities.lexical import CharClusters, Gazetteer
from nlp_quotes.entities.names import NameModel, load_name_model, split_name_lists
from nlp_quotes.entities.tidy import tidy_spans
from nlp_quotes.lexicons import Lexicons, load_lexicons
from nlp_quotes.types import EntitySpan


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


def _score_bucket(score: float | None) -> str:
    if score is None or score < 1.0:
        return ""
    return "hi" if score >= 6.0 else "mid" if score >= 3.0 else "lo"


def _name_marks(text: str, names: NameModel) -> list[list[str]]:
    """Per character: how name-like the 2- and 3-character pieces are that start, continue or end on it."""
    marks: list[list[str]] = [[] for _ in text]
    surnames = names.surname_logp
    for i, char in enumerate(text):
        if char not in surnames:
            continue
        for length in (2, 3):
            if i + length > len(text):
                break
            bucket = _score_bucket(names.char_score(text[i : i + length]))
            if bucket:
                marks[i].append(f"nm{length}b={bucket}")
                marks[i + length - 1].append(f"nm{length}e={bucket}")
                if length == 3:
                    marks[i + 1].append(f"nm3m={bucket}")
    return marks


@dataclass(frozen=True)
class FeatureResources:
    """Learned resources whose features a CRF model was trained with (each optional)."""

    names: NameModel | None = None
    gazetteer: Gazetteer | None = None
    clusters: CharClusters | None = None


NO_RESOURCES = FeatureResources()


def lexical_marks(
    text: str, lex: Lexicons | None = None, resources: FeatureResources = NO_RESOURCES
) -> list[list[str]]:
    """Features of every character of ``text`` beyond its character n-grams.

    Script of the character and its neighbours, surname flags, a title just
    before, a cue just after and, with ``resources``, how name-like the
    pieces around it are (name model), whether a known entity string begins,
    continues or ends on it (gazetteer) and the cluster ids of the
    characters within one place (character clusters).
    """
    lex = lex or load_lexicons()
    surnames = lex.surnames
    padded = "^^^" + text + "$$$"
    after_title, before_cue = _lexicon_marks(text, lex)
    name_marks = _name_marks(text, resources.names) if resources.names is not None else None
    gazetteer_marks = resources.gazetteer.marks(text) if resources.gazetteer is not None else None
    clusters = resources.clusters.cluster_of if resources.clusters is not None else None
    scripts = [_script(char) for char in padded]
    features = []
    for i in range(len(text)):
        j = i + 3
        char = padded[j]
        row = ["s=" + scripts[j - 1] + scripts[j] + scripts[j + 1]]
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
        if name_marks is not None:
            row.extend(name_marks[i])
        if gazetteer_marks is not None:
            row.extend(gazetteer_marks[i])
        if clusters is not None:
            k0 = clusters.get(char, -1)
            k_prev, k_next = clusters.get(padded[j - 1], -1), clusters.get(padded[j + 1], -1)
            row += [f"k0={k0}", f"k-1={k_prev}", f"k+1={k_next}", f"k-1k0={k_prev}_{k0}", f"k0k+1={k0}_{k_next}"]
        features.append(row)
    return features


def char_features(
    text: str, lex: Lexicons | None = None, resources: FeatureResources = NO_RESOURCES
) -> list[list[str]]:
    """CRF features of every character of ``text``: its n-grams within two places and :func:`lexical_marks`."""
    padded = "^^^" + text + "$$$"
    features = lexical_marks(text, lex, resources)
    for i, row in enumerate(features):
        j = i + 3
        row += [
            "c0=" + padded[j],
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
        ]
    return features


def bio_tags(length: int, spans: list[EntitySpan]) -> list[str]:
    """BIO tags of spans over ``length`` characters."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        for k in range(start + 1, end):
            tags[k] = "I-" + label
    return tags


def spans_from_bio(tags: list[str]) -> list[EntitySpan]:
    """Spans of BIO tags (an I- without its B- starts a span)."""
    spans: list[EntitySpan] = []
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


@lru_cache(maxsize=2)
def load_crf_tagger(path: str) -> pycrfsuite.Tagger:
    """The CRFsuite tagger saved at ``path`` (cached)."""
    if not Path(path).is_file():
        raise OSError(f"no CRF model at {path}; train one with `python -m nlp_quotes.training crf`")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def text_lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` of every line of ``text`` that holds more than whitespace."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, line))
        offset += len(line) + 1
    return lines


def line_entities(line: str, tags: list[str], names: NameModel | None, split_tagged: bool = True) -> list[EntitySpan]:
    """Spans of a tagged line: runs of names split by ``names`` (see :func:`split_name_lists`), edges tidied."""
    spans = spans_from_bio(tags)
    if names is not None:
        spans = split_name_lists(line, spans, names, split_tagged=split_tagged)
    return tidy_spans(line, spans)


def tag_entities(
    text: str,
    model_path: str | Path,
    names_path: str | Path | None = None,
    resources: FeatureResources = NO_RESOURCES,
) -> list[EntitySpan]:
    """Entity spans of ``text``, line by line.

    With ``names_path`` (a :class:`~nlp_quotes.entities.names.NameModel`),
    runs of names written without separators become one PERSON per name.
    ``resources`` must be those the CRF model was trained with.
    """
    tagger = load_crf_tagger(str(model_path))
    names = load_name_model(str(names_path)) if names_path else None
    return tag_with(tagger, text, names, resources, load_lexicons())


def tag_with(
    tagger: pycrfsuite.Tagger,
    text: str,
    names: NameModel | None = None,
    resources: FeatureResources = NO_RESOURCES,
    lex: Lexicons | None = None,
) -> list[EntitySpan]:
    """Entity spans of ``text`` by a loaded CRF ``tagger`` (see :func:`tag_entities`), with lexicons ``lex``."""
    lex = lex or load_lexicons()
    spans: list[EntitySpan] = []
    for offset, line in text_lines(text):
        line_spans = line_entities(line, tagger.tag(char_features(line, lex, resources)), names)
        spans.extend((offset + start, offset + end, label) for start, end, label in line_spans)
    return spans
