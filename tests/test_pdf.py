"""Newspaper PDF pages generated here (reportlab, built-in STSong-Light) read back in order."""

import difflib

import pytest

import nlp_quotes
from nlp_quotes import cli
from nlp_quotes.pdf import read_pdf, read_pdf_pages
from nlp_quotes.pdf.synthetic import NewspaperPage, write_newspaper_page

PARAGRAPHS = [
    "全国人大代表、某省农业科学院院长林春华在接受记者采访时表示，要把论文写在大地上，让更多科技成果走进田间地头。",
    "“实验室里的成果，只有走进工厂才算真正落地。”全国政协委员、全国工商联副主席、某新能源集团董事长周明远说，"
    "今年他带来了关于加快成果转化的提案。",
    "在某大学副校长许文杰委员看来，人才是创新的第一资源。他认为，高校要敢于打破学科壁垒，基础研究需要长期稳定的支持，"
    "青年科研人员也要有安心做研究的环境。",
    "某市市长韩立新代表告诉记者：“我们将建设三个产业园，预计带动就业两万人，还要让年轻人愿意回到家乡创业，"
    "把产业链留在本地。”",
    "会上，代表委员们围绕科技创新、产业升级和人才培养等议题深入交流，气氛热烈。",
]


def make_page(tmp_path, columns: int):
    page = NewspaperPage(
        header="某某日报  2024年3月9日 星期六  专题  第2版",
        headline="代表委员热议科技创新",
        paragraphs=PARAGRAPHS,
        caption="图为代表委员在小组会议上讨论科技创新议题",
        credits="编审：张三  编辑：李四  检校：王五  版式：赵六",
        columns=columns,
    )
    return write_newspaper_page(page, tmp_path / f"page{columns}.pdf"), page


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@pytest.mark.parametrize("columns", [3, 4])
def test_body_text_comes_back_in_reading_order(tmp_path, columns):
    path, page = make_page(tmp_path, columns)
    assert page.layout["per_column"] < page.layout["lines"]  # the body really spans several columns
    (text,) = read_pdf(path)
    assert similarity(text.replace("\n", ""), "".join(PARAGRAPHS)) >= 0.99
    assert text.split("\n") == PARAGRAPHS


def test_furniture_headline_and_caption_are_set_apart_and_bold_is_undone(tmp_path):
    path, _ = make_page(tmp_path, 3)
    (page,) = read_pdf_pages(path)
    assert any("某某日报" in line for line in page.furniture)
    assert any(line.startswith("编审") for line in page.furniture)
    assert page.headlines == ["代表委员热议科技创新"]
    assert page.captions == ["图为代表委员在小组会议上讨论科技创新议题"]  # drawn twice, read once
    assert "编审" not in page.text and "图为" not in page.text


def test_quotations_from_the_pdf_equal_those_of_the_source_text(tmp_path, nlp):
    path, _ = make_page(tmp_path, 3)
    from_source = nlp_quotes.extract_quotes("\n".join(PARAGRAPHS), nlp=nlp)
    from_pdf = nlp_quotes.extract_quotes(read_pdf(path)[0], nlp=nlp)
    columns = ["kind", "quote", "speaker", "role", "cue"]
    assert from_pdf[columns].equals(from_source[columns])
    assert "周明远" in set(from_pdf["speaker"])  # the title chain broken across lines still names him
    assert from_pdf.loc[from_pdf["speaker"] == "周明远", "role"].iloc[0] == "委员"


def test_cli_and_process_take_pdf_paths(tmp_path, nlp, capsys):
    path, _ = make_page(tmp_path, 4)
    assert cli.main(["extract", str(path)]) == 0
    assert "韩立新" in capsys.readouterr().out
    result = nlp_quotes.process([("page", path), ("broken", tmp_path / "missing.pdf")], nlp=nlp, progress=False)
    assert list(result.documents["status"]) == ["ok", "error"]
    assert "missing.pdf" in result.documents["error"].iloc[1]
    assert set(result.quotes["speaker"]) >= {"周明远", "韩立新"}
