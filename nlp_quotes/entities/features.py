"""A character n-gram embedding for Chinese NER on character tokens.

spaCy's default ``MultiHashEmbed`` reads lexical attributes of one token; on a
character token they all describe the same character.  Chinese NER gains much
from the neighbouring characters, so this layer embeds, for every character,
its unigram, the bigrams it forms with its left and right neighbours, and its
shape (digit, Latin, Chinese…), and mixes them with a Maxout layer.  It is
registered as ``nlp_quotes.CharNgramEmbed.v1`` for spaCy configs.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH, SHAPE
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d, Ints2d

MIX = numpy.uint64(0x9E3779B97F4A7C15)
BOUNDARY = numpy.uint64(0x51ED270B27D5A3C1)


def _doc_features(doc: Doc) -> numpy.ndarray:
    attrs = doc.to_array([ORTH, SHAPE]).astype("uint64").reshape(len(doc), 2)
    orth = attrs[:, 0]
    left = numpy.concatenate([[BOUNDARY], orth[:-1]]) if len(doc) else orth
    right = numpy.concatenate([orth[1:], [BOUNDARY]]) if len(doc) else orth
    with numpy.errstate(over="ignore"):
        bigram_left = left * MIX ^ orth
        bigram_right = orth * MIX ^ right
    return numpy.stack([orth, bigram_left, bigram_right, attrs[:, 1]], axis=1)


def _extract_forward(model: Model, docs: list[Doc], is_train: bool):
    features = [model.ops.asarray2i(_doc_features(doc), dtype="uint64") for doc in docs]
    return features, lambda d_features: []


def char_ngram_features() -> Model[list[Doc], list[Ints2d]]:
    """Per character: unigram, left bigram, right bigram and shape ids."""
    return Model("char_ngram_features", _extract_forward)


@registry.architectures("nlp_quotes.CharNgramEmbed.v1")
def char_ngram_embed(width: int, unigram_rows: int, bigram_rows: int) -> Model[list[Doc], list[Floats2d]]:
    """Embed each character with its unigram, bigrams and shape."""
    tables = concatenate(
        HashEmbed(width, unigram_rows, column=0, seed=21),
        HashEmbed(width, bigram_rows, column=1, seed=22),
        HashEmbed(width, bigram_rows, column=2, seed=23),
        HashEmbed(width, 64, column=3, seed=24),
    )
    mixed = chain(tables, Maxout(width, width * 4, nP=3, dropout=0.0, normalize=True))
    model = chain(char_ngram_features(), with_array(mixed))
    model.set_dim("nO", width)
    return model
