"""The HTML view in a real browser: headless Chromium (Debian ``chromium``) through Selenium.

The view is rendered inside a real Jupyter kernel (nbclient, as the notebook
tests run), both as ``display()`` shows it and as ``render_html(page=True)``
returns it there, then opened in Chromium and checked in the DOM.
``.ci/system-deps`` installs ``chromium`` and ``chromium-driver`` from the
distribution; nothing is downloaded by the test.  Chromium draws Chinese with
the font of the viz extra, through a fontconfig file of the test's own, so
the screenshot shows real glyphs on a machine without a system CJK font.
"""

import importlib.util
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "乡村教师待遇还要提高\n\n本报北京3月5日电（记者王小明）\n"
    "全国人大代表李红梅长期关注乡村教育。她说：“乡村教师的待遇还要提高。”\n"
    "“路修好了，”村支书何永福指出，“果子也卖得出去了。”\n"
)
SCREENSHOT = Path("/tmp/nlp_quotes_view_jupyter.png")


def _packaged_font_config(folder: Path) -> Path | None:
    """A fontconfig file adding the viz extra's Noto Sans CJK folder to the system's fonts."""
    spec = importlib.util.find_spec("noto_cjk_sans_otc")
    if spec is None or spec.origin is None:
        return None
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{Path(spec.origin).parent}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    config = _packaged_font_config(tmp_path_factory.mktemp("fonts"))
    if config is not None:
        os.environ["FONTCONFIG_FILE"] = str(config)  # read by Chromium, started below
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "install chromium and chromium-driver (see .ci/system-deps)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def kernel_pages(tmp_path_factory):
    """``{"display": ..., "page": ...}``: the view as rendered inside a Jupyter kernel, each as a file."""
    folder = tmp_path_factory.mktemp("kernel")
    written = folder / "render_html.html"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(f"import nlp_quotes\nTEXT = {TEXT!r}\nnlp = nlp_quotes.load()"),
        nbformat.v4.new_code_cell("nlp_quotes.display(TEXT, nlp)"),
        nbformat.v4.new_code_cell(
            f"page = nlp_quotes.render_html(TEXT, nlp=nlp, page=True)\n"
            f"open({str(written)!r}, 'w', encoding='utf-8').write(page)\nlen(page)"
        ),
    ]
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    shown = notebook.cells[1].outputs
    assert [output["output_type"] for output in shown] == ["display_data"]  # one display, no stray "None"
    fragment = shown[0]["data"]["text/html"]
    assert "None" not in fragment and "None" not in shown[0]["data"].get("text/plain", "")
    assert int(notebook.cells[2].outputs[0]["data"]["text/plain"]) == len(written.read_text(encoding="utf-8"))
    displayed = folder / "display.html"
    displayed.write_text(f'<!DOCTYPE html><meta charset="utf-8"><body>{fragment}</body>', encoding="utf-8")
    return {"display": displayed, "page": written}


@pytest.mark.parametrize("how", ["display", "page"])
def test_view_rendered_in_a_kernel_shows_the_article_and_links_speakers(browser, kernel_pages, how):
    browser.get(kernel_pages[how].as_uri())
    article = browser.find_element(By.CSS_SELECTOR, "div.nq-article")
    assert article.is_displayed()
    assert browser.execute_script("return arguments[0].textContent", article) == TEXT  # the article, as written
    assert "None" not in browser.find_element(By.TAG_NAME, "body").text
    # quotation 0 (她说：“…”) is linked to its speaker: mention, cue and table row carry its quote_id
    quote = browser.find_element(By.CSS_SELECTOR, '.nq-quote[data-quote="0"]')
    mention = browser.find_element(By.CSS_SELECTOR, '.nq-speaker[data-speaker-of~="0"]')
    cue = browser.find_element(By.CSS_SELECTOR, '.nq-cue[data-cue-of~="0"]')
    assert quote.get_attribute("data-speaker") == "李红梅" and (mention.text, cue.text) == ("她", "说")
    assert quote.text.startswith("乡村") and "李红梅" in quote.get_attribute("title")
    for element in (quote, mention, cue):
        assert element.is_displayed() and element.size["width"] > 0 and element.size["height"] > 0
    assert mention.value_of_css_property("background-color") != quote.value_of_css_property("background-color")
    row = browser.find_element(By.CSS_SELECTOR, 'tr.quote-link[data-quote="0"]')
    assert row.is_displayed() and "李红梅" in row.text and "她" in row.text
    row.find_element(By.TAG_NAME, "a").click()  # the quote_id cell links to the quotation in the text
    assert browser.current_url.endswith("#" + quote.get_attribute("id"))
    # one line per line of the article: the headline stands above the dateline
    headline = browser.execute_script(
        "const r = document.createRange(); const t = arguments[0].firstChild;"
        "r.setStart(t, 0); r.setEnd(t, 2); return r.getBoundingClientRect().top;",
        article,
    )
    dateline = browser.find_element(By.CSS_SELECTOR, ".nq-article .nq-LOC, .nq-article .nq-PERSON").location["y"]
    assert dateline > headline + 20
    if how == "display":
        browser.execute_script("window.scrollTo(0, 0)")
        assert browser.save_screenshot(str(SCREENSHOT)) and SCREENSHOT.stat().st_size > 10_000


def test_the_entity_switch_hides_and_shows_the_entities(browser, kernel_pages):
    browser.get(kernel_pages["page"].as_uri())
    entity = browser.find_element(By.CSS_SELECTOR, ".nq-article .nq-ent")
    assert "underline" in entity.value_of_css_property("text-decoration-line")
    browser.find_element(By.CSS_SELECTOR, "label[for$='ents']").click()
    assert entity.value_of_css_property("text-decoration-line") == "none"
    browser.find_element(By.CSS_SELECTOR, "label[for$='ents']").click()
    assert "underline" in entity.value_of_css_property("text-decoration-line")
