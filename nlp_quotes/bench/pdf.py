"""PDF benchmark: body text and quotations read back from generated newspaper pages.

Pages are drawn from the bundled example article (written for this project)
with :mod:`nlp_quotes.pdf.synthetic`, in three and four columns, and read
with :func:`nlp_quotes.pdf.read_pdf` and, for comparison, with pdfminer.six's
plain ``extract_text``.  Figures: share of the body characters recovered in
order (difflib ratio) and whether the quotations equal those of the source.
"""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from nlp_quotes.examples import example_text


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def run_pdf() -> int:
    from pdfminer.high_level import extract_text

    from nlp_quotes.api import extract_quotes
    from nlp_quotes.pdf import read_pdf
    from nlp_quotes.pdf.synthetic import NewspaperPage, write_newspaper_page
    from nlp_quotes.pipeline import load

    lines = [line.strip() for line in example_text().splitlines() if line.strip()]
    headline, paragraphs = lines[0], lines[2:]  # the byline is left out of the page
    nlp = load()
    columns = ["kind", "quote", "speaker", "role"]
    source = extract_quotes("\n".join(paragraphs), nlp=nlp)[columns]
    body = "".join(paragraphs)
    print(f"source: {len(paragraphs)} paragraphs, {len(body)} characters, {len(source)} quotations")
    print("  columns  reader                  body chars in order   quotations equal")
    with tempfile.TemporaryDirectory() as folder:
        for n_columns in (3, 4):
            page = NewspaperPage(
                header="某某日报  2024年3月9日 星期六  专题  第2版",
                headline=headline,
                paragraphs=paragraphs,
                caption="图为代表委员在小组会议上讨论科技创新议题",
                credits="编审：张三  编辑：李四  检校：王五  版式：赵六",
                columns=n_columns,
            )
            path = write_newspaper_page(page, Path(folder) / f"page{n_columns}.pdf")
            for name, text in (
                ("nlp_quotes.read_pdf", read_pdf(path)[0]),
                ("pdfminer extract_text", extract_text(str(path))),
            ):
                flat = "".join(text.split())
                quotes = extract_quotes(text, nlp=nlp)[columns]
                equal = quotes.reset_index(drop=True).equals(source.reset_index(drop=True))
                print(f"  {n_columns:7d}  {name:22}  {_similarity(flat, body):19.3f}   {equal} ({len(quotes)})")
    return 0
