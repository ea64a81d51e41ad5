import pandas as pd
import pytest
import spacy

import nlp_quotes
from nlp_quotes.schema import ENTITY_COLUMNS, QUOTE_COLUMNS

TEXT = (
    "全国人大代表、某市农业局局长吕明川表示：“今年要建设高标准农田十万亩。”\n"
    "“种粮的积极性提高了，”种粮大户符国栋说，“收入也涨了。”\n"
    "他认为，农机补贴政策很关键。\n"
)


def test_columns_and_dtypes_come_from_the_schema(quotes):
    df = quotes(TEXT)
    assert list(df.columns) == list(QUOTE_COLUMNS)
    for name, (dtype, _) in QUOTE_COLUMNS.items():
        assert str(df[name].dtype) == dtype or (dtype == "object" and df[name].dtype == object)
    assert list(df.quote_id) == list(range(len(df)))
    assert set(df.doc_id) == {"t"}


def test_offsets_point_at_the_content_in_the_input(quotes):
    text = "某市市长乐天宇说：“城市更新要\n\n以人民为中心。”\n乐天宇表示，老旧小区改造将全面提速。"
    df = quotes(text)
    assert len(df) == 2
    for row in df.itertuples():
        as_given = text[row.quote_start : row.quote_end]
        assert "".join(as_given.split()) == "".join(row.quote.split())
        assert text[row.speaker_start : row.speaker_end] == row.speaker_mention
    assert "\n" in text[df.iloc[0].quote_start : df.iloc[0].quote_end]


def test_empty_text_gives_an_empty_frame_with_all_columns(quotes):
    for text in ("", "   \n  "):
        df = quotes(text)
        assert df.empty and list(df.columns) == list(QUOTE_COLUMNS)


@pytest.mark.parametrize("bad", [None, 42, b"bytes", {"a": "dict"}, ["a batch holding", 42]])
def test_non_str_input_is_a_type_error(bad):
    """A list or Series is a batch (see test_pipeline_data); anything else, or a non-text in a batch, is refused."""
    with pytest.raises(TypeError, match="expected the text of one document as str"):
        nlp_quotes.extract_quotes(bad)
    with pytest.raises(TypeError):
        nlp_quotes.extract_entities(bad)


def test_unbalanced_and_stray_marks_do_not_crash(quotes):
    text = (
        "车晓峰说：“这句话没有结束。\n“另一段也没有结束。\n这里有一个孤立的右引号”。\n汤一鸣表示，明年将继续推进改革。"
    )
    df = quotes(text)
    assert df.iloc[-1].speaker == "汤一鸣" and df.iloc[-1].quote == "明年将继续推进改革。"
    assert quotes("“”“”””“").empty


def test_non_chinese_text_gives_no_quotations(quotes):
    assert quotes('He said: "This is English text."').empty
    assert quotes("1234567890 !!! ??? ...").empty


def test_huge_document_is_processed_in_chunks_without_losing_quotes(quotes):
    paragraph = "某厂厂长伍建华表示，今年产值将增长一成。\n"
    text = paragraph * 12000  # about 250,000 characters, more than one chunk
    df = quotes(text)
    assert len(df) == 12000
    assert df.quote_start.is_monotonic_increasing
    last = df.iloc[-1]
    assert text[last.quote_start : last.quote_end] == "今年产值将增长一成。"


def test_extract_entities_labels_and_offsets():
    text = "全国政协委员、某大学副校长龙海燕在北京表示，要培养更多人才。"
    df = nlp_quotes.extract_entities(text)
    assert list(df.columns) == list(ENTITY_COLUMNS)
    assert {"PERSON", "TITLE", "ORG", "LOC"} <= set(df.label)
    for row in df.itertuples():
        assert text[row.start : row.end] == row.text
    assert ("龙海燕", "PERSON") in set(zip(df.text, df.label, strict=True))
    assert ("副校长", "TITLE") in set(zip(df.text, df.label, strict=True))


def test_load_gives_spacy_layers(nlp):
    doc = nlp(TEXT)
    assert [ent.label_ for ent in doc.ents if ent.text == "吕明川"] == ["PERSON"]
    spans = list(doc.spans["quotes"])
    assert len(spans) == 4
    first = spans[0]
    fields, last = first._.nlp_quotes, spans[-1]._.nlp_quotes
    assert fields["speaker"] == "吕明川" and fields["role"] == "代表" and fields["cue"] == "表示"
    assert fields["rule"] == "cue_before" and 0 < fields["confidence"] <= 1
    assert last["speaker"] == "符国栋" and last["speaker_mention"] == "他"
    assert {span._.nlp_quotes["speaker"] for span in doc.spans["speakers"]} == {"吕明川", "符国栋"}


def test_speaker_profiles(quotes):
    df = pd.concat([quotes(TEXT, "a"), quotes(TEXT, "b")], ignore_index=True)
    profiles = nlp_quotes.speakers(df)
    assert len(profiles) == 4
    corpus = nlp_quotes.speakers(df, by_document=False)
    row = corpus[corpus.speaker == "符国栋"].iloc[0]
    assert row.n_quotes == 6 and row.n_direct == 4 and row.n_indirect == 2
    assert corpus[corpus.speaker == "吕明川"].iloc[0].role == "代表"
    assert "局长" in corpus[corpus.speaker == "吕明川"].iloc[0].titles


def test_speakers_of_an_empty_table():
    assert nlp_quotes.speakers(nlp_quotes.extract_quotes("")).empty


def test_rule_layer_adds_to_a_preceding_ner_and_records_the_source():

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe("entity_ruler")  # a real component standing before the rules, as a trained NER would
    ruler.add_patterns([{"label": "PERSON", "pattern": [{"TEXT": "龙"}, {"TEXT": "海"}, {"TEXT": "燕"}]}])
    nlp.add_pipe("nlp_quotes_normalizer")
    nlp.add_pipe("nlp_quotes_entities")
    nlp.add_pipe("nlp_quotes_attribution")
    text = "某大学副校长龙海燕表示，要培养更多人才。"
    df = nlp_quotes.extract_entities(text, nlp=nlp)
    sources = {(row.text, row.label): row.source for row in df.itertuples()}
    assert sources[("龙海燕", "PERSON")] == "model"
    assert sources[("副校长", "TITLE")] == "rules"
    quotes = nlp_quotes.extract_quotes(text, nlp=nlp)
    assert list(quotes.speaker) == ["龙海燕"]


def test_shipped_model_finds_entities_that_no_cue_or_title_announces(nlp):
    df = nlp_quotes.extract_entities("昨天，陈家明和林小雨一起去了广州，参观了复旦大学的展览。", nlp=nlp)
    found = {(row.text, row.label, row.source) for row in df.itertuples()}
    assert ("陈家明", "PERSON", "model") in found and ("林小雨", "PERSON", "model") in found
    assert ("复旦大学", "ORG", "model") in found


def test_high_precision_mode_keeps_only_confident_records(nlp):
    text = TEXT + "“这件事还要再研究。”\n"  # the last quotation has no speaker in reach
    every = nlp_quotes.extract_quotes(text, nlp=nlp)
    confident = nlp_quotes.extract_quotes(text, nlp=nlp, min_confidence=nlp_quotes.api.HIGH_PRECISION)
    assert len(confident) < len(every)
    assert (confident["confidence"] >= 0.8).all()
    assert set(confident["quote_id"]) <= set(every["quote_id"])  # ids still number all records
    with pytest.raises(ValueError, match="min_confidence"):
        nlp_quotes.extract_quotes(text, nlp=nlp, min_confidence=1.5)


def test_cues_on_demand_match_the_whole_word_layer(nlp):
    text = "他在小说中说明了原因。王立新说，今年要多种树。她表示感谢。李华表示，明年再来。"
    with_layer = [(r["quote"], r["speaker"]) for r in nlp(text)._.nlp_quotes_rows]
    on_demand = nlp_quotes.extract_quotes(text, nlp=nlp)  # runs without the word layer
    assert "nlp_quotes_words" in nlp.pipe_names
    assert list(zip(on_demand["quote"], on_demand["speaker"], strict=True)) == with_layer
    assert list(on_demand["speaker"]) == ["王立新", "李华"]
