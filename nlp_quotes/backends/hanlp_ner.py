"""HanLP as the entity backend: ``nlp_quotes.load(ner="hanlp", hanlp_model=...)``.

HanLP's NER models (MSRA, PKU, OntoNotes tag sets) fill the same ``doc.ents``
layer as the shipped tagger, so the rule layer and the attribution run
unchanged.  Neither ``hanlp`` nor ``torch`` is imported unless this backend
is asked for.  Install with ``pip install torch==2.13.0`` (the CPU build)
and then ``pip install ".[hanlp]"`` from the clone.

``hanlp_model`` is a local model directory (works offline), or a HanLP
pretrained identifier or URL, which HanLP fetches from its hub once and
caches under ``$HANLP_HOME`` (default ``~/.hanlp``).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp_quotes.pipeline.extensions import normalized_of, set_model_entities

#: HanLP entity tags -> our labels, for every tag set a user may load.
HANLP_LABELS: dict[str, str] = {
    # MSRA (HanLP's MSRA_NER_* models)
    "NR": "PERSON",
    "NS": "LOC",
    "NT": "ORG",
    # MSRA spelled out, and common short forms
    "PERSON": "PERSON",
    "LOCATION": "LOC",
    "ORGANIZATION": "ORG",
    "PER": "PERSON",
    # PKU (People's Daily)
    "nr": "PERSON",
    "ns": "LOC",
    "nt": "ORG",
    # OntoNotes (PERSON as above); FAC, NORP, DATE, MONEY… are not ours
    "GPE": "LOC",
    "LOC": "LOC",
    "ORG": "ORG",
    # titles, where a model has them (CLUENER, Resume)
    "position": "TITLE",
    "TITLE": "TITLE",
}
#: Tags that only a part-of-speech model produces: CTB's NR/NT mean proper noun / temporal noun there.
POS_ONLY_TAGS = frozenset({"NN", "VV", "AD", "PU", "P", "DEG", "CD", "M", "VA", "JJ", "n", "v", "w", "d", "p", "u"})
#: Longest piece of text handed to the model at once (transformer models stop at 512 subwords).
MAX_CHARS = 126
#: Seconds a hub download may stall before loading gives up.
HUB_TIMEOUT = 20
FIX = (
    "pre-download the model where HanLP's hub is reachable (it is cached under $HANLP_HOME, default ~/.hanlp) "
    "and pass its identifier or its local directory, or use the default backend (ner=None)"
)


class HanlpBackendError(RuntimeError):
    """The HanLP backend cannot be used; the message names the fix."""


def map_label(tag: str) -> str | None:
    """Our label for a HanLP entity tag (``None`` for tags outside PERSON/TITLE/ORG/LOC)."""
    return HANLP_LABELS.get(tag)


def check_tagset(tags: Iterable[str]) -> None:
    """Refuse a part-of-speech model, whose NR/NT tags are no entities."""
    tags = set(tags)
    pos = sorted(tags & POS_ONLY_TAGS)
    if pos:
        raise HanlpBackendError(
            f"this HanLP model tags parts of speech ({', '.join(pos[:5])}…), not entities; load a NER model"
        )


def load_hanlp_model(reference: str):
    """A HanLP component from a local directory, or from its identifier or URL through HanLP's cache."""
    try:
        import hanlp
    except ImportError as error:
        raise HanlpBackendError(
            "the HanLP backend needs torch and the hanlp extra: install the CPU build of torch first "
            '(README: "torch and HanLP"), then pip install ".[hanlp]" from the clone'
        ) from error
    local = Path(reference).expanduser()
    looks_local = local.is_absolute() or reference.startswith((".", "~")) or local.exists()
    if looks_local and not (local / "config.json").is_file():
        raise HanlpBackendError(f"no HanLP model at {local} (a saved model has config.json); {FIX}")
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(HUB_TIMEOUT)
    try:
        return hanlp.load(str(local) if looks_local else reference, devices=-1)
    except Exception as error:  # HanLP raises many types when its hub cannot be reached
        reason = f"{type(error).__name__}: {error}"
        raise HanlpBackendError(f"HanLP could not load {reference!r} ({reason}); {FIX}") from error
    finally:
        socket.setdefaulttimeout(previous)


def _pieces(line: str, size: int = MAX_CHARS) -> list[tuple[int, str]]:
    """Pieces of a line of at most ``size`` characters, cut after sentence punctuation where possible."""
    pieces = []
    start = 0
    while start < len(line):
        end = min(len(line), start + size)
        if end < len(line):
            cut = max(line.rfind(mark, start, end) for mark in "。！？；，")
            if cut > start:
                end = cut + 1
        pieces.append((start, line[start:end]))
        start = end
    return pieces


class HanlpEntityRecognizer:
    """PERSON / TITLE / ORG / LOC from a HanLP NER model, on the normalised text, into ``doc.ents``."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.reference = model
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        if self._model is None:
            model = load_hanlp_model(self.reference)
            vocabs = getattr(model, "vocabs", None)
            tag_vocab = getattr(vocabs, "get", lambda key: None)("tag") if vocabs is not None else None
            if tag_vocab is not None:
                check_tagset(tag.split("-", 1)[-1] for tag in tag_vocab.idx_to_token if tag)
            self._model = model  # kept only once it has passed the check
        return self._model

    def entity_offsets(self, text: str) -> list[tuple[int, int, str]]:
        """Character offsets and our labels of the entities HanLP finds in ``text``."""
        pieces: list[tuple[int, str]] = []
        offset = 0
        for line in text.split("\n"):
            pieces.extend((offset + start, piece) for start, piece in _pieces(line) if piece.strip())
            offset += len(line) + 1
        spans = []
        for first in range(0, len(pieces), self.batch_size):
            batch = pieces[first : first + self.batch_size]
            results = self.model([list(piece) for _, piece in batch])
            for (start, _), entities in zip(batch, results, strict=True):
                for _, tag, begin, end in entities:  # token offsets; the tokens are characters
                    label = map_label(tag)
                    if label is not None:
                        spans.append((start + begin, start + end, label))
        return spans

    def load(self) -> None:
        """Load the model now, so that a missing one fails when the pipeline is loaded."""
        self.model  # noqa: B018 - the property loads and checks it

    def __call__(self, doc: Doc) -> Doc:
        return set_model_entities(doc, self.entity_offsets(normalized_of(doc).text))


@Language.factory("nlp_quotes_hanlp_ner", default_config={"model": "", "batch_size": 32})
def make_hanlp_ner(nlp: Language, name: str, model: str, batch_size: int) -> HanlpEntityRecognizer:
    if not model:
        raise HanlpBackendError(f"the HanLP backend needs hanlp_model: an identifier or a local directory; {FIX}")
    return HanlpEntityRecognizer(model, batch_size)
