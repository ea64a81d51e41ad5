"""Random text from the characters the rules care about must never raise."""

import random

import nlp_quotes

PUNCTUATION = list("“”‘’「」\"'：:，,。！？；、…—（）() \n\t")
WORDS = ["说", "表示", "认为", "在", "看来", "据", "介绍", *"张王李他她代表委员主席董事长公司部中方我们要的了是"]
ALPHABET = PUNCTUATION + WORDS


def random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def test_random_texts_never_raise_and_keep_the_offset_invariant(nlp):
    rng = random.Random(20261127)
    for _ in range(300):
        text = random_text(rng, rng.randint(1, 120))
        df = nlp_quotes.extract_quotes(text, nlp=nlp)
        for row in df.itertuples():
            assert 0 <= row.quote_start <= row.quote_end <= len(text)
            assert "".join(text[row.quote_start : row.quote_end].split()) == "".join(row.quote.split())
        nlp_quotes.extract_entities(text, nlp=nlp)
