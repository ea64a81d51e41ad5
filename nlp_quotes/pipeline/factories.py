"""The spaCy factories of the nlp_quotes components: the one module that imports them all.

``nlp_quotes_normalizer``  the normalised text on ``doc._.nlp_quotes_normalized``
``nlp_quotes_neural_ner``  PERSON/TITLE/ORG/LOC of the convolutional tagger into ``doc.ents``
``nlp_quotes_crf_ner``     the same from the CRF tagger
``nlp_quotes_hanlp_ner``   the same from a HanLP model (:mod:`nlp_quotes.backends.hanlp_ner`)
``nlp_quotes_words``       pkuseg words into ``doc.spans["words"]`` (optional)
``nlp_quotes_entities``    rule-based PERSON/TITLE/ORG/LOC, merged into ``doc.ents`` by a policy
``nlp_quotes_attribution`` quotations into ``doc.spans["quotes"]`` with their
                           speakers; speaker mentions into ``doc.spans["speakers"]``

The attribution reads whatever ``doc.ents`` holds, so any entity backend that
fills PERSON/TITLE/ORG/LOC can stand in for the rule-based one.  The entity
merge policies are registered functions (:mod:`nlp_quotes.pipeline.merge`).
"""

from __future__ import annotations

from spacy.language import Language

from nlp_quotes.attribution.sieves import CONFIG_KEYS, SieveOrder
from nlp_quotes.backends.hanlp_ner import make_hanlp_ner
from nlp_quotes.pipeline.attributor import QuoteAttributor
from nlp_quotes.pipeline.merge import EntsMerge, SpeakerEntitiesMerge
from nlp_quotes.pipeline.normalizer import Normalizer
from nlp_quotes.pipeline.rule_entities import RuleEntityRecognizer
from nlp_quotes.pipeline.taggers import ConvEntityRecognizer, CrfEntityRecognizer
from nlp_quotes.pipeline.words import WordSegmenter

__all__ = [
    "make_attribution",
    "make_crf_ner",
    "make_entities",
    "make_hanlp_ner",
    "make_neural_ner",
    "make_normalizer",
    "make_words",
]


@Language.factory("nlp_quotes_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()


@Language.factory("nlp_quotes_words", default_config={"model": "pkuseg_pd1998"})
def make_words(nlp: Language, name: str, model: str) -> WordSegmenter:
    return WordSegmenter(model)


@Language.factory(
    "nlp_quotes_neural_ner",
    default_config={
        "model": "ner/zh_news_conv.npz",
        "names": "ner/zh_news_names.json",
        "name_features": True,
        "gazetteer": "ner/zh_news_gazetteer.json",
        "clusters": "",
        "lexicons": "",
    },
)
def make_neural_ner(
    nlp: Language,
    name: str,
    model: str,
    names: str,
    name_features: bool,
    gazetteer: str,
    clusters: str,
    lexicons: str,
) -> ConvEntityRecognizer:
    """The convolutional tagger; paths are relative to ``models/``, ``lexicons`` ``""`` is the package's."""
    return ConvEntityRecognizer(model, names or None, name_features, gazetteer or None, clusters or None, lexicons)


@Language.factory(
    "nlp_quotes_crf_ner",
    default_config={
        "model": "ner/zh_news_ner.crfsuite",
        "names": "ner/zh_news_names.json",
        "name_features": False,
        "gazetteer": "",
        "clusters": "",
        "lexicons": "",
    },
)
def make_crf_ner(
    nlp: Language,
    name: str,
    model: str,
    names: str,
    name_features: bool,
    gazetteer: str,
    clusters: str,
    lexicons: str,
) -> CrfEntityRecognizer:
    """The CRF tagger; paths as for ``nlp_quotes_neural_ner``."""
    return CrfEntityRecognizer(model, names or None, name_features, gazetteer or None, clusters or None, lexicons)


@Language.factory(
    "nlp_quotes_entities",
    default_config={"merge": {"@misc": "nlp_quotes.model_first_entities.v1"}, "lexicons": ""},
)
def make_entities(nlp: Language, name: str, merge: EntsMerge, lexicons: str) -> RuleEntityRecognizer:
    """The rule entities; ``merge`` is the policy that builds ``doc.ents``."""
    return RuleEntityRecognizer(merge, lexicons)


_ORDER = SieveOrder()


@Language.factory(
    "nlp_quotes_attribution",
    default_config={
        "entities": {"@misc": "nlp_quotes.rules_first_entities.v1"},
        "words_model": "",
        "lexicons": "",
        **{key: list(getattr(_ORDER, stage)) for stage, key in CONFIG_KEYS.items()},
    },
)
def make_attribution(
    nlp: Language,
    name: str,
    entities: SpeakerEntitiesMerge,
    words_model: str,
    lexicons: str,
    filters: list[str],
    direct_sieves: list[str],
    indirect_sieves: list[str],
    continuation_sieves: list[str],
    speaker_sieves: list[str],
) -> QuoteAttributor:
    """The attribution component; the sieve lists choose and order the sieves of each stage."""
    order = SieveOrder(
        tuple(filters), tuple(direct_sieves), tuple(indirect_sieves), tuple(continuation_sieves), tuple(speaker_sieves)
    )
    return QuoteAttributor(entities, words_model, order, lexicons)
