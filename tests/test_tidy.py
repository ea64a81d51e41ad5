"""Edges of tagged spans: unpaired brackets cut, edge punctuation stripped, balanced brackets kept."""

from nlp_quotes.entities.tidy import tidy_spans


def spans_text(text, spans):
    return [(text[a:b], label) for a, b, label in spans]


def test_a_closing_bracket_after_a_name_is_cut_off():
    text = "（记者王小明）近日报道"
    assert spans_text(text, tidy_spans(text, [(3, 7, "PERSON")])) == [("王小明", "PERSON")]


def test_a_span_running_into_a_bracket_keeps_the_part_before_it():
    text = "演员文迪索尔(Vin Diesel)主演"
    assert spans_text(text, tidy_spans(text, [(2, 10, "PERSON")])) == [("文迪索尔", "PERSON")]


def test_edge_dashes_and_dots_are_stripped_but_inner_dots_stay():
    text = "中卫莱德利-表示，约瑟夫·马洛德·"
    spans = tidy_spans(text, [(2, 6, "PERSON"), (9, 17, "PERSON")])
    assert spans_text(text, spans) == [("莱德利", "PERSON"), ("约瑟夫·马洛德", "PERSON")]


def test_balanced_brackets_inside_an_organisation_stay():
    text = "某科技（北京）有限公司发布"
    assert tidy_spans(text, [(0, 11, "ORG")]) == [(0, 11, "ORG")]


def test_spans_left_without_letters_are_dropped():
    text = "“——”他说"
    assert tidy_spans(text, [(0, 4, "PERSON")]) == []
