"""Charts: Chinese labels drawn with the font of the viz extra, with no system font needed."""

import re
import warnings
from pathlib import Path

import pytest

import nlp_quotes

matplotlib = pytest.importorskip(
    "matplotlib", reason='matplotlib is not installed (the viz extra: pip install ".[viz]")'
)
matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402

import nlp_quotes.plot  # noqa: E402 - after the backend is chosen

TEXT = (
    "“路修好了，”村支书何永福指出，“果子也卖得出去了。”\n全国人大代表李红梅长期关注教育。她说：“乡村教师待遇要提高。”\n"
)


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


@pytest.fixture
def no_system_fonts(monkeypatch):
    """matplotlib sees only its own bundled fonts (DejaVu, no Chinese), as on a machine without CJK fonts."""
    bundled = Path(matplotlib.get_data_path()).resolve()
    own = [entry for entry in font_manager.fontManager.ttflist if Path(entry.fname).resolve().is_relative_to(bundled)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", own)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    nlp_quotes.plot.find_cjk_font.cache_clear()
    yield
    nlp_quotes.plot.find_cjk_font.cache_clear()


def test_charts_use_the_font_of_the_viz_extra_without_system_fonts(nlp, no_system_fonts, tmp_path):
    packaged = nlp_quotes.plot.packaged_font_file()
    assert packaged is not None, 'the viz extra brings noto-cjk-sans-otc: pip install ".[viz]"'
    assert nlp_quotes.plot.use_cjk_font() == "Noto Sans CJK SC"
    assert Path(nlp_quotes.plot.font_file()).resolve() == packaged.resolve()
    quotes = nlp_quotes.extract_quotes(TEXT, nlp=nlp)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = nlp_quotes.plot.overview(quotes)
        figure.savefig(tmp_path / "overview.png")
    assert not [w for w in caught if "missing from" in str(w.message)]  # every Chinese glyph was found
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    assert "引语" in figure.axes[0].get_xlabel()  # axis labels in Chinese


def test_missing_cjk_font_names_the_viz_extra(monkeypatch, no_system_fonts):
    monkeypatch.setattr(nlp_quotes.plot, "packaged_font_file", lambda: None)
    with pytest.raises(nlp_quotes.plot.MissingCJKFontError, match=re.escape('pip install ".[viz]"')):
        nlp_quotes.plot.use_cjk_font()
