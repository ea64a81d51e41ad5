"""The HTML view of an article."""

import html
import re
import subprocess
import sys

import pytest
import spacy.displacy
import spacy.util

import nlp_quotes
import nlp_quotes.view
from nlp_quotes import cli

TEXT = (
    "“路修好了，”村支书何永福指出，“果子也卖得出去了。”\n全国人大代表李红梅长期关注教育。她说：“乡村教师待遇要提高。”\n"
)


def _article_text(page: str) -> str:
    """The text the article div shows: tags taken out, entities decoded."""
    article = re.search(r'<div class="nq-article">(.*?)</div>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def test_render_html_links_every_quotation_to_its_speaker_by_quote_id(nlp):
    page = nlp_quotes.render_html(TEXT, nlp=nlp)
    rows = re.findall(r'<tr class="quote-link" data-quote="(\d+)" data-speaker="([^"]*)"', page)
    assert rows == [("0", "何永福"), ("1", "何永福"), ("2", "李红梅")]  # numbered like the quote_id column
    quotes = re.findall(r'data-quote="(\d+)" data-speaker="([^"]*)" class="nq-quote', page)
    assert set(quotes) == {("0", "何永福"), ("1", "何永福"), ("2", "李红梅")}
    mentions = dict(
        (m[1], m[0]) for m in re.findall(r'data-speaker-of="([^"]+)" class="nq-speaker[^>]*>([^<]+)<', page)
    )
    assert mentions == {"何永福": "0 1", "她": "2"}  # one mention, two quotations; the pronoun is linked too
    cues = dict((m[1], m[0]) for m in re.findall(r'data-cue-of="([^"]+)" class="nq-cue[^>]*>([^<]+)<', page))
    assert cues == {"指出": "0 1", "说": "2"}


def test_article_reads_as_written_escaped_and_without_none(nlp):
    text = "标题：乡村教育<新>篇 & 更多\n\n本报北京3月5日电\n" + TEXT
    page = nlp_quotes.render_html(text, nlp=nlp, page=True)
    assert _article_text(page) == text  # every character, line break and blank line as given, no labels
    assert "<新>" not in page and "None" not in page
    assert ".nq-article { white-space: pre-wrap" in page


def test_quotation_speaker_and_cue_share_the_speakers_colour(nlp):
    page = nlp_quotes.render_html(TEXT, nlp=nlp)
    shade = dict(re.findall(r'data-quote="(\d)" data-speaker="[^"]*" class="nq-quote" style="background:(#\w+)', page))
    assert shade["0"] == shade["1"] != shade["2"]  # one speaker, one colour
    swatches = re.findall(r'class="swatch" style="background:(#\w+)', page)
    marks = set(re.findall(r'class="nq-speaker[^"]*" style="background:(#\w+)', page))
    assert swatches[0] == swatches[1] != swatches[2]
    assert marks == {swatches[0], swatches[2]}  # the mention is marked in the colour of the table's swatch


def test_tooltips_and_table_carry_role_positions_rule_and_confidence(nlp):
    quotes = nlp_quotes.extract_quotes(TEXT, nlp=nlp)
    page = nlp_quotes.render_html(TEXT, nlp=nlp)
    tips = re.findall(r'class="nq-quote" style="[^"]*" title="([^"]*)"', page)
    first = tips[0]
    assert first.startswith("#0 何永福") and "positions: 村支书" in first and "rule: speaker_after" in first
    assert f"confidence: {quotes.confidence[0]:.2f}" in first
    assert any(tip.startswith("#2 李红梅（她）") and "role: 全国 代表" in tip for tip in tips)
    header = re.findall(r"<th>(\w+)</th>", page)
    assert header[:1] == ["quote_id"] and {"titles", "orgs", "confidence", "rule"} <= set(header)
    assert (
        '<td class="titles">村支书</td>' in page and f'<td class="confidence">{quotes.confidence[2]:.2f}</td>' in page
    )


def test_entities_come_with_a_css_switch(nlp):
    page = nlp_quotes.render_html(TEXT, nlp=nlp)
    assert re.search(r'<input type="checkbox" class="nq-toggle" id="([\w-]+)" checked><label for="\1"', page)
    assert ".nq-toggle:not(:checked) ~ .nq-article .nq-ent { text-decoration: none; }" in page
    assert re.search(r'class="nq-ent nq-TITLE"[^>]*>村支书<', page)
    assert "<script" not in page


def test_render_html_returns_the_page_where_displacy_would_display_itself(nlp, monkeypatch):

    monkeypatch.setattr(spacy.util, "is_in_jupyter", lambda: True)
    monkeypatch.setattr(spacy.displacy, "is_in_jupyter", lambda: True, raising=False)
    page = nlp_quotes.render_html(TEXT, nlp=nlp, page=True)
    assert "None" not in page and _article_text(page) == TEXT


def test_render_html_takes_a_doc_and_refuses_other_input(nlp):
    doc = nlp(TEXT)
    assert 'data-speaker-of="2"' in nlp_quotes.render_html(doc)
    with pytest.raises(TypeError, match="a text or a Doc"):
        nlp_quotes.render_html(42)


def test_write_pages_gives_a_page_per_document_and_an_index(nlp, tmp_path):
    docs = [
        {"doc_id": "a/1", "text": TEXT},
        {"doc_id": "b", "text": "今天天气很好。"},
        {"doc_id": "c", "text": None},
    ]
    result = nlp_quotes.process(docs, nlp=nlp, progress=False)
    index = nlp_quotes.view.write_pages(result, tmp_path / "pages", docs)
    listing = index.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', listing)
    assert [name for _, name in links] == ["a/1", "b"]  # the failed document is listed, not linked
    assert "<td>c</td>" in listing and "<td>error</td>" in listing and "何永福、李红梅" in listing
    first = (tmp_path / "pages" / links[0][0]).read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>") and _article_text(first) == TEXT and "None" not in first
    assert re.findall(r'tr class="quote-link" data-quote="(\d)"', first) == ["0", "1", "2"]
    assert 'href="index.html"' in first
    assert sorted(path.name for path in (tmp_path / "pages").iterdir()) == [
        "0000_a_1.html",
        "0001_b.html",
        "index.html",
    ]


def test_cli_render_writes_a_standalone_page(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "article.html"
    assert cli.main(["render", str(source), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page and "李红梅" in page


@pytest.mark.parametrize(
    ("code", "missing"),
    [("import nlp_quotes.plot", "matplotlib"), ("import nlp_quotes; nlp_quotes.display('他说：“好。”')", "IPython")],
)
def test_without_the_viz_extra_the_error_names_it(code, missing):
    hide = f"import sys; sys.modules[{missing!r}] = None; "  # as if the package were not installed
    run = subprocess.run([sys.executable, "-c", hide + code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "ImportError: nlp_quotes" in run.stderr and 'pip install ".[viz]"' in run.stderr
