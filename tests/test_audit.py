"""The self-audit of ``nlp_quotes.bench.audit`` on short texts written for these tests (no model is loaded)."""

import argparse

import pytest

from nlp_quotes.bench import audit
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.schema import entities_frame, quotes_frame

LEX = load_lexicons()


def ents(text, *spans):
    """Entity table of ``(surface, label)`` pairs, each at its first place in ``text``."""
    rows = []
    for surface, label in spans:
        start = text.index(surface)
        rows.append({"text": surface, "label": label, "start": start, "end": start + len(surface), "source": "rules"})
    return entities_frame(rows)


def record(text, quote, quote_id=0, speaker=None, cue=None, kind="indirect", mention=None, **extra):
    start = text.index(quote)
    row = {
        "doc_id": "t/1",
        "quote_id": quote_id,
        "kind": kind,
        "quote": quote,
        "quote_start": start,
        "quote_end": start + len(quote),
        "speaker": speaker,
        "speaker_mention": mention if mention is not None else speaker,
        "cue": cue,
        "titles": [],
        "orgs": [],
        "confidence": 0.8,
        "rule": "cue",
    }
    if row["speaker_mention"] is not None and row["speaker_mention"] in text:
        row["speaker_start"] = text.index(row["speaker_mention"])
        row["speaker_end"] = row["speaker_start"] + len(row["speaker_mention"])
    row.update(extra)
    return row


def findings(text, rows, entities, category):
    found = audit.audit_records(text, quotes_frame(rows), entities, LEX)
    return [finding for finding in found if finding["category"] == category]


def test_categories_are_data_driven_and_in_order():
    assert list(audit.CATEGORIES) == [
        "speaker_not_a_name",
        "unattributed_named_subject",
        "cue_without_record",
        "capacity_not_a_title",
        "quote_crosses_headline",
    ]


def test_findings_have_the_five_keys_and_the_doc_id():
    text = "某县县长孟庆余表示，全县今年要新修两条公路。"
    rows = [record(text, "全县今年要新修两条公路。", speaker="孟庆余表示", cue="表示")]
    (finding,) = audit.audit_records(text, quotes_frame(rows), ents(text, ("孟庆余", "PERSON")), LEX)
    assert set(finding) == {"category", "doc_id", "quote_id", "detail", "context"}
    assert (finding["doc_id"], finding["quote_id"]) == ("t/1", 0)
    assert "孟庆余" in finding["context"]


@pytest.mark.parametrize(
    ("speaker", "problem"),
    [
        ("孟庆余表示", "cue_word 表示"),
        ("孟庆余称", "cue_word 称"),
        ("孟庆余当天", "time_word 当天"),
        ("孟庆余，县长", "punctuation"),
        ("孟庆余2", "digit"),
        ("孟庆\n余", "line_break"),
        ("孟庆余撰文", "runaway_mention 撰文"),
        ("孟县长", "title_in_speaker 县长"),
        ("有关负责人", "group_or_descriptor"),
    ],
)
def test_speaker_not_a_name_fires(speaker, problem):
    text = "某县县长孟庆余表示，全县今年要新修两条公路。"
    rows = [record(text, "全县今年要新修两条公路。", speaker=speaker, cue="表示", mention="孟庆余")]
    (finding,) = findings(text, rows, ents(text, ("孟庆余", "PERSON")), "speaker_not_a_name")
    assert finding["detail"].startswith(problem + ":")


def test_speaker_that_a_title_cuts_is_flagged():
    text = "某县县长孟庆余表示，全县今年要新修两条公路。"
    rows = [record(text, "全县今年要新修两条公路。", speaker="长孟庆余", cue="表示")]
    (finding,) = findings(text, rows, ents(text), "speaker_not_a_name")
    assert finding["detail"].startswith("cut_title 县长:")


def test_speaker_cut_from_a_longer_name_is_flagged():
    text = "乌尔里希·索默表示，港口的货运量还会增长。索默说，新码头明年投入使用。"
    rows = [record(text, "港口的货运量还会增长。", speaker="乌尔里希·索", cue="表示")]
    (finding,) = findings(text, rows, ents(text, ("乌尔里希·索默", "PERSON")), "speaker_not_a_name")
    assert finding["detail"].startswith("cut_name 乌尔里希·索默:")


def test_speaker_with_a_character_past_a_side_is_flagged():
    text = "中方表示欢迎。韩方则表示，将继续推动双边关系稳定发展。"
    rows = [record(text, "将继续推动双边关系稳定发展。", speaker="韩方则", cue="表示")]
    (finding,) = findings(text, rows, ents(text), "speaker_not_a_name")
    assert finding["detail"].startswith("extra_chars 则:")


def test_speaker_that_is_a_common_word_is_flagged():
    pytest.importorskip("jieba")
    text = "孟庆余委员发言说，要把乡村道路修到每家门口。"
    rows = [record(text, "要把乡村道路修到每家门口。", speaker="发言", cue="说")]
    (finding,) = findings(text, rows, ents(text, ("孟庆余", "PERSON")), "speaker_not_a_name")
    assert finding["detail"].startswith("common_word v:")


@pytest.mark.parametrize(
    ("text", "speaker", "mention", "names"),
    [
        ("某县县长孟庆余表示，全县今年要新修两条公路。", "孟庆余", "孟庆余", ("孟庆余",)),  # an entity
        ("某县县长孟庆余表示，全县今年要新修两条公路。", "孟庆余", "孟庆余", ()),  # a name the tagger missed
        ("中方表示，愿同各方一道维护地区和平稳定。", "中国", "中方", ()),  # a speaking side, named as its country
        ("某国外交部称，将继续推动双边关系稳定发展。", "某国外交部", "某国外交部", ()),  # an organisation
        ("家住城东的赵先生说，小区门口的路终于修好了。", "赵先生", "赵先生", ()),  # an address form
        ("卡洛斯·门德斯表示，两国合作的前景十分广阔。", "卡洛斯·门德斯", "卡洛斯·门德斯", ("卡洛斯·门德斯",)),
        ("让—米歇尔·杜邦表示，两国合作的前景十分广阔。", "让—米歇尔·杜邦", "让—米歇尔·杜邦", ()),  # a dash
    ],
)
def test_speaker_not_a_name_spares_real_names(text, speaker, mention, names):
    quote = text[text.index("，") + 1 :]
    rows = [record(text, quote, speaker=speaker, cue="表示", mention=mention)]
    entities = ents(text, *((name, "PERSON") for name in names))
    assert findings(text, rows, entities, "speaker_not_a_name") == []


def test_speaker_not_a_name_spares_a_name_the_tagger_made_too_long():
    text = "董事长葛长林说，新厂房年底完工。葛长林曾在这里当过学徒。"
    rows = [record(text, "新厂房年底完工。", speaker="葛长林", cue="说")]
    assert findings(text, rows, ents(text, ("葛长林曾", "PERSON")), "speaker_not_a_name") == []


def test_unattributed_named_subject_fires_when_a_name_opens_the_cue_clause():
    text = "会上，农业局局长郝明川表示，明年将再建五座冷库。"
    rows = [record(text, "明年将再建五座冷库。", cue="表示")]
    (finding,) = findings(text, rows, ents(text, ("郝明川", "PERSON")), "unattributed_named_subject")
    assert "郝明川" in finding["detail"]


def test_unattributed_named_subject_fires_for_a_speaker_after_the_quote():
    text = "“冷库建好了，菜就不愁卖了。”郝明川说。"
    rows = [record(text, "冷库建好了，菜就不愁卖了。", cue="说", kind="direct")]
    assert len(findings(text, rows, ents(text, ("郝明川", "PERSON")), "unattributed_named_subject")) == 1


@pytest.mark.parametrize(
    ("text", "quote", "cue", "entities"),
    [
        ("会上，有关负责人表示，明年将再建五座冷库。", "明年将再建五座冷库。", "表示", ()),  # nobody named
        ("会上，郝明川的报告指出，明年将再建五座冷库。", "明年将再建五座冷库。", "指出", ("郝明川",)),  # possessive
        (
            "郝明川到场。有关负责人表示，明年将再建五座冷库。",
            "明年将再建五座冷库。",
            "表示",
            ("郝明川",),
        ),  # other clause
    ],
)
def test_unattributed_named_subject_spares_unnamed_subjects(text, quote, cue, entities):
    rows = [record(text, quote, cue=cue)]
    entity_table = ents(text, *((name, "PERSON") for name in entities))
    assert findings(text, rows, entity_table, "unattributed_named_subject") == []


def test_unattributed_named_subject_spares_a_descriptor_after_the_name():
    text = "现场，星河乐园工作人员介绍，园区今年新增了三个游乐项目。"
    rows = [record(text, "园区今年新增了三个游乐项目。", cue="介绍", mention="工作人员")]
    assert findings(text, rows, ents(text, ("星河乐园", "PERSON")), "unattributed_named_subject") == []


def test_unattributed_named_subject_needs_the_cue_next_to_the_quote():
    text = "郝明川说。“冷库建好了，菜就不愁卖了。”一位村民补充道。"
    rows = [record(text, "冷库建好了，菜就不愁卖了。", cue="说", kind="direct", mention="一位村民")]
    assert findings(text, rows, ents(text, ("郝明川", "PERSON")), "unattributed_named_subject") == []


def test_named_speaker_is_never_unattributed():
    text = "会上，农业局局长郝明川表示，明年将再建五座冷库。"
    rows = [record(text, "明年将再建五座冷库。", speaker="郝明川", cue="表示")]
    assert findings(text, rows, ents(text, ("郝明川", "PERSON")), "unattributed_named_subject") == []


def test_cue_without_record_fires_on_a_missed_indirect_quote():
    text = "村里开了会。村支书郝明川指出，今年全村的苹果都卖到了外省。"
    (finding,) = findings(text, [], ents(text, ("郝明川", "PERSON")), "cue_without_record")
    assert finding["quote_id"] is None and "指出" in finding["detail"]


def test_cue_without_record_fires_with_a_colon_and_a_direct_quote():
    text = "郝明川说：“今年全村的苹果都卖到了外省。”"
    assert len(findings(text, [], ents(text, ("郝明川", "PERSON")), "cue_without_record")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "“村支书郝明川指出，今年全村的苹果都卖到了外省。”他笑着回忆。",  # inside quotation marks
        "村支书郝明川指出，好的。",  # no content clause
        "有关负责人指出，今年全村的苹果都卖到了外省。",  # nobody named
        "村支书郝明川指出问题所在，今年全村的苹果都卖到了外省。",  # no comma right after the cue
        "对村支书郝明川来说，今年全村的苹果都卖到了外省。",  # 来说 is no cue
        "村支书郝明川提出明确要求，今年全村的苹果都要卖到外省。",  # 要求 as a noun
        "（记者郝明川）某合作社负责人说，今年全村的苹果都卖到了外省。",  # the name is in a byline
    ],
)
def test_cue_without_record_spares_what_is_no_missed_quote(text):
    entity_table = ents(text, ("郝明川", "PERSON")) if "郝明川" in text else ents(text)
    assert findings(text, [], entity_table, "cue_without_record") == []


def test_cue_without_record_spares_a_covered_cue():
    text = "村里开了会。村支书郝明川指出，今年全村的苹果都卖到了外省。"
    rows = [record(text, "今年全村的苹果都卖到了外省。", speaker="郝明川", cue="指出")]
    assert findings(text, rows, ents(text, ("郝明川", "PERSON")), "cue_without_record") == []


def test_capacity_not_a_title_fires_once_per_string():
    text = "本报杭州5月8日电 市长俞方舟、副市长葛青说，全市将新增绿地。俞方舟还说，要办好民生实事。"
    bad_title = "本报杭州5月8日电 市长"
    rows = [
        record(text, "全市将新增绿地。", speaker="俞方舟", cue="说", titles=[bad_title, "市长"], orgs=["市政府"]),
        record(text, "要办好民生实事。", 1, speaker="俞方舟", cue="说", titles=[bad_title, "市长、副市长"]),
    ]
    found = findings(text, rows, ents(text, ("俞方舟", "PERSON")), "capacity_not_a_title")
    assert [(finding["quote_id"], finding["detail"].split(":")[0]) for finding in found] == [
        (0, "dateline"),
        (1, "punctuation"),
    ]


@pytest.mark.parametrize(("value", "problem"), [("5月8日", "date"), ("主任表示", "cue_word 表示")])
def test_capacity_not_a_title_fires_on_dates_and_cues(value, problem):
    text = "主任俞方舟说，全市将新增绿地。"
    rows = [record(text, "全市将新增绿地。", speaker="俞方舟", cue="说", orgs=[value])]
    (finding,) = findings(text, rows, ents(text, ("俞方舟", "PERSON")), "capacity_not_a_title")
    assert finding["detail"].startswith(problem)


def test_capacity_not_a_title_spares_real_titles():
    text = "某省委常委、市委书记俞方舟说，全市将新增绿地。"
    rows = [
        record(text, "全市将新增绿地。", speaker="俞方舟", cue="说", titles=["省委常委", "市委书记"], orgs=["某市委"])
    ]
    assert findings(text, rows, ents(text, ("俞方舟", "PERSON")), "capacity_not_a_title") == []


def test_capacity_not_a_title_spares_a_unit_both_hold_but_not_a_cut_name():
    text = "“要新增绿地。”青禾县委书记俞方舟说。“要修路。”柳塘社区党委书记葛青说。"
    rows = [
        record(text, "要新增绿地。", speaker="俞方舟", cue="说", titles=["县委书记"], orgs=["青禾县委"]),
        record(text, "要修路。", 1, speaker="葛青", cue="说", titles=["党委书记"], orgs=["柳塘社区"]),
    ]
    people = ents(text, ("俞方舟", "PERSON"), ("葛青", "PERSON"))
    assert findings(text, rows, people, "capacity_not_a_title") == []
    cut = [record(text, "要新增绿地。", speaker="俞方舟", cue="说", titles=["县委书记"], orgs=["青禾县"])]
    (finding,) = findings(text, cut, ents(text, ("俞方舟", "PERSON")), "capacity_not_a_title")
    assert finding["detail"].startswith("cut_title 县委书记")


def test_quote_crosses_headline_fires_on_a_quote_running_into_a_subheading():
    text = "他说，全县今年新修了两条公路。\n二、产业兴旺有门路\n村民们种上了新品种的苹果树，收入年年见涨。"
    rows = [record(text, "全县今年新修了两条公路。\n二、产业兴旺有门路", cue="说", speaker=None, mention="他")]
    (finding,) = findings(text, rows, ents(text), "quote_crosses_headline")
    assert "二、产业兴旺有门路" in finding["detail"]


def test_quote_crosses_headline_fires_on_a_quote_in_the_headline():
    text = "郝明川：让苹果卖出好价钱\n本报记者采访了村支书。他说，今年全村的苹果都卖到了外省。"
    rows = [record(text, "让苹果卖出好价钱", speaker="郝明川", cue="：")]
    (finding,) = findings(text, rows, ents(text, ("郝明川", "PERSON")), "quote_crosses_headline")
    assert "headline" in finding["detail"]


def test_quote_crosses_headline_spares_a_quote_over_full_paragraphs():
    text = (
        "苹果丰收了\n郝明川说：“今年的苹果个头大、品相好，一开园就被外省客商订走了大半。\n"
        "“明年我们还要扩大种植面积，让更多的乡亲富起来。”"
    )
    quote = text[text.index("“") + 1 : -1]
    rows = [record(text, quote, speaker="郝明川", cue="说", kind="direct")]
    assert findings(text, rows, ents(text, ("郝明川", "PERSON")), "quote_crosses_headline") == []


def test_quote_crosses_headline_spares_verse_over_lines():
    text = "战士们唱起了歌。\n“山高路远我们不怕，\n风大雨急我们不慌，\n…………”\n歌声在营区回荡了很久很久。"
    quote = text[text.index("“") + 1 : text.index("”")]
    rows = [record(text, quote, kind="direct")]
    assert findings(text, rows, ents(text), "quote_crosses_headline") == []


def test_add_parser_registers_the_audit_subcommand():
    parser = argparse.ArgumentParser()
    audit.add_parser(parser.add_subparsers())
    args = parser.parse_args(["audit", "--limit", "5", "--workers", "2"])
    assert (args.limit, args.workers, args.out, args.func) == (5, 2, "out/audit", audit.run_audit)


def test_run_audit_without_the_shared_folder_returns_2(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    audit.add_parser(parser.add_subparsers())
    args = parser.parse_args(["audit", "--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert args.func(args) == 2
    assert "nothing was audited" in capsys.readouterr().err
