"""Newspaper-like PDF pages made from known text, to measure the reader against.

:func:`write_newspaper_page` lays paragraphs out the way a Chinese newspaper
page does: a running header, a headline across the columns, three or four
columns of body text with first-line indents, a caption drawn twice with a
small offset (fake bold), and a staff-credits line at the foot.  It uses
reportlab's built-in CID font ``STSong-Light``, so no font file is needed
(``pip install reportlab``; part of the test install).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
MARGIN = 36.0
GUTTER = 14.0


@dataclass
class NewspaperPage:
    """The content of one page; ``paragraphs`` is the body in reading order."""

    header: str
    headline: str
    paragraphs: list[str]
    caption: str
    credits: str
    columns: int = 3
    body_size: float = 10.0
    caption_size: float = 8.0
    headline_size: float = 20.0
    bold_offset: float = 0.4
    layout: dict = field(default_factory=dict)


def _column_lines(paragraphs: list[str], chars_per_line: int) -> list[tuple[str, bool]]:
    """Body lines (text, starts a paragraph) with a two-character first-line indent."""
    lines: list[tuple[str, bool]] = []
    for paragraph in paragraphs:
        rest, first = paragraph, True
        while rest:
            width = chars_per_line - 2 if first else chars_per_line
            lines.append((rest[:width], first))
            rest, first = rest[width:], False
    return lines


def write_newspaper_page(page: NewspaperPage, path: str | Path) -> Path:
    """Draw ``page`` into a one-page PDF at ``path``."""
    return write_newspaper_pages([page], path)


def write_newspaper_pages(pages: Iterable[NewspaperPage], path: str | Path) -> Path:
    """Draw each of ``pages`` as one page of a PDF at ``path`` (pages are drawn one by one, not held)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = Path(path)
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    for page in pages:
        _draw_page(pdf, page)
    pdf.save()
    return path


def _draw_page(pdf, page: NewspaperPage) -> None:
    """Draw ``page`` on the canvas ``pdf`` and end the page; the layout figures go to ``page.layout``."""
    top = PAGE_HEIGHT - MARGIN
    pdf.setFont(FONT, 9)
    pdf.drawString(MARGIN, top, page.header)
    pdf.line(MARGIN, top - 4, PAGE_WIDTH - MARGIN, top - 4)
    pdf.setFont(FONT, page.headline_size)
    pdf.drawString(MARGIN, top - 36, page.headline)
    caption_y = top - 60
    pdf.setFont(FONT, page.caption_size)
    for dx in (0.0, page.bold_offset):  # fake bold: the same text twice, slightly shifted
        pdf.drawString(MARGIN + dx, caption_y, page.caption)
    column_width = (PAGE_WIDTH - 2 * MARGIN - (page.columns - 1) * GUTTER) / page.columns
    chars_per_line = int(column_width // page.body_size)
    leading = page.body_size * 1.6
    body_top = caption_y - 24
    body_bottom = MARGIN + 40
    lines_per_column = int((body_top - body_bottom) // leading)
    lines = _column_lines(page.paragraphs, chars_per_line)
    if len(lines) > lines_per_column * page.columns:
        raise ValueError(f"{len(lines)} lines do not fit in {page.columns} columns of {lines_per_column}")
    pdf.setFont(FONT, page.body_size)
    per_column = -(-len(lines) // page.columns)  # balanced columns, so that paragraphs cross column breaks
    for number, (text, starts) in enumerate(lines):
        column, row = divmod(number, per_column)
        x = MARGIN + column * (column_width + GUTTER) + (2 * page.body_size if starts else 0.0)
        pdf.drawString(x, body_top - row * leading, text)
    pdf.setFont(FONT, 8)
    pdf.line(MARGIN, MARGIN + 16, PAGE_WIDTH - MARGIN, MARGIN + 16)
    pdf.drawString(MARGIN, MARGIN + 4, page.credits)
    pdf.showPage()
    page.layout = {"chars_per_line": chars_per_line, "lines": len(lines), "per_column": per_column}
