"""Whole-corpus self-audit: records that cannot be right, whatever the gold says.

    python -m nlp_quotes.bench audit [--shared PATH] [--out DIR] [--limit N] [--workers K]

Every document of the three news corpora (``corpus.ids("rmrb2023")``,
``"xwlb"``, ``"intl"``) goes through the pipeline; :func:`audit_records`
then checks each document's quotation table against its own text and
entity table, and counts the findings of each category in
:data:`CATEGORIES`:

``speaker_not_a_name``
    a ``speaker`` that holds a line break, a digit, punctuation (other than
    the interpunct and dash of foreign names), a cue word, a time word or a
    verb phrase (撰文, 举例); or, when it is not a name of the document's
    entity table, a speaking side (中方, 中国), an address form (王先生) or
    an organisation (an ``org_suffixes`` ending): a speaker that a title or a
    longer name cuts (公司总|经理, 古特雷|斯), a group or descriptor word, a
    title in the name (习主席), a name with what stands between speaker and
    cue stuck on (韩方则), or a word jieba's dictionary knows as a common
    word (发言, 父亲).  A name that is merely not tagged is not flagged.
``unattributed_named_subject``
    a record with no speaker whose cue (right before the quotation, or after
    it in the same sentence) has a person's name as the subject of its clause
    (not in marks or brackets, no 的 after it, no descriptor such as
    工作人员 between it and the cue).
``cue_without_record``
    a cue word (two characters or more, or 说) outside quotation marks, not
    after a ``cue_left_rejects`` word (可以说, 来说) nor a noun's modifier
    (明确要求), followed by ，or ： and a content clause of six Chinese
    characters or more, with a person's name as its subject, where no record
    covers the start of the content.
``capacity_not_a_title``
    a title or organisation that holds a dateline, a date, a line break,
    punctuation (a newspaper in 《》 aside), a cue or citing verb (宣布,
    援引) or a time word, or that a title cuts wherever it is written
    (国务委员 of 国务委员长), a unit ending the organisation and opening the title
    aside (某市委 of 市委书记, 某社区 of 社区党委书记, as the guidelines draw them); each
    distinct string of a document once.
``quote_crosses_headline``
    a quotation that runs over a line break with a headline-like line
    (shorter than 40 characters, no 。！？, not ending on punctuation) among
    its lines, or that starts in a headline-like first line of the document.

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
from functools import lru_cache
from pathlib import Path

import pandas as pd

from nlp_quotes.lexicons import Lexicons, load_capacity_lexicons, load_lexicons

#: The corpora audited, in this order.
CORPORA = ("rmrb2023", "xwlb", "intl")
#: Entity labels whose text counts as a name for ``speaker_not_a_name``.
NAME_LABELS = frozenset({"PERSON", "ORG", "LOC"})
#: Time words that never belong in a speaker's name or a title (no lexicon lists them alone).
TIME_WORDS: tuple[str, ...] = (
    *("今天", "今日", "昨天", "昨日", "前天", "明天", "当天", "当日", "同日", "日前", "近日", "近期", "目前"),
    *("此前", "随后", "上午", "下午", "晚上", "凌晨"),
)
#: Words that a speaker's mention runs into when it takes in the verb phrase (刘某举例说, 李某多次表态,
#: 某某撰文指出): any of them after the first two characters of a speaker marks a runaway mention.
RUNAWAY_WORDS: tuple[str, ...] = (
    *("已经", "多次", "再次", "一再", "曾经", "撰文", "发文", "举例", "高度", "公开", "当即", "随即"),
    *("接受", "发表", "在接受", "专门", "特别", "进一步", "深有感触", "感慨地", "笑着"),
)
#: Cue words that are also nouns in titles and organisations (高级分析师, 评价研究院): not evidence there.
NOMINAL_CUES = frozenset(
    {
        *("分析", "评价", "总结", "判断", "建议", "要求", "希望", "分享", "解释", "介绍", "提醒", "警告", "承诺"),
        *("回应", "预计", "寄语", "阐述", "提出", "感叹"),
    }
)
#: Verbs of citing that show a title or organisation is a clause fragment (《某报》援引).
CITING_WORDS = ("援引", "引述", "引用", "报道")
#: Characters that end a clause; the cue clause runs from the last one to the cue.
CLAUSE_BREAKS = "，。；！？\n"
#: Opening and closing quotation marks.
OPENING_MARKS = '“「『"'
CLOSING_MARKS = '”」』"'
#: Sentence-ending punctuation: a short line without any is headline-like.
SENTENCE_ENDS = "。！？!?"
#: Lines shorter than this (stripped) can be headlines.
HEADLINE_CHARS = 40
#: Punctuation that may stand inside a name: the interpunct and dashes of foreign names (让—克洛德·特里谢).
NAME_PUNCTUATION = frozenset("·•・‧.－-—–")
#: What an organisation's name may hold in marks or brackets: a newspaper (《金字塔报》), a place or a short
#: form (（中国）, （加共体）), a quoted term (“一带一路”).
NAME_INSERTS = re.compile(r"《[^《》\n]{1,20}》|[（(][\w\u4e00-\u9fff]{1,10}[）)]|[“\"][\u4e00-\u9fff\w]{1,10}[”\"]")
#: Datelines and bylines (新华社北京10月19日电, 本报记者张三报道).
DATELINE = re.compile(r"(新华社|本报|中新社).{0,12}电|记者.{0,12}(报道|摄)")
#: A date written with digits (10月19日, ３日).
DIGIT_DATE = re.compile(r"[0-9０-９]+\s*[月日]")
DIGIT = re.compile(r"[0-9０-９]")
HAN = re.compile(r"[\u4e00-\u9fff]")
#: What may stand between a cue and the quotation it opens (表示：“, 说，).
CUE_TO_QUOTE = re.compile(r"[：:，,\s]*[“「『\"]?")
#: A PERSON that is not the subject of its clause: a possessive (张三的报告指出) or a doctrine
#: (习近平新时代中国特色社会主义思想).
NOT_SUBJECT_AFTER = re.compile(r"^[^，。；！？\n]{0,12}?(的|新时代|思想|主义|同志为核心|同志关于)")
#: Nouns in 说 that ``cue_left_rejects.txt`` does not list (it has 小说, 传说, 学说).
NOUN_SHUO = ("假说", "之说", "异说", "邪说", "谬说")
#: Prepositions that make the name after them an object, not the subject (对孔子感叹, 向总书记介绍).
OBJECT_MARKS = ("对", "向", "同", "与", "跟", "给", "和")
#: What before a noun-like cue makes it the noun (提出明确要求, 作出的建议).
NOUN_BEFORE_CUE = re.compile(r"(的|明确|提出|作出|做出|重要|这一|这个|一项)$")
#: How far before the quotation (or after it) the cue of a record is looked for.
CUE_WINDOW = 40
#: Han characters a content clause needs for ``cue_without_record``.
MIN_CONTENT_HAN = 6
#: Characters of context kept with a finding.
CONTEXT_CHARS = 60
#: Part-of-speech tags of jieba's dictionary that mark a name (person, place, organisation, other proper name).
NAME_TAGS = ("nr", "ns", "nt", "nz", "x")

Finding = dict
Entity = tuple[int, int, str, str]  # start, end, label, text


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's dictionary, word -> part of speech, or ``{}`` when jieba is not installed."""
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        return {}
    jieba.setLogLevel(60)
    return dict(jieba.posseg.dt.word_tag_tab)  # read at import; the segmenter itself is never built


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" and char not in NAME_PUNCTUATION


def _bad_punctuation(name: str) -> bool:
    """Punctuation a name cannot hold: any but the interpunct and a dash between words, outside what
    :data:`NAME_INSERTS` strips (埃及《金字塔报》, 宜家（中国）投资有限公司, 瑞典“一带一路”研究所)."""
    bare = NAME_INSERTS.sub("", name)
    if not bare:
        return False
    return any(map(_is_punctuation, bare)) or "——" in bare or _is_joiner(bare[0]) or _is_joiner(bare[-1])


def _is_joiner(char: str) -> bool:
    return char in NAME_PUNCTUATION


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
    """A short line without sentence-ending punctuation that ends on a word (not ，…”)."""
    line = line.strip()
    return (
        bool(line)
        and len(line) < HEADLINE_CHARS
        and not any(mark in line for mark in SENTENCE_ENDS)
        and not _is_punctuation(line[-1])
    )


def _plain(value):
    """``value`` with pandas' missing values as ``None``."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def _records(quotes: pd.DataFrame) -> list[dict]:
    rows = []
    for row in quotes.to_dict("records"):
        row = {key: _plain(value) if not isinstance(value, (list, tuple)) else value for key, value in row.items()}
        for key in ("quote_id", "quote_start", "quote_end", "speaker_start", "speaker_end"):
            if row.get(key) is not None:
                row[key] = int(row[key])
        rows.append(row)
    return rows


def _finding(category: str, doc_id, quote_id, detail: str, context: str) -> Finding:
    return {"category": category, "doc_id": doc_id, "quote_id": quote_id, "detail": detail, "context": context}


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


class _Document:
    """One document's text, records, entities and the indexes the checks share."""

    def __init__(self, text: str, quotes: pd.DataFrame, entities: pd.DataFrame, lex: Lexicons, doc_id):
        self.text = text
        self.records = _records(quotes)
        self.lex = lex
        self.doc_id = doc_id
        ents = entities.sort_values("start", kind="stable") if len(entities) else entities
        self.entities: list[Entity] = [
            (int(row.start), int(row.end), str(row.label), str(row.text)) for row in ents.itertuples(index=False)
        ]
        self.names = frozenset(ent[3] for ent in self.entities if ent[2] in NAME_LABELS)
        self.title_texts = frozenset(ent[3] for ent in self.entities if ent[2] == "TITLE")
        self.persons = [ent for ent in self.entities if ent[2] == "PERSON"]
        self.person_starts = [ent[0] for ent in self.persons]
        self.quoted_starts, self.quoted_ends = _quoted_spans(text)

    def quoted(self, pos: int) -> bool:
        """Whether ``pos`` lies inside quotation marks."""
        index = bisect.bisect_right(self.quoted_starts, pos) - 1
        return index >= 0 and pos < self.quoted_ends[index]

    def persons_in(self, start: int, end: int) -> list[Entity]:
        """PERSON entities lying wholly inside ``[start, end)``."""
        first = bisect.bisect_left(self.person_starts, start)
        found = []
        for ent in self.persons[first:]:
            if ent[0] >= end:
                break
            if ent[1] <= end:
                found.append(ent)
        return found

    def subjects(self, clause_start: int, cue_at: int) -> list[Entity]:
        """PERSON entities of ``[clause_start, cue_at)`` that may be the subject of the cue.

        Not a name in quotation marks (“谷堆”论证认为) or in brackets (（记者林威）某部族说), not the
        object of a preposition (马克思对孔子感叹), not a
        possessive or a doctrine (张三的报告指出), and not one that an unnamed descriptor follows
        (米其林工作人员介绍: the staff speaks).
        """
        text, lex = self.text, self.lex
        found = []
        for ent in self.persons_in(clause_start, cue_at):
            between = text[ent[1] : cue_at]
            before = text[clause_start : ent[0]]
            if self.quoted(ent[0]) or before.count("（") > before.count("）") or before.endswith(OBJECT_MARKS):
                continue
            if NOT_SUBJECT_AFTER.match(between) or any(word in between for word in lex.descriptors):
                continue
            found.append(ent)
        return found


# --------------------------------------------------------------------------- 1. speaker_not_a_name


def _long_cue_in(word: str, lex: Lexicons, skip: frozenset[str] = frozenset()) -> str | None:
    """A cue of two characters or more inside ``word`` (or 说/称 ending it), other than those in ``skip``."""
    for found in lex.long_cue_pattern.finditer(word):
        if found.group() not in skip:
            return found.group()
    return word[-1] if word[-1:] in ("说", "称") else None


def _accepted_name(name: str, doc: _Document) -> bool:
    """An entity of the document, a speaking side (中方, 中国), an address form (王先生) or an organisation."""
    lex = doc.lex
    bare = name[1:-1] if name.startswith("《") and name.endswith("》") else name  # an outlet, 《环球时报》
    return bool(
        name in doc.names
        or bare in doc.names
        or name in lex.speaking_sides
        or name in lex.speaking_sides.values()
        or lex.address_name_pattern.fullmatch(name)
        or name.endswith(lex.org_suffixes)
    )


def _straddled_title(text: str, start: int, end: int, lex: Lexicons) -> str | None:
    """A title of the lexicon that ``[start, end)`` cuts: one that begins before it and ends inside it
    (教练|员孔繁桃) or begins inside it and ends after it (公司总|经理).  A title that ``[start, end)``
    ends or begins (书记 of 省委书记) is not cut."""
    longest = lex.max_title_len
    for left in range(max(0, start - longest + 1), start):
        for right in range(start + 1, min(end - 1, left + longest) + 1):
            if text[left:right] in lex.titles:
                return text[left:right]
    for left in range(max(start + 1, end - longest + 1), end):
        for right in range(end + 1, min(len(text), left + longest) + 1):
            if text[left:right] in lex.titles:
                return text[left:right]
    return None


def _speaker_problem(speaker: str, row: dict, doc: _Document) -> str | None:
    """Why ``speaker`` cannot be right, or ``None`` when nothing shows it."""
    lex, text = doc.lex, doc.text
    if "\n" in speaker or "\r" in speaker:
        return "line_break"
    if DIGIT.search(speaker):
        return "digit"
    if _bad_punctuation(speaker):
        return "punctuation"
    cue = _long_cue_in(speaker, lex)
    if cue:
        return f"cue_word {cue}"
    time_word = next((word for word in TIME_WORDS if word in speaker), None)
    if time_word:
        return f"time_word {time_word}"
    runaway = next((word for word in RUNAWAY_WORDS if word in speaker[2:]), None)
    if runaway:
        return f"runaway_mention {runaway}"
    if _accepted_name(speaker, doc):
        return None
    mention, start, end = row.get("speaker_mention"), row.get("speaker_start"), row.get("speaker_end")
    if mention == speaker and start is not None and end is not None and text[start:end] == speaker:
        # the mention is the speaker: what surrounds it in the text shows a cut
        title = _straddled_title(text, start, end, lex)
        if title:
            return f"cut_title {title}"
        if not _stands_alone(speaker, doc):
            # 古特雷 of 古特雷斯, 韩国国 of 韩国国防部: never a word by itself, and a longer name is
            longer = [
                ent_text
                for ent_start, _, label, ent_text in doc.entities
                if label in NAME_LABELS
                and ent_start <= start
                and len(ent_text) > len(speaker)
                and text.startswith(ent_text, ent_start)
                and ent_start + len(ent_text) >= end
            ]
            longer += [name for name in doc.names if len(name) > len(speaker) and text.startswith(name, start)]
            longer = [name for name in longer if _stands_alone(name, doc)]
            if longer:
                return f"cut_name {longer[0]}"
    if speaker in lex.non_speakers or speaker in lex.descriptors or speaker in lex.pronouns:
        return "group_or_descriptor"
    if speaker in lex.not_names or speaker in lex.titles or speaker in doc.title_texts:
        return "title_or_word"
    title = lex.title_pattern.search(speaker)
    if title and title.start() > 0:
        return f"title_in_speaker {title.group()}"  # 习主席, 商户代表
    extra = _extra_tail(speaker, doc)
    if extra:
        return f"extra_chars {extra}"
    tag = _word_tags().get(speaker)
    if tag and not tag.startswith(NAME_TAGS):
        return f"common_word {tag}"
    return None


def _stands_alone(name: str, doc: _Document) -> bool:
    """Whether ``name`` occurs somewhere as a word by itself: followed by no Chinese character, a cue,
    a title or what may follow a name (``name_followers``: 曾, 在, 说…)."""
    text, lex = doc.text, doc.lex
    followers = tuple(getattr(lex, "name_followers", ()))
    pos = text.find(name)
    while pos >= 0:
        after = pos + len(name)
        if (
            after >= len(text)
            or not HAN.match(text, after)
            or text.startswith(lex.cue_words, after)
            or text.startswith(tuple(lex.frame_cues), after)
            or (followers and text.startswith(followers, after))
            or lex.title_pattern.match(text, after)
        ):
            return True
        pos = text.find(name, pos + 1)
    return False


def _extra_tail(speaker: str, doc: _Document) -> str | None:
    """The tail of ``speaker`` past a real name: 韩方则 (韩方 + 则), 稻田朋美就 (a name + 就).

    The tail is what the lexicon lets stand between a speaker and the cue, or any
    character when the rest is a name of the document that occurs somewhere not followed by it.
    """
    lex = doc.lex
    between = getattr(lex, "between_speaker_and_cue_pattern", None)
    for cut in range(2, len(speaker)):
        rest, tail = speaker[:cut], speaker[cut:]
        if between is not None and between.fullmatch(tail) and (_accepted_name(rest, doc) or len(rest) >= 3):
            return tail
        if len(tail) == 1 and _accepted_name(rest, doc):
            pos = doc.text.find(rest)
            while pos >= 0:
                if not doc.text.startswith(tail, pos + len(rest)):
                    return tail
                pos = doc.text.find(rest, pos + 1)
    return None


def check_speaker_not_a_name(doc: _Document) -> Iterator[Finding]:
    for row in doc.records:
        speaker = row.get("speaker")
        if speaker is None:
            continue
        problem = _speaker_problem(str(speaker), row, doc)
        if problem is None:
            continue
        start, end = row.get("speaker_start"), row.get("speaker_end")
        if start is None or end is None:
            start = end = row.get("quote_start") or 0
        yield _finding(
            "speaker_not_a_name",
            doc.doc_id,
            row.get("quote_id"),
            f"{problem}: speaker {speaker!r} (mention {row.get('speaker_mention')!r})",
            _context(doc.text, start, end),
        )


# --------------------------------------------------------------------------- 2. unattributed_named_subject


def _cue_position(doc: _Document, row: dict) -> tuple[int, int] | None:
    """``(clause start, cue offset)`` of a record, or ``None`` when its cue is not where a cue can be.

    The cue is looked for right before the quotation (only ：，or an opening mark between them),
    then after it in the same sentence (“……”某某说).
    """
    cue, quote_start, quote_end = row.get("cue"), row.get("quote_start"), row.get("quote_end")
    if not cue or quote_start is None:
        return None
    text = doc.text
    quote_end = quote_start if quote_end is None else quote_end
    at = text.rfind(cue, max(0, quote_start - CUE_WINDOW), quote_start)
    if at >= 0 and CUE_TO_QUOTE.fullmatch(text, at + len(cue), quote_start):
        return _clause_start(text, at), at
    after = quote_end
    while after < len(text) and (text[after] in CLOSING_MARKS or text[after] in "，,。！？"):
        after += 1  # past the closing mark and the punctuation after it: “……。”某某说
    at = text.find(cue, after, after + CUE_WINDOW)
    if at < 0 or any(mark in text[after:at] for mark in SENTENCE_ENDS + "\n“"):
        return None
    return _clause_start(text, at, after), at


def check_unattributed_named_subject(doc: _Document) -> Iterator[Finding]:
    for row in doc.records:
        if row.get("speaker") is not None:
            continue
        where = _cue_position(doc, row)
        if where is None:
            continue
        clause_start, cue_at = where
        persons = doc.subjects(clause_start, cue_at)
        if not persons:
            continue
        yield _finding(
            "unattributed_named_subject",
            doc.doc_id,
            row.get("quote_id"),
            f"no speaker, but {persons[0][3]!r} precedes the cue {row.get('cue')!r}"
            f" (mention {row.get('speaker_mention')!r}, rule {row.get('rule')!r})",
            _context(doc.text, clause_start, cue_at + len(row["cue"])),
        )


# --------------------------------------------------------------------------- 3. cue_without_record


def _coverage(records: list[dict]) -> tuple[list[int], list[int]]:
    """Record starts, sorted, and the running maximum of their ends: what :func:`_covered` needs."""
    spans = sorted(
        (row["quote_start"], row["quote_end"])
        for row in records
        if row.get("quote_start") is not None and row.get("quote_end") is not None
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
    coverage = _coverage(doc.records)
    for match in lex.cue_pattern.finditer(text):
        cue, cue_at = match.group(), match.start()
        if len(cue) < 2 and cue != "说":
            continue
        after = match.end()
        if text[after : after + 1] not in ("，", "：") or doc.quoted(cue_at):
            continue
        left = text[max(0, cue_at - 8) : cue_at]
        rejected = (left + cue).endswith(lex.cue_left_rejects) or left.endswith(lex.cue_left_rejects)
        rejected = rejected or (left + cue).endswith(NOUN_SHUO)
        if rejected or (cue in NOMINAL_CUES and NOUN_BEFORE_CUE.search(left)):
            continue  # 可以说，对某某来说，; 假说：; 提出明确要求，
        content = after + 1
        while content < len(text) and (text[content] in OPENING_MARKS or text[content] in " \u3000"):
            content += 1
        clause_end = content
        while clause_end < len(text) and text[clause_end] not in CLAUSE_BREAKS and text[clause_end] not in "”」』":
            clause_end += 1
        if len(HAN.findall(text, content, clause_end)) < MIN_CONTENT_HAN:
            continue
        clause_start = _clause_start(text, cue_at)
        persons = doc.subjects(clause_start, cue_at)
        if not persons or _covered(coverage, content):
            continue
        yield _finding(
            "cue_without_record",
            doc.doc_id,
            None,
            f"at {cue_at}: {persons[-1][3]!r} + cue {cue!r}, no record covers {text[content:clause_end][:20]!r}",
            _context(text, clause_start, clause_end),
        )


# --------------------------------------------------------------------------- 4. capacity_not_a_title


def _capacity_problem(value: str, doc: _Document) -> str | None:
    lex, text = doc.lex, doc.text
    if DATELINE.search(value):
        return "dateline"
    if DIGIT_DATE.search(value):
        return "date"
    if "\n" in value or _bad_punctuation(value):
        return "punctuation"
    cue = _long_cue_in(value, lex, skip=NOMINAL_CUES) or next((w for w in CITING_WORDS if w in value), None)
    if cue:
        return f"cue_word {cue}"
    time_word = next((word for word in TIME_WORDS if word in value), None)
    if time_word:
        return f"time_word {time_word}"
    positions = [match.start() for match in re.finditer(re.escape(value), text)]
    if positions:
        titles = [_straddled_title(text, pos, pos + len(value), lex) for pos in positions]
        if all(titles) and not all(_shares_unit(value, title) for title in titles):
            return f"cut_title {titles[0]}"  # 《长恨歌》总 of 总导演, at every place it is written
    return None


def _shares_unit(org: str, title: str) -> bool:
    """Whether ``org`` ends with a unit that opens ``title``, a boundary the guidelines draw there:
    a party unit kept in both (某市委书记 → title 市委书记, organisation 某市委) or a grassroots
    unit that stays in the organisation (某社区党委书记 → 党委书记 of 某社区; party_units.txt)."""
    cap = load_capacity_lexicons()
    return any(org.endswith(unit) and title.startswith(unit) for unit in cap.keep_units + cap.grassroots_units)


def check_capacity_not_a_title(doc: _Document) -> Iterator[Finding]:
    seen: set[str] = set()
    for row in doc.records:
        for field in ("titles", "orgs"):
            values = row.get(field)
            if values is None or isinstance(values, str):
                continue
            for value in list(values):
                if not isinstance(value, str) or not value or value in seen:
                    continue
                problem = _capacity_problem(value, doc)
                if problem is None:
                    continue
                seen.add(value)
                at = doc.text.find(value)
                yield _finding(
                    "capacity_not_a_title",
                    doc.doc_id,
                    row.get("quote_id"),
                    f"{problem}: {field[:-1]} {value!r} of speaker {row.get('speaker')!r}",
                    _context(doc.text, at, at + len(value)) if at >= 0 else value,
                )


# --------------------------------------------------------------------------- 5. quote_crosses_headline


def check_quote_crosses_headline(doc: _Document) -> Iterator[Finding]:
    text = doc.text
    first_end = _line_bounds(text, 0)[1]
    headline = _headline_like(text[:first_end])
    for row in doc.records:
        start, end = row.get("quote_start"), row.get("quote_end")
        if start is None or end is None:
            continue
        problem = None
        if "\n" in text[start:end].strip():
            pos = start
            while pos < end:
                line_start, line_end = _line_bounds(text, pos)
                if _headline_like(text[line_start:line_end]):
                    problem = f"spans a line break; headline-like line {text[line_start:line_end].strip()!r}"
                    break
                pos = line_end + 1
        if problem is None and headline and start < first_end and row.get("kind") in ("direct", "indirect"):
            problem = f"starts in the headline {text[:first_end].strip()!r}"
        if problem:
            yield _finding(
                "quote_crosses_headline",
                doc.doc_id,
                row.get("quote_id"),
                f"{problem} ({row.get('kind')}, speaker {row.get('speaker')!r})",
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
    quotation table.  Findings come category by category, in record order;
    ``quote_id`` is ``None`` for a ``cue_without_record`` finding.  With
    jieba installed, a speaker that its dictionary knows as a common word
    (发言, 司机) is flagged too.
    """
    lex = lex or load_lexicons()
    if doc_id is None and len(quotes) and "doc_id" in quotes:
        doc_id = _plain(quotes["doc_id"].iloc[0])
    doc = _Document(text, quotes, entities, lex, None if doc_id is None else str(doc_id))
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
