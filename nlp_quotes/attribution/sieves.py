"""Quote attribution as ordered sieves, in the manner of CoreNLP's quote annotator.

Attribution runs in stages; each stage is a list of small functions with one
signature, registered by name and run in the order the pipeline config gives
(:class:`SieveOrder`), so each one can be switched off and measured.

1. **Quote filters** (``document``): marked text that quotes a document or a
   label (《报告》提出：“…”, 题目：“…”) is set aside before any sieve sees it.
2. **Direct sieves**, one call per quotation in marks; the first that returns
   a candidate decides, and its name becomes the record's ``rule``:
   ``cue_before`` (X表示：“…”), ``sentence_subject`` (X…，强调：“…”),
   ``previous_quote`` (X说：“A”“B”), ``speaker_after`` (“…”X说),
   ``speaker_later`` (“…”去年8月，X考察…),
   ``sentence_frame`` (在X看来，…，“…”), ``previous_sentence`` (X…。“…”).
   A quotation no sieve attributes is ``unattributed``.
3. **Indirect sieves**, one call per cue outside marks that opens a content
   clause (X表示，…): ``cue``, ``frame`` (在X看来，… / 据X介绍，…),
   ``sentence_subject``.
4. **Continuation sieves** over the quotations in text order: ``continuation``
   (a later quotation of the same paragraph) and ``previous_paragraph``.
5. **Quote filters** after continuation (``slogan``: words in marks nobody is
   said to have said).
6. **Speaker sieves** (:mod:`nlp_quotes.attribution.speakers`) turn the mention
   into a speaker and write ``speaker_rule``.

Sieves find *mentions* (the subject of a cue's clause); they do not resolve
pronouns, titles or short forms, and they never read gold data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.marks import ENDS_SENTENCE, MarkedSpan
from nlp_quotes.attribution.records import QuoteRecord
from nlp_quotes.attribution.registry import register
from nlp_quotes.attribution.speakers import DEFAULT_SPEAKER_SIEVES, SPEAKER_SIEVES, resolve_speakers
from nlp_quotes.attribution.subjects import DOCTRINE as DOCTRINE_AFTER
from nlp_quotes.attribution.subjects import Subject, find_subject
from nlp_quotes.lexicons.cues import Cue
from nlp_quotes.types import Candidate

#: Measured reliability of each mention rule (``python -m nlp_quotes.bench quotes`` prints precision by rule).
CONFIDENCE = {
    "cue_before": 0.9,
    "previous_quote": 0.9,
    "speaker_after": 0.85,
    "cue": 0.85,
    "frame": 0.85,
    "sentence_frame": 0.7,
    "sentence_subject": 0.6,
    "continuation": 0.65,
    "previous_paragraph": 0.5,
    "previous_sentence": 0.5,
    "speaker_later": 0.6,
    "unattributed": 0.3,
}
AFTER_STOPS = "，,。；;！？!?“\n：:"
NOT_A_SPEAKER_START = re.compile(r"^(的|之|是|等|、|和|与|及|这|为|在其|中的)")
SENTENCE_END = "。！？!?"
SPEAKING_KINDS = ("person", "pronoun", "title")
#: A paragraph inside the body shorter than this with no sentence end is a subheading.
HEADLINE_MAX = 40
#: cue classes of cues.tsv that may take their content with no punctuation
BARE_CLASSES = ("bare", "bare_person", "bare_body")


DirectSieve = Callable[[DocContext, MarkedSpan, list[Candidate]], Candidate | None]
IndirectSieve = Callable[[DocContext, Cue, int, int], Candidate | None]
ContinuationSieve = Callable[[DocContext, Candidate, Candidate], Subject | None]
DirectFilter = Callable[[DocContext, MarkedSpan, list[Candidate]], bool]
CandidateFilter = Callable[[DocContext, Candidate], bool]
IndirectFilter = Callable[[DocContext, Cue, Candidate], bool]

DIRECT_SIEVES: dict[str, DirectSieve] = {}
INDIRECT_SIEVES: dict[str, IndirectSieve] = {}
CONTINUATION_SIEVES: dict[str, ContinuationSieve] = {}
#: filters of marked spans, run before the direct sieves
DIRECT_FILTERS: dict[str, DirectFilter] = {}
#: filters of indirect candidates, run as each is found: a candidate set aside leaves its
#: content free for the cues inside it (某社称，X表示，… → X's record)
INDIRECT_FILTERS: dict[str, IndirectFilter] = {}
#: filters of candidates, run after continuation
CANDIDATE_FILTERS: dict[str, CandidateFilter] = {}


@dataclass(frozen=True)
class SieveOrder:
    """Which sieves run, in which order (the ``nlp_quotes_attribution`` component's config)."""

    filters: tuple[str, ...] = ("document", "reporting_outlet", "slogan")
    direct: tuple[str, ...] = (
        "cue_before",
        "sentence_subject",
        "previous_quote",
        "speaker_after",
        "speaker_later",
        "sentence_frame",
        "previous_sentence",
    )
    indirect: tuple[str, ...] = ("cue", "frame", "sentence_subject")
    continuation: tuple[str, ...] = ("continuation", "previous_paragraph")
    speaker: tuple[str, ...] = field(default=DEFAULT_SPEAKER_SIEVES)

    def __post_init__(self) -> None:
        known = {
            "filters": {*DIRECT_FILTERS, *INDIRECT_FILTERS, *CANDIDATE_FILTERS},
            "direct": set(DIRECT_SIEVES),
            "indirect": set(INDIRECT_SIEVES),
            "continuation": set(CONTINUATION_SIEVES),
            "speaker": set(SPEAKER_SIEVES),
        }
        for stage, names in known.items():
            unknown = [name for name in getattr(self, stage) if name not in names]
            if unknown:
                raise ValueError(f"unknown {stage} sieve(s) {unknown}; registered: {sorted(names)}")

    def without(self, name: str) -> SieveOrder:
        """The same order with the sieve ``name`` switched off in every stage."""
        return SieveOrder(**{stage: tuple(n for n in getattr(self, stage) if n != name) for stage in STAGES})


STAGES = ("filters", "direct", "indirect", "continuation", "speaker")
#: The ``nlp_quotes_attribution`` config key of each stage's sieve list.
CONFIG_KEYS = {
    "filters": "filters",
    "direct": "direct_sieves",
    "indirect": "indirect_sieves",
    "continuation": "continuation_sieves",
    "speaker": "speaker_sieves",
}


def _cue_ending_at(ctx: DocContext, end: int) -> tuple[str, int] | None:
    """The cue ending at ``end`` by the document's cue index: (cue, start)."""
    cue = ctx.cues.ending_at(end)
    return (cue.word, cue.start) if cue else None


def _is_headline(ctx: DocContext, pos: int, end: int) -> bool:
    """Whether ``[pos, end)`` lies in a headline: a first line with no sentence end, or inside 【…】."""
    para_start, para_end = ctx.paragraph_of(pos)
    view = ctx.view
    if view.startswith("【", para_start):
        # 【环球网报道 记者 某某】 is a byline: only what stands inside it is no speech
        close = view.find("】", para_start, min(para_end, pos + 1))
        return close < 0 or pos <= close
    if end > para_end or ctx.paragraph_ends_a_sentence(para_start, para_end):
        return False
    # the first line, or a short line with no sentence end inside the body (a subheading: 俄称打击乌军事装备)
    return para_end - para_start < (80 if para_start == 0 else HEADLINE_MAX)


def _opens_clause(ctx: DocContext, clause_start: int, subject: Subject) -> bool:
    """Whether the subject opens its clause, perhaps after a title or a short description (脱贫户张瑞红正…)."""
    prefix = ctx.view[clause_start : subject.start].strip(" \u3000")
    if not prefix or DATE_OPENING.fullmatch(prefix):
        return True  # 2022年白宫…: a date before the subject
    if subject.kind != "person" or prefix[-1] in OBJECT_MARKERS:
        return False
    if ctx.entity_ending_at(subject.start, "TITLE") is not None:
        return True  # 副巡视员张尚东…
    short = len(prefix) <= 4 and not re.search("[的在是了]", prefix)
    return short and ctx.cues.first_in(clause_start, subject.start) is None


def _tagged_speaker(ctx: DocContext, subject: Subject) -> bool:
    """Whether an organisation or side subject is an entity the tagger found, not a guess by suffix."""
    covered = bytearray(subject.end - subject.start)
    for entity in ctx.entities_in(subject.start, subject.end):
        if entity.label in ("ORG", "LOC"):
            covered[max(0, entity.start - subject.start) : entity.end - subject.start] = b"\x01" * (
                min(entity.end, subject.end) - max(entity.start, subject.start)
            )
    return all(covered)  # 美国 + 国防部: tagged bodies side by side count


#: A date opening a clause before its subject (2022年, 3月5日, 2022年3月).
DATE_OPENING = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?")


def _opening_body(ctx: DocContext, start: int, end: int) -> Subject | None:
    """A tagged organisation (or country, as a side) opening a clause with a predicate (某国国防部召开发布会).

    Adjacent tagged bodies join (泰国 + 国防部); a possessor (某部的…) is none.
    """
    while start < end and ctx.view[start] in " \u3000":
        start += 1
    dated = DATE_OPENING.match(ctx.view, start, end)  # 2022年白宫发布…: a date may open the clause
    if dated:
        start = dated.end()
    bodies = []
    position = start
    for entity in ctx.entities_in(start, end):
        if entity.start != position or entity.label not in ("ORG", "LOC"):
            break
        bodies.append(entity)
        position = entity.end
    if not bodies or ctx.view[position : position + 1] in ("的", "、", "和", "与"):
        return None
    name = ctx.view[start:position]
    if name in ctx.lex.non_speakers or ctx.lex.document_source_pattern.search(name):
        return None
    if ctx.view[position : position + 1] in ("（", "(", "：", ":"):
        return None  # 央视网消息（新闻联播）：… is a dateline, 某部：… a label
    if len(bodies) == 1 and bodies[0].label == "LOC":
        return Subject("side", name, start, position, name=ctx.lex.country_of(name))
    return Subject("org", name, start, position, name=name)


def _sentence_subject(
    ctx: DocContext, start: int, end: int, bodies: bool = False, nearest: bool = False
) -> Subject | None:
    """The first clause of the sentence that opens with a person or pronoun (a title before the name allowed).

    With ``nearest``, the last such clause before ``end`` instead (A称，B向C介绍…，并表示 → B),
    except that an organisation or side never displaces a person named before it, and a
    later subject must open its clause (支持X提出的… names X as an object).
    A reporter in a byline (（记者X）) is none.

    With ``bodies``, a tagged organisation or a side opening a clause counts too
    (韩国国防部召开发布会，宣布…); an organisation guessed from its suffix does not.
    """
    clause_start = start
    found = None
    for pos in range(start, end + 1):
        if pos == end or (ctx.view[pos] in "，,；;：" and not ctx.in_marks[pos]):
            subject = find_subject(ctx, clause_start, pos)
            if subject is None and bodies:
                subject = _opening_body(ctx, clause_start, pos)
            speaks = subject is not None and (
                subject.kind in SPEAKING_KINDS
                or (bodies and (subject.kind == "side" or (subject.kind == "org" and _tagged_speaker(ctx, subject))))
            )
            if speaks and _opens_clause(ctx, clause_start, subject) and not _in_byline(ctx, subject):
                if not nearest:
                    return subject
                opens = not ctx.view[clause_start : subject.start].strip(" \u3000") or (
                    ctx.entity_ending_at(subject.start, "TITLE") is not None
                )
                if found is None or (opens and (subject.kind in SPEAKING_KINDS or found.kind not in SPEAKING_KINDS)):
                    found = subject  # a body never displaces a person named before it, nor does an object
            clause_start = pos + 1
    return found


def _in_byline(ctx: DocContext, subject: Subject) -> bool:
    """Whether the subject is the reporter of a byline: （记者王某） (``byline_markers.txt``)."""
    before = ctx.view[max(0, subject.start - 6) : subject.start]
    return any(
        before.endswith(marker) and before[: -len(marker)].endswith(("（", "(")) for marker in ctx.lex.byline_markers
    )


def _lead_in(ctx: DocContext, span: MarkedSpan) -> tuple[int, str | None, tuple[str, int] | None]:
    """What stands before a quotation: (end of the lead-in, the colon or comma, the cue ending there)."""
    pos = span.open
    mark = ctx.view[pos - 1] if pos > 0 and ctx.view[pos - 1] in "：，" else None
    end = pos - 1 if mark else pos
    return end, mark, _cue_ending_at(ctx, end)


# --- quote filters -----------------------------------------------------------


@register(DIRECT_FILTERS, "document")
def _filter_document(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> bool:
    """《报告》提出：“…” / 会议指出：“…” / 题目：“…”, and a quotation right after one of them."""
    end, mark, cue = _lead_in(ctx, span)
    lex = ctx.lex
    if cue:
        cue_start = cue[1]
        if find_subject(ctx, ctx.clause_start(cue_start), cue_start) is None and lex.document_source_pattern.search(
            ctx.view[ctx.sentence_start(cue_start) : cue_start]
        ):
            return True
    elif mark and lex.colon_label_pattern.search(ctx.view[max(0, end - 4) : end]):
        return True
    previous = found[-1] if found else None
    return bool(
        previous is not None
        and previous.dropped == "document"
        and ctx.view[previous.end + 1 : span.open].strip("、， ") == ""
    )


@register(INDIRECT_FILTERS, "reporting_outlet")
def _filter_reporting_outlet(ctx: DocContext, cue: Cue, candidate: Candidate) -> bool:
    """韩联社称，… / 某报报道说，…: a news outlet that only reports is no speaker.

    What it reports is either news (no record) or someone's words with their
    own cue (某社称，X表示，…), which the cue inside then attributes.  An
    outlet stating its view (某社评论称, 某台分析称, 某社认为) is kept:
    ``reporting_outlets.txt`` lists the outlets, the reporting cues and the
    view markers.  Does not look at direct quotations.
    """
    subject, lex = candidate.subject, ctx.lex
    if subject is None or not lex.is_outlet(subject.name or subject.mention):
        return False
    between = ctx.view[subject.end : cue.start]
    if any(marker in between for marker in lex.view_markers):
        return False
    return cue.word in lex.reporting_cues or any(word in between for word in lex.reporting_words)


@register(CANDIDATE_FILTERS, "slogan")
def _filter_slogan(ctx: DocContext, candidate: Candidate) -> bool:
    """Words in marks that nobody is said to have said and that end no sentence (a slogan, a motto)."""
    return (
        candidate.kind == "direct"
        and candidate.rule == "unattributed"
        and not ENDS_SENTENCE.search(ctx.view[candidate.start : candidate.end])
    )


# --- direct sieves -----------------------------------------------------------


@register(DIRECT_SIEVES, "cue_before")
def sieve_cue_before(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """X表示：“…” / “A，”X说，“B” / X：“…”: a cue (or a colon after a person) right before the marks."""
    end, mark, cue = _lead_in(ctx, span)
    if cue:
        word, cue_start = cue
        subject = find_subject(ctx, ctx.clause_start(cue_start), cue_start)
        return Candidate("direct", *span.content, subject, word, "cue_before") if subject else None
    if mark == "：":
        subject = find_subject(ctx, ctx.clause_start(end), end)
        if subject and subject.kind in SPEAKING_KINDS:
            return Candidate("direct", *span.content, subject, "：", "cue_before")
    return None


@register(DIRECT_SIEVES, "sentence_subject")
def sieve_direct_sentence_subject(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """X…作出深刻阐释，强调：“…” / X去年走访了…，感受创新脉动：“…”: the sentence's subject speaks."""
    end, mark, cue = _lead_in(ctx, span)
    if cue:
        cue_start = cue[1]
        if ctx.view[ctx.clause_start(cue_start) : cue_start].strip():
            return None  # the cue's own clause has a (non-speaking) subject
        subject = _sentence_subject(ctx, ctx.sentence_start(cue_start), cue_start, bodies=True)
        return Candidate("direct", *span.content, subject, cue[0], "sentence_subject") if subject else None
    if mark:
        subject = _sentence_subject(ctx, ctx.sentence_start(end), end)
        if subject:
            return Candidate("direct", *span.content, subject, "：" if mark == "：" else None, "sentence_subject")
    return None


@register(DIRECT_SIEVES, "previous_quote")
def sieve_previous_quote(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """X说：“A”“B”: a quotation right after a cued one takes its speaker and cue."""
    previous = found[-1] if found else None
    if previous is None or previous.dropped or previous.rule not in ("cue_before", "previous_quote"):
        return None
    if ctx.view[previous.end + 1 : span.open].strip("、， ") != "":
        return None
    return Candidate("direct", *span.content, previous.subject, previous.cue, "previous_quote")


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


@register(DIRECT_SIEVES, "speaker_after")
def sieve_speaker_after(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """“…”X说。 / “…”该负责人表示 / “…”X笑着: the speaker right after the closing mark."""
    start, end = _clause_after(ctx, span.close + 1)
    if start >= end or NOT_A_SPEAKER_START.match(ctx.view[start:end]):
        return None
    cue = ctx.cues.first_in(start, end)
    if cue is not None:
        subject = find_subject(ctx, start, cue.start)
        if subject:
            return Candidate("direct", *span.content, subject, cue.word, "speaker_after")
    persons = ctx.entities_in(start, end, "PERSON")
    if persons and persons[0].start - start <= 40:
        subject = find_subject(ctx, start, persons[0].end)
        if subject:
            return Candidate("direct", *span.content, subject, None, "speaker_after")
    return None


#: Characters before a name that make it an object, not the subject (对他说, 向他介绍, 给她, 让他, 和他).
OBJECT_MARKERS = "对向给让帮和与同跟替为把被"
#: How far after the closing mark ``speaker_later`` looks for the speaker.
SPEAKER_LATER_WINDOW = 60


@register(DIRECT_SIEVES, "speaker_later")
def sieve_speaker_later(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """“…”去年8月，习近平总书记考察…: a quotation opening its paragraph, the speaker named later in its sentence.

    The first person named within :data:`SPEAKER_LATER_WINDOW` characters after
    the closing mark and before the sentence ends, unless an object marker
    (对/向/给/让…) stands right before the name.  It does not cross a sentence
    end, and it ignores quotations inside a paragraph.
    """
    para_start, para_end = ctx.paragraph_of(span.open)
    if ctx.view[para_start : span.open].strip(" \u3000\t"):
        return None
    end = span.close + 1
    limit = min(para_end, span.close + 1 + SPEAKER_LATER_WINDOW)
    while end < limit and not (ctx.view[end] in SENTENCE_END and not ctx.in_marks[end]):
        end += 1
    for person in ctx.entities_in(span.close + 1, end, "PERSON"):
        if ctx.view[person.start - 1] in OBJECT_MARKERS or DOCTRINE_AFTER.match(ctx.view, person.end):
            continue
        subject = find_subject(ctx, person.start, person.end)
        if subject is not None and subject.kind == "person":
            return Candidate("direct", *span.content, subject, None, "speaker_later")
        return None
    return None


@register(DIRECT_SIEVES, "sentence_frame")
def sieve_sentence_frame(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """在X看来，…，“…” / X说，…“…”: a cue and its speaker earlier in the quotation's sentence."""
    sentence_start = ctx.sentence_start(span.open)
    for cue_end in range(span.open, sentence_start, -1):
        if ctx.in_marks[cue_end - 1]:
            continue
        found_cue = _cue_ending_at(ctx, cue_end)
        if found_cue and found_cue[1] >= sentence_start:
            cue, cue_start = found_cue
            subject = find_subject(ctx, ctx.clause_start(cue_start), cue_start)
            if subject:
                return Candidate("direct", *span.content, subject, cue, "sentence_frame")
    return None


@register(DIRECT_SIEVES, "previous_sentence")
def sieve_previous_sentence(ctx: DocContext, span: MarkedSpan, found: list[Candidate]) -> Candidate | None:
    """X开始和某集团合作。“…”: a quotation opening a sentence inside a paragraph takes the last one's subject."""
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


def _direct_candidates(ctx: DocContext, order: SieveOrder) -> list[Candidate]:
    filters = [(name, DIRECT_FILTERS[name]) for name in order.filters if name in DIRECT_FILTERS]
    sieves = [DIRECT_SIEVES[name] for name in order.direct]
    found: list[Candidate] = []
    for span in ctx.marks:
        if span.open not in ctx.quotation_opens or _is_headline(ctx, span.open, span.close):
            continue
        dropped = next((name for name, keep_out in filters if keep_out(ctx, span, found)), None)
        candidate = None
        if dropped is None:
            candidate = next((c for sieve in sieves if (c := sieve(ctx, span, found)) is not None), None)
        if candidate is None:
            candidate = Candidate("direct", *span.content, None, None, "unattributed", dropped=dropped)
        found.append(candidate)
    return found


# --- indirect quotations -----------------------------------------------------


#: Characters after which a quotation mark opens a clause of its own (…，“…”), not a part of the clause.
CLAUSE_OPENING = "，,：:；;、。！？!?…—\n "


def _inside_clause(ctx: DocContext, content_start: int, mark: int) -> bool:
    """Whether the quotation opening at ``mark`` stands inside an indirect statement begun at ``content_start``.

    It does when words of the statement come right before it (就要“从工厂到消费者……”，…;
    让消费者“买得开心”): the quoted words are part of the reported clause, which goes on
    through them.  A quotation after a comma or colon (…，“…”), or right after a cue
    word (…并称“…”, even where the segmenter reads 并称 as one word), is a quotation of its own.
    """
    return (
        mark > content_start
        and ctx.view[mark - 1] not in CLAUSE_OPENING
        and not ctx.view[max(0, mark - ctx.lex.max_cue_len) : mark].endswith(ctx.lex.cue_words)
        and not ctx.in_marks[mark - 1]
    )


def _content_end(ctx: DocContext, start: int) -> tuple[int, bool]:
    """End of an indirect statement: its sentence's end, or a quotation mark (a look-up, not a scan).

    A quotation inside the statement's clause (:func:`_inside_clause`) does not end it: the
    statement runs on through its closing mark.
    """
    view = ctx.view
    pos = start
    while True:
        i = max(pos, ctx.statement_stop(pos, SENTENCE_END))
        if i >= len(view):
            return i, False
        if i in ctx.quotation_opens:
            if _inside_clause(ctx, start, i):
                pos = ctx.quotation_closes[i] + 1
                continue
            return i, True
        break
    if view[i] == "\n":
        return i, False
    j = i + 1
    while j < len(view) and view[j] in "”’" and not ctx.in_marks[j]:
        j += 1
    return j, False


_WORD_CHAR = re.compile(r"[^\W_]")


def _word_chars(view: str, start: int, end: int, enough: int) -> int:
    """Word characters in ``view[start:end]``, counted up to ``enough`` only (a long content is not read through)."""
    return sum(1 for _ in islice(_WORD_CHAR.finditer(view, start, end), enough))


#: Most characters between a comma and the cue of a clause that names a new speaker (，韩方强调…).
NEXT_SPEAKER_MAX = 10
NEXT_SPEAKER_KINDS = ("person", "side", "org")


def _next_speaker_clause(ctx: DocContext, start: int, end: int) -> int:
    """Where content ends because a clause of another speaker begins: 日方强调A，韩方强调B。 → A.

    A clause after a comma that opens with a person, side or organisation
    and its own cue (at most :data:`NEXT_SPEAKER_MAX` characters in between)
    that has content of its own (after a comma or colon; for a side, also
    after a ``bare_body`` cue: 韩方强调…) is a new statement; ``end``
    otherwise.  An organisation must be one the entity layer tags (not a
    clause that merely ends like one), and a wish (美国希望…) is no new statement.  A cue without
    content (中方表示强烈不满) or a modifier (中国提出的倡议) starts none.  Pronouns (他说) do not start one:
    they may be the same speaker going on.
    """
    view = ctx.view
    comma = view.find("，", start, end)
    while comma >= 0:
        clause = comma + 1
        cue = ctx.cues.first_in(clause, min(end, clause + NEXT_SPEAKER_MAX + ctx.lex.max_cue_len))
        if cue is not None and 0 < cue.start - clause <= NEXT_SPEAKER_MAX and not ctx.in_marks[cue.start]:
            subject = find_subject(ctx, clause, cue.start)
            if (
                subject is not None
                and subject.kind in NEXT_SPEAKER_KINDS
                and subject.start == clause
                and (subject.kind != "org" or _tagged_speaker(ctx, subject))
                and (
                    view[cue.end : cue.end + 1] in ("，", "：")
                    or (subject.kind == "side" and ctx.lex.cues.get(cue.word) == "bare_body")
                )
                and indirect_content(ctx, cue, split=False) is not None
            ):
                return comma
        comma = view.find("，", clause, end)
    return end


#: A speaker speaking of itself right after any cue opens content (某国坦言自己的…).
SELF_REFERENCE = "自己"


def indirect_content(ctx: DocContext, cue: Cue, split: bool = True) -> tuple[int, int] | None:
    """The content clause a cue outside marks introduces (X表示，…。), or ``None``.

    The content runs from after the cue (and its comma or colon) to the end of
    the sentence, or to a quotation mark; at least four characters of words.
    A bare cue (``cues.tsv`` class ``bare``, ``bare_person`` or ``bare_body``)
    may take its content with no punctuation (赵乐际希望新闻媒体……), except
    before a ``cue_rejects.txt`` word (表示感谢; not one that opens a
    ``content_openers.txt`` word: 预计明年…) or when its first clause is one
    of time (``time_clause_endings.txt``: 两国宣布部署后，…); after a
    ``bare_body`` cue such content needs eight characters of words
    (国防部称此次军演是定期训练).  With ``split``, the
    content stops before a clause in which another speaker takes the word
    (:func:`_next_speaker_clause`).
    """
    lex, view = ctx.lex, ctx.view
    following = view[cue.end : cue.end + 1]
    is_frame = cue.frame
    if following in ("，", "：", ","):
        start = cue.end + 1
    elif is_frame:
        return None
    elif lex.cues.get(cue.word) in BARE_CLASSES or view.startswith(SELF_REFERENCE, cue.end):
        start = cue.end
    else:
        return None
    if start in ctx.quotation_opens or (
        start == cue.end
        and (
            (
                any(view.startswith(word, start) for word in lex.cue_rejects)
                and not view.startswith(lex.content_openers, start)
            )
            or ctx.cues.starting_at(start) is not None
        )
    ):
        return None  # 表示感谢 (no content) / 警告说，… (the cue goes on: the content is the later cue's)
    end, at_quote = _content_end(ctx, start)
    if _is_headline(ctx, cue.start, end):
        return None
    if start == cue.end:
        comma = view.find("，", start, end)
        if comma > 0 and view[start:comma].endswith(lex.time_clause_endings):
            return None  # 两国宣布部署后，…: a clause of time, not a statement
    content_end = end
    if at_quote:
        # …圆梦，他说：“…”: the clause that introduces the quotation is not content
        last_comma = max(view.rfind("，", start, end), view.rfind(",", start, end))
        if last_comma > start and (ctx.cues.first_in(last_comma, end) is not None or "：" in view[last_comma:end]):
            content_end = last_comma
    if split:
        content_end = _next_speaker_clause(ctx, start, content_end)
    while at_quote and content_end > start and view[content_end - 1] in "，,：:；; ":
        content_end -= 1
    words = _word_chars(view, start, content_end, 8)
    if words < 4 or (start == cue.end and lex.cues.get(cue.word) == "bare_body" and words < 8):
        return None
    return start, content_end


def _indirect(ctx: DocContext, cue: Cue, start: int, end: int, subject: Subject | None, rule: str) -> Candidate | None:
    if subject is None:
        return None
    if start == cue.end:  # content with no punctuation: a person speaks, or a tagged body, or any body (bare_body cue)
        cue_class = ctx.lex.cues.get(cue.word)
        body = subject.kind in ("org", "side") and (
            cue_class == "bare_body"
            or ctx.view.startswith(SELF_REFERENCE, cue.end)  # 朝鲜坦言自己的潜艇没有这个能力
            or (cue_class == "bare" and (subject.kind == "side" or _tagged_speaker(ctx, subject)))
        )
        if subject.kind not in SPEAKING_KINDS and not body:
            return None
    return Candidate("indirect", start, end, subject, cue.word, rule)


@register(INDIRECT_SIEVES, "cue")
def sieve_cue(ctx: DocContext, cue: Cue, start: int, end: int) -> Candidate | None:
    """X表示，…: the subject of the cue's own clause."""
    if cue.frame:
        return None
    subject = find_subject(ctx, ctx.clause_start(cue.start), cue.start)
    return _indirect(ctx, cue, start, end, subject, "cue")


@register(INDIRECT_SIEVES, "frame")
def sieve_frame(ctx: DocContext, cue: Cue, start: int, end: int) -> Candidate | None:
    """在X看来，… / 据X介绍，… / 正如X所说，…: the subject inside the frame."""
    if not cue.frame:
        return None
    subject = find_subject(ctx, ctx.clause_start(cue.start), cue.start)
    return _indirect(ctx, cue, start, end, subject, "frame")


@register(INDIRECT_SIEVES, "sentence_subject")
def sieve_indirect_sentence_subject(ctx: DocContext, cue: Cue, start: int, end: int) -> Candidate | None:
    """X来到…，强调，…: a cue opening its clause takes the sentence's subject.

    Only words that may stand between a speaker and a cue (``between_speaker_and_cue.txt``:
    X表示反对…，同时强调…) may come before the cue in its clause.
    """
    clause_start = ctx.clause_start(cue.start)
    before = ctx.view[clause_start : cue.start].strip()
    if clause_start == 0 or (before and not ctx.lex.between_speaker_and_cue_pattern.fullmatch(before)):
        return None
    subject = _sentence_subject(ctx, ctx.sentence_start(cue.start), cue.start, bodies=True, nearest=True)
    return _indirect(ctx, cue, start, end, subject, "sentence_subject")


def _indirect_candidates(ctx: DocContext, direct: list[Candidate], order: SieveOrder) -> list[Candidate]:
    sieves = [INDIRECT_SIEVES[name] for name in order.indirect]
    filters = [INDIRECT_FILTERS[name] for name in order.filters if name in INDIRECT_FILTERS]
    taken = bytearray(len(ctx.view) + 1)
    for candidate in direct:
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    found: list[Candidate] = []
    reached = 0
    for cue_start in sorted(ctx.cues.by_start):
        cue = ctx.cues.by_start[cue_start]
        if cue_start < reached or ctx.in_marks[cue_start] or taken[cue_start]:
            continue
        content = indirect_content(ctx, cue)
        if content is None:
            continue
        candidate = next((c for sieve in sieves if (c := sieve(ctx, cue, *content)) is not None), None)
        if candidate is None or any(keep_out(ctx, cue, candidate) for keep_out in filters):
            continue
        found.append(candidate)
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        reached = candidate.end
    for quotation in direct:
        if quotation.dropped is None and any(c.start < quotation.start and quotation.end <= c.end for c in found):
            quotation.dropped = "inside_indirect"  # 就要“…”，…: the quoted words are part of the statement
    return found


# --- continuation across sentences and paragraphs ----------------------------


@register(CONTINUATION_SIEVES, "continuation")
def sieve_continuation(ctx: DocContext, candidate: Candidate, previous: Candidate) -> Subject | None:
    """A later quotation of the same paragraph, with nobody else named in between."""
    para_start, _ = ctx.paragraph_of(candidate.start)
    if ctx.paragraph_of(previous.start)[0] != para_start:
        return None
    between = ctx.entities_in(previous.end, candidate.start, "PERSON")
    if all(p.text == previous.subject.mention for p in between):
        return previous.subject
    return None


@register(CONTINUATION_SIEVES, "previous_paragraph")
def sieve_previous_paragraph(ctx: DocContext, candidate: Candidate, previous: Candidate) -> Subject | None:
    """A paragraph that is only a quotation, right after the paragraph of an attributed one."""
    para_start, para_end = ctx.paragraph_of(candidate.start)
    prev_para_start, _ = ctx.paragraph_of(previous.start)
    if not (prev_para_start < para_start and candidate.start - 1 == para_start):
        return None
    tail = ctx.view[candidate.end : para_end]
    previous_end_para = ctx.paragraph_of(previous.end)[0]
    gap = ctx.view[previous.end : para_start]
    if (
        not re.search(r"[\u4e00-\u9fff]", tail)
        and previous_end_para == ctx.paragraph_of(para_start - 1)[0]
        and len(gap) < 120
    ):
        return previous.subject
    return None


def _fill_continuations(ctx: DocContext, candidates: list[Candidate], order: SieveOrder) -> None:
    sieves = [(name, CONTINUATION_SIEVES[name]) for name in order.continuation]
    previous: Candidate | None = None
    for candidate in candidates:
        if candidate.dropped:
            previous = None  # “必须坚持人民至上”“坚持…”: the report goes on, not the last speaker
            continue
        if candidate.rule == "unattributed" and previous is not None and previous.subject is not None:
            for name, sieve in sieves:
                subject = sieve(ctx, candidate, previous)
                if subject is not None:
                    candidate.subject, candidate.rule = subject, name
                    break
        previous = candidate
    filters = [(name, CANDIDATE_FILTERS[name]) for name in order.filters if name in CANDIDATE_FILTERS]
    for candidate in candidates:
        if candidate.dropped is None:
            candidate.dropped = next((name for name, keep_out in filters if keep_out(ctx, candidate)), None)
    candidates[:] = [c for c in candidates if c.dropped is None]


def attribute_quotes(ctx: DocContext, order: SieveOrder | None = None) -> list[QuoteRecord]:
    """Find every quotation of the document and attribute it; records in text order.

    ``order`` chooses and orders the sieves (default: :class:`SieveOrder`).
    """
    order = order or SieveOrder()
    direct = _direct_candidates(ctx, order)
    candidates = sorted(direct + _indirect_candidates(ctx, direct, order), key=lambda c: c.start)
    _fill_continuations(ctx, candidates, order)
    records = []
    for candidate in candidates:
        record = QuoteRecord(candidate.kind, candidate.start, candidate.end, cue=candidate.cue, rule=candidate.rule)
        record.confidence = CONFIDENCE[candidate.rule]
        subject = candidate.subject
        if subject is not None:
            record.mention, record.mention_start, record.mention_end = subject.mention, subject.start, subject.end
        records.append((record, subject))
    return resolve_speakers(ctx, records, order.speaker, [c.start for c in candidates], [c.end for c in candidates])
