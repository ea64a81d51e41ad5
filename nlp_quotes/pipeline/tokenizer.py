"""Character tokens for Chinese that remember the text they were made from.

spaCy's ``doc.text`` joins the text of every token; with one token per
character that costs about 3 µs a character, as much as a convolutional layer
of the entity tagger.  :class:`CharTokenizer` is spaCy's character tokenizer
for Chinese (same tokens) that also keeps the input string in
``doc.user_data``, and :func:`source_text` reads it back.
"""

from __future__ import annotations

import re

from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

#: ``doc.user_data`` key of the text a doc was made from.
SOURCE_TEXT = "nlp_quotes.source_text"


WHITESPACE = re.compile(r"\s+")


def char_words_and_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Words and spaces of spaCy's ``char`` segmenter, in one pass.

    Every other character is a word; one plain space right after a word is
    that word's trailing space; any other run of whitespace is a token of
    its own.  spaCy aligns each character with a search through the rest of
    the text, which grows with the square of the length.
    """
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for match in WHITESPACE.finditer(text):
        start, end = match.span()
        words.extend(text[position:start])
        spaces.extend([False] * (start - position))
        if start > position and text[start] == " ":
            spaces[-1] = True
            start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        position = end
    words.extend(text[position:])
    spaces.extend([False] * (len(text) - position))
    return words, spaces


class CharTokenizer(ChineseTokenizer):
    """One token per character (spaCy's ``char`` segmenter), keeping the input text on the doc."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__(vocab, segmenter=Segmenter.char)

    def __call__(self, text: str) -> Doc:
        words, spaces = char_words_and_spaces(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[SOURCE_TEXT] = text
        return doc


@registry.tokenizers("nlp_quotes.CharTokenizer.v1")
def create_char_tokenizer():
    """Factory of :class:`CharTokenizer` for a pipeline config (``[nlp.tokenizer]``)."""

    def make(nlp) -> CharTokenizer:
        return CharTokenizer(nlp.vocab)

    return make


def source_text(doc: Doc) -> str:
    """The text of ``doc``: the string it was made from when it is still whole, else ``doc.text``."""
    text = doc.user_data.get(SOURCE_TEXT)
    if text is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        return text
    return doc.text
