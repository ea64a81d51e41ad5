"""NER training data and training: MSRA, CLUENER2020, Resume and Weibo → spaCy.

Titles are labelled only in CLUENER (``position``) and Resume (``TITLE``).
MSRA and Weibo leave them unlabelled, which would teach the model that a title
is no entity; with ``silver_titles`` the title lexicon labels them there
(only where no gold entity overlaps).
"""

from __future__ import annotations

import random
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

import nlp_quotes.entities.features  # noqa: F401  (registers nlp_quotes.CharNgramEmbed.v1)
from nlp_quotes.entities.rules import find_titles
from nlp_quotes.training.corpora import TRAIN_CORPORA, Sentence, read_corpus

CONFIG = Path(__file__).with_name("configs") / "ner_char.cfg"
SILVER_TITLE_CORPORA = ("msra_train", "weibo_train")
DEV_FROM_MSRA = 1500


def add_silver_titles(sentences: list[Sentence]) -> list[Sentence]:
    """Label lexicon titles that no gold entity overlaps as TITLE."""
    out = []
    for text, spans in sentences:
        taken = bytearray(len(text) + 1)
        for start, end, _ in spans:
            taken[start:end] = b"\x01" * (end - start)
        extra = [(t.start, t.end, "TITLE") for t in find_titles(text) if not any(taken[t.start : t.end])]
        out.append((text, sorted(spans + extra)))
    return out


def to_doc(nlp: spacy.language.Language, text: str, spans: list[tuple[int, int, str]]) -> Doc:
    """A character-token Doc with its entities (spans that do not align are dropped)."""
    doc = nlp.make_doc(text)
    ents = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is not None and len(span):
            ents.append(span)
    doc.ents = spacy.util.filter_spans(ents)
    return doc


def build_corpora(shared: Path, work: Path, silver_titles: bool = True, seed: int = 0) -> dict[str, Path]:
    """Write train and dev DocBins; dev holds CLUENER dev and a slice of MSRA train."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    rng = random.Random(seed)
    train: list[Sentence] = []
    dev: list[Sentence] = list(read_corpus(shared, "cluener_dev"))
    for name in TRAIN_CORPORA:
        sentences = read_corpus(shared, name)
        if name == "msra_train":
            rng.shuffle(sentences)
            dev.extend(sentences[:DEV_FROM_MSRA])
            sentences = sentences[DEV_FROM_MSRA:]
        if silver_titles and name in SILVER_TITLE_CORPORA:
            sentences = add_silver_titles(sentences)
        train.extend(sentences)
    rng.shuffle(train)
    work.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, sentences in (("train", train), ("dev", dev)):
        docbin = DocBin(store_user_data=False)
        for text, spans in sentences:
            if text.strip():
                docbin.add(to_doc(nlp, text, spans))
        paths[split] = work / f"ner_{split}.spacy"
        docbin.to_disk(paths[split])
    return paths


def train(shared: Path, out: Path, work: Path, max_steps: int, silver_titles: bool = True) -> Path:
    """Convert the corpora and train the NER pipeline into ``out``; returns the best model."""
    from spacy.cli.train import train as spacy_train

    paths = build_corpora(shared, work, silver_titles=silver_titles)
    overrides = {"paths.train": str(paths["train"]), "paths.dev": str(paths["dev"]), "training.max_steps": max_steps}
    spacy_train(CONFIG, output_path=out, overrides=overrides)
    return out / "model-best"
