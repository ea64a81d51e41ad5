"""Look at an article: quotations, speakers, cues and entities highlighted (HTML, Jupyter, a corpus as pages)."""

from nlp_quotes.view.html import article_html, display, render_html, write_pages

__all__ = ["article_html", "display", "render_html", "write_pages"]
