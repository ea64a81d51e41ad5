"""Look at an article: entities, quotations, cues and speakers highlighted (HTML, Jupyter)."""

from nlp_quotes.view.html import display, render_html

__all__ = ["display", "render_html"]
