"""Whole-corpus self-audit: records that cannot be right, whatever the gold says.

    python -m nlp_quotes.bench audit [--shared PATH] [--out DIR] [--limit N] [--workers K]

Every document of the three news corpora (``corpus.ids("rmrb2023")``,
``"xwlb"``, ``"intl"``) goes through the pipeline; :func:`audit_records`
then checks each document's quotation table against its own text and
entity table, and counts the findings of each category in
:data:`CATEGORIES`:

``speaker_not_a_name``
    a ``speaker`` that holds a cue word, punctuation, a digit, a line
    break or a time word, or that is neither an entity of the document,
    nor a speaking side (中国, 中方), nor an address form (王先生), nor an
    organisation name (an ``org_suffixes`` ending).
``unattributed_named_subject``
    a record with no speaker whose cue clause has a person's name as its
    subject (the name, then at most a title, an adverbial or 的-free words
    before the cue).
``cue_without_record``
    a cue word outside quotation marks, after a person's name in the same
    clause and followed by ，or ： and a content clause, that no record
    covers.
``capacity_not_a_title``
    a title or organisation that holds a dateline, a date, a cue word or
    punctuation (each distinct string of a document once).
``quote_crosses_headline``
    a quotation that runs over a line break from or into a headline-like
    line, or that starts in the headline of the document.

No gold is read: each finding is a record (or a missing record) that breaks
the guidelines on its face.  The run prints the counts, each category's share
of all records and three examples, and writes ``audit.jsonl`` (every
finding, sorted by document and record) and ``audit_counts.json``.
"""

from __future__ import annotations

import argparse
import bisect
import importlib.util
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from nlp_quotes.lexicons import Lexicons, load_lexicons

#: The corpora audited, in this order.
CORPORA = ("rmrb2023", "xwlb", "intl")
#: Entity labels whose text counts as a name for ``speaker_not_a_name``.
NAME_LABELS = frozenset({"PERSON", "ORG", "LOC"})
#: Time words that never belong in a speaker's name (no lexicon lists them).
TIME_WORDS: tuple[str, ...] = (
    *("今天", "今日", "昨天", "昨日", "前天", "明天", "当天", "当日", "同日", "日前", "近日", "近期", "目前"),
    *("此前", "随后", "上午", "下午", "晚上", "凌晨"),
)
#: Characters that end a clause; the cue clause runs from the last one to the cue.
CLAUSE_BREAKS = "，。；！？\n"
#: Opening and closing quotation marks.
OPENING_MARKS = '“「『"'
CLOSING_MARKS = '”」』"'
#: Sentence-ending punctuation: a line without any is headline-like when short.
SENTENCE_ENDS = "。！？!?"
#: Lines shorter than this (stripped) without sentence-ending punctuation are headline-like.
HEADLINE_CHARS = 40
#: Punctuation that may stand inside a name: the interpunct of foreign names (安东尼奥·古特雷斯).
NAME_PUNCTUATION = frozenset("·•・‧.－-")
#: Datelines and bylines (新华社北京10月19日电, 本报记者张三报道).
DATELINE = re.compile(r"(新华社|本报|中新社).{0,12}电|记者.{0,12}(报道|摄)")
#: A date written with digits (10月19日, ３日).
DIGIT_DATE = re.compile(r"[0-9０-９]+\s*[月日]")
DIGIT = re.compile(r"[0-9０-９]")
HAN = re.compile(r"[\u4e00-\u9fff]")
#: How far before the quotation (or after it) the cue of a record is looked for.
CUE_WINDOW = 40
#: Han characters a content clause needs for ``cue_without_record``.
MIN_CONTENT_HAN = 6
#: Characters of context kept with a finding.
CONTEXT_CHARS = 60

Finding = dict


# --------------------------------------------------------------------------- helpers


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" and char not in NAME_PUNCTUATION


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """About ``width`` characters of ``text`` around ``[start, end)``, centred on it."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    pad = max(0, (width - (end - start)) // 2)
    left = max(0, start - pad)
    return text[left : max(end + pad, left + width)][: max(width, end - start)]


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Offset after the last clause break before ``pos`` (never below ``floor``)."""
    best = floor
    for mark in CLAUSE_BREAKS:
        found = text.rfind(mark, floor, pos)
        if found >= 0 and found + 1 > best:
            best = found + 1
    return best


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the line of ``text`` holding ``pos`` (line break excluded)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _headline_like(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) < HEADLINE_CHARS and not any(mark in line for mark in SENTENCE_ENDS)


def _value(row: pd.Series, key: str):
    value = row.get(key)
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list
        pass
    return value


def _quote_id(row: pd.Series) -> int | None:
    value = _value(row, "quote_id")
    return None if value is None else int(value)


def _finding(category: str, doc_id, quote_id, detail: str, context: str) -> Finding:
    return {"category": category, "doc_id": doc_id, "quote_id": quote_id, "detail": detail, "context": context}


class _Document:
    """One document's text, tables and the indexes the checks share."""

    def __init__(self, text: str, quotes: pd.DataFrame, entities: pd.DataFrame, lex: Lexicons, doc_id):
        self.text = text
        self.quotes = quotes
        self.lex = lex
        self.doc_id = doc_id
        ents = entities.sort_values("start", kind="stable") if len(entities) else entities
        self.entities = [
            (int(row.start), int(row.end), str(row.label), str(row.text)) for row in ents.itertuples(index=False)
        ]
        self.names = frozenset(ent[3] for ent in self.entities if ent[2] in NAME_LABELS)
        self.persons = [ent for ent in self.entities if ent[2] == "PERSON"]
        self.person_starts = [ent[0] for ent in self.persons]

    def persons_in(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """PERSON entities lying wholly inside ``[start, end)``."""
        first = bisect.bisect_left(self.person_starts, start)
        found = []
        for ent in self.persons[first:]:
            if ent[0] >= end:
                break
            if ent[1] <= end:
                found.append(ent)
        return found


# --------------------------------------------------------------------------- 1. speaker_not_a_name


def _long_cue_in(word: str, lex: Lexicons) -> str | None:
    found = lex.long_cue_pattern.search(word)
    if found:
        return found.group()
    return word[-1] if word[-1:] in ("说", "称") else None


def _speaker_problem(speaker: str, doc: _Document) -> str | None:
    """Why ``speaker`` cannot be a speaker's name, or ``None``."""
    lex = doc.lex
    if "\n" in speaker or "\r" in speaker:
        return "line_break"
    if DIGIT.search(speaker):
        return "digit"
    bare = speaker[1:-1] if speaker.startswith("《") and speaker.endswith("》") else speaker  # an outlet, 《环球时报》
    if any(_is_punctuation(char) for char in bare):
        return "punctuation"
    cue = _long_cue_in(speaker, lex)
    if cue:
        return f"cue_word {cue}"
    time_word = next((word for word in TIME_WORDS if word in speaker), None)
    if time_word:
        return f"time_word {time_word}"
    if (
        speaker in doc.names
        or bare in doc.names
        or speaker in lex.speaking_sides
        or speaker in lex.speaking_sides.values()
        or lex.address_name_pattern.fullmatch(speaker)
        or speaker.endswith(lex.org_suffixes)
    ):
        return None
    return "not_an_entity"


def check_speaker_not_a_name(doc: _Document) -> Iterator[Finding]:
    for _, row in doc.quotes.iterrows():
        speaker = _value(row, "speaker")
        if speaker is None:
            continue
        problem = _speaker_problem(str(speaker), doc)
        if problem is None:
            continue
        start, end = _value(row, "speaker_start"), _value(row, "speaker_end")
        if start is None:
            start, end = _value(row, "quote_start") or 0, _value(row, "quote_start") or 0
        yield _finding(
            "speaker_not_a_name",
            doc.doc_id,
            _quote_id(row),
            f"{problem}: speaker {speaker!r} (mention {_value(row, 'speaker_mention')!r})",
            _context(doc.text, int(start), int(end)),
        )


# --------------------------------------------------------------------------- 2. unattributed_named_subject

#: A PERSON that is not the subject of its clause: a possessive (张三的报告指出), a doctrine
#: (习近平新时代中国特色社会主义思想) or the object of a verb of meeting (会见张三时指出).
NOT_SUBJECT_AFTER = re.compile(r"^[^，。；！？\n]{0,12}?(的|新时代|思想|主义|同志为核心|同志关于)")


def _cue_position(doc: _Document, row: pd.Series) -> tuple[int, int] | None:
    """``(clause start, cue offset)`` of a record: the cue looked for before its quote, then after it."""
    cue = _value(row, "cue")
    quote_start, quote_end = _value(row, "quote_start"), _value(row, "quote_end")
    if cue is None or quote_start is None:
        return None
    text = doc.text
    quote_start, quote_end = int(quote_start), int(quote_end if quote_end is not None else quote_start)
    at = text.rfind(cue, max(0, quote_start - CUE_WINDOW), quote_start)
    floor = 0
    if at < 0:
        at = text.find(cue, quote_end, quote_end + CUE_WINDOW)
        floor = quote_end
        if at < 0:
            return None
    return _clause_start(text, at, floor), at


def check_unattributed_named_subject(doc: _Document) -> Iterator[Finding]:
    for _, row in doc.quotes.iterrows():
        if _value(row, "speaker") is not None:
            continue
        where = _cue_position(doc, row)
        if where is None:
            continue
        clause_start, cue_at = where
        speaker_start = _value(row, "speaker_start")
        if speaker_start is not None and clause_start <= int(speaker_start) < cue_at:
            clause_start = _clause_start(doc.text, int(speaker_start), clause_start)
        persons = [
            ent
            for ent in doc.persons_in(clause_start, cue_at)
            if not NOT_SUBJECT_AFTER.match(doc.text[ent[1] : cue_at])
        ]
        if not persons:
            continue
        yield _finding(
            "unattributed_named_subject",
            doc.doc_id,
            _quote_id(row),
            f"no speaker, but {persons[0][3]!r} precedes the cue {_value(row, 'cue')!r}"
            f" (mention {_value(row, 'speaker_mention')!r}, rule {_value(row, 'rule')!r})",
            _context(doc.text, clause_start, cue_at + len(str(_value(row, "cue")))),
        )


# --------------------------------------------------------------------------- 3. cue_without_record


def _quoted_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the text inside quotation marks (a mark left open ends at its paragraph)."""
    starts: list[int] = []
    ends: list[int] = []
    opened = None
    for match in re.finditer(r"[“”「」『』\n]", text):
        mark, pos = match.group(), match.start()
        if mark in "“「『":
            if opened is None:
                opened = pos
        elif opened is not None:
            starts.append(opened)
            ends.append(pos + 1)
            opened = None
    if opened is not None:
        starts.append(opened)
        ends.append(len(text))
    return starts, ends


def _inside(starts: list[int], ends: list[int], pos: int) -> bool:
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and pos < ends[index]


def _coverage(quotes: pd.DataFrame) -> tuple[list[int], list[int]]:
    """Record starts, sorted, and the running maximum of their ends: what :func:`_covered` needs."""
    spans = sorted(
        (int(start), int(end))
        for start, end in zip(quotes["quote_start"], quotes["quote_end"], strict=True)
        if not pd.isna(start) and not pd.isna(end)
    )
    starts, reach, furthest = [], [], -1
    for start, end in spans:
        furthest = max(furthest, end)
        starts.append(start)
        reach.append(furthest)
    return starts, reach


def _covered(coverage: tuple[list[int], list[int]], pos: int) -> bool:
    """Whether some record's ``[quote_start, quote_end)`` holds ``pos``."""
    starts, reach = coverage
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and reach[index] > pos


def check_cue_without_record(doc: _Document) -> Iterator[Finding]:
    text, lex = doc.text, doc.lex
    if not doc.persons:
        return
    quoted_starts, quoted_ends = _quoted_spans(text)
    coverage = _coverage(doc.quotes)
    for match in lex.cue_pattern.finditer(text):
        cue = match.group()
        if len(cue) < 2 and cue != "说":
            continue
        after = match.end()
        if text[after : after + 1] not in ("，", "："):
            continue
        if _inside(quoted_starts, quoted_ends, match.start()):
            continue
        content = after + 1
        while content < len(text) and (text[content] in OPENING_MARKS or text[content] in " \u3000"):
            content += 1
        clause_end = content
        while clause_end < len(text) and text[clause_end] not in CLAUSE_BREAKS and text[clause_end] not in "”」』":
            clause_end += 1
        if len(HAN.findall(text, content, clause_end)) < MIN_CONTENT_HAN:
            continue
        clause_start = _clause_start(text, match.start())
        persons = [
            ent
            for ent in doc.persons_in(clause_start, match.start())
            if not NOT_SUBJECT_AFTER.match(text[ent[1] : match.start()])
        ]
        if not persons or _covered(coverage, content):
            continue
        yield _finding(
            "cue_without_record",
            doc.doc_id,
            None,
            f"at {match.start()}: {persons[-1][3]!r} + cue {cue!r}, no record covers {text[content:clause_end][:20]!r}",
            _context(text, clause_start, clause_end),
        )


# --------------------------------------------------------------------------- 4. capacity_not_a_title


def _capacity_problem(value: str, lex: Lexicons) -> str | None:
    if DATELINE.search(value):
        return "dateline"
    if DIGIT_DATE.search(value):
        return "date"
    if any(_is_punctuation(char) for char in value) or "\n" in value:
        return "punctuation"
    cue = _long_cue_in(value, lex)
    if cue:
        return f"cue_word {cue}"
    return None


def check_capacity_not_a_title(doc: _Document) -> Iterator[Finding]:
    seen: set[str] = set()
    for _, row in doc.quotes.iterrows():
        for field in ("titles", "orgs"):
            values = row.get(field)
            if not isinstance(values, (list, tuple)) and not hasattr(values, "tolist"):
                continue
            for value in list(values):
                if not isinstance(value, str) or value in seen:
                    continue
                problem = _capacity_problem(value, doc.lex)
                if problem is None:
                    continue
                seen.add(value)
                at = doc.text.find(value)
                yield _finding(
                    "capacity_not_a_title",
                    doc.doc_id,
                    _quote_id(row),
                    f"{problem}: {field[:-1]} {value!r} of speaker {_value(row, 'speaker')!r}",
                    _context(doc.text, at, at + len(value)) if at >= 0 else value,
                )


# --------------------------------------------------------------------------- 5. quote_crosses_headline


def check_quote_crosses_headline(doc: _Document) -> Iterator[Finding]:
    text = doc.text
    first_end = _line_bounds(text, 0)[1]
    first_line = text[:first_end]
    headline = _headline_like(first_line) if first_line.strip() else False
    for _, row in doc.quotes.iterrows():
        start, end = _value(row, "quote_start"), _value(row, "quote_end")
        if start is None or end is None:
            continue
        start, end = int(start), int(end)
        problem = None
        if "\n" in text[start:end].strip():
            pos = start
            while pos < end:
                line_start, line_end = _line_bounds(text, pos)
                if _headline_like(text[line_start:line_end]):
                    problem = f"spans a line break; headline-like line {text[line_start:line_end].strip()!r}"
                    break
                pos = line_end + 1
        if problem is None and headline and start < first_end and _value(row, "kind") in ("direct", "indirect"):
            problem = f"starts in the headline {first_line.strip()!r}"
        if problem:
            yield _finding(
                "quote_crosses_headline",
                doc.doc_id,
                _quote_id(row),
                f"{problem} ({_value(row, 'kind')}, speaker {_value(row, 'speaker')!r})",
                _context(text, start, min(end, start + CONTEXT_CHARS)),
            )


#: The categories, in report order: name -> check of one document.
CATEGORIES: dict[str, Callable[[_Document], Iterator[Finding]]] = {
    "speaker_not_a_name": check_speaker_not_a_name,
    "unattributed_named_subject": check_unattributed_named_subject,
    "cue_without_record": check_cue_without_record,
    "capacity_not_a_title": check_capacity_not_a_title,
    "quote_crosses_headline": check_quote_crosses_headline,
}


def audit_records(
    text: str, quotes: pd.DataFrame, entities: pd.DataFrame, lex: Lexicons | None = None, doc_id: str | None = None
) -> list[dict]:
    """The findings of one document: ``{"category", "doc_id", "quote_id", "detail", "context"}`` each.

    ``quotes`` is the document's table from :func:`nlp_quotes.extract_quotes`,
    ``entities`` its table from :func:`nlp_quotes.extract_entities` (a
    ``doc_id`` column is ignored).  ``doc_id`` defaults to the one of the
    quotation table.  Findings come category by category, in record order.
    """
    lex = lex or load_lexicons()
    if doc_id is None and len(quotes) and "doc_id" in quotes:
        first = quotes["doc_id"].iloc[0]
        doc_id = None if first is pd.NA or pd.isna(first) else str(first)
    doc = _Document(text, quotes.reset_index(drop=True), entities, lex, doc_id)
    return [finding for check in CATEGORIES.values() for finding in check(doc)]


# --------------------------------------------------------------------------- the run


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _document_ids(corpus, limit: int | None) -> list[str]:
    return [doc_id for name in CORPORA for doc_id in corpus.ids(name)[:limit]]


def _tables_one_process(texts: dict[str, str], nlp) -> Iterator[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """``(doc_id, quotes, entities)`` per document, one pipeline pass each.

    The rows are those of :func:`nlp_quotes.extract_quotes` and
    :func:`nlp_quotes.extract_entities`, built from the same processed doc
    (the attribution leaves ``doc.ents`` as it found them), as
    :func:`nlp_quotes.process` does.
    """
    from nlp_quotes.api import NOT_FOR_QUOTES, chunk_docs, entity_rows, number_quotes, quote_rows
    from nlp_quotes.schema import entities_frame, quotes_frame

    for doc_id, text in texts.items():
        quotes: list[dict] = []
        entities: list[dict] = []
        if text.strip():
            for offset, doc in chunk_docs(text, nlp, disable=NOT_FOR_QUOTES):
                quotes.extend(quote_rows(doc, doc_id, offset))
                entities.extend(entity_rows(doc, offset))
        yield doc_id, quotes_frame(number_quotes(quotes)), entities_frame(entities)


def _tables_many_processes(
    texts: dict[str, str], nlp, workers: int
) -> Iterator[tuple[str, pd.DataFrame, pd.DataFrame]]:
    from nlp_quotes.corpus import process

    result = process(list(texts.items()), nlp=nlp, n_process=workers, progress=False)
    failed = result.documents[result.documents["status"] != "ok"]
    for row in failed.itertuples(index=False):
        print(f"  {row.doc_id}: {row.error}", file=sys.stderr)
    quotes = {key: group for key, group in result.quotes.groupby("doc_id", sort=False)}
    entities = {key: group for key, group in result.entities.groupby("doc_id", sort=False)}
    empty_quotes, empty_entities = result.quotes.iloc[:0], result.entities.iloc[:0]
    for doc_id in texts:
        yield doc_id, quotes.get(doc_id, empty_quotes), entities.get(doc_id, empty_entities)


def _sort_key(finding: Finding) -> tuple:
    quote_id = finding["quote_id"]
    return (finding["doc_id"] or "", -1 if quote_id is None else quote_id)


def _examples(findings: list[Finding], n: int = 3) -> list[Finding]:
    """``n`` findings spread evenly over ``findings`` (which are sorted)."""
    if len(findings) <= n:
        return findings
    return [findings[i * len(findings) // n] for i in range(n)]


def run_audit(args: argparse.Namespace) -> int:
    from nlp_quotes.datasets import MissingCorpusError, shared_dir
    from nlp_quotes.pipeline import load

    try:
        shared = shared_dir(args.shared)
        corpus_py = shared / "eval" / "corpus.py"
        if not corpus_py.is_file():
            raise MissingCorpusError(f"missing corpus loader: {corpus_py}")
    except MissingCorpusError as error:
        print(f"{error}; nothing was audited.", file=sys.stderr)
        return 2
    print(f"shared data: {shared}")
    corpus = _load_module(corpus_py, "shared_corpus")
    limit = args.limit if args.limit and args.limit > 0 else None
    texts = {doc_id: corpus.load(doc_id) for doc_id in _document_ids(corpus, limit)}
    lex = load_lexicons()
    nlp = load(args.model)
    started = time.perf_counter()
    many = args.workers > 1
    tables = _tables_many_processes(texts, nlp, args.workers) if many else _tables_one_process(texts, nlp)
    findings: list[Finding] = []
    n_records = 0
    for done, (doc_id, quotes, entities) in enumerate(tables, 1):
        n_records += len(quotes)
        findings.extend(audit_records(texts[doc_id], quotes, entities, lex, doc_id=doc_id))
        if done % 250 == 0:
            print(f"  {done}/{len(texts)} documents, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - started
    findings.sort(key=_sort_key)
    by_category: dict[str, list[Finding]] = {name: [] for name in CATEGORIES}
    for finding in findings:
        by_category[finding["category"]].append(finding)
    n_chars = sum(map(len, texts.values()))
    print(
        f"\n== audit of {len(texts)} documents ({n_chars:,} chars, {', '.join(CORPORA)}), {n_records} records,"
        f" {seconds:.1f} s with {args.workers} process(es)"
    )
    print(f"  documents: {len(texts)}")
    print(f"  records:   {n_records}")
    print("  category                      count   share of records")
    for name, found in by_category.items():
        share = len(found) / n_records if n_records else 0.0
        print(f"  {name:28} {len(found):6d}   {share:7.2%}")
    for name, found in by_category.items():
        print(f"\n-- {name}: {len(found)}")
        for finding in _examples(found):
            context = finding["context"].replace("\n", "⏎")
            print(f"  {finding['doc_id']} #{finding['quote_id']}: {finding['detail']}\n      {context}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "audit.jsonl").open("w", encoding="utf-8") as handle:
        for finding in findings:
            handle.write(json.dumps(finding, ensure_ascii=False) + "\n")
    counts = {
        "documents": len(texts),
        "records": n_records,
        "seconds": round(seconds, 1),
        "categories": {name: len(found) for name, found in by_category.items()},
    }
    (out / "audit_counts.json").write_text(json.dumps(counts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nfindings: {out / 'audit.jsonl'}; counts: {out / 'audit_counts.json'}")
    return 0


def add_parser(sub) -> None:
    """Register the ``audit`` subcommand on an ``argparse`` subparsers object."""
    from nlp_quotes.pipeline import DEFAULT_MODEL

    audit = sub.add_parser("audit", help="count records that cannot be right, over the whole news corpus")
    audit.add_argument("--shared", help="path of the shared data folder")
    audit.add_argument("--model", default=DEFAULT_MODEL)
    audit.add_argument("--out", default="out/audit", help="folder for audit.jsonl and audit_counts.json")
    audit.add_argument("--limit", type=int, help="the first N documents of each corpus only (quick runs)")
    audit.add_argument("--workers", type=int, default=1, help="worker processes (nlp_quotes.process when > 1)")
    audit.set_defaults(func=run_audit)
