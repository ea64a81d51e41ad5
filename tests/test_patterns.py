"""Patterns of speech the attribution must carry to unseen articles, on texts written for these tests."""

from __future__ import annotations

import pytest

import nlp_quotes


@pytest.fixture(scope="module")
def nlp():
    return nlp_quotes.load()


def quotes(nlp, text: str):
    return nlp_quotes.extract_quotes(text, nlp=nlp)


def test_ministries_and_armed_forces_speak(nlp):
    text = (
        "新华社专电：巴拿马国防部4日发表声明称，边境巡逻已恢复正常。"
        "智利国防军5日称，演习将持续到月底。\n"
        "智利国防军表示，演习不针对任何国家。"
    )
    rows = quotes(nlp, text)
    assert list(rows.speaker) == ["巴拿马国防部", "智利国防军", "智利国防军"]
    assert set(rows.kind) == {"indirect"}


def test_a_country_side_speaks_as_the_country(nlp):
    rows = quotes(nlp, "瑞典方面6日称，双方将在下月重启谈判。")
    assert list(rows.speaker) == ["瑞典"]


def test_short_form_of_a_body_takes_the_full_form(nlp):
    text = "以色列国防军7日发表声明称，部队已撤出该镇。以军还称，行动造成三名士兵受伤。"
    rows = quotes(nlp, text)
    assert list(rows.speaker) == ["以色列国防军", "以色列国防军"]
    assert list(rows.speaker_rule) == ["organisation", "full_form"]
    assert list(rows.speaker_mention)[1] == "以军"


def test_an_officer_of_a_body_is_unnamed(nlp):
    rows = quotes(nlp, "“路灯明天就能修好。”物业公司代表在会上说。")
    assert len(rows) == 1 and rows.speaker.isna().iloc[0]
    assert rows.speaker_mention.iloc[0] == "物业公司代表"
    assert rows.confidence.iloc[0] <= 0.5


def test_a_cppcc_speech_event_gives_the_member(nlp):
    text = (
        "全国政协会议举行全体会议，多位委员作大会发言。\n"
        "秦海川委员代表民建中央发言说，要加快建设统一大市场，破除地方保护。\n"
        "钟雅琴委员发言说，基层医疗要补齐人才短板。"
    )
    rows = quotes(nlp, text)
    assert list(rows.speaker) == ["秦海川", "钟雅琴"]
    assert list(rows.role) == ["委员", "委员"]


def test_time_words_and_speech_events_are_never_speakers(nlp):
    text = "战事仍在继续。今天称，停火协议已经失效。当天发言说，谈判没有进展。"
    rows = quotes(nlp, text)
    assert not set(rows.speaker.dropna()) & {"今天", "当天", "发言", "当天发言"}
