"""The HTML view in a real browser: headless Chromium (Debian ``chromium``) through Selenium.

``.ci/system-deps`` installs ``chromium`` and ``chromium-driver`` from the
distribution; nothing is downloaded by the test.
"""

import re
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

import nlp_quotes

TEXT = "全国人大代表李红梅长期关注乡村教育。\n她说：“乡村教师的待遇还要提高。”\n"


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "install chromium and chromium-driver (see .ci/system-deps)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def test_quotation_and_its_speaker_are_visible(browser, tmp_path, nlp):
    page = tmp_path / "article.html"
    page.write_text(nlp_quotes.render_html(TEXT, nlp=nlp, page=True), encoding="utf-8")
    browser.get(page.as_uri())
    labels = {element.text.replace("\n", " ").strip(): element for element in browser.find_elements(By.XPATH, "//span")}
    quote_label = next(element for text, element in labels.items() if text == "QUOTE 1")
    speaker_label = next(element for text, element in labels.items() if text == "SPEAKER 1")
    for element in (quote_label, speaker_label):
        assert element.is_displayed() and element.size["width"] > 0 and element.size["height"] > 0
    row = browser.find_element(By.CSS_SELECTOR, 'tr.quote-link[data-quote="1"]')
    assert row.is_displayed() and "李红梅" in row.text and "她" in row.text
    shown = browser.find_element(By.CSS_SELECTOR, "div.spans").text
    assert "乡村教师的待遇还要提高" in re.sub(r"[A-Z]+(?: \d+)?|\s", "", shown)  # the text, labels taken out
    shot = tmp_path / "article.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
