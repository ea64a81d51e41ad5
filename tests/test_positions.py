"""The title-chain parser: positions as (title, organisation) pairs, role and role detail.

Texts are written for these tests.  Parser tests give the entity layer by hand
(so that they test the parser, not the tagger); a few run the whole pipeline.
"""

from __future__ import annotations

import pandas as pd

import nlp_quotes
from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.positions import Position, link_short_forms
from nlp_quotes.attribution.profiles import build_profiles, mention_profile, title_chain
from nlp_quotes.corpus.writers import lists_from_json, lists_to_json
from nlp_quotes.entities import EntityMention
from nlp_quotes.schema import QUOTE_COLUMNS, SCHEMA_VERSION


def ctx_of(text: str, *marked: tuple[str, str]) -> DocContext:
    """A context whose entities are ``(text, label)`` pairs, each found at its first free place."""
    entities, taken = [], 0
    for piece, label in marked:
        start = text.index(piece, taken)
        entities.append(EntityMention(start, start + len(piece), label, piece))
        taken = start + len(piece)
    return DocContext(text, sorted(entities, key=lambda e: e.start))


def chain_of(ctx: DocContext, name: str):
    person = next(p for p in ctx.persons if p.text == name)
    return title_chain(ctx, person)


def test_a_chain_reads_as_positions_with_the_role_apart():
    text = "全国政协委员、全国工商联副主席、某某科技集团股份有限公司董事长吴启明说，要创新。"
    ctx = ctx_of(
        text,
        ("全国政协", "ORG"),
        ("委员", "TITLE"),
        ("全国工商联", "ORG"),
        ("副主席", "TITLE"),
        ("某某科技集团股份有限公司", "ORG"),
        ("董事长", "TITLE"),
        ("吴启明", "PERSON"),
    )
    chain = chain_of(ctx, "吴启明")
    assert chain.positions == [Position("副主席", "全国工商联"), Position("董事长", "某某科技集团股份有限公司")]
    assert chain.role == "委员" and chain.role_level == "全国"


def test_nested_organisations_come_out_whole():
    text = "中国科学院高能物理研究所研究员方晓岚介绍，实验已完成。"
    ctx = ctx_of(text, ("中国科学院", "ORG"), ("高能物理研究所", "ORG"), ("研究员", "TITLE"), ("方晓岚", "PERSON"))
    assert chain_of(ctx, "方晓岚").positions == [Position("研究员", "中国科学院高能物理研究所")]


def test_a_ministry_keeps_the_joiner_in_its_name():
    text = "当天，文化和旅游部部长钱立群表示，假期出游人数增长。"
    ctx = ctx_of(text, ("旅游部", "ORG"), ("部长", "TITLE"), ("钱立群", "PERSON"))
    assert chain_of(ctx, "钱立群").positions == [Position("部长", "文化和旅游部")]


def test_no_dateline_or_clause_is_an_organisation():
    dateline = "新华社南京3月2日电某某管理局局长孔令文说，工作顺利。"
    ctx = ctx_of(dateline, ("局长", "TITLE"), ("孔令文", "PERSON"))
    orgs = [p.org for p in chain_of(ctx, "孔令文").positions]
    assert orgs == ["某某管理局"]
    clause = "会议由十三届全国政协副主席冯建业主持。"
    ctx = ctx_of(clause, ("副主席", "TITLE"), ("冯建业", "PERSON"))
    assert chain_of(ctx, "冯建业").positions == [Position("副主席", "全国政协")]


def test_a_foreign_official_gets_the_country():
    tagged = ctx_of(
        "北京分别会见越南国家主席阮文成。",
        ("北京", "LOC"),
        ("越南", "LOC"),
        ("国家主席", "TITLE"),
        ("阮文成", "PERSON"),
    )
    assert chain_of(tagged, "阮文成").positions == [Position("国家主席", "越南")]
    untagged = ctx_of("据报道，莫桑比克国防部长马纳卡表示，合作顺利。", ("部长", "TITLE"), ("马纳卡", "PERSON"))
    assert chain_of(untagged, "马纳卡").positions == [Position("国防部长", "莫桑比克")]


def test_party_units_follow_the_guidelines():
    text = "某某街道党工委书记邱德胜说，要办实事。某某市委书记贾明远说，要抓落实。"
    ctx = ctx_of(
        text,
        ("党工委书记", "TITLE"),
        ("邱德胜", "PERSON"),
        ("某某市委", "ORG"),
        ("书记", "TITLE"),
        ("贾明远", "PERSON"),
    )
    assert chain_of(ctx, "邱德胜").positions == [Position("党工委书记", "某某街道")]
    assert chain_of(ctx, "贾明远").positions == [Position("市委书记", "某某市委")]


def test_a_fused_title_is_split_at_its_organisation():
    ctx = ctx_of("外交部发言人孟思远说，中方欢迎。", ("外交部发言人", "TITLE"), ("孟思远", "PERSON"))
    assert chain_of(ctx, "孟思远").positions == [Position("发言人", "外交部")]


def test_an_unnamed_speaker_keeps_the_positions_of_the_mention():
    text = "某某市教育局有关负责人表示，将增加学位。"
    ctx = ctx_of(text, ("某某市教育局", "ORG"), ("负责人", "TITLE"))
    profile = mention_profile(ctx, 0, text.index("表示"))
    assert profile.positions == [Position("负责人", "某某市教育局")]  # 有关 belongs to neither


def test_a_short_form_links_to_the_full_name_and_a_parent_does_not():
    mapping = link_short_forms(["某信科技集团股份有限公司", "某信集团", "北京市委", "北京市委宣传部"])
    assert mapping == {"某信集团": "某信科技集团股份有限公司"}


def test_positions_are_collected_over_the_article_and_short_forms_linked():
    text = "“要坚持创新。”某信科技集团股份有限公司董事长汤立伟说。\n某信集团总裁汤立伟还表示，明年扩大投入。"
    ctx = ctx_of(
        text,
        ("某信科技集团股份有限公司", "ORG"),
        ("董事长", "TITLE"),
        ("汤立伟", "PERSON"),
        ("某信集团", "ORG"),
        ("总裁", "TITLE"),
        ("汤立伟", "PERSON"),
    )
    profile = build_profiles(ctx)["汤立伟"]
    assert profile.titles == ["董事长", "总裁"]
    assert profile.orgs == ["某信科技集团股份有限公司"]


def test_a_grassroots_deputy_ending_in_an_occupation_keeps_the_role():
    text = "全国人大代表、某某县茶农卢秀英说，茶叶卖得好。"
    ctx = ctx_of(text, ("全国人大代表", "TITLE"), ("某某县", "LOC"), ("卢秀英", "PERSON"))
    chain = chain_of(ctx, "卢秀英")
    assert chain.role == "代表" and chain.role_level == "全国"
    assert chain.positions == [Position("茶农", "某某县")]


def test_a_representative_who_is_no_deputy_gets_no_role():
    ctx = ctx_of("业主代表邓宏说，路面要修。", ("代表", "TITLE"), ("邓宏", "PERSON"))
    chain = chain_of(ctx, "邓宏")
    assert chain.role is None and chain.positions == [Position("业主代表", None)]
    un = ctx_of("某国常驻联合国代表韦斯特说，应当停火。", ("代表", "TITLE"), ("韦斯特", "PERSON"))
    assert chain_of(un, "韦斯特").role is None


def test_sector_level_and_delegation():
    member = ctx_of("柏文清委员代表民盟中央发言说，要加强基础研究。", ("柏文清", "PERSON"), ("委员", "TITLE"))
    chain = chain_of(member, "柏文清")
    assert chain.role == "委员" and chain.sector == "民盟中央"
    assert Position(None, "民盟中央") in chain.positions
    deputy = ctx_of("江苏代表团的某某市人大代表葛云飞说，要抓好产业。", ("代表", "TITLE"), ("葛云飞", "PERSON"))
    chain = chain_of(deputy, "葛云飞")
    assert chain.role == "代表" and chain.role_level == "市" and chain.delegation == "江苏代表团"


def test_schema_has_positions_and_role_detail():
    assert SCHEMA_VERSION == "1.2"
    for column in ("positions", "role_level", "delegation", "sector", "titles", "orgs"):
        assert column in QUOTE_COLUMNS


def test_positions_reach_the_quotation_table(quotes):
    row = quotes("某某科技集团股份有限公司董事长汤立伟说：“要坚持创新。”").iloc[0]
    positions = list(row.positions)
    assert [p["title"] for p in positions] == ["董事长"]
    assert positions[0]["org"].endswith("股份有限公司")
    assert row.titles == ["董事长"] and row.orgs == [positions[0]["org"]]


def test_list_columns_survive_csv():
    frame = pd.DataFrame({"positions": [[{"title": "部长", "org": None}], []], "titles": [["部长"], []]})
    back = lists_from_json(lists_to_json(frame))
    assert back.positions.tolist() == [[{"title": "部长", "org": None}], []]
    assert back.titles.tolist() == [["部长"], []]


def test_a_body_named_by_its_ending_keeps_its_name():
    ctx = ctx_of("国务院总理程立新主持会议。", ("国务院", "ORG"), ("总理", "TITLE"), ("程立新", "PERSON"))
    assert chain_of(ctx, "程立新").positions == [Position("总理", "国务院")]
    bare = ctx_of("中心主任邱海说，要扩容。", ("中心", "ORG"), ("主任", "TITLE"), ("邱海", "PERSON"))
    assert chain_of(bare, "邱海").positions == [Position("主任", None)]  # 中心 alone points back


def test_a_filler_between_organisation_and_title_is_dropped():
    text = "某某县水利局相关负责人柯明亮表示，堤坝安全。"
    ctx = ctx_of(text, ("某某县水利局", "ORG"), ("相关负责人", "TITLE"), ("柯明亮", "PERSON"))
    assert chain_of(ctx, "柯明亮").positions == [Position("负责人", "某某县水利局")]


def test_foreign_titles_take_the_country():
    ctx = ctx_of("某国外相罗森当天表示，将回应。", ("某国", "LOC"), ("罗森", "PERSON"))
    assert chain_of(ctx, "罗森").positions == [Position("外相", "某国")]
    japan = ctx_of("日本内阁官房副长官滨田一郎表示，将监视。", ("日本内阁官房", "ORG"), ("滨田一郎", "PERSON"))
    assert chain_of(japan, "滨田一郎").positions == [Position("内阁官房副长官", "日本")]


def test_a_stop_word_inside_a_name_word_does_not_cut_it():
    text = "某省对外友好协会会长丛林说，交流增多。"
    ctx = ctx_of(text, ("某省对外友好协会", "ORG"), ("会长", "TITLE"), ("丛林", "PERSON"))
    assert chain_of(ctx, "丛林").positions == [Position("会长", "某省对外友好协会")]
    data = ctx_of(
        "某市大数据中心主任汪洁说，平台上线。", ("某市大数据中心", "ORG"), ("主任", "TITLE"), ("汪洁", "PERSON")
    )
    assert chain_of(data, "汪洁").positions == [Position("主任", "某市大数据中心")]


def test_a_party_unit_title_takes_the_place_written_before_it():
    ctx = ctx_of("“要惠及村民。”青禾县委书记莫远说。", ("县委书记", "TITLE"), ("莫远", "PERSON"))
    assert chain_of(ctx, "莫远").positions == [Position("县委书记", "青禾县委")]
    former = ctx_of("时任青禾县委书记莫远说，要修路。", ("县委书记", "TITLE"), ("莫远", "PERSON"))
    assert chain_of(former, "莫远").positions == [Position("县委书记", "青禾县委")]
    clause = ctx_of("他见到了市委书记莫远。", ("市委书记", "TITLE"), ("莫远", "PERSON"))
    assert chain_of(clause, "莫远").positions == [Position("市委书记", None)]
    time = ctx_of("今天律师蒋平来了。", ("今天", "ORG"), ("律师", "TITLE"), ("蒋平", "PERSON"))
    assert chain_of(time, "蒋平").positions == [Position("律师", None)]


def test_a_bare_title_takes_the_organisation_written_with_it_earlier():
    text = "某国外交部发言人2日答记者问。\n发言人表示，报道不实。"
    ctx = ctx_of(text, ("某国外交部", "ORG"), ("发言人", "TITLE"), ("发言人", "TITLE"))
    start = text.rindex("发言人")
    assert mention_profile(ctx, start, start + 3).positions == [Position("发言人", "某国外交部")]


def test_an_anaphoric_company_takes_the_place_before_its_name():
    text = "矿区属于山西某某煤业有限公司。该公司副总经理申涛介绍，要复垦。"
    ctx = ctx_of(
        text, ("山西", "LOC"), ("某某煤业有限公司", "ORG"), ("该公司", "ORG"), ("副总经理", "TITLE"), ("申涛", "PERSON")
    )
    assert chain_of(ctx, "申涛").positions == [Position("副总经理", "山西某某煤业有限公司")]


def test_a_level_opened_short_form_is_not_linked_to_another_place():
    text = "某州市委统战部副部长、市工商联党组书记闵杰说，要服务企业。\n另一市工商联主席方正也发言。"
    ctx = ctx_of(
        text,
        ("某州市委统战部", "ORG"),
        ("副部长", "TITLE"),
        ("市工商联", "ORG"),
        ("党组书记", "TITLE"),
        ("闵杰", "PERSON"),
        ("另一市工商联", "ORG"),
        ("主席", "TITLE"),
        ("方正", "PERSON"),
    )
    assert build_profiles(ctx)["闵杰"].orgs == ["某州市委统战部", "市工商联"]


def test_a_village_named_with_its_unit_keeps_the_unit_in_the_title():
    ctx = ctx_of("“要致富。”柳塘村村支书牛长顺说。", ("村支书", "TITLE"), ("牛长顺", "PERSON"))
    assert chain_of(ctx, "牛长顺").positions == [Position("村支书", "柳塘村")]
    party = ctx_of("“要致富。”某镇新村村党支部书记郝文说。", ("村党支部书记", "TITLE"), ("郝文", "PERSON"))
    assert chain_of(party, "郝文").positions == [Position("村党支部书记", "某镇新村")]


def test_an_ending_points_back_to_a_name_the_tagger_missed():
    text = "“叮咚”，某区一站式矛盾调解中心内铃声响起。\n中心负责人商岚说，又有纠纷了。"
    ctx = ctx_of(text, ("中心", "ORG"), ("负责人", "TITLE"), ("商岚", "PERSON"))
    assert chain_of(ctx, "商岚").positions == [Position("负责人", "某区一站式矛盾调解中心")]
    short = ctx_of(
        "我们来到中心。\n中心负责人商岚说，又有纠纷了。", ("中心", "ORG"), ("负责人", "TITLE"), ("商岚", "PERSON")
    )
    assert chain_of(short, "商岚").positions == [Position("负责人", None)]


def test_an_organisation_never_opens_with_a_bracket_or_a_mark():

    text = (
        "新华社北京5月3日电\xa0\xa0（记者陈一鸣）全国人大常委会委员长王立新3日在北京与来宾会谈。"
        "王立新表示，要加强立法合作。"
    )
    rows = nlp_quotes.extract_quotes(text)
    orgs = [org for value in rows.orgs for org in value]
    assert orgs and all(org[0].isalnum() for org in orgs)


def test_a_title_never_takes_the_end_of_the_organisation_before_it():

    rows = nlp_quotes.extract_quotes("中华全国总工会主席王立新3日会见来宾。王立新表示，要维护职工权益。")
    assert {"title": "主席", "org": "中华全国总工会"} in rows.positions.iloc[0]
    company = nlp_quotes.extract_quotes("某公司工会主席王立新表示，要维护职工权益。")
    assert company.positions.iloc[0][0]["title"] == "工会主席"  # no organisation end is cut here
