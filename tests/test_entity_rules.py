"""The entity rules (:mod:`nlp_quotes.entities.rules`) one by one, on short texts written for them."""

from __future__ import annotations

import itertools

import pytest

from nlp_quotes.entities import rules
from nlp_quotes.entities.rules import find_entities, find_titles, plausible_person
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.types import EntityMention


@pytest.fixture(scope="module")
def lex():
    return load_lexicons()


def found(view: str, lex) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in find_entities(view, lex)]


def texts(mentions: list[EntityMention]) -> list[str]:
    return [m.text for m in mentions]


# -- find_entities: the layers together ------------------------------------------------------


def test_a_name_after_a_title_and_its_organisation(lex):
    assert found("全国政协委员张三表示，要加快发展。", lex) == [
        ("全国政协", "ORG"),
        ("委员", "TITLE"),
        ("张三", "PERSON"),
    ]
    assert found("天津大学副校长李明说", lex) == [("天津大学", "ORG"), ("副校长", "TITLE"), ("李明", "PERSON")]


def test_mentions_are_in_order_and_never_overlap(lex):
    mentions = find_entities("研究员孙志嘉委员定下目标，北京市市长王五说，很好。", lex)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
    assert all(m.text == "研究员孙志嘉委员定下目标，北京市市长王五说，很好。"[m.start : m.end] for m in mentions)


def test_text_without_entities_gives_none(lex):
    assert found("", lex) == []
    assert found("今天天气很好。", lex) == []
    assert found("但他说", lex) == []


# -- titles ----------------------------------------------------------------------------------


def test_titles_longest_first(lex):
    assert texts(find_titles("外交部副部长和秘书长", lex)) == ["副部长", "秘书长"]


def test_a_title_that_begins_a_longer_word_is_none(lex):
    # 委员 of 委员会, 书记 of 书记处, 记者 of 记者会
    assert texts(find_titles("委员会主任和书记处书记", lex)) == ["主任", "书记"]
    assert found("记者会上", lex) == []


def test_a_place_title_before_a_city_is_no_title(lex):
    assert found("吉林省长春市", lex) == [("吉林省", "LOC"), ("长春", "LOC")]  # not 省长


# -- names -----------------------------------------------------------------------------------


def test_a_name_after_a_title_chinese_or_foreign(lex):
    assert found("秘书长古特雷斯说，和平很重要。", lex) == [("秘书长", "TITLE"), ("古特雷斯", "PERSON")]


def test_a_name_before_a_title_at_a_clause_start(lex):
    assert found("习近平总书记强调", lex) == [("习近平", "PERSON"), ("总书记", "TITLE")]


def test_a_name_before_a_cue_at_a_clause_start(lex):
    assert found("朱克力指出，经济向好。", lex) == [("朱克力", "PERSON")]
    assert found("王毅在会见时表示，好。", lex) == [("王毅", "PERSON")]


def test_a_name_followed_by_zai_speaks_in_its_clause(lex):
    assert found("王毅在北京。", lex) == [("北京", "LOC")]


def test_a_title_after_a_name_introduces_nobody(lex):
    assert found("研究员孙志嘉委员定下目标", lex) == [("研究员", "TITLE"), ("孙志嘉", "PERSON"), ("委员", "TITLE")]


def test_a_whole_clause_before_a_cue_is_a_name_when_it_recurs(lex):
    twice = "马莱阿内表示，很好。马莱阿内还说，不错。"
    assert found(twice, lex) == [("马莱阿内", "PERSON"), ("马莱阿内", "PERSON")]
    assert [t for t, label in found("马莱阿内表示，很好。", lex) if label == "PERSON"] == []


def test_names_with_address_terms_and_familiar_forms(lex):
    assert found("王大娘笑了。老李红了脸。", lex) == [("王大娘", "PERSON"), ("老李", "PERSON")]
    assert texts(rules._names_with_address_terms("李先生说，老王来了。", lex)) == ["李先生", "老王"]


def test_a_familiar_word_is_no_familiar_name(lex):
    assert texts(rules._names_with_address_terms("老师说，老家很远。", lex)) == []


def test_a_named_person_is_found_again_anywhere(lex):
    text = "市长王五说，今年很好。大家都认识王五。"
    assert [(t, label) for t, label in found(text, lex) if label == "PERSON"] == [
        ("王五", "PERSON"),
        ("王五", "PERSON"),
    ]


def test_gazetteer_mentions_skip_what_is_taken():
    mentions = rules._gazetteer_mentions("张三来了，张三走了", {"张三"}, [(0, 2)])
    assert [(m.start, m.end, m.text) for m in mentions] == [(5, 7, "张三")]


def test_short_forms_of_dotted_foreign_names():
    assert rules._short_forms({"侯赛因·阿斯卡里", "张三", "让•X"}) == {"阿斯卡里"}


def test_name_validity(lex):
    assert rules._is_valid_name("张伟", lex)
    assert not rules._is_valid_name("北京", lex)  # a place
    assert not rules._is_valid_name("王永强说", lex)  # ends on a cue
    assert not rules._is_valid_name("六连官兵", lex)  # a group
    assert not rules._is_valid_name("张", lex)  # too short


@pytest.mark.parametrize(
    ("text", "plausible"),
    [("张伟", True), ("但他", False), ("王", False), ("美日韩", False), ("今天", False), ("张 伟", True)],
)
def test_plausible_person(text, plausible, lex):
    assert plausible_person(text, lex) is plausible


# -- organisations and places -------------------------------------------------------------


def test_an_organisation_is_the_stretch_before_a_title(lex):
    titles = find_titles("天津大学副校长", lex)
    assert [(m.text, m.label) for m in rules.find_orgs_and_places("天津大学副校长", titles, lex)] == [
        ("天津大学", "ORG"),
        ("天津", "LOC"),
    ]
    assert found("中华全国总工会主席", lex) == [("中华全国总工会", "ORG"), ("主席", "TITLE")]


def test_no_organisation_holds_a_cue(lex):
    assert [label for _, label in found("专家告诉记者", lex)] == ["TITLE", "TITLE"]


def test_known_places(lex):
    assert found("我们在北京和上海见面。", lex) == [("北京", "LOC"), ("上海", "LOC")]


def test_places_in_a_text_longest_first(lex):
    assert sorted(rules.places_in("我们在北京和上海见面", lex)) == ["上海", "北京"]
    inside = rules.places_in("吉林省长春市", lex)
    assert inside.index("吉林省") < inside.index("吉林")
    assert rules.places_in("今天很好", lex) == []
