"""Who is speaking in a clause: names, pronouns, titles alone, organisations and sides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.entities import EntityMention

#: A name that is part of a doctrine or a formula, not a speaker (习近平新时代中国特色社会主义思想).
DOCTRINE = re.compile(r"新时代|思想|主义|同志为核心|同志关于")
REFERRING = re.compile(r"^(该|这位|那位|此位|本位)?")
UNNAMED_ONE = re.compile(r"^(一位|一名|有位|某位|这位|那位)[\u4e00-\u9fff]{1,8}?(?=高兴地|激动地|笑着|感慨|$)")
#: A title in 《》 opening a clause, perhaps after a country (日本《朝日新闻》).
BOOK = re.compile(r"\s*[\u4e00-\u9fff]{0,4}《([^》\n]{1,20})》")
ORG_TEXT = re.compile(r"[^的称说由被把这那在\W]+")  # not 总部位于上海的新开发银行, 俄称…, 这个概念由世界银行
#: a date inside a would-be organisation name: 某国国防部长7月在国会 is an officer, then when and where
DATE_INSIDE = re.compile(r"[0-9０-９]+[年月日时]")


@dataclass(frozen=True)
class Subject:
    """The speaker found in a clause.

    ``kind`` is ``person``, ``pronoun``, ``title`` (a title alone, 总书记),
    ``org``, ``side`` (中方), ``joint`` (双方, sides together) or ``unnamed`` (有关负责人).
    """

    kind: str
    mention: str
    start: int
    end: int
    name: str | None = None
    person: EntityMention | None = None


def _strip_frame(ctx: DocContext, text: str, start: int) -> tuple[str, int]:
    """Drop a frame or connective and a dateline before the subject (据X…, 在X看来, 但他…, 新华社…电)."""
    for _ in range(2):  # 但在X看来: a connective, then a frame
        prefix = next((p for p in ctx.lex.subject_openers if text.startswith(p)), None)
        if prefix is None:
            break
        text, start = text[len(prefix) :], start + len(prefix)
    dateline = ctx.lex.dateline_pattern.match(text)
    if dateline:
        rest = text[dateline.end() :].lstrip(" \u3000")
        start += len(text) - len(rest)
        text = rest
    return text, start


def find_subject(ctx: DocContext, start: int, end: int) -> Subject | None:
    """The speaker of a clause ``view[start:end]`` (cue excluded), or ``None``.

    A named person wins: the one right before the cue, else the clause's first
    (names inside doctrines such as 习近平新时代…思想 do not count).  Otherwise
    the clause must open with a pronoun, a title alone, an organisation, a
    speaking side or an unnamed descriptor.  Groups, documents and meetings
    give ``None``.
    """
    clause = ctx.view[start:end]
    if not clause.strip():
        return None
    cited = _cited_source(ctx, start, end)
    if cited is not None:
        return find_subject(ctx, *cited)
    book = BOOK.match(clause)
    if book:
        rest = clause[book.end() :]
        medium = next((m for m in ctx.lex.outlet_media if rest.startswith(m)), "")
        if ctx.lex.between_speaker_and_cue_pattern.fullmatch(rest[len(medium) :]):
            name = book.group(1)
            name_start = start + book.start(1)
            if medium:  # 美国《国家利益》网站认为: the medium after the title makes it an outlet
                mention_start = name_start - 1  # from 《
                mention_end = start + book.end() + len(medium)
                mention = ctx.view[mention_start:mention_end]
                return Subject("org", mention, mention_start, mention_end, name=name + medium)
            if name.endswith(ctx.lex.outlet_suffixes):  # 日本《朝日新闻》称: an outlet states its view
                return Subject("org", name, name_start, name_start + len(name), name=name)
            return None  # 《内罗毕宣言》指出: a document speaks for nobody
    persons = [p for p in ctx.entities_in(start, end, "PERSON") if not DOCTRINE.match(ctx.view, p.end)]
    if len(persons) > 1:
        # X的贺信让B…: the person after a causative speaks; a possessor (X的…) does not
        caused = [p for p in persons[1:] if any(c in ctx.view[persons[0].end : p.start] for c in ctx.lex.causatives)]
        not_possessors = [p for p in persons if ctx.view[p.end : p.end + 1] != "的"]
        persons = caused or not_possessors or persons
    if persons:
        # the name right before the cue speaks (杨靖宇将军的孙子马继志说); else the clause's first name
        last = persons[-1]
        administration = next((w for w in ctx.lex.person_bodies if ctx.view.startswith(w, last.end)), None)
        if administration and ctx.lex.between_speaker_and_cue_pattern.fullmatch(
            ctx.view[last.end + len(administration) : end]
        ):
            # 特朗普政府在报告中称: the administration a person leads speaks, as an organisation
            name = last.text + administration
            return Subject("org", name, last.start, last.end + len(administration), name=name)
        adjacent = ctx.lex.between_speaker_and_cue_pattern.fullmatch(ctx.view[last.end : end])
        if not adjacent:
            # 某阵线下属武装派别烈士旅称: a body right before the cue beats a name further back
            tail_text, tail_offset = ctx.view[last.end : end], last.end
            body = _tagged_body(ctx, tail_offset, end) or _suffixed_body(ctx, tail_text, tail_offset)
            if body is not None and body.start > last.end:
                return body
        person = last if adjacent else persons[0]
        if not adjacent and _strip_frame(ctx, clause, start)[0].lstrip(" \u3000").startswith(ctx.lex.object_openers):
            return None  # 与美国总统拜登会谈后强调…: a clause opening with a preposition names an object
        if adjacent and len(persons) > 1 and ctx.view[persons[-2].end : last.start] in ctx.lex.pair_conjunctions:
            person = persons[-2]  # 王某和李某表示: the pair speaks, the first named is the speaker
        before = ctx.view[start : person.start]
        if ctx.lex.group_pattern.search(before) and not ctx.entities_in(start, person.start, "TITLE"):
            return None
        return Subject("person", person.text, person.start, person.end, name=person.text, person=person)
    lex = ctx.lex
    between = lex.between_speaker_and_cue_pattern.fullmatch
    text, offset = _strip_frame(ctx, clause, start)
    if ctx.lex.group_pattern.search(text[:6]) or any(
        text.startswith(word) and not any(len(d) > len(word) and text.startswith(d) for d in lex.descriptors)
        for word in lex.non_speakers
    ):
        return None  # 分析认为 is an open group; 分析人士认为 one unnamed source
    for pronoun in lex.pronouns_longest_first:
        if text.startswith(pronoun):
            if lex.pronouns[pronoun] != "singular":
                return None
            return Subject("pronoun", pronoun, offset, offset + len(pronoun))
    refer = REFERRING.match(text)
    head = text[refer.end() :]
    for title in ctx.entities_in(offset + refer.end(), end, "TITLE")[:1]:
        if title.start == offset + refer.end():
            rest = ctx.view[title.end : end]
            if between(rest):
                mention = ctx.view[offset : title.end]
                kind = "title" if title.text not in lex.descriptors or refer.group() else "unnamed"
                return Subject(kind, mention, offset, title.end)
    for length in range(min(len(head), 8), 1, -1):
        first = lex.first_of_abbreviated_sides(head[:length])
        if first is not None and between(head[length:]):
            # 韩美日三方表示 / 美日韩要求: sides together, the first named is the speaker
            return Subject("side", head[:length], offset + refer.end(), offset + refer.end() + length, name=first)
    for joint in lex.joint_sides:
        if head.startswith(joint) and between(head[len(joint) :]):
            return Subject("joint", joint, offset + refer.end(), offset + refer.end() + len(joint))
    for side, country in lex.speaking_sides.items():
        if head.startswith(side) and between(head[len(side) :]):
            return Subject("side", side, offset, offset + len(side), name=country)
    body = _tagged_body(ctx, offset, end) or _short_body(ctx, text, offset) or _suffixed_body(ctx, text, offset)
    if body is not None:
        return body
    unnamed = UNNAMED_ONE.match(text)
    if unnamed:
        return Subject("unnamed", unnamed.group(), offset, offset + unnamed.end())
    titles = ctx.entities_in(offset, end, "TITLE")
    if titles and between(ctx.view[titles[-1].end : end]) and titles[-1].end - offset <= 20:
        # 南沙边检站民警说: an organisation's officer, not named
        return Subject("unnamed", ctx.view[offset : titles[-1].end], offset, titles[-1].end)
    for descriptor in lex.descriptors_longest_first:
        index = text.find(descriptor)
        if index >= 0 and index + len(descriptor) >= len(text) - 8:
            return Subject("unnamed", descriptor, offset + index, offset + index + len(descriptor))
    return None


def _cited_source(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    """The stretch naming the source a clause cites (某社援引|消息人士|的话称), or ``None``.

    Only when the clause ends with the source, a citation tail (的话, 消息) and what
    may stand before a cue.  Does not resolve the source itself.
    """
    lex = ctx.lex
    clause = ctx.view[start:end]
    marker = max((clause.rfind(m) + len(m) for m in lex.citation_markers if m in clause), default=-1)
    if marker < 0:
        return None
    rest = clause[marker:]
    for tail in lex.citation_tails:
        index = rest.rfind(tail)
        if index > 0 and lex.between_speaker_and_cue_pattern.fullmatch(rest[index + len(tail) :]):
            source_end = start + marker + index
            if source_end > start + marker and lex.between_speaker_and_cue_pattern.fullmatch(rest[:index]) is None:
                return start + marker, source_end
    return None


def _suffixed_body(ctx: DocContext, text: str, offset: int) -> Subject | None:
    """外交部10日表示 / 总部位于上海的新开发银行表示: an organisation by its suffix, read after the last modifier."""
    between = ctx.lex.between_speaker_and_cue_pattern.fullmatch
    modifier_ends = [text.rfind(m) + len(m) for m in ctx.lex.organisation_modifiers if m in text]
    for org_offset in dict.fromkeys((*sorted(modifier_ends, reverse=True), 0)):
        org = _organisation_prefix(ctx, text[org_offset:])
        if org and between(text[org_offset + len(org) :]):
            ctx.named_bodies[org] = None
            return Subject("org", org, offset + org_offset, offset + org_offset + len(org), name=org)
    return None


def is_short_form(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full``: same first and last character, the rest in order (以军, 以色列国防军)."""
    if len(short) >= len(full) or len(short) < 2 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _short_body(ctx: DocContext, text: str, offset: int) -> Subject | None:
    """A short form of an organisation the article names, opening the clause (以军还称, after 以色列国防军)."""
    between = ctx.lex.between_speaker_and_cue_pattern.fullmatch
    for length in (4, 3, 2):
        head = text[:length]
        if len(head) == length and between(text[length:]) and any(is_short_form(head, b) for b in ctx.named_bodies):
            return Subject("org", head, offset, offset + length, name=head)
    return None


def _tagged_body(ctx: DocContext, start: int, end: int) -> Subject | None:
    """An organisation or country the entity layer tags, right before the cue (以色列国防军3日发表声明称).

    Adjacent tagged bodies join (美国 + 麦克萨科技公司); what stands before
    them must be nothing or end with 的 (哈马斯下属的卡桑旅).  A country speaks
    as a side (乌克兰方面称 → 乌克兰).  Bodies listed with 、, 和 or 与
    (美国、英国和澳大利亚宣布) speak together: the first named is the speaker.
    """
    between = ctx.lex.between_speaker_and_cue_pattern.fullmatch
    bodies = [e for e in ctx.entities_in(start, end) if e.label in ("ORG", "LOC")]
    if bodies and not between(ctx.view[bodies[-1].end : end]):
        # a tagged body cut short (韩国国|防部称): read on to an organisation suffix
        longer = _organisation_prefix(ctx, ctx.view[bodies[-1].start : end])
        last = bodies[-1]
        cut_short = longer is not None and len(longer) - (last.end - last.start) <= 3
        if not cut_short or not between(ctx.view[last.start + len(longer) : end]):
            return None
        bodies[-1] = EntityMention(last.start, last.start + len(longer), "ORG", longer)
    if not bodies:
        return None
    first = len(bodies) - 1
    while first > 0 and bodies[first - 1].end == bodies[first].start:
        first -= 1
    body_start, body_end = bodies[first].start, bodies[-1].end
    head = ctx.view[start:body_start]
    joiners = (*ctx.lex.pair_conjunctions, "、")
    listed = first
    while listed > 0 and ctx.view[bodies[listed - 1].end : bodies[listed].start] in joiners:
        listed -= 1
    if listed < first and bodies[listed].start == start:
        # 某国与某国宣布 / 美国、英国和澳大利亚宣布: the list speaks, the first named is the speaker
        first = listed
        body_start, body_end, head = bodies[first].start, bodies[first].end, ""
    if head and not head.endswith("的"):
        return None
    name = ctx.view[body_start:body_end]
    officer = ctx.entity_at(body_end, "TITLE")
    if officer is not None:
        # 物业公司代表说 / 外交部发言人表示: an unnamed officer of the body
        return Subject("unnamed", ctx.view[body_start : officer.end], body_start, officer.end)
    if (
        name in ctx.lex.non_speakers
        or (name in ctx.lex.news_agencies and ctx.view[body_end : body_end + 1] in "（(")  # 央视网消息（新闻联播）：
        or ctx.lex.document_source_pattern.search(name)
        or ctx.lex.group_pattern.search(name)
    ):
        return None
    abbreviated = ctx.lex.first_of_abbreviated_sides(name)
    if abbreviated is not None:  # 美日韩 tagged as one body: the sides together, the first named speaks
        return Subject("side", name, body_start, body_end, name=abbreviated)
    kind = "side" if first == len(bodies) - 1 and bodies[-1].label == "LOC" else "org"
    if kind == "org":
        ctx.named_bodies[name] = None
    return Subject(kind, name, body_start, body_end, name=name)


def _organisation_prefix(ctx: DocContext, text: str) -> str | None:
    """The longest start of ``text`` that ends with an organisation suffix."""
    best = None
    for end in range(2, min(len(text), 30) + 1):
        head = text[:end]
        if (
            any(head.endswith(suffix) for suffix in ctx.lex.org_suffixes)
            and ORG_TEXT.fullmatch(head)
            and "的" not in head
            and not DATE_INSIDE.search(head)
        ):
            best = head
    if best and (best in ctx.lex.non_speakers or len(best) < 2):
        return None
    return best
