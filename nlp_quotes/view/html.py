"""An HTML view of one article, built on displaCy's span style.

Entities (PERSON, TITLE, ORG, LOC) and, for every quotation *k*, its content
(``QUOTE k``), its speaker mention (``SPEAKER k``) and its cue (``CUE k``)
are drawn as overlapping spans; quotation and speaker share a colour.  A
table below links each quotation to its speaker, mention, cue and rule, so
a quotation that comes first or a speaker given as 他 is still linked.
"""

from __future__ import annotations

import colorsys
import html

from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp_quotes.pipeline.components import char_span_of

#: Colours of the entity labels.
ENTITY_COLORS = {"PERSON": "#ffd6a5", "TITLE": "#caffbf", "ORG": "#9bf6ff", "LOC": "#bdb2ff"}
VIEW_KEY = "nlp_quotes_view"
STYLE = """
<style>
.nlp-quotes { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.nlp-quotes table { border-collapse: collapse; margin-top: 1em; font-size: 14px; }
.nlp-quotes th, .nlp-quotes td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.nlp-quotes .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 4px; border-radius: 2px; }
</style>
"""


def _quote_color(number: int) -> str:
    hue = (number * 0.618034) % 1.0
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.35, 1.0)
    return f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"


def _cue_offsets(text: str, record: dict) -> tuple[int, int] | None:
    """Where the cue of a quotation stands: between its speaker and it, else just after the speaker."""
    cue, mention_end = record.get("cue"), record.get("speaker_end")
    if not cue or mention_end is None or len(cue) > 6:
        return None
    stop = record["quote_start"] if mention_end <= record["quote_start"] else min(len(text), mention_end + 12)
    at = text.find(cue, mention_end, stop)
    return (at, at + len(cue)) if at >= 0 else None


def view_spans(doc: Doc) -> tuple[list[Span], dict[str, str], list[dict]]:
    """Spans to draw, their colours, and one link row per quotation.

    Read from ``doc._.quote_records``, so a mention that speaks for several
    quotations gets a ``SPEAKER k`` span for each.
    """
    spans = [Span(doc, ent.start, ent.end, label=ent.label_) for ent in doc.ents]
    colors = dict(ENTITY_COLORS)
    links = []
    for number, record in enumerate(doc._.quote_records or [], start=1):
        color = _quote_color(number)
        cue = _cue_offsets(doc.text, record)
        drawn = (
            (f"QUOTE {number}", record["quote_start"], record["quote_end"], color),
            (f"SPEAKER {number}", record.get("speaker_start"), record.get("speaker_end"), color),
            (f"CUE {number}", *(cue or (None, None)), "#e0e0e0"),
        )
        for label, start, end, label_color in drawn:
            if start is None or end is None or end <= start:
                continue
            span = char_span_of(doc, start, end, label)
            if span is not None:
                spans.append(span)
                colors[label] = label_color
        links.append(
            {
                "number": number,
                "color": color,
                "quote": record["quote"],
                "speaker": record.get("speaker"),
                "mention": record.get("speaker_mention"),
                "cue": record.get("cue"),
                "role": record.get("role"),
                "rule": record.get("rule"),
            }
        )
    return spans, colors, links


def _links_table(links: list[dict]) -> str:
    rows = []
    for link in links:
        speaker = html.escape(link["speaker"] or "（未具名）")
        mention = html.escape(link["mention"] or "")
        rows.append(
            f'<tr class="quote-link" data-quote="{link["number"]}" data-speaker="{speaker}">'
            f'<td><span class="swatch" style="background:{link["color"]}"></span>{link["number"]}</td>'
            f"<td>{html.escape(link['quote'][:60])}{'…' if len(link['quote']) > 60 else ''}</td>"
            f'<td class="speaker">{speaker}</td><td>{mention}</td>'
            f"<td>{html.escape(link['cue'] or '')}</td><td>{html.escape(link['role'] or '')}</td>"
            f"<td>{html.escape(link['rule'] or '')}</td></tr>"
        )
    header = "".join(f"<th>{name}</th>" for name in ("#", "quotation", "speaker", "mention", "cue", "role", "rule"))
    header = f"<tr>{header}</tr>"
    return f'<table class="quote-links">{header}{"".join(rows)}</table>'


def render_html(text_or_doc: str | Doc, nlp: Language | None = None, page: bool = False) -> str:
    """HTML of an article with its entities, quotations, speakers and cues, and a quotation → speaker table.

    Args:
        text_or_doc: a text, or a ``Doc`` made by an nlp_quotes pipeline.
        nlp: the pipeline for a text; the shipped default if omitted.
        page: a complete standalone HTML page rather than a fragment.
    """
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
    elif isinstance(text_or_doc, str):
        from nlp_quotes.pipeline import load

        doc = (nlp or load())(text_or_doc)
    else:
        raise TypeError(f"expected a text or a Doc, got {type(text_or_doc).__name__}")
    spans, colors, links = view_spans(doc)
    doc.spans[VIEW_KEY] = spans
    body = displacy.render(doc, style="span", options={"spans_key": VIEW_KEY, "colors": colors}, page=False)
    fragment = f'<div class="nlp-quotes">{STYLE}{body}{_links_table(links)}</div>'
    if not page:
        return fragment
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>nlp_quotes</title></head>'
        f"<body>{fragment}</body></html>"
    )


def display(text_or_doc: str | Doc, nlp: Language | None = None) -> None:
    """Show :func:`render_html` in Jupyter (through IPython's display)."""
    from IPython.display import HTML
    from IPython.display import display as ipython_display

    ipython_display(HTML(render_html(text_or_doc, nlp)))
