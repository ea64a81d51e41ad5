"""Learn the CRF's lexical resources (``python -m nlp_quotes.training lexical``).

* the gazetteer: every PERSON / ORG / LOC string of the training corpora;
* the character clusters: from MSRA train text and the People's Daily 2023
  articles of ``shared/data/news/rmrb2023`` (when present).
"""

from __future__ import annotations

from pathlib import Path

from nlp_quotes.datasets import news_articles
from nlp_quotes.entities.lexical import CharClusters, Gazetteer
from nlp_quotes.training.corpora import TRAIN_CORPORA, read_corpus


def train(shared: Path, gazetteer_out: Path, clusters_out: Path | None = None) -> tuple[Gazetteer, CharClusters | None]:
    """Build and save the gazetteer, and the character clusters when ``clusters_out`` is given."""
    sentences = [sentence for name in TRAIN_CORPORA for sentence in read_corpus(shared, name)]
    gazetteer = Gazetteer.from_spans(sentences)
    gazetteer_out.parent.mkdir(parents=True, exist_ok=True)
    gazetteer.to_disk(gazetteer_out)
    clusters = None
    if clusters_out is not None:
        texts = [text for text, _ in read_corpus(shared, "msra_train")]
        news = news_articles(shared)
        texts += [path.read_text(encoding="utf-8") for path in news]
        clusters = CharClusters.train(texts)
        clusters_out.parent.mkdir(parents=True, exist_ok=True)
        clusters.to_disk(clusters_out)
    return gazetteer, clusters
