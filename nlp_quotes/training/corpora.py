"""Readers for the public NER corpora, mapped to PERSON / TITLE / ORG / LOC.

Each reader yields ``(text, spans)`` per sentence, with ``spans`` a list of
``(start, end, label)`` character offsets.  Source labels outside our scheme
(CLUENER ``book``/``game``/``movie``, Resume ``EDU``/``PRO``…, Weibo nominal
mentions) are left unlabelled.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from nlp_quotes.types import EntitySpan

Sentence = tuple[str, list[EntitySpan]]

MSRA_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}
CLUENER_LABELS = {
    "name": "PERSON",
    "position": "TITLE",
    "organization": "ORG",
    "company": "ORG",
    "government": "ORG",
    "address": "LOC",
}
RESUME_LABELS = {"NAME": "PERSON", "TITLE": "TITLE", "ORG": "ORG", "LOC": "LOC"}
WEIBO_LABELS = {"PER.NAM": "PERSON", "LOC.NAM": "LOC", "GPE.NAM": "LOC", "ORG.NAM": "ORG"}


def _tagged_sentences(path: Path, separator: str | None) -> Iterator[list[tuple[str, str]]]:
    """Blank-line separated ``char<sep>tag`` sentences."""
    sentence: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            parts = line.split(separator) if separator else line.split()
            if len(parts) < 2:
                continue
            sentence.append((parts[0], parts[-1]))
    if sentence:
        yield sentence


def _spans_from_tags(tags: list[str], labels: dict[str, str]) -> list[EntitySpan]:
    """BIO or BMES tags to spans; unknown labels are dropped."""
    spans: list[EntitySpan] = []
    start, current = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix in ("B", "S") or prefix == "O" or label != current
        if current is not None and (begins or prefix == "O"):
            if current in labels:
                spans.append((start, i, labels[current]))
            current = None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and current is None and label):
            start, current = i, label
        if prefix in ("E", "S") and current is not None:
            if current in labels:
                spans.append((start, i + 1, labels[current]))
            current = None
    return spans


def read_tagged(path: Path, labels: dict[str, str], separator: str | None = None) -> Iterator[Sentence]:
    """A BIO/BMES file (MSRA, Resume, Weibo) as ``(text, spans)``."""
    for sentence in _tagged_sentences(path, separator):
        chars = [char[0] if char else " " for char, _ in sentence]  # Weibo writes 科0, 技1…
        tags = [tag for _, tag in sentence]
        yield "".join(chars), _spans_from_tags(tags, labels)


def read_cluener(path: Path) -> Iterator[Sentence]:
    """CLUENER2020 JSON lines (inclusive end offsets) as ``(text, spans)``."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            spans = []
            for source_label, mentions in (record.get("label") or {}).items():
                if source_label not in CLUENER_LABELS:
                    continue
                for offsets in mentions.values():
                    for start, end in offsets:
                        spans.append((start, end + 1, CLUENER_LABELS[source_label]))
            yield record["text"], sorted(spans)


#: The corpora every entity model here trains on.
TRAIN_CORPORA = ("msra_train", "cluener_train", "resume_train", "weibo_train")

#: name -> (relative path under data/ner, reader)
CORPORA = {
    "msra_train": ("msra/msra_train_bio", lambda p: read_tagged(p, MSRA_LABELS, "\t")),
    "msra_test": ("msra/msra_test_bio", lambda p: read_tagged(p, MSRA_LABELS, "\t")),
    "cluener_train": ("cluener2020/train.json", read_cluener),
    "cluener_dev": ("cluener2020/dev.json", read_cluener),
    "resume_train": ("resume/train.char.bmes", lambda p: read_tagged(p, RESUME_LABELS)),
    "resume_dev": ("resume/dev.char.bmes", lambda p: read_tagged(p, RESUME_LABELS)),
    "weibo_train": ("weibo/weiboNER_2nd_conll.train", lambda p: read_tagged(p, WEIBO_LABELS, "\t")),
}


def read_corpus(shared: Path, name: str) -> list[Sentence]:
    """All sentences of one named corpus."""
    from nlp_quotes.datasets import corpus_file

    relative, reader = CORPORA[name]
    return list(reader(corpus_file(shared, "ner/" + relative)))
