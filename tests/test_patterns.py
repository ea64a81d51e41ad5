"""Patterns of speech the attribution must carry to unseen articles, on texts written for these tests."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

import nlp_quotes
from nlp_quotes.entities import find_entities


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


def test_an_unnamed_single_source_gives_a_record_without_speaker(nlp):
    rows = quotes(nlp, "消息人士称，双方将于下周在日内瓦恢复谈判。")
    assert len(rows) == 1 and rows.speaker.isna().iloc[0]
    assert rows.speaker_rule.iloc[0] == "unnamed" and rows.confidence.iloc[0] <= 0.5
    # an open group is the reporter's summary, no record
    assert quotes(nlp, "多名消息人士称，双方将于下周在日内瓦恢复谈判。").empty


def test_a_body_with_a_bare_cue_takes_unpunctuated_content(nlp):
    rows = quotes(nlp, "挪威外交部称此次演习严重威胁地区安全与稳定。")
    assert list(rows.speaker) == ["挪威外交部"]
    assert rows.quote.iloc[0] == "此次演习严重威胁地区安全与稳定。"


def test_a_cue_right_after_a_cue_takes_the_content(nlp):
    rows = quotes(nlp, "俄罗斯驻美大使卢卡申科警告说，局势可能进一步恶化。")
    assert rows.quote.tolist() == ["局势可能进一步恶化。"]


def test_a_quotation_right_after_a_quotation_continues_it(nlp):
    rows = quotes(nlp, "县委书记孟庆和强调：“要稳住就业”“要守住底线”。")
    assert rows.quote.tolist() == ["要稳住就业", "要守住底线"]
    assert set(rows.speaker) == {"孟庆和"} and rows.rule.tolist() == ["cue_before", "previous_quote"]


def test_the_person_a_causative_points_to_speaks(nlp):
    text = "总书记的回信让村支书韩明远倍感振奋：“我们一定把茶叶产业做好。”"
    assert quotes(nlp, text).speaker.tolist() == ["韩明远"]


def test_a_paragraph_opening_quotation_takes_the_person_later_in_its_sentence(nlp):
    text = "合作社今年扩种了两百亩。\n“今年的桃子卖得特别好。”说起收成，果农卢秀英笑得合不拢嘴。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["卢秀英"] and rows.rule.tolist() == ["speaker_later"]


def test_a_described_person_opening_a_clause_is_the_sentence_subject(nlp):
    text = "在合作社的大棚里，种植户周建华正忙着采摘，“这一季能多收两成。”"
    assert quotes(nlp, text).speaker.tolist() == ["周建华"]


def test_an_organisation_is_read_after_its_modifier(nlp):
    rows = quotes(nlp, "努尔阵线下属武装派别烈士旅称，该组织成员击退了一次进攻。")
    assert rows.speaker.tolist() == ["烈士旅"]


def test_a_headline_never_joins_the_first_paragraph(nlp):
    text = (
        "智方称将扩大对华出口 双方称愿深化合作\n"
        "新华社圣地亚哥5月3日电 智利外交部3日称，\n"
        "智方将进一步扩大\n"
        "对华农产品出口。\n"
        "智利农业部长\n"
        "巴尔加斯表示，\n"
        "樱桃出口\n"
        "预计增长三成。\n"
    )
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["智利外交部", "巴尔加斯"]
    assert all("智方称将" not in quote for quote in rows.quote)


def test_a_dateline_is_no_organisation_of_the_speaker(nlp):
    text = "新华社兰州6月2日电  国务院副总理严立明2日在兰州表示，要加快推进黄河流域生态保护。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["严立明"]
    assert not any("电" in org for org in rows.orgs.iloc[0])


def test_a_reporters_question_belongs_to_the_unnamed_reporter(nlp):
    text = "发布会上，有记者问：“新政策什么时候落地？”国家发展改革委副主任林德明说：“下个月就会出台细则。”"
    rows = quotes(nlp, text)
    assert rows.speaker.isna().tolist() == [True, False]
    assert rows.speaker_mention.iloc[0] == "有记者" and rows.speaker.iloc[1] == "林德明"


def test_a_familiar_form_is_the_person_named_in_full_before(nlp):
    text = "护林员赵长河每天巡山二十公里。\n“山上的树，就像自家的孩子。”老赵摸了摸树干。他说：“守住它们，心里才踏实。”"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["赵长河", "赵长河"]
    assert rows.speaker_mention.tolist() == ["老赵", "他"]


def test_a_title_chain_reads_an_unlabelled_organisation_back_to_its_joiner(nlp):
    text = "“夜市要有序，也要有烟火气。”成都市人大代表、青羊区草市街道锦里社区党委书记贺晓梅说。"
    row = quotes(nlp, text).iloc[0]
    assert row.speaker == "贺晓梅" and row.role == "代表"


def test_daibiao_before_an_organisation_is_a_verb_before_a_verb_a_role(nlp):
    verb = quotes(nlp, "国务院总理杨建华代表国务院作报告时指出，今年经济运行总体平稳。")
    assert verb.speaker.tolist() == ["杨建华"] and verb.role.isna().all()
    role = quotes(nlp, "研究所研究员方志远代表率领团队攻关多年。方志远代表说：“我们不会停下脚步。”")
    assert role.speaker.tolist() == ["方志远"] and role.role.tolist() == ["代表"]


def test_a_cppcc_standing_member_is_a_member_and_keeps_the_title(nlp):
    text = (
        "全国政协常委、民进中央副主席韩立新说，要完善湿地保护制度。"
        "邹海常委建议，推动流域生态补偿。"
        "省委常委、宣传部部长高远表示，要讲好乡村故事。"
    )
    rows = quotes(nlp, text).set_index("speaker")
    assert rows.loc["韩立新", "role"] == "委员" and "常委" in rows.loc["韩立新", "titles"]
    assert rows.loc["邹海", "role"] == "委员" and list(rows.loc["邹海", "titles"]) == ["常委"]
    assert rows.loc["高远"].isna()["role"]  # a party standing committee member is no CPPCC member


def test_a_bracketed_alias_stays_in_the_title_chain(nlp):
    text = "江西省全国人大代表，南昌市工商联（总商会）党组书记、常务副主席程立平说，产业园模式值得借鉴。"
    row = quotes(nlp, text).iloc[0]
    assert row.speaker == "程立平" and row.role == "代表"
    assert list(row.orgs) == ["南昌市工商联（总商会）"]
    assert list(row.titles) == ["党组书记", "常务副主席"]


def test_a_short_form_shared_by_two_people_takes_the_nearest_one_named_before(nlp):
    text = (
        "美国人汤姆·米勒曾在鼓浪屿生活多年。“那是我最快乐的日子。”米勒说。\n"
        "后来，他的侄子杰克·米勒也来到这里。“我会常来。”米勒说。"
    )
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["汤姆·米勒", "杰克·米勒"]
    assert rows.speaker_mention.tolist() == ["米勒", "米勒"]


SEED_SCRIPT = """
import json, nlp_quotes
text = ("汤姆·米勒、杰克·米勒和安娜·米勒兄妹来到福州。“这里像家一样。”米勒说。"
        "安娜·米勒回忆：“祖父常讲起这里。”他说，鼓岭的夏天很凉快。")
rows = nlp_quotes.extract_quotes(text)
print(json.dumps(rows.astype(str).to_dict("records"), ensure_ascii=False, sort_keys=True))
"""


def test_rows_do_not_depend_on_the_hash_seed():
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", SEED_SCRIPT], env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1 and "米勒" in outputs.pop()


def test_sides_speaking_together_are_named_by_the_first_side(nlp):
    countries = quotes(nlp, "中越双方在河内举行第十次磋商。双方认为，维护边境稳定符合两国利益。")
    assert countries.speaker.tolist() == ["中国"] and countries.speaker_rule.tolist() == ["joint"]
    people = quotes(nlp, "泰国外长萨拉与日本外相田中一郎在东京会谈。两国外长还表示，将扩大青年交流。")
    assert people.speaker.tolist() == ["萨拉"]
    alone = quotes(nlp, "双方认为，应当继续保持沟通。")
    assert alone.speaker.isna().all() and (alone.confidence < 0.5).all()


def test_common_words_and_tagged_bodies_are_never_rule_names(nlp):
    rows = quotes(nlp, "钢琴老师一边弹一边说：“手腕要放松。”\n肯尼亚国防部２９日确认，两国已签署备忘录。")
    assert "老师" not in rows.speaker.dropna().tolist()
    assert rows.speaker.dropna().tolist() == ["肯尼亚国防部"]


def test_international_sources_cited_asides_and_outlets(nlp):
    cited = quotes(nlp, "法新社12日引述消息人士的话称，两国将于下月举行会谈。")
    assert len(cited) == 1 and cited.speaker.isna().all()  # the unnamed source speaks, not the agency
    body = quotes(nlp, "共同社援引泰国国防部14日消息称，联合巡逻将从周一开始。")
    assert body.speaker.tolist() == ["泰国国防部"]
    outlet = quotes(nlp, "英国《卫报》称，谈判未能在关键问题上取得突破。")
    assert outlet.speaker.tolist() == ["卫报"]
    document = quotes(nlp, "《发展规划纲要》指出，要稳步推进城镇化。")
    assert document.empty
    aside = quotes(nlp, "延世大学教授金泰源(音)对《东亚日报》强调，此次会谈是难得的机会。")
    assert aside.speaker.tolist() == ["金泰源"]


def test_long_stretches_between_a_speaker_and_the_cue(nlp):
    rows = quotes(
        nlp,
        "泰国外长萨拉当日出席电视台一档节目时表示，政府已向邻国解释了会谈的意义。"
        "国防部长韩明在国会全体会议上就部署“天盾”系统一事重申，部署费用由对方承担。"
        "泰国军方在曼谷发表联合声明称，演习不针对任何第三方。",
    )
    assert rows.speaker.tolist()[:2] == ["萨拉", "韩明"]
    assert len(rows) == 3


def test_a_lone_surname_before_a_cue_takes_its_given_name(nlp):
    rows = quotes(nlp, "最大在野党党首崔在明认为，此举会损害两国互信。")
    assert rows.speaker.tolist() == ["崔在明"]


def test_a_byline_in_brackets_opens_a_paragraph_that_still_speaks(nlp):
    text = (
        "两国拟首次举行联合演习\n"
        "【环球网报道 记者 王小明】法新社18日引述消息人士的话称，两国计划下月首次举行联合空中演习。"
    )
    rows = quotes(nlp, text)
    assert len(rows) == 1 and rows.speaker.isna().all()
    assert rows.quote.iloc[0].startswith("两国计划")


def test_datelines_and_bylines_never_speak(nlp):
    text = (
        "新华社曼谷5月3日电（记者陈一鸣）泰国外交部官员3日表示，两国将于下月恢复会谈。\n"
        "央视网消息（新闻联播）：国家主席赵刚7日出席会议并发表讲话，强调要深化改革创新。"
    )
    rows = quotes(nlp, text)
    assert "陈一鸣" not in rows.speaker.dropna().tolist()
    assert rows.speaker.iloc[0] is pd.NA or pd.isna(rows.speaker.iloc[0])
    assert "央视网消息" not in rows.speaker.dropna().tolist()


def test_an_outlet_that_only_reports_is_no_speaker(nlp):
    news = quotes(nlp, "泰联社18日称，两国海军当天在安达曼海开始联合演习。")
    assert news.empty  # the agency reports news: no quotation
    nested = quotes(nlp, "芬兰通讯社报道称，芬兰总理林德曼在记者会上表示，政府将增加防务开支。")
    assert nested.speaker.tolist() == ["林德曼"]
    assert nested.quote.iloc[0].startswith("政府将增加")
    view = quotes(nlp, "泰联社19日发表评论称，这次演习释放了加强地区合作的信号。")
    assert view.speaker.tolist() == ["泰联社"]  # an outlet stating its view still speaks


def test_a_japanese_family_name_alone_takes_the_full_name(nlp):
    text = "日本外务大臣松尾健太访问首尔。松尾说，两国应当面向未来。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["松尾健太"]
    assert rows.speaker_mention.tolist() == ["松尾"]


def test_by_someones_account_is_a_frame(nlp):
    rows = quotes(nlp, "按照分析人士李国华的说法，新一轮谈判最快下月启动。")
    assert rows.speaker.tolist() == ["李国华"] and rows.cue.tolist() == ["的说法"]


def test_an_officer_followed_by_a_date_is_no_organisation(nlp):
    rows = quotes(nlp, "泰国国防部长8月在议会表示，新系统不与他国共享情报。")
    assert rows.speaker.isna().all()
    assert rows.speaker_mention.tolist() == ["泰国国防部长"]


def test_a_name_gives_back_the_title_character_it_took(nlp):
    rows = quotes(nlp, "此事如何？钱立山总经理认为：“核心技术要掌握在自己手里。”")
    assert rows.speaker.tolist() == ["钱立山"]


def test_a_cue_may_hold_its_recipient(nlp):
    rows = quotes(nlp, "某研究院研究员王立新告诉《东方周报》记者，此次演习主要针对潜艇威胁。")
    assert rows.speaker.tolist() == ["王立新"]
    assert rows.quote.tolist() == ["此次演习主要针对潜艇威胁。"]


def test_each_side_in_one_sentence_gets_its_own_record(nlp):
    text = "英方强调要实现边境地区的长期稳定，法方强调各方应支持双边和解进程，德方强调应加强区域经济合作。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["英国", "法国", "德国"]
    assert rows.quote.iloc[0] == "要实现边境地区的长期稳定"
    kept = quotes(nlp, "外交部发言人表示，此举严重违背国际准则，中方表示强烈不满。")
    assert len(kept) == 1 and kept.quote.iloc[0].endswith("中方表示强烈不满。")  # no content: no new speaker


def test_two_named_speakers_joined_before_one_cue_give_the_first(nlp):
    bodies = quotes(nlp, "泰国与缅甸10月7日宣布，将边境口岸开放时间延长两小时。")
    assert bodies.speaker.tolist() == ["泰国"]
    people = quotes(nlp, "王立新和李国华认为，这次会谈取得了积极成果。")
    assert people.speaker.tolist() == ["王立新"]


def test_a_bare_cue_opening_a_clause_of_time_is_no_statement(nlp):
    assert quotes(nlp, "英法宣布部署后，遭受到来自各方的巨大压力。").empty
    rows = quotes(nlp, "外交部宣布将于下月举办论坛，邀请各国代表参加。")
    assert rows.speaker.tolist() == ["外交部"]


def test_a_wish_without_punctuation_is_a_persons_not_a_countrys(nlp):
    assert quotes(nlp, "英国希望扩大同法国的共同利益，实现合作共赢。").empty
    rows = quotes(nlp, "外交大臣王立新希望两国扩大共同利益，实现合作共赢。")
    assert rows.speaker.tolist() == ["王立新"]


def test_an_adverb_before_the_cue_is_no_given_name(nlp):
    rows = quotes(nlp, "就连外国专家都公开表示，对方的包围圈已经形成。")
    assert "都公" not in rows.speaker.dropna().tolist() and "都公开" not in rows.speaker.dropna().tolist()


def test_sides_written_by_one_character_each_speak_as_the_first(nlp):
    rows = quotes(nlp, "英法德三方表示，可以降低谈判门槛。")
    assert rows.speaker.tolist() == ["英国"] and rows.speaker_mention.tolist() == ["英法德三方"]
    assert quotes(nlp, "英法宣布部署后，遭受到来自各方的巨大压力。").empty


def test_a_cue_may_name_its_outlet_without_a_reporter(nlp):
    rows = quotes(nlp, "某大学教授王立新10日告诉《东方周报》，新一轮试验可能威力更大。")
    assert rows.speaker.tolist() == ["王立新"]


def test_a_view_cue_takes_content_without_a_comma(nlp):
    text = (
        "对此，外交学院教授孙立平的回答是肯定的。他认为这意味着该计划已经进入实质推进阶段。"
        "研究员赵海也认为部署该系统只是时间问题。此外，赵海分析称明年的选举会改变两国的合作节奏。"
    )
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["孙立平", "赵海", "赵海"]
    assert rows.quote.iloc[0].startswith("这意味着")
    assert rows.quote.iloc[2].startswith("明年的选举")
    # a passive or group view is no statement of a source
    assert quotes(nlp, "这种轰炸机被认为是该国空军最具代表性的装备之一。").empty


def test_a_foreign_given_name_alone_takes_the_full_name(nlp):
    text = "美国前国务卿玛格丽特·布朗近日接受采访。玛格丽特表示，她将在年底决定是否参选。玛格丽特还表示，透明十分重要。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["玛格丽特·布朗", "玛格丽特·布朗"]
    assert rows.speaker_mention.tolist() == ["玛格丽特", "玛格丽特"]


def test_a_quotation_inside_the_reported_clause_is_part_of_it(nlp):
    inside = quotes(nlp, "周海表示，要实现模式创新，就要“从工厂到用户，再从用户到工厂”，在融合的同时满足个性需要。")
    assert inside.kind.tolist() == ["indirect"]
    assert inside.quote.iloc[0].startswith("要实现模式创新") and inside.quote.iloc[0].endswith("满足个性需要。")
    # a quotation that opens its own clause after the comma is a record of its own
    after = quotes(nlp, "周海表示，公司去年开始开拓南美市场，“南美市场的需求增长很快，我们很有信心。”")
    assert after.kind.tolist() == ["indirect", "direct"]
    assert set(after.speaker) == {"周海"}


def test_a_title_ending_in_the_next_character_opens_no_name(nlp):
    # 国防部长官: 官 closes 长官, so 官在会 is no name (官 is also a surname)
    rows = quotes(nlp, "该国国防部长官在会谈中说，两国将扩大联合训练的规模。")
    assert "在会" not in rows.speaker.dropna().tolist()


def test_japanese_cabinet_titles_are_titles(nlp):
    rows = quotes(nlp, "日本前防卫相高桥一郎表示，该国的导弹开发速度超出预期。")
    assert rows.speaker.tolist() == ["高桥一郎"]
    assert rows.titles.iloc[0] == ["前防卫相"]
    visit = quotes(nlp, "日本外务大臣松尾健太访问首尔。松尾说，两国应当面向未来。")
    assert visit.titles.iloc[0] == ["外务大臣"] and visit.orgs.iloc[0] == ["日本"]


def test_a_weekday_between_name_and_cue_is_not_part_of_the_name(nlp):
    rows = quotes(nlp, "泰国外交部长颂恩周三表示，双方将尽快举行新一轮磋商。")
    assert rows.speaker.tolist() == ["颂恩"]
    assert rows.speaker_mention.tolist() == ["颂恩"]
    assert rows.titles.iloc[0] == ["外交部长"]


def test_a_second_cue_of_the_sentence_takes_its_subject(nlp):
    # 表示反对 has no content; the clause after the comma goes on with the same speaker
    for text in (
        "泰国国防部周二表示反对这项提议，称该提议会加剧边境紧张。",
        "泰国国防部周二表示反对这项提议，并称该提议会加剧边境紧张。",
        "泰国国防部表示反对这项提议，同时强调，该提议会加剧边境紧张。",
    ):
        rows = quotes(nlp, text)
        assert rows.speaker.tolist() == ["泰国国防部"], text
        assert rows.quote.iloc[0].startswith("该提议会加剧"), text


def test_named_together_and_called_it_are_no_speech(nlp):
    assert quotes(nlp, "这两座古桥与城墙并称为当地最有名的三处古迹。").empty
    assert quotes(nlp, "当地渔民一直对这项工程十分不满，称其为破坏海岸的工程。").empty


def test_a_frame_after_a_connective(nlp):
    rows = quotes(nlp, "这座港口规模不大，但在经济学家罗伯特·米勒看来，它将成为区域物流的枢纽。")
    assert rows.speaker.tolist() == ["罗伯特·米勒"]
    assert rows.cue.tolist() == ["看来"]


def test_a_time_word_after_a_title_opens_no_name(nlp):
    rows = quotes(nlp, "据当地媒体报道，该国海洋研究所所长当天发表谈话说，近海的渔业资源正在恢复。")
    assert rows.speaker.isna().all()
    assert rows.speaker_mention.iloc[0].endswith("所长")


def test_a_continuing_cue_takes_the_nearest_subject_before_it(nlp):
    # the outlet only reports; the person it reports on goes on speaking
    rows = quotes(nlp, "当地电视台称，总理张明远向议员介绍了新的预算方案，并表示财政赤字将在两年内明显下降。")
    assert rows.speaker.tolist() == ["张明远"]
    # a body named later never displaces the person who speaks
    rows = quotes(nlp, "部长刘海峰赞赏两国的合作成果，祝贺两国交通合作委员会成立，表示愿继续推进港口建设。")
    assert rows.speaker.tolist() == ["刘海峰"]


def test_a_reporter_in_a_byline_is_no_speaker(nlp):
    rows = quotes(
        nlp, "本报北京5月3日电  （记者王小川）近日，市交通委员会发布新规，明确要求，网约车平台不得诱导乘客延长行程。"
    )
    assert "王小川" not in rows.speaker.dropna().tolist()


def test_an_administration_named_after_its_leader_speaks_as_a_body(nlp):
    rows = quotes(nlp, "2019年，马丁政府在一份年度报告中诬称，邻国的渔业补贴扭曲了市场。")
    assert rows.speaker.tolist() == ["马丁政府"]
    assert rows.speaker_rule.tolist() == ["organisation"]


def test_an_untagged_japanese_family_name_takes_the_full_name(nlp):
    text = (
        "日本众议员松田健二在东京发表演讲。大学教授王磊对记者表示，这番话另有所指。"
        "松田在演讲中表示，两国应当扩大青年交流。他还说：“我们是邻居。”"
    )
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["王磊", "松田健二", "松田健二"]
    assert rows.speaker_mention.tolist() == ["王磊", "松田", "他"]


def test_an_analyst_is_one_unnamed_source_and_an_analysis_no_one(nlp):
    rows = quotes(nlp, "分析人士指出，两国的分歧短期内难以弥合。")
    assert rows.kind.tolist() == ["indirect"] and rows.speaker.isna().all()
    assert quotes(nlp, "有分析认为，两国的分歧短期内难以弥合。").empty


def test_an_outlet_stating_its_view(nlp):
    rows = quotes(
        nlp, "美国《外交评论》网站认为，这项协议将改变地区的力量对比。《南方晨报》评论称，这再次说明两国关系正在降温。"
    )
    assert rows.speaker.tolist() == ["外交评论网站", "南方晨报"]
    assert rows.speaker_mention.iloc[0] == "《外交评论》网站"


def test_a_name_tagged_once_is_found_again(nlp):
    # the tagger may miss a later mention or tag part of it (德森 of 理查德森)
    text = "美国新泽西州长理查德森访问了该国。当地政府接受援助，理查德森则希望双方对边境演习保持克制。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["理查德森"]
    assert rows.speaker_mention.tolist() == ["理查德森"]


def test_countries_listed_together_speak_as_the_first(nlp):
    rows = quotes(nlp, "去年5月，法国、德国和意大利宣布，三国将共同研制新一代运输机。")
    assert rows.speaker.tolist() == ["法国"]


def test_a_dated_body_opens_the_sentence_for_a_later_cue(nlp):
    rows = quotes(nlp, "2021年欧盟委员会发布新版产业战略，进一步强调供应链安全，宣称欧洲必须减少对单一市场的依赖。")
    assert rows.speaker.tolist() == ["欧盟委员会"]
    assert rows.rule.tolist() == ["sentence_subject"]


def test_a_transliterated_name_after_a_title_without_a_cue(nlp):
    text = "当天，该国总理与美国总统哈里森通电话。哈里森在通话中表示，美方愿意继续提供援助。律师一席话说服了众人。"
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["哈里森"]


def test_only_transliteration_characters_make_such_a_name():
    persons = [m.text for m in find_entities("外交部发言人就二十国集团环境部长会议答问。") if m.label == "PERSON"]
    assert persons == []
    persons = [m.text for m in find_entities("美国总统哈里森与该国总理会晤。") if m.label == "PERSON"]
    assert persons == ["哈里森"]


def test_a_side_speaking_of_itself_and_a_name_after_a_preposition(nlp):
    rows = quotes(nlp, "智利认为那艘渔船是被鱼雷击沉的。秘鲁坦言自己的舰队没有这种鱼雷。")
    assert rows.speaker.tolist() == ["智利", "秘鲁"]
    assert rows.quote.iloc[-1].startswith("自己的舰队")
    text = "新华社电 与来访的法国总统马克龙会谈两小时后强调，两国关系正处在新的起点。"
    assert "马克龙" not in quotes(nlp, text).speaker.dropna().tolist()


def test_a_recipient_or_an_adverb_between_name_and_cue(nlp):
    text = (
        "会见时，王珂向来访的代表团介绍，这个园区去年新增企业三百多家。周立虽表示，工厂将继续扩建，但没有给出具体时间。"
    )
    rows = quotes(nlp, text)
    assert rows.speaker.tolist() == ["王珂", "周立"]


def test_a_name_said_once_between_an_occupation_and_its_cue(nlp):
    rows = quotes(nlp, "园艺场位于水库下游。果农李先水说，过去每到5月，葡萄园都缺水。")
    assert rows.speaker.tolist() == ["李先水"]
    assert rows.titles.iloc[0] == ["果农"]


def test_a_leading_official_unnamed_is_a_source_without_a_name(nlp):
    rows = quotes(nlp, "座谈会在省城召开。某市委主要负责同志表示，民生问题没有小事，要持续改进服务。")
    assert rows.kind.tolist() == ["indirect"] and rows.speaker.isna().all()
    assert rows.speaker_mention.iloc[0].endswith("负责同志")
