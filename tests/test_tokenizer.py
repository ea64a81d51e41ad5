"""The character tokenizer keeps the text it was given, and the pipeline reads it back."""

import random

import spacy
from spacy.lang.zh import ChineseTokenizer

from nlp_quotes.pipeline import build_pipeline
from nlp_quotes.pipeline.tokenizer import SOURCE_TEXT, CharTokenizer, source_text


def test_tokens_are_characters_and_the_text_is_kept(tmp_path):
    nlp = build_pipeline()
    text = "张三说：“你好 世界。”\n\n  李四表示同意。"
    doc = nlp(text)
    assert doc.user_data[SOURCE_TEXT] == text == doc.text
    assert [t.text for t in doc[:5]] == ["张", "三", "说", "：", "“"]
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert type(again.tokenizer) is type(nlp.tokenizer)
    assert [t.text for t in again(text)] == [t.text for t in doc]


def test_source_text_falls_back_to_the_tokens_when_the_kept_text_does_not_fit():
    nlp = build_pipeline()
    doc = nlp.make_doc("你好，世界")
    assert source_text(doc) == "你好，世界"
    doc.user_data[SOURCE_TEXT] = "另一段更长的文字"
    assert source_text(doc) == "你好，世界"
    del doc.user_data[SOURCE_TEXT]
    assert source_text(doc) == "你好，世界"


def test_tokens_equal_spacys_character_segmenter_on_random_text():

    vocab = spacy.blank("zh").vocab
    ours, theirs = CharTokenizer(vocab), ChineseTokenizer(vocab)
    rng = random.Random(0)
    alphabet = [*"张三说你好。a1 \n\t\u3000", "  ", " \n", "\n\n"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [t.text_with_ws for t in ours(text)] == [t.text_with_ws for t in theirs(text)], repr(text)
