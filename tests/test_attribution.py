"""Every reporting pattern of issue 2, on short texts written for these tests."""

import pandas as pd


def one(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, frame[["kind", "speaker", "quote"]]
    return rows.iloc[0]


def test_speaker_before_with_colon(quotes):
    df = quotes("某市市长王建国表示：“我们将新建三所学校。”")
    row = one(df)
    assert (row.kind, row.speaker, row.cue, row.quote) == ("direct", "王建国", "表示", "我们将新建三所学校。")
    assert row.rule == "cue_before"


def test_speaker_after_the_quote(quotes):
    row = one(quotes("“今年的粮食产量创了新高。”农业专家刘长青说。"))
    assert row.speaker == "刘长青" and row.rule == "speaker_after"


def test_quote_split_around_the_speaker_gives_two_records(quotes):
    df = quotes("“路修好了，”村支书何永福指出，“村里的果子也卖得出去了。”")
    assert list(df.speaker) == ["何永福", "何永福"]
    assert list(df.quote) == ["路修好了，", "村里的果子也卖得出去了。"]


def test_indirect_with_biaoshi(quotes):
    row = one(quotes("某公司总经理陈志远表示，企业将加大研发投入，力争三年翻番。"))
    assert (row.kind, row.speaker, row.cue) == ("indirect", "陈志远", "表示")
    assert row.quote == "企业将加大研发投入，力争三年翻番。"


def test_zai_x_kanlai_frame(quotes):
    row = one(quotes("在某大学教授孔令华看来，乡村振兴的关键在于人才。"))
    assert (row.kind, row.speaker, row.cue, row.rule) == ("indirect", "孔令华", "看来", "frame")


def test_indirect_ends_with_its_sentence(quotes):
    row = one(quotes("郑海波认为，数字经济潜力巨大。记者了解到，当地已建成多个数据中心。"))
    assert row.quote == "数字经济潜力巨大。"


def test_scare_quotes_and_terms_are_not_quotations(quotes):
    df = quotes("我国“新三样”出口增长迅速，各地抓住“牛鼻子”，坚持“两个确立”。")
    assert df.empty


def test_title_chain_role_titles_and_orgs(quotes):
    text = "全国政协委员、某省工商联副主席、某科技集团董事长宋立新表示：“民营企业要敢于创新。”"
    row = one(quotes(text))
    assert row.speaker == "宋立新"
    assert row.role == "委员"
    assert "董事长" in row.titles and "副主席" in row.titles
    assert "某科技集团" in row.orgs


def test_role_after_name_and_deputy(quotes):
    row = one(quotes("某县县长方雨晴代表说，要把民生实事办好办实。"))
    assert row.role == "代表"


def test_politburo_member_is_not_a_cppcc_member(quotes):
    row = one(quotes("中共中央政治局委员、某市委书记尹国强强调，要抓好安全生产。"))
    assert row.speaker == "尹国强"
    assert pd.isna(row.role)


def test_pronoun_resolved_to_the_last_named_person(quotes):
    df = quotes("某医院院长傅晓岚介绍，医院新增床位两百张。她说，明年还将开设儿科门诊。")
    assert list(df.speaker) == ["傅晓岚", "傅晓岚"]
    assert df.iloc[1].speaker_mention == "她"


def test_polite_phrases_and_group_summaries_are_not_quotations(quotes):
    text = "邓海涛表示感谢。代表委员们表示，将继续履职尽责。会议指出，要做好防汛工作。这说明了问题。"
    assert quotes(text).empty


def test_cue_inside_a_word_is_not_a_cue(quotes):
    assert quotes("他喜欢读小说，也爱写诗。").empty


def test_multi_paragraph_quote_is_one_record(quotes):
    text = "钱学文说：“第一段话还没有说完。\n“第二段继续讲下去。\n“第三段才结束。”"
    row = one(quotes(text))
    assert row.speaker == "钱学文"
    assert "第一段" in row.quote and "第三段才结束。" in row.quote


def test_nested_single_quotes_stay_inside(quotes):
    row = one(quotes("宁静远说：“我们要破解‘两张皮’问题。”"))
    assert row.quote == "我们要破解‘两张皮’问题。"


def test_corner_brackets_count_as_quotation_marks(quotes):
    row = one(quotes("殷志明说：「这个项目很成功。」"))
    assert row.speaker == "殷志明"


def test_side_speaks_as_its_country(quotes):
    row = one(quotes("中方表示，愿同各方加强合作，共同应对挑战。"))
    assert row.speaker == "中国" and row.speaker_mention == "中方"


def test_organisation_speaks(quotes):
    row = one(quotes("外交部10日表示，将继续推动双边关系稳定发展。"))
    assert row.speaker == "外交部"


def test_unnamed_speaker_keeps_the_mention(quotes):
    row = one(quotes("“我们村的路终于修好了！”一位村民高兴地说。"))
    assert pd.isna(row.speaker)
    assert row.speaker_mention == "一位村民"


def test_profile_merges_a_title_given_after_the_first_quote(quotes):
    text = "“创新要靠制度保障。”金文博说。\n全国人大代表、某研究院院长金文博表示，要加大基础研究投入。"
    df = quotes(text)
    assert list(df.speaker) == ["金文博", "金文博"]
    assert list(df.role) == ["代表", "代表"]
    assert "院长" in df.iloc[0].titles


def test_short_foreign_name_links_to_the_full_name(quotes):
    text = "某国驻华大使侯赛因·阿里表示，两国合作前景广阔。阿里说，双方将扩大贸易往来。"
    df = quotes(text)
    assert list(df.speaker) == ["侯赛因·阿里", "侯赛因·阿里"]


def test_the_name_next_to_the_cue_speaks(quotes):
    row = one(quotes("了解到他的事迹后，杨立国将军的孙子马志远说：“家乡的变化很大。”"))
    assert row.speaker == "马志远"


def test_a_name_inside_a_doctrine_is_no_speaker(quotes):
    text = "某大学习近平新时代中国特色社会主义思想研究院院长苏明哲表示，这一思想具有重大意义。"
    row = one(quotes(text))
    assert row.speaker == "苏明哲"


def test_member_speaking_for_a_party_keeps_the_person(quotes):
    row = one(quotes("会议由某副主席主持。孔繁星委员代表某党派中央发言说，要推动科技创新和产业创新深度融合。"))
    assert row.speaker == "孔繁星" and row.role == "委员"


def test_surname_with_an_address_term_is_the_name(quotes):
    row = one(quotes("“这塘子真好看，可舍不得再往里头扔垃圾。”王大娘笑着说。"))
    assert row.speaker == "王大娘"


def test_words_quoted_from_a_document_are_no_quotation(quotes):
    text = "谷雨田说：“我们要为群众办实事。”《政府工作报告》提出：“必须坚持人民至上。”“坚持以人民为中心。”"
    df = quotes(text)
    assert list(df.speaker) == ["谷雨田"]


def test_quotes_in_a_row_after_one_cue_share_the_speaker(quotes):
    df = quotes("车明远强调：“空谈误国，实干兴邦。”“大道至简，实干为要。”")
    assert list(df.speaker) == ["车明远", "车明远"]


def test_a_term_in_marks_does_not_hide_the_speaker_after(quotes):
    row = one(quotes("“为了正义，我们会时刻准备着。”“钢铁连”连长尚卫东说。"))
    assert row.speaker == "尚卫东"


def test_a_name_before_zai_does_not_swallow_it(quotes):
    row = one(quotes("全国人大常委会副委员长肖立在参加湖北代表团审议时说，完全赞成政府工作报告。"))
    assert row.speaker == "肖立"


def test_an_unnamed_officer_keeps_the_mention(quotes):
    row = one(quotes("“我们立即启动了专门通道。”某港边检站民警说。"))
    assert pd.isna(row.speaker) and row.speaker_mention == "某港边检站民警"


def test_a_role_stated_later_in_the_sentence_counts(quotes):
    text = "出生在山村的闵秀兰，20岁时离开大山，后来成为全国人大代表。闵秀兰希望自己的故事能激励更多农村妇女。"
    row = one(quotes(text))
    assert row.speaker == "闵秀兰" and row.role == "代表"


def test_a_title_after_a_label_is_no_quotation(quotes):
    assert quotes("获奖名单公布。作者祁远山，项目：通讯，题目：“小田变大田……”").empty


def test_ju_x_jieshao_frame(quotes):
    row = one(quotes("据县农业局局长王明远介绍，今年全县新建高标准农田两万亩。"))
    assert (row.kind, row.speaker, row.cue) == ("indirect", "王明远", "介绍")
    assert row.quote == "今年全县新建高标准农田两万亩。"


def test_this_official_resolves_to_the_named_official(quotes):
    df = quotes("市环保局局长张立强出席了发布会。这位局长表示，今年将加大执法力度。")
    row = one(df)
    assert (row.speaker, row.speaker_mention) == ("张立强", "这位局长")


def test_straight_quotation_marks(quotes):
    row = one(quotes('张立强说:"今年要多种树。"'))
    assert (row.kind, row.speaker) == ("direct", "张立强")
    assert "今年要多种树" in row.quote


def test_more_cues_introduce_indirect_speech(quotes):
    text = "村主任赵德明告诉记者，村里新修了三条路。企业家钱海峰坦言，转型并不容易。教授孙丽娜呼吁，要重视乡村教育。"
    df = quotes(text)
    assert list(zip(df.speaker, df.cue, strict=True)) == [
        ("赵德明", "告诉记者"),
        ("钱海峰", "坦言"),
        ("孙丽娜", "呼吁"),
    ]
    assert (df.kind == "indirect").all()


def test_dotted_foreign_name_is_given_in_full(quotes):
    row = one(quotes("巴基斯坦学者阿卜杜勒·拉希德认为，两国合作前景广阔。"))
    assert row.speaker == "阿卜杜勒·拉希德"


def test_pronoun_across_paragraphs_keeps_the_role(quotes):
    df = quotes("全国人大代表李红梅长期关注乡村教育。\n她说：“乡村教师的待遇还要提高。”")
    row = one(df)
    assert (row.speaker, row.speaker_mention, row.role) == ("李红梅", "她", "代表")


def test_reports_and_surveys_do_not_speak(quotes):
    assert quotes("报告显示，今年经济增长百分之五。调查发现，多数居民满意。").empty
