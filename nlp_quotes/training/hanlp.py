"""Train a HanLP NER model on MSRA with HanLP's own API (``python -m nlp_quotes.training hanlp``).

A small, CPU-trainable model (HanLP's RNN tagger over characters, no
pretrained embeddings) to exercise the HanLP backend end to end offline;
users with HanLP's hub load its pretrained transformers instead.
"""

from __future__ import annotations

from pathlib import Path

from nlp_quotes.entities.crf import bio_tags
from nlp_quotes.training.corpora import read_corpus

#: Our labels -> HanLP's MSRA tags.
MSRA_TAGS = {"PERSON": "NR", "LOC": "NS", "ORG": "NT"}


def write_tsv(sentences: list[tuple[str, list[tuple[int, int, str]]]], path: Path) -> Path:
    """Sentences as HanLP's character-per-line TSV with BIO tags in the MSRA scheme."""
    with path.open("w", encoding="utf-8") as handle:
        for text, spans in sentences:
            tags = bio_tags(
                len(text), [(start, end, MSRA_TAGS[label]) for start, end, label in spans if label in MSRA_TAGS]
            )
            for char, tag in zip(text, tags, strict=True):
                if char.strip():
                    handle.write(f"{char}\t{tag}\n")
            handle.write("\n")
    return path


def fit_rnn_ner(train_file: Path, dev_file: Path, out: Path, **settings) -> Path:
    """Fit HanLP's RNN NER on character TSV files (HanLP's own ``fit``); ``settings`` override the defaults.

    The CRF layer of HanLP's RNN tagger is left off: with it, the tagger did
    not learn even a few dozen sentences here.
    """
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    config = {"epochs": 5, "embed": 100, "rnn_hidden": 200, "batch_size": 32, "lr": 0.005, "drop": 0.3}
    config.update(settings)
    RNNNamedEntityRecognizer().fit(
        str(train_file), str(dev_file), str(out), crf=False, tagging_scheme="BIO", verbose=False, **config
    )
    return out


def train(shared: Path, out: Path, work: Path, sentences: int = 5000, epochs: int = 5, max_len: int = 150) -> Path:
    """Fit HanLP's RNN NER on the first ``sentences`` MSRA train sentences (dev: the next 500)."""
    data = [s for s in read_corpus(shared, "msra_train") if 0 < len(s[0]) <= max_len]
    work.mkdir(parents=True, exist_ok=True)
    train_file = write_tsv(data[:sentences], work / "msra_train.tsv")
    dev_file = write_tsv(data[sentences : sentences + 500], work / "msra_dev.tsv")
    return fit_rnn_ner(train_file, dev_file, out, epochs=epochs)
