"""An HTML view of an article that reads like the article.

The text keeps its lines (headline, dateline, paragraphs), with no token
boxes.  Each quotation is shaded in its speaker's colour, and the speaker
mention and the cue are marked in the same colour; hovering any of them
(a ``title`` tooltip) shows the speaker, role, positions, rule and
confidence.  Entities are underlined and a checkbox (CSS only, no script)
switches them off.  A table below numbers the quotations by ``quote_id``.

The page is built here from the quotation and entity rows, not by displaCy:
displaCy's ``ent`` style cannot nest an entity inside a quotation nor carry a
tooltip, and its Jupyter helper displays by itself and returns ``None``.  The
same rows come from a pipeline run (:func:`render_html`) or from a corpus
run's tables (:func:`write_pages`), so a corpus is never run twice.
"""

from __future__ import annotations

import colorsys
import html
import itertools
import re
import secrets
from collections.abc import Iterable
from pathlib import Path, PurePath

import pandas as pd
from spacy.tokens import Doc

from nlp_quotes.api import chunk_docs, default_pipeline, entity_rows, number_quotes, quote_rows
from nlp_quotes.corpus.inputs import iter_documents, read_text
from nlp_quotes.corpus.process import _doc_id

#: Underline colours of the entity labels.
ENTITY_COLORS = {"PERSON": "#e8590c", "TITLE": "#2f9e44", "ORG": "#1c7ed6", "LOC": "#7048e8"}
STYLE = """<style>
.nlp-quotes { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
.nlp-quotes .nq-article { white-space: pre-wrap; line-height: 2; font-size: 16px; max-width: 46em; }
.nlp-quotes .nq-speaker { font-weight: bold; border-radius: 3px; }
.nlp-quotes .nq-cue { font-weight: bold; border-bottom: 2px solid; }
.nlp-quotes .nq-ent { text-decoration: underline 2px; text-underline-offset: 5px; }
.nlp-quotes .nq-toggle:not(:checked) ~ .nq-article .nq-ent { text-decoration: none; }
.nlp-quotes .nq-legend { font-size: 13px; margin-left: 1em; }
.nlp-quotes .nq-legend span { margin-right: 0.8em; text-decoration: underline 2px; text-underline-offset: 4px; }
.nlp-quotes table { border-collapse: collapse; margin-top: 1em; font-size: 14px; }
.nlp-quotes th, .nlp-quotes td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.nlp-quotes .swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 4px; border-radius: 2px; }
</style>"""


def _value(value: object) -> object:
    """``None`` for a missing value (``None``, ``pd.NA``, NaN), the value otherwise."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value


def _records(rows: pd.DataFrame | Iterable[dict] | None) -> list[dict]:
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    return [{key: _value(value) for key, value in row.items()} for row in rows]


def _palette(speakers: list[str | None]) -> dict[str | None, tuple[str, str, str]]:
    """(shade, mark, line) colours per speaker, in order of first appearance; grey for an unnamed one."""
    colors: dict[str | None, tuple[str, str, str]] = {None: ("#ececec", "#d0d0d0", "#777777")}
    for speaker in speakers:
        if speaker not in colors:
            hue = (len(colors) * 0.618034) % 1.0
            shade, mark, line = (colorsys.hls_to_rgb(hue, lightness, 0.75) for lightness in (0.9, 0.75, 0.35))
            colors[speaker] = tuple("#" + "".join(f"{int(c * 255):02x}" for c in rgb) for rgb in (shade, mark, line))
    return colors


def _cue_offsets(text: str, record: dict) -> tuple[int, int] | None:
    """Where the cue of a quotation stands: between its speaker and it, else just after the speaker."""
    cue, mention_end = record.get("cue"), record.get("speaker_end")
    if not cue or mention_end is None or len(cue) > 6:
        return None
    stop = record["quote_start"] if mention_end <= record["quote_start"] else min(len(text), mention_end + 12)
    at = text.find(cue, mention_end, stop)
    return (at, at + len(cue)) if at >= 0 else None


def _tooltip(record: dict) -> str:
    role = " ".join(part for part in (record.get("role_level"), record.get("role")) if part)
    positions = "；".join(
        "".join(part for part in (p.get("org"), p.get("title")) if part) for p in record.get("positions") or []
    )
    lines = [
        f"#{record.get('quote_id')} {record.get('speaker') or '（未具名）'}"
        + (
            f"（{record['speaker_mention']}）"
            if record.get("speaker_mention") not in (None, record.get("speaker"))
            else ""
        ),
        f"role: {role}" if role else "",
        f"positions: {positions}" if positions else "",
        f"rule: {record.get('rule') or ''} / {record.get('speaker_rule') or ''}",
        f"confidence: {record['confidence']:.2f}" if record.get("confidence") is not None else "",
    ]
    return "\n".join(line for line in lines if line)


def _article(text: str, quotes: list[dict], entities: list[dict], prefix: str) -> str:
    """The text as flat runs of characters, each marked by the layers (quotation, speaker, cue, entity) over it."""
    colors = _palette([record.get("speaker") for record in quotes])
    layers: list[tuple[int, int, str, dict]] = []
    for record in quotes:
        layers.append((record["quote_start"], record["quote_end"], "quote", record))
        if record.get("speaker_start") is not None and record.get("speaker_end") is not None:
            layers.append((record["speaker_start"], record["speaker_end"], "speaker", record))
        cue = _cue_offsets(text, record)
        if cue:
            layers.append((*cue, "cue", record))
    layers += [(ent["start"], ent["end"], "ent", ent) for ent in entities]
    layers = [layer for layer in layers if 0 <= layer[0] < layer[1] <= len(text)]
    cuts = sorted({0, len(text), *(at for start, end, _, _ in layers for at in (start, end))})
    out = []
    for start, end in itertools.pairwise(cuts):
        over = [layer for layer in layers if layer[0] <= start and end <= layer[1]]
        piece = html.escape(text[start:end])
        if not over:
            out.append(piece)
            continue
        classes, attrs, style, titles = [], {}, [], []
        for _, _, kind, record in over:
            if kind == "ent":
                classes += ["nq-ent", f"nq-{record['label']}"]
                style.append(f"text-decoration-color:{ENTITY_COLORS.get(record['label'], '#888')}")
                titles.append(record["label"])
                continue
            shade, mark, line = colors.get(record.get("speaker"), colors[None])
            quote_id = record.get("quote_id")
            titles.append(_tooltip(record))
            if kind == "quote":
                classes.append("nq-quote")
                if start == record["quote_start"]:
                    attrs["id"] = f"{prefix}q{quote_id}"
                attrs["data-quote"] = str(quote_id)
                attrs["data-speaker"] = record.get("speaker") or ""
                style.insert(0, f"background:{shade}")
            else:
                classes.append(f"nq-{kind}")
                key = f"data-{kind}-of"
                attrs[key] = " ".join(filter(None, (attrs.get(key), str(quote_id))))
                style.insert(0, f"background:{mark}" if kind == "speaker" else f"border-color:{line};color:{line}")
        attrs.update({"class": " ".join(dict.fromkeys(classes)), "style": ";".join(dict.fromkeys(style))})
        attrs["title"] = "\n\n".join(dict.fromkeys(titles))
        rendered = " ".join(f'{name}="{html.escape(value)}"' for name, value in attrs.items())
        out.append(f"<span {rendered}>{piece}</span>")
    toggle = f"{prefix}ents"
    legend = "".join(f'<span style="text-decoration-color:{c}">{label}</span>' for label, c in ENTITY_COLORS.items())
    return (
        f'<input type="checkbox" class="nq-toggle" id="{toggle}" checked>'
        f'<label for="{toggle}"> 实体 entities</label><span class="nq-legend">{legend}</span>'
        f'<div class="nq-article">{"".join(out)}</div>'
    )


def _table(quotes: list[dict], prefix: str) -> str:
    colors = _palette([record.get("speaker") for record in quotes])
    names = ("quote_id", "quotation", "speaker", "mention", "cue", "role", "titles", "orgs", "confidence", "rule")
    rows = [f"<tr>{''.join(f'<th>{name}</th>' for name in names)}</tr>"]
    for record in quotes:
        quote_id, speaker = record.get("quote_id"), record.get("speaker")
        quote = record.get("quote") or ""
        confidence = record.get("confidence")
        cells = (
            f'<span class="swatch" style="background:{colors[speaker][1]}"></span>'
            f'<a href="#{prefix}q{quote_id}">{quote_id}</a>',
            html.escape(quote[:60] + ("…" if len(quote) > 60 else "")),
            html.escape(speaker or "（未具名）"),
            html.escape(record.get("speaker_mention") or ""),
            html.escape(record.get("cue") or ""),
            html.escape(" ".join(filter(None, (record.get("role_level"), record.get("role"))))),
            html.escape("、".join(record.get("titles") or [])),
            html.escape("、".join(record.get("orgs") or [])),
            "" if confidence is None else f"{confidence:.2f}",
            html.escape(record.get("rule") or ""),
        )
        rows.append(
            f'<tr class="quote-link" data-quote="{quote_id}" data-speaker="{html.escape(speaker or "")}">'
            + "".join(f'<td class="{name}">{cell}</td>' for name, cell in zip(names, cells, strict=True))
            + "</tr>"
        )
    return f'<table class="quote-links">{"".join(rows)}</table>'


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )


def article_html(
    text: str,
    quotes: pd.DataFrame | Iterable[dict] | None = None,
    entities: pd.DataFrame | Iterable[dict] | None = None,
    page: bool = False,
    title: str = "nlp_quotes",
) -> str:
    """The view of ``text`` from its quotation and entity rows (offsets into ``text``), no pipeline run.

    ``quotes`` has the columns of :data:`~nlp_quotes.schema.QUOTE_COLUMNS`
    (a frame from :func:`~nlp_quotes.extract_quotes`, or one document's rows
    of a corpus run), ``entities`` those of the entity table.
    """
    prefix = f"nq{secrets.token_hex(3)}-"  # ids stay unique when a notebook shows several articles
    quotes, entities = _records(quotes), _records(entities)
    body = f'<div class="nlp-quotes">{STYLE}{_article(text, quotes, entities, prefix)}{_table(quotes, prefix)}</div>'
    return _page(title, body) if page else body


def render_html(text_or_doc: object, nlp: object = None, page: bool = False) -> str:
    """HTML of an article with its quotations, speakers, cues and entities, and a quotation table.

    Args:
        text_or_doc: a text, or a ``Doc`` made by an nlp_quotes pipeline.
        nlp: the pipeline for a text; the shipped default if omitted.
        page: a complete standalone HTML page rather than a fragment.
    """

    if isinstance(text_or_doc, Doc):
        text, docs = text_or_doc.text, [(0, text_or_doc)]
    elif isinstance(text_or_doc, str):
        text = text_or_doc
        docs = list(chunk_docs(text, nlp or default_pipeline()))
    else:
        raise TypeError(f"expected a text or a Doc, got {type(text_or_doc).__name__}")
    quotes = number_quotes([row for offset, doc in docs for row in quote_rows(doc, None, offset)])
    entities = [row for offset, doc in docs for row in entity_rows(doc, offset)]
    return article_html(text, quotes, entities, page=page)


def display(text_or_doc: object, nlp: object = None) -> None:
    """Show :func:`render_html` in Jupyter (through IPython's display; nothing else displays)."""
    try:
        from IPython.display import HTML
        from IPython.display import display as ipython_display
    except ImportError as error:
        raise ImportError(
            'nlp_quotes.display needs IPython: install the viz extra, pip install ".[viz]" from the clone '
            "(render_html needs nothing more)"
        ) from error

    ipython_display(HTML(render_html(text_or_doc, nlp)))


def _file_name(number: int, doc_id: str) -> str:
    safe = re.sub(r"[^\w.-]+", "_", doc_id)[:60]
    return f"{number:04d}_{safe}.html"


def write_pages(
    result: object, folder: str | Path, docs: object, text_col: str = "text", id_col: str = "doc_id"
) -> Path:
    """One page per document of a corpus run, plus ``index.html`` linking them; returns the index's path.

    Args:
        result: the :class:`~nlp_quotes.CorpusResult` of :func:`nlp_quotes.process`.
        folder: where the pages go (made if missing).
        docs, text_col, id_col: the documents as given to ``process`` (the
            result holds no texts); documents are matched on ``doc_id``.
    """

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for raw_id, raw in iter_documents(docs, text_col, id_col):
        text = read_text(Path(raw)) if isinstance(raw, PurePath) else raw
        if isinstance(text, str):
            texts[_doc_id(raw_id)] = text
    quotes_by_doc = {key: frame for key, frame in result.quotes.groupby("doc_id", sort=False)}
    entities_by_doc = {key: frame for key, frame in result.entities.groupby("doc_id", sort=False)}
    rows = []
    for number, document in enumerate(_records(result.documents)):
        doc_id = document["doc_id"]
        quotes = quotes_by_doc.get(doc_id, result.quotes.iloc[:0])
        link = html.escape(str(doc_id))
        if doc_id in texts:
            name = _file_name(number, str(doc_id))
            title = document.get("headline") or str(doc_id)
            body = f'<p><a href="index.html">← index</a></p><h2>{html.escape(title)}</h2>'
            page = article_html(texts[doc_id], quotes, entities_by_doc.get(doc_id), page=True, title=title)
            (folder / name).write_text(page.replace("<body>", f"<body>{body}", 1), encoding="utf-8")
            link = f'<a href="{html.escape(name)}">{link}</a>'
        speakers = "、".join(dict.fromkeys(quotes["speaker"].dropna()))
        cells = (link, document.get("date"), document.get("headline"), document.get("status"), len(quotes), speakers)
        rows.append(
            "<tr>"
            + "".join(f"<td>{c if i == 0 else html.escape(str(c or ''))}</td>" for i, c in enumerate(cells))
            + "</tr>"
        )
    header = "".join(f"<th>{name}</th>" for name in ("doc_id", "date", "headline", "status", "quotations", "speakers"))
    index = folder / "index.html"
    table = f'<div class="nlp-quotes">{STYLE}<table class="documents"><tr>{header}</tr>{"".join(rows)}</table></div>'
    index.write_text(_page("nlp_quotes: documents", table), encoding="utf-8")
    return index
