from nlp_quotes.text import normalize
from nlp_quotes.text.normalize import collapse_doubled

WRAPPED = (
    "专 题2025年 3月 9日\n"
    "编审：王一 编辑：李二 检校：赵三\n"
    "\n"
    "7\n"
    "\n"
    "今年的政府工作报告提出，要加快建\n"
    "设现代化产业体系。某省科技厅厅长\n"
    "\n"
    "张伟代表说，要让创新成果尽快转化\n"
    "为现实生产力。\n"
    "会场外，记者看到许多代表正在交\n"
    "流。\n"
)


def test_wrapped_lines_are_joined_and_paragraphs_kept():
    norm = normalize(WRAPPED)
    assert "加快建设现代化产业体系。" in norm.text
    assert "厅长张伟代表说" in norm.text  # joined across a blank line (column break)
    assert "转化为现实生产力。\n会场外" in norm.text  # a sentence end closes the paragraph


def test_page_furniture_is_dropped():
    norm = normalize(WRAPPED)
    assert "编审" not in norm.text and "编辑" not in norm.text
    assert "2025年" not in norm.text
    assert not norm.text.startswith("7")


def test_every_character_maps_back_to_the_input():
    norm = normalize(WRAPPED)
    for i, char in enumerate(norm.text):
        if char != "\n":
            assert WRAPPED[norm.offsets[i]] == char
    start = norm.text.index("张伟")
    assert norm.to_original(start, start + 2) == (WRAPPED.index("张伟"), WRAPPED.index("张伟") + 2)


def test_offsets_cover_a_span_with_a_line_break():
    norm = normalize(WRAPPED)
    start = norm.text.index("加快建设")
    original_start, original_end = norm.to_original(start, start + 4)
    assert WRAPPED[original_start:original_end] == "加快建\n设"


def test_bold_doubling_is_collapsed_but_words_like_xiexie_are_not():
    doubled = "光伏发电光伏发电++储能储能项目项目"
    keep = collapse_doubled(doubled)
    assert keep is not None
    assert "".join(doubled[i] for i in keep) == "光伏发电+储能项目"
    assert collapse_doubled("谢谢大家，我们的研究研究了很多问题。") is None


def test_doubled_caption_line_is_collapsed_in_context():
    text = "第一段正文内容说明了情况。\n山东某某光伏项目山东某某光伏项目，，实现融合开发实现融合开发。。\n"
    assert "山东某某光伏项目，实现融合开发。" in normalize(text).text


def test_clean_text_keeps_its_lines():
    text = "标题一行\n第一段。\n第二段没有句号\n第三段。"
    assert normalize(text).text == text


def test_quote_marks_and_colons_are_unified_in_the_view():
    norm = normalize('他说:「好的。」还有"直引号"。')
    assert norm.view == "他说：“好的。”还有“直引号”。"
    assert len(norm.view) == len(norm.text)


def test_subheadings_between_whole_paragraphs_are_not_wrapped_lines():

    paragraph = "据当地媒体报道，暴雨导致多条道路中断，救援人员连夜疏散了沿河两岸的居民，目前没有人员伤亡的报告。"
    text = "\n".join(
        ["河北称暴雨致道路中断", paragraph, "山西称已启动应急响应", paragraph, "天津称水位回落", paragraph]
    )
    view = normalize(text).view
    assert view.split("\n")[0] == "河北称暴雨致道路中断"
    assert len(view.split("\n")) == 6
