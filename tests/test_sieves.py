"""Each sieve on a DocContext built by hand: entities given, no model, no word layer."""

from __future__ import annotations

import dataclasses

import pytest

import nlp_quotes
from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.sieves import (
    CANDIDATE_FILTERS,
    CONTINUATION_SIEVES,
    DIRECT_FILTERS,
    DIRECT_SIEVES,
    INDIRECT_FILTERS,
    INDIRECT_SIEVES,
    SieveOrder,
    attribute_quotes,
    indirect_content,
)
from nlp_quotes.attribution.speakers import SPEAKER_SIEVES
from nlp_quotes.entities import EntityMention
from nlp_quotes.entities.rules import find_entities
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.lexicons.cues import CueIndex


def person(view: str, name: str, nth: int = 0) -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = view.index(name, start + 1)
    return EntityMention(start, start + len(name), "PERSON", name)


def context(view: str, *names: str, lex=None) -> DocContext:
    entities = sorted(
        (person(view, name, nth) for name in names for nth in range(view.count(name))), key=lambda e: e.start
    )
    return DocContext(view, entities, **({"lex": lex} if lex else {}))


def only_span(ctx: DocContext):
    spans = [span for span in ctx.marks if span.open in ctx.quotation_opens]
    assert len(spans) == 1
    return spans[0]


def test_cue_before_needs_a_subject_in_the_cue_clause():
    ctx = context("赵明华表示：“我们明年还会再来。”", "赵明华")
    found = DIRECT_SIEVES["cue_before"](ctx, only_span(ctx), [])
    assert found is not None and found.subject.mention == "赵明华" and found.cue == "表示"
    ctx = context("大家纷纷表示：“我们明年还会再来。”")
    assert DIRECT_SIEVES["cue_before"](ctx, only_span(ctx), []) is None


def test_speaker_after_reads_the_clause_after_the_closing_mark():
    ctx = context("“路修好了，菜也好卖了。”菜农孙玉兰笑着说。", "孙玉兰")
    found = DIRECT_SIEVES["speaker_after"](ctx, only_span(ctx), [])
    assert found is not None and found.subject.mention == "孙玉兰" and found.cue == "笑着说"
    assert DIRECT_SIEVES["cue_before"](ctx, only_span(ctx), []) is None


def test_sentence_frame_finds_the_cue_earlier_in_the_sentence():
    ctx = context("在钱立新看来，乡村要振兴，“关键是把年轻人留下来。”", "钱立新")
    found = DIRECT_SIEVES["sentence_frame"](ctx, only_span(ctx), [])
    assert found is not None and found.subject.mention == "钱立新" and found.cue == "看来"


def test_previous_quote_has_its_own_rule_and_shares_the_speaker():
    ctx = context("周海燕说：“先把路修通。”“再把水引进来。”", "周海燕")
    records = attribute_quotes(ctx)
    assert [r.rule for r in records] == ["cue_before", "previous_quote"]
    assert {r.speaker for r in records} == {"周海燕"}


def test_document_is_a_filter_not_a_rule():
    ctx = context("《实施方案》提出：“到2030年基本建成覆盖城乡的服务网络。”")
    assert attribute_quotes(ctx) == []
    kept = attribute_quotes(ctx, dataclasses.replace(SieveOrder(), filters=("slogan",)))
    assert [r.rule for r in kept] == ["unattributed"] and kept[0].speaker is None


def test_continuation_sieve_can_be_switched_off():
    view = "吴建平说：“这条路我们走了三年。”路边的野花开了。“还要接着走。”"
    ctx = context(view, "吴建平")
    assert [r.rule for r in attribute_quotes(ctx)] == ["cue_before", "continuation"]
    off = SieveOrder().without("continuation")
    assert "continuation" not in off.continuation
    assert [r.rule for r in attribute_quotes(context(view, "吴建平"), off)] == ["cue_before", "unattributed"]


def test_unknown_sieve_names_are_refused():
    with pytest.raises(ValueError, match="unknown direct"):
        SieveOrder(direct=("cue_before", "no_such_sieve"))


def test_indirect_cue_and_content_clause():
    ctx = context("郑丽君指出，农村电商要把品牌做起来。", "郑丽君")
    cue = ctx.cues.starting_at(ctx.view.index("指出"))
    content = indirect_content(ctx, cue)
    assert content is not None and ctx.view[content[0] : content[1]] == "农村电商要把品牌做起来。"
    found = INDIRECT_SIEVES["cue"](ctx, cue, *content)
    assert found is not None and found.subject.mention == "郑丽君"
    # a cue with no content clause gives no quotation
    ctx = context("郑丽君表示感谢。", "郑丽君")
    assert attribute_quotes(ctx) == []


def test_frame_sieve_only_takes_frame_cues():
    ctx = context("在冯志强看来，新厂房下月就能投产。", "冯志强")
    cue = ctx.cues.starting_at(ctx.view.index("看来"))
    assert cue.frame
    content = indirect_content(ctx, cue)
    assert INDIRECT_SIEVES["cue"](ctx, cue, *content) is None
    assert INDIRECT_SIEVES["frame"](ctx, cue, *content).subject.mention == "冯志强"


# --- the one cue policy --------------------------------------------------------


def test_cue_index_rejects_words_that_only_contain_a_cue():
    lex = load_lexicons()
    view = "他写的小说很受欢迎，他的说法没有变，可以说是好事。"
    index = CueIndex(view, lex)
    assert all(cue.word != "说" for cue in index.by_start.values())


def test_cue_index_ignores_cues_in_marks_and_in_organisation_names():
    lex = load_lexicons()
    view = "“他表示同意”"
    in_marks = bytearray([1] * len(view))
    assert CueIndex(view, lex, in_marks).by_start == {}
    view = "分享通信集团董事长"
    in_names = bytearray(len(view) + 1)
    in_names[0:6] = b"\x01" * 6
    assert CueIndex(view, lex).starting_at(0) is not None
    assert CueIndex(view, lex, in_names=in_names).starting_at(0) is None


def test_a_long_cue_added_to_the_lexicon_reaches_sieves_and_entity_rules():
    base = load_lexicons()
    lex = dataclasses.replace(base, cues={**base.cues, "向在场媒体透露": "speech"})
    assert lex.max_cue_len >= 7
    view = "马卡里乌斯向在场媒体透露：“新航线下个月开通。”马卡里乌斯向在场媒体透露，票价不会上涨。"
    names = [m.text for m in find_entities(view, lex) if m.label == "PERSON"]
    assert "马卡里乌斯" in names
    records = attribute_quotes(context(view, "马卡里乌斯", lex=lex))
    assert [(r.kind, r.cue, r.speaker) for r in records] == [
        ("direct", "向在场媒体透露", "马卡里乌斯"),
        ("indirect", "向在场媒体透露", "马卡里乌斯"),
    ]


def test_the_term_check_and_the_sieves_agree_on_cues():
    # 小说 holds 说 but is no cue: the marked title after it is a term, and no sieve takes 说
    ctx = context("他最近读的小说“远山”很好看。")
    assert ctx.quotation_opens == set()


# --- the speaker stage -----------------------------------------------------------


def test_pronoun_without_antecedent_is_unresolved_and_below_high_precision():
    (record,) = attribute_quotes(context("他说：“今年的收成比去年好。”"))
    assert record.speaker is None and record.speaker_rule == "unresolved"
    assert record.confidence < 0.5


def test_pronoun_resolves_to_the_last_person_named():
    view = "记者见到韩立春时，他正在地里忙活。他说：“今年的收成比去年好。”"
    (record,) = attribute_quotes(context(view, "韩立春"))
    assert (record.speaker, record.speaker_rule, record.mention) == ("韩立春", "pronoun", "他")


def test_short_form_of_a_foreign_name_gives_the_full_form():
    view = "联合国秘书长安东尼奥·古特雷斯出席会议。古特雷斯说：“合作是唯一出路。”"
    ctx = DocContext(
        view,
        [
            EntityMention(view.index("安东尼奥"), view.index("安东尼奥") + 8, "PERSON", "安东尼奥·古特雷斯"),
            EntityMention(view.index("。古") + 1, view.index("。古") + 5, "PERSON", "古特雷斯"),
        ],
    )
    (record,) = attribute_quotes(ctx)
    assert (record.speaker, record.mention, record.speaker_rule) == ("安东尼奥·古特雷斯", "古特雷斯", "full_form")


def test_record_without_speaker_stays_at_or_below_half_confidence():
    (record,) = attribute_quotes(context("一位村民说：“现在出门方便多了。”"))
    assert record.speaker is None and record.speaker_rule == "unnamed" and record.confidence <= 0.5


def test_the_shipped_pipeline_runs_every_registered_sieve_in_its_config_order():

    order = nlp_quotes.load().get_pipe("nlp_quotes_attribution").order
    assert set(order.direct) == set(DIRECT_SIEVES) and set(order.indirect) == set(INDIRECT_SIEVES)
    assert set(order.continuation) == set(CONTINUATION_SIEVES) and set(order.speaker) == set(SPEAKER_SIEVES)
    assert set(order.filters) == set(DIRECT_FILTERS) | set(INDIRECT_FILTERS) | set(CANDIDATE_FILTERS)
    assert order == SieveOrder()


def test_direct_sentence_subject_reads_the_sentence_when_the_cue_clause_is_empty():
    ctx = context("孔祥云走进车间查看生产线，强调：“安全生产不能有丝毫松懈。”", "孔祥云")
    span = only_span(ctx)
    assert DIRECT_SIEVES["cue_before"](ctx, span, []) is None
    found = DIRECT_SIEVES["sentence_subject"](ctx, span, [])
    assert found is not None and found.subject.mention == "孔祥云" and found.cue == "强调"


def test_speaker_later_only_for_a_quotation_opening_its_paragraph():
    view = "新的学期开始了。\n“孩子们回来了，学校又热闹了。”开学第一天，校长邓玉兰早早来到校门口。"
    ctx = context(view, "邓玉兰")
    found = DIRECT_SIEVES["speaker_later"](ctx, only_span(ctx), [])
    assert found is not None and found.subject.mention == "邓玉兰"
    inside = context("新的学期开始了，“孩子们回来了，学校又热闹了。”开学第一天，校长邓玉兰早早来到校门口。", "邓玉兰")
    assert DIRECT_SIEVES["speaker_later"](inside, only_span(inside), []) is None
    # a name after 对/向 is an object, not the speaker
    objected = context("天亮了。\n“一路平安。”临行前，大家对邓玉兰挥手告别。", "邓玉兰")
    assert DIRECT_SIEVES["speaker_later"](objected, only_span(objected), []) is None


def test_previous_sentence_takes_the_subject_of_the_sentence_before():
    ctx = context("去年，雷明远开始和农科院合作。“新品种亩产高了两成。”", "雷明远")
    found = DIRECT_SIEVES["previous_sentence"](ctx, only_span(ctx), [])
    assert found is not None and found.subject.mention == "雷明远"


def test_previous_paragraph_carries_the_speaker_to_a_paragraph_that_is_only_a_quotation():
    view = "郝春生说：“路通了，货就好卖了。”\n“明年还要再建一个冷库。”"
    records = attribute_quotes(context(view, "郝春生"))
    assert [(r.rule, r.speaker) for r in records] == [("cue_before", "郝春生"), ("previous_paragraph", "郝春生")]
    assert records[1].confidence < records[0].confidence


def test_slogan_filter_drops_unattributed_words_that_end_no_sentence():
    view = "村口的墙上刷着大字，“要让群众少跑腿，数据多跑路”，格外醒目。"
    assert attribute_quotes(context(view)) == []
    kept = attribute_quotes(context(view), dataclasses.replace(SieveOrder(), filters=("document",)))
    assert [r.rule for r in kept] == ["unattributed"]


def test_indirect_sentence_subject_when_the_cue_opens_its_clause():
    ctx = context("蒋文彬来到合作社，强调，要让农民分享更多增值收益。", "蒋文彬")
    (record,) = attribute_quotes(ctx)
    assert (record.kind, record.rule, record.speaker) == ("indirect", "sentence_subject", "蒋文彬")


def test_speaker_sieves_for_sides_organisations_and_titles():
    (side,) = attribute_quotes(context("中方表示，愿同各方加强沟通协调。"))
    assert (side.speaker, side.speaker_rule) == ("中国", "side")
    (body,) = attribute_quotes(context("生态环境部10日表示，全国空气质量总体改善。"))
    assert (body.speaker, body.speaker_rule) == ("生态环境部", "organisation")
    view = "市长杜振华来到工地。这位市长说：“工期一天也不能拖。”"
    ctx = DocContext(
        view,
        [
            EntityMention(0, 2, "TITLE", "市长"),
            EntityMention(2, 5, "PERSON", "杜振华"),
            EntityMention(view.index("这位") + 2, view.index("这位") + 4, "TITLE", "市长"),
        ],
    )
    (titled,) = attribute_quotes(ctx)
    assert (titled.speaker, titled.speaker_rule, titled.mention) == ("杜振华", "title", "这位市长")
