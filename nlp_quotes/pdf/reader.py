"""Text of newspaper PDF pages: columns in reading order, fake bold removed, furniture set apart.

Built on pdfplumber (MIT).  Per page:

1. characters drawn twice for a bold effect are dropped (``dedupe_chars``);
2. characters become line segments: same baseline, no gap wider than 0.8
   of a character (a wider gap is a column gutter);
3. segments are sorted into *furniture* (the running header and footer
   bands, staff-credit lines such as 编审：… 编辑：…), *headlines* (type at
   least 1.25 times the body size), *captions* (smaller than the body, or
   starting 图为) and *body*;
4. body segments are grouped into columns by their horizontal extent and
   read column by column, top to bottom; a line indented by more than a
   character starts a paragraph, so a paragraph that crosses a column break
   stays one paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

#: Staff credits printed at the foot or head of a page.
CREDITS = re.compile(r"^(编审|编辑|责编|责任编辑|检校|校对|审校|版式|美编|制图|排版)[：:]")
#: Captions that announce a picture.
CAPTION_START = re.compile(r"^(图为|上图|下图|左图|右图|图片|（图|\(图)")
#: Share of the page height treated as header and footer bands.
FURNITURE_BAND = 0.06


@dataclass
class Segment:
    """A run of characters on one line of one column."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class PdfPage:
    """One page: body paragraphs in reading order, and the rest set apart."""

    number: int
    body: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body, one paragraph per line."""
        return "\n".join(self.body)


def _segments(chars: list[dict]) -> list[Segment]:
    """Characters grouped into line segments, split at gaps wider than 0.8 of a character (gutters)."""
    segments: list[Segment] = []
    lines: dict[int, list[dict]] = {}
    for char in chars:
        if char["text"].strip():
            lines.setdefault(round(char["bottom"] / 2), []).append(char)
    for key in sorted(lines):
        row = sorted(lines[key], key=lambda char: char["x0"])
        current: list[dict] = []
        for char in row:
            if current and char["x0"] - current[-1]["x1"] > 0.8 * char["size"]:
                segments.append(_segment(current))
                current = []
            current.append(char)
        if current:
            segments.append(_segment(current))
    return segments


def _segment(chars: list[dict]) -> Segment:
    text = chars[0]["text"]
    for before, char in pairwise(chars):
        if char["x0"] - before["x1"] > 0.25 * char["size"]:  # a space the PDF only shows as a gap (Latin words)
            text += " "
        text += char["text"]
    return Segment(
        text=text,
        x0=min(char["x0"] for char in chars),
        x1=max(char["x1"] for char in chars),
        top=min(char["top"] for char in chars),
        bottom=max(char["bottom"] for char in chars),
        size=Counter(round(char["size"], 1) for char in chars).most_common(1)[0][0],
    )


def _columns(segments: list[Segment]) -> list[list[Segment]]:
    """Body segments grouped into columns (overlapping horizontal extents), left to right."""
    ranges: list[list[float]] = []
    for segment in sorted(segments, key=lambda s: s.x0):
        if ranges and segment.x0 <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], segment.x1)
        else:
            ranges.append([segment.x0, segment.x1])
    columns: list[list[Segment]] = [[] for _ in ranges]
    for segment in segments:
        index = next(k for k, (x0, x1) in enumerate(ranges) if x0 <= segment.x0 <= x1)
        columns[index].append(segment)
    return [sorted(column, key=lambda s: s.top) for column in columns]


def _paragraphs(columns: list[list[Segment]]) -> list[str]:
    """Join body lines into paragraphs, across column breaks unless the next line is indented."""
    paragraphs: list[str] = []
    for column in columns:
        left = min(segment.x0 for segment in column)
        previous: Segment | None = None
        for segment in column:
            indented = segment.x0 - left > 1.0 * segment.size
            gap = previous is not None and segment.top - previous.bottom > 1.5 * segment.size
            if not paragraphs or indented or gap:
                paragraphs.append(segment.text)
            else:
                paragraphs[-1] += segment.text
            previous = segment
    return paragraphs


def read_page(page, number: int) -> PdfPage:
    """A :class:`PdfPage` from one ``pdfplumber`` page."""
    segments = _segments(page.dedupe_chars(tolerance=1.5).chars)
    result = PdfPage(number)
    if not segments:
        return result
    body_size = Counter(s.size for s in segments for _ in s.text).most_common(1)[0][0]
    body: list[Segment] = []
    for segment in sorted(segments, key=lambda s: (s.top, s.x0)):
        in_band = segment.top < page.height * FURNITURE_BAND or segment.bottom > page.height * (1 - FURNITURE_BAND)
        if in_band or CREDITS.match(segment.text):
            result.furniture.append(segment.text)
        elif segment.size >= 1.25 * body_size:
            result.headlines.append(segment.text)
        elif segment.size <= 0.9 * body_size or CAPTION_START.match(segment.text):
            result.captions.append(segment.text)
        else:
            body.append(segment)
    if body:
        result.body = _paragraphs(_columns(body))
    return result


def iter_pdf_pages(path: str | Path) -> Iterator[PdfPage]:
    """Each page of a PDF as a :class:`PdfPage`, one at a time.

    A page's parsed objects are released (``page.close()``) as soon as it is
    read, so memory stays flat in the number of pages; pdfplumber would
    otherwise keep every page's characters until the file is closed.
    """
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                yield read_page(page, number)
            finally:
                page.close()


def read_pdf_pages(path: str | Path) -> list[PdfPage]:
    """Every page of a PDF as a :class:`PdfPage` (see :func:`iter_pdf_pages` to stream them)."""
    return list(iter_pdf_pages(path))


def read_pdf(path: str | Path) -> list[str]:
    """The body text of every page of a newspaper PDF, paragraphs on separate lines.

    Columns are read in order, characters doubled by fake bold are removed,
    and headers, footers, staff credits, headlines and captions are left out
    (:func:`read_pdf_pages` keeps them, set apart).  Pages are read one at a
    time (:func:`iter_pdf_pages`): only their text is kept.
    """
    return [page.text for page in iter_pdf_pages(path)]
