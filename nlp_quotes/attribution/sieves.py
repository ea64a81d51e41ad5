"""Quote attribution as ordered sieves, in the manner of CoreNLP's quote annotator.

Direct quotations go through these sieves in order; the first that names a
speaker decides, and its name is the record's ``rule``:

1. ``cue_before``     X表示：“…”  /  “A，”X说，“B”  (cue or colon right before)
   ``cue_before`` also covers X说：“A”“B” (a quotation right after another)
2. ``speaker_after``  “…”X说。  /  “…”该负责人表示  (speaker right after)
3. ``sentence_frame`` 在X看来，…，“…”  (a cue and speaker earlier in the sentence);
   ``sentence_subject`` X去年走访了…，感受创新脉动：“…” (the sentence's subject)
4. ``previous_sentence``  X开始和某集团合作。“…” (the subject of the sentence before)
5. ``continuation``   a later quotation of the same paragraph, nobody else named between
6. ``previous_paragraph``  a paragraph that is only a quotation, after a quoted speaker
7. ``unattributed``   a quotation whose speaker cannot be named

Indirect quotations come from cues outside quotation marks: ``cue`` (X表示，…),
``frame`` (在X看来，… / 据X介绍，…), or ``sentence_subject`` (X……，要求……).

Pronouns (他/她), titles alone (总书记, 该负责人) and short foreign names are
resolved afterwards against the document's people and their profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.marks import ENDS_SENTENCE, MarkedSpan
from nlp_quotes.attribution.profiles import build_profiles, canonical_names
from nlp_quotes.attribution.records import QuoteRecord
from nlp_quotes.attribution.subjects import Subject, find_subject

CONFIDENCE = {
    "cue_before": 0.9,
    "speaker_after": 0.85,
    "cue": 0.85,
    "frame": 0.85,
    "sentence_frame": 0.7,
    "sentence_subject": 0.6,
    "continuation": 0.65,
    "previous_paragraph": 0.5,
    "previous_sentence": 0.5,
    "unattributed": 0.3,
}
AFTER_STOPS = "，,。；;！？!?“\n：:"
NOT_A_SPEAKER_START = re.compile(r"^(的|之|是|等|、|和|与|及|这|为|在其|中的)")
SENTENCE_END = "。！？!?"
#: Labels before a colon that introduce a title or an inscription, not speech.
LABEL_BEFORE_COLON = re.compile(r"(题目|标题|主题|口号|标语|横幅|写着|写道|题为|名为|书名|栏目|字样)$")
#: A sentence whose cue has a document or meeting for subject quotes no person.
DOCUMENT = re.compile(r"《[^》]*》|报告|文件|通知|决定|决议|公报|纲要|规划|条例|宣言|意见|方案|会议")


@dataclass
class Candidate:
    """A quotation found, with the subject that the deciding sieve pointed to."""

    kind: str
    start: int
    end: int
    subject: Subject | None
    cue: str | None
    rule: str


def _cue_ending_at(ctx: DocContext, end: int) -> tuple[str, int] | None:
    """The longest cue (or frame suffix) ending at ``end``: (cue, start)."""
    for length in range(6, 0, -1):
        start = end - length
        if start < 0:
            continue
        word = ctx.view[start:end]
        if word in ctx.lex.cues and not ctx.in_marks[start] and ctx.is_word(start, end):
            left = ctx.view[max(0, start - 3) : end]
            if any(left.endswith(bad) for bad in ctx.lex.cue_left_rejects) or ctx.view[start - 1 : start] == "的":
                return None
            return word, start
        if word in ctx.lex.frame_cues:
            clause = ctx.view[ctx.clause_start(start) : start]
            if any(clause.startswith(prefix) for prefix, suffix in ctx.lex.frames if suffix == word):
                return word, start
    return None


def _is_headline(ctx: DocContext, pos: int, end: int) -> bool:
    """Whether ``[pos, end)`` lies in a headline: a first line with no sentence end, or 【…】."""
    para_start, para_end = ctx.paragraph_of(pos)
    paragraph = ctx.view[para_start:para_end]
    if paragraph.startswith("【"):
        return True
    return para_start == 0 and end <= para_end and not re.search("[。！？!?]", paragraph) and len(paragraph) < 80


# --- direct quotations -------------------------------------------------------


def _sieve_cue_before(ctx: DocContext, span: MarkedSpan) -> Candidate | None:
    pos = span.open
    colon = pos > 0 and ctx.view[pos - 1] in "：，"
    end = pos - 1 if colon else pos
    found = _cue_ending_at(ctx, end)
    if found:
        cue, cue_start = found
        clause_start = ctx.clause_start(cue_start)
        subject = find_subject(ctx, clause_start, cue_start)
        if subject:
            return Candidate("direct", *span.content, subject, cue, "cue_before")
        if DOCUMENT.search(ctx.view[ctx.sentence_start(cue_start) : cue_start]):
            return Candidate("direct", *span.content, None, cue, "document")  # 报告提出：“…”
        if not ctx.view[clause_start:cue_start].strip():
            # 习近平总书记…作出深刻阐释，强调：“…”
            subject = _sentence_subject(ctx, ctx.sentence_start(cue_start), cue_start)
            if subject:
                return Candidate("direct", *span.content, subject, cue, "sentence_subject")
    elif colon:
        mark = ctx.view[pos - 1]
        if LABEL_BEFORE_COLON.search(ctx.view[max(0, end - 4) : end]):
            return Candidate("direct", *span.content, None, None, "document")  # 题目：“…” / 标语写着：“…”
        subject = find_subject(ctx, ctx.clause_start(end), end)
        if mark == "：" and subject and subject.kind in ("person", "pronoun", "title"):
            return Candidate("direct", *span.content, subject, "：", "cue_before")
        # X去年走访了…，实地感受创新脉动：“…”  /  这两天，X依然很忙，“…”
        subject = _sentence_subject(ctx, ctx.sentence_start(end), end)
        if subject:
            return Candidate("direct", *span.content, subject, "：" if mark == "：" else None, "sentence_subject")
    return None


def _clause_after(ctx: DocContext, pos: int) -> tuple[int, int]:
    """The clause after a closing mark; a term in marks (“杨根思连”连长…) does not end it."""
    start = pos + 1 if pos < len(ctx.view) and ctx.view[pos] in "，," else pos
    term_closes = ctx.term_closes
    end = start
    while end < len(ctx.view) and end - start < 80:
        if end in term_closes:
            end = term_closes[end] + 1
            continue
        if ctx.view[end] in AFTER_STOPS:
            break
        end += 1
    return start, end


def _sieve_speaker_after(ctx: DocContext, span: MarkedSpan) -> Candidate | None:
    start, end = _clause_after(ctx, span.close + 1)
    if start >= end or NOT_A_SPEAKER_START.match(ctx.view[start:end]):
        return None
    for cue_end in range(start + 1, end + 1):
        found = _cue_ending_at(ctx, cue_end)
        if found and found[1] >= start:
            cue, cue_start = found
            subject = find_subject(ctx, start, cue_start)
            if subject:
                return Candidate("direct", *span.content, subject, cue, "speaker_after")
            break
    persons = ctx.entities_in(start, end, "PERSON")
    if persons and persons[0].start - start <= 40:
        subject = find_subject(ctx, start, persons[0].end)
        if subject:
            return Candidate("direct", *span.content, subject, None, "speaker_after")
    return None


def _sieve_sentence_frame(ctx: DocContext, span: MarkedSpan) -> Candidate | None:
    sentence_start = ctx.sentence_start(span.open)
    for cue_end in range(span.open, sentence_start, -1):
        if ctx.in_marks[cue_end - 1]:
            continue
        found = _cue_ending_at(ctx, cue_end)
        if found and found[1] >= sentence_start:
            cue, cue_start = found
            subject = find_subject(ctx, ctx.clause_start(cue_start), cue_start)
            if subject:
                return Candidate("direct", *span.content, subject, cue, "sentence_frame")
    return None


def _sieve_previous_sentence(ctx: DocContext, span: MarkedSpan) -> Candidate | None:
    """X开始和某集团合作。“…”: a quotation opening a sentence inside a paragraph."""
    para_start, _ = ctx.paragraph_of(span.open)
    if span.open == para_start or ctx.view[span.open - 1] not in SENTENCE_END:
        return None
    previous_start = ctx.sentence_start(span.open - 1)
    if previous_start < para_start:
        return None
    subject = _sentence_subject(ctx, previous_start, span.open - 1)
    if subject is not None:
        return Candidate("direct", *span.content, subject, None, "previous_sentence")
    return None


def _sieve_adjacent(ctx: DocContext, span: MarkedSpan, previous: Candidate | None) -> Candidate | None:
    """X说：“A”“B”  /  报告提出：“A”“B”: a quotation right after another shares its source."""
    if previous is None or previous.rule not in ("cue_before", "document"):
        return None
    if ctx.view[previous.end + 1 : span.open].strip("、， ") != "":
        return None
    return Candidate("direct", *span.content, previous.subject, previous.cue, previous.rule)


def _direct_candidates(ctx: DocContext) -> list[Candidate]:
    found: list[Candidate] = []
    for span in ctx.marks:
        if span.open not in ctx.quotation_opens or _is_headline(ctx, span.open, span.close):
            continue
        candidate = (
            _sieve_cue_before(ctx, span)
            or _sieve_adjacent(ctx, span, found[-1] if found else None)
            or _sieve_speaker_after(ctx, span)
            or _sieve_sentence_frame(ctx, span)
            or _sieve_previous_sentence(ctx, span)
            or Candidate("direct", *span.content, None, None, "unattributed")
        )
        found.append(candidate)
    return found


# --- indirect quotations -----------------------------------------------------


def _content_end(ctx: DocContext, start: int) -> tuple[int, bool]:
    """End of an indirect statement: its sentence's end, or a quotation mark."""
    i = start
    view = ctx.view
    while i < len(view):
        if i in ctx.quotation_opens:
            return i, True
        if view[i] == "\n":
            return i, False
        if view[i] in SENTENCE_END and not ctx.in_marks[i]:
            j = i + 1
            while j < len(view) and view[j] in "”’" and not ctx.in_marks[j]:
                j += 1
            return j, False
        i += 1
    return i, False


def _indirect_candidates(ctx: DocContext, direct: list[Candidate]) -> list[Candidate]:
    lex = ctx.lex
    view = ctx.view
    taken = bytearray(len(view) + 1)
    for candidate in direct:
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    found: list[Candidate] = []
    pos = 0
    while pos < len(view):
        match = None
        for length in range(6, 0, -1):
            word = view[pos : pos + length]
            if (word in lex.cues or word in lex.frame_cues) and len(word) == length:
                match = _cue_ending_at(ctx, pos + length)
                if match and match[1] == pos:
                    break
                match = None
        if match is None or ctx.in_marks[pos] or taken[pos]:
            pos += 1
            continue
        cue, cue_start = match
        cue_end = cue_start + len(cue)
        candidate = _indirect_at(ctx, cue, cue_start, cue_end)
        if candidate is None:
            pos += 1
            continue
        found.append(candidate)
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        pos = candidate.end
    return found


def _sentence_subject(ctx: DocContext, start: int, end: int) -> Subject | None:
    """The first clause of the sentence that opens with a person or pronoun."""
    clause_start = start
    for pos in range(start, end + 1):
        if pos == end or (ctx.view[pos] in "，,；;：" and not ctx.in_marks[pos]):
            subject = find_subject(ctx, clause_start, pos)
            if subject is not None and subject.kind in ("person", "pronoun", "title") and subject.start == clause_start:
                return subject
            clause_start = pos + 1
    return None


def _indirect_at(ctx: DocContext, cue: str, cue_start: int, cue_end: int) -> Candidate | None:
    """An indirect quotation introduced by ``cue``, with its subject, or ``None``."""
    lex = ctx.lex
    view = ctx.view
    following = view[cue_end : cue_end + 1]
    is_frame = cue in lex.frame_cues and cue not in lex.cues
    if following in ("，", "：", ","):
        start = cue_end + 1
    elif is_frame:
        return None
    elif lex.cues.get(cue) == "bare" or view.startswith("自己", cue_end):
        start = cue_end
    else:
        return None
    if start in ctx.quotation_opens or (
        start == cue_end and any(view.startswith(word, start) for word in lex.cue_rejects)
    ):
        return None
    end, at_quote = _content_end(ctx, start)
    if _is_headline(ctx, cue_start, end):
        return None
    content_end = end
    if at_quote:
        # …圆梦，他说：“…”: the clause that introduces the quotation is not content
        last_comma = max(view.rfind("，", start, end), view.rfind(",", start, end))
        if last_comma > start and lex.cue_pattern.search(view, last_comma, end):
            content_end = last_comma
    while at_quote and content_end > start and view[content_end - 1] in "，,：:；; ":
        content_end -= 1
    if len(re.sub(r"[\W_]", "", view[start:content_end])) < 4:
        return None
    clause_start = ctx.clause_start(cue_start)
    subject = find_subject(ctx, clause_start, cue_start)
    rule = "frame" if is_frame else "cue"
    if subject is None and not view[clause_start:cue_start].strip() and clause_start > 0:
        subject = _sentence_subject(ctx, ctx.sentence_start(cue_start), cue_start)
        rule = "sentence_subject"
    if subject is None:
        return None
    if start == cue_end and subject.kind not in ("person", "pronoun", "title"):
        return None
    return Candidate("indirect", start, content_end, subject, cue, rule)


# --- continuation across sentences and paragraphs ----------------------------


def _fill_continuations(ctx: DocContext, candidates: list[Candidate]) -> None:
    previous: Candidate | None = None
    for candidate in candidates:
        if candidate.rule == "document":
            previous = None  # “必须坚持人民至上”“坚持…”: the report goes on, not the last speaker
            continue
        if candidate.rule == "unattributed" and previous is not None and previous.subject is not None:
            para_start, para_end = ctx.paragraph_of(candidate.start)
            prev_para_start, _ = ctx.paragraph_of(previous.start)
            between = ctx.entities_in(previous.end, candidate.start, "PERSON")
            same_person = all(p.text == previous.subject.mention for p in between)
            if prev_para_start == para_start and same_person:
                candidate.subject, candidate.rule = previous.subject, "continuation"
            elif prev_para_start < para_start and candidate.start - 1 == para_start:
                tail = ctx.view[candidate.end : para_end]
                previous_end_para = ctx.paragraph_of(previous.end)[0]
                gap = ctx.view[previous.end : para_start]
                if (
                    not re.search(r"[\u4e00-\u9fff]", tail)
                    and previous_end_para == ctx.paragraph_of(para_start - 1)[0]
                    and len(gap) < 120
                ):
                    candidate.subject, candidate.rule = previous.subject, "previous_paragraph"
        previous = candidate
    # words quoted from a document, and a slogan in marks that nobody is said to have said, are no quotations
    candidates[:] = [
        c
        for c in candidates
        if c.rule != "document"
        and not (c.rule == "unattributed" and not ENDS_SENTENCE.search(ctx.view[c.start : c.end]))
    ]


# --- resolution --------------------------------------------------------------


def _resolve(ctx: DocContext, candidates: list[Candidate]) -> list[QuoteRecord]:
    profiles = build_profiles(ctx)
    canonical = canonical_names({p.text for p in ctx.persons})
    inside = bytearray(len(ctx.view) + 1)
    for candidate in candidates:
        inside[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    outside_persons = [p for p in ctx.persons if not inside[p.start] and not ctx.in_marks[p.start]]

    def last_person_before(pos: int, title: str | None = None) -> str | None:
        for person in reversed(outside_persons):
            if person.start < pos:
                name = canonical[person.text]
                if title is None or title in profiles[name].titles:
                    return name
        if title is not None:
            for person in outside_persons:
                name = canonical[person.text]
                if title in profiles[name].titles:
                    return name
        return None

    records = []
    for candidate in candidates:
        subject = candidate.subject
        record = QuoteRecord(candidate.kind, candidate.start, candidate.end, cue=candidate.cue, rule=candidate.rule)
        record.confidence = CONFIDENCE[candidate.rule]
        if subject is not None:
            record.mention, record.mention_start, record.mention_end = subject.mention, subject.start, subject.end
            if subject.kind == "person":
                record.speaker = canonical.get(subject.mention, subject.mention)
            elif subject.kind == "pronoun":
                record.speaker = last_person_before(subject.start)
                record.confidence *= 0.9
            elif subject.kind == "title":
                title = re.sub("^(该|这位|那位)", "", subject.mention)
                record.speaker = last_person_before(subject.start, title)
                record.confidence *= 0.9
            elif subject.kind in ("org", "side"):
                record.speaker = subject.name
        if record.speaker in profiles:
            profile = profiles[record.speaker]
            record.role, record.titles, record.orgs = profile.role, list(profile.titles), list(profile.orgs)
        records.append(record)
    return records


def attribute_quotes(ctx: DocContext) -> list[QuoteRecord]:
    """Find every quotation of the document and attribute it; records in text order."""
    direct = _direct_candidates(ctx)
    candidates = sorted(direct + _indirect_candidates(ctx, direct), key=lambda c: c.start)
    _fill_continuations(ctx, candidates)
    return _resolve(ctx, candidates)
