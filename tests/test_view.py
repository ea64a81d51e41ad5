"""The HTML view of an article and the charts."""

import re
import warnings

import matplotlib
import pytest

import nlp_quotes
from nlp_quotes import cli

matplotlib.use("Agg")

import nlp_quotes.plot

TEXT = (
    "“路修好了，”村支书何永福指出，“果子也卖得出去了。”\n全国人大代表李红梅长期关注教育。她说：“乡村教师待遇要提高。”\n"
)


def test_render_html_links_every_quotation_to_its_speaker(nlp):
    page = nlp_quotes.render_html(TEXT, nlp=nlp)
    links = re.findall(r'<tr class="quote-link" data-quote="(\d+)" data-speaker="([^"]*)"', page)
    assert links == [("1", "何永福"), ("2", "何永福"), ("3", "李红梅")]
    for number in (1, 2, 3):
        assert f"QUOTE {number}" in page and f"SPEAKER {number}" in page
    assert "CUE 1" in page and "PERSON" in page and "TITLE" in page


def test_render_html_takes_a_doc_and_refuses_other_input(nlp):
    doc = nlp(TEXT)
    assert "SPEAKER 3" in nlp_quotes.render_html(doc)
    with pytest.raises(TypeError, match="a text or a Doc"):
        nlp_quotes.render_html(42)


def test_cli_render_writes_a_standalone_page(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "article.html"
    assert cli.main(["render", str(source), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page and "李红梅" in page


def test_charts_draw_chinese_without_missing_glyphs(nlp):
    quotes = nlp_quotes.extract_quotes(TEXT, nlp=nlp)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = nlp_quotes.plot.overview(quotes)
        figure.canvas.draw()
    assert not [w for w in caught if "missing from" in str(w.message)]
    titles = [ax.get_title() for ax in figure.axes]
    assert any("发言人" in title for title in titles) and len(titles) == 4
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert "何永福" in labels


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    from matplotlib import font_manager

    nlp_quotes.plot.find_cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    with pytest.raises(nlp_quotes.plot.MissingCJKFontError, match="fonts-wqy-microhei"):
        nlp_quotes.plot.use_cjk_font()
    nlp_quotes.plot.find_cjk_font.cache_clear()
