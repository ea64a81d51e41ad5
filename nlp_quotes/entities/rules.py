"""Rule-based recogniser for people, titles, organisations and places.

It works on the ``view`` of a :class:`~nlp_quotes.text.NormalizedText` and is
the default entity backend until a trained model replaces its PERSON layer.
People are found where news copy names them:

* after a title (``研究员孙志嘉委员``, ``秘书长古特雷斯说``), foreign names included;
* before a title, role or cue at the start of a clause (``朱克力指出``, ``习近平总书记``);
* anywhere else once the document has named them that way (a per-document gazetteer).

A name's length (2 or 3 characters) is chosen by what follows it: a cue,
role, title, punctuation or a function word must come right after the name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp_quotes.lexicons import Lexicons, load_capacity_lexicons, load_lexicons
from nlp_quotes.lexicons.cues import Cue, CueIndex
from nlp_quotes.text.chars import NAME_DOTS, NAME_SEPARATORS, SENTENCE_ENDS_AND_ELLIPSIS
from nlp_quotes.types import EntityMention

NAME_CHARS = re.compile(r"^[\u4e00-\u9fff·•—\-]+$")
#: Characters that, third after a surname, begin the next phrase rather than end a name.
FUNCTION_CHARS = set("在的说也还都曾已将对从")
NOT_NAME_CHARS = set("地的了着得们之其某该这那每各本此个所与及跟位他她我你")
FOREIGN_SEPARATORS = NAME_SEPARATORS
#: What ends the sentence or clause inside a closing mark after which a name may open a clause.
CLAUSE_ENDS_BEFORE_CLOSE = frozenset(SENTENCE_ENDS_AND_ELLIPSIS + "，")
PLACE_TITLES = {"省长", "市长", "县长", "区长", "州长", "镇长"}
ORG_STOP = r"^\d|[位些少多该这那每各等为]"
FOREIGN_STOP = set("上下时作有在于是了会答问题年月个和与及对把被将从向到军后听边看讲笑道示")
CLAUSE_BREAK = set("，。；：！？“”\n（）()、…")


def _followed_by_stop(view: str, pos: int, lex: Lexicons, strict: bool) -> bool:
    """Whether ``view[pos:]`` starts with something that may end a name."""
    if pos >= len(view):
        return True
    rest = view[pos : pos + 6]
    if _cue_at(view, pos, lex) or _title_at(view, pos, lex):
        return True
    if strict:
        return rest.startswith(("在", "同志", "先生", "女士"))
    followers = lex.name_followers
    return rest[0] in followers or rest[:2] in followers or rest[0].isdigit() or rest[0].isspace()


def _title_at(view: str, pos: int, lex: Lexicons) -> str | None:
    """Longest title starting at ``pos`` that is not the start of a longer word."""
    if view[pos : pos + 2] not in lex.title_heads:
        return None
    for length in range(min(lex.max_title_len, len(view) - pos), 1, -1):
        word = view[pos : pos + length]
        if word in lex.titles:
            after = view[pos + length : pos + length + 1]
            if word.endswith("委员") and after == "会":
                continue
            if word.endswith("代表") and (after in ("团", "处", "大", "性", "作", "的") or view[pos - 1 : pos] == "为"):
                continue
            if word.endswith("书") and after == "记":
                continue  # 总支书记, not 支书 + 记
            if word.endswith("记者") and after == "会":
                continue
            if word.endswith("书记") and after == "处":
                continue
            if word.endswith("主任") and after == "委":
                continue
            if word in PLACE_TITLES and re.search("[市县区镇州]", view[pos + length : pos + length + 3]):
                continue  # 吉林省长春市: not 省长
            return word
    return None


def find_titles(view: str, lex: Lexicons | None = None) -> list[EntityMention]:
    """Every title in ``view``, longest match first, left to right."""
    lex = lex or load_lexicons()
    found: list[EntityMention] = []
    i = 0
    while i < len(view):
        title = _title_at(view, i, lex)
        if title:
            found.append(EntityMention(i, i + len(title), "TITLE", title))
            i += len(title)
        else:
            i += 1
    return found


def _is_valid_name(name: str, lex: Lexicons) -> bool:
    if not (2 <= len(name) <= 12) or not NAME_CHARS.match(name):
        return False
    if any(char in NOT_NAME_CHARS for char in name):
        return False
    if (
        name in lex.places
        or name in lex.titles
        or name in lex.non_speakers
        or name in lex.descriptors
        or name in lex.not_names
        or name in lex.common_words
    ):
        return False
    if name in lex.pronouns or name in lex.speaking_sides or lex.first_of_abbreviated_sides(name) is not None:
        return False
    if name in lex.name_followers or name in lex.descriptors:
        return False  # 来到, 考察: a verb that follows a name is none
    if name[1:] in lex.titles or name[1:] in lex.descriptors:
        return False  # 向代表, 对专家: a preposition before a title
    if len(name) >= 3 and lex.between_speaker_and_cue_pattern.fullmatch(name[1:]):
        return False  # 都公开(表示), 还当天(表示): an adverb before a cue is no given name
    if len(name) >= 3 and lex.between_speaker_and_cue_pattern.fullmatch(name[:2]):
        return False  # 所长当天发表谈话说: a time word or an adverb opens no name
    if name.endswith(lex.group_words) or name.endswith(lex.descriptor_words):
        return False  # 六连官兵, 国际人士
    if name[-1] in lex.cues:
        return False  # 王永强说
    if name.endswith(lex.org_suffixes):
        return False
    if lex.between_speaker_and_cue_pattern.fullmatch(name):
        return False  # 发言, 当天, 今天: what stands between a speaker and the cue is no speaker
    return not lex.long_cue_pattern.search(name)


def plausible_person(text: str, lex: Lexicons | None = None) -> bool:
    """Whether a PERSON span from any backend can be a name (not 但他, not a single 王, not 今天 or 发言)."""
    name = "".join(text.split())
    lex = lex or load_lexicons()
    return (
        len(name) >= 2
        # a function character at an edge (但他, 王的); inside a tagged name it is the name's (符之冠)
        and not NOT_NAME_CHARS.intersection(name[0] + name[-1] if len(name) > 2 else name)
        and not lex.between_speaker_and_cue_pattern.fullmatch(name)
        and lex.first_of_abbreviated_sides(name) is None  # 美日韩: sides written by one character each
    )


def _has_surname(name: str, lex: Lexicons) -> bool:
    return name[:2] in lex.surnames or name[:1] in lex.surnames


def _chinese_name_at(view: str, pos: int, lex: Lexicons, strict: bool, by_count: bool = False) -> str | None:
    """A 2-4 character Chinese name starting at ``pos``, checked by what follows.

    With ``by_count`` (the name is known to be there, after a title), a name
    that no stop confirms is chosen by how often each length recurs in the text.
    """
    if not _has_surname(view[pos : pos + 2], lex) or any(sep in view[pos : pos + 4] for sep in FOREIGN_SEPARATORS):
        return None  # 哈桑·迪亚卜 is read as a foreign name
    if _title_at(view, pos, lex) or _title_at(view, pos + 1, lex):
        return None  # 国家主席 is a title, not 国家 + 主席; 向代表们 is no 向代
    if pos > 0 and view[pos - 1 : pos + 1] in lex.titles:
        return None  # 国防部长官在会谈中: 官 closes 长官, it opens no name
    compound = view[pos : pos + 2] in lex.surnames
    lengths = (4, 3) if compound else (3, 2)
    for length in lengths:
        name = view[pos : pos + length]
        if _cue_at(view, pos + length - 1, lex) and length > 2:
            continue  # 王勇说：the last character begins the cue
        if length == 3 and name[-1] in FUNCTION_CHARS:
            continue  # 肖捷在参加…: 在 starts the next phrase
        if len(name) == length and _is_valid_name(name, lex) and _followed_by_stop(view, pos + length, lex, strict):
            return name
    if by_count:
        options = [
            view[pos : pos + n]
            for n in lengths
            if _is_valid_name(view[pos : pos + n], lex) and view[pos + n : pos + n + 1] != "地"
        ]
        if options:
            return max(options, key=lambda name: (view.count(name), len(name)))
    return None


_LAST_INDEX: tuple[str, int, CueIndex] | None = None


def _cues(view: str, lex: Lexicons) -> CueIndex:
    """The cue index of ``view`` by the one cue policy (lexical: no word layer at this stage), built once per text."""
    global _LAST_INDEX
    last = _LAST_INDEX
    if last is not None and last[0] is view and last[1] == id(lex):
        return last[2]
    index = CueIndex(view, lex)
    _LAST_INDEX = (view, id(lex), index)
    return index


def _cue_at(view: str, pos: int, lex: Lexicons) -> bool:
    """Whether a cue starts at ``pos``."""
    return _cues(view, lex).starting_at(pos) is not None


def _followed_by_cue(view: str, pos: int, lex: Lexicons) -> bool:
    """Whether a cue follows ``pos``, perhaps after what may stand between a speaker and a cue (当天, 在…时)."""
    if _cue_at(view, pos, lex):
        return True
    pos = lex.between_speaker_and_cue_pattern.match(view, pos).end()
    return _cue_at(view, pos, lex) or view.startswith(("代表", "委员", "在"), pos)


def _foreign_name_at(view: str, pos: int, lex: Lexicons) -> str | None:
    """A name without a Chinese surname, read up to the next cue or role.

    Without a separator (拜登, not 安东尼奥·古特雷斯) the name must be followed
    by a cue or a digit, or be written in ``transliteration_chars.txt`` and be
    followed by a word of ``foreign_name_followers.txt`` (与, 通电话, 会见…).
    """
    for end in range(pos + 2, min(len(view), pos + 13) + 1):
        name = view[pos:end]
        if not NAME_CHARS.match(name) or lex.title_pattern.search(name) or FOREIGN_STOP.intersection(name):
            return None
        separated = any(sep in name for sep in FOREIGN_SEPARATORS)
        followed = (
            _followed_by_cue(view, end, lex)
            or view[end : end + 1].isdigit()  # 墨西哥总统洛佩斯5月公开了…
            or (separated and _followed_by_stop(view, end, lex, strict=False))
            or (
                # 美国总统拜登通电话: transliteration characters, then a word that may follow a name
                view.startswith(lex.foreign_name_followers, end)
                and all(char in lex.transliteration_chars for char in name)
            )
        )
        if followed and _is_valid_name(name, lex):
            return name
    return None


def _names_after_titles(view: str, titles: list[EntityMention], lex: Lexicons) -> list[EntityMention]:
    """Names introduced by a title (研究员孙志嘉, 秘书长古特雷斯)."""
    found = []
    title_ends = {t.end for t in titles}
    for title in titles:
        if title.text in ("代表", "委员") and title.start in title_ends:
            continue  # 霍金花委员代表民盟中央发言: 代表 is a verb here
        before = view[max(0, title.start - 2) : title.start]
        if len(before) == 2 and before[1] in lex.surnames and before[0] in CLAUSE_BREAK:
            continue  # 习主席来到…: surname + title is itself the reference
        pos = title.end
        name = _chinese_name_at(view, pos, lex, strict=False)
        if name is None:
            # 村民曾召胜格外感慨: a recurring Chinese name beats a long "foreign" one,
            # unless it always goes on the same way (莫拉莱 in 莫拉莱斯)
            recurring = _chinese_name_at(view, pos, lex, strict=False, by_count=True)
            following = view[pos : pos + len(recurring) + 1] if recurring else ""
            if recurring and view.count(recurring) >= 2 and view.count(following) < view.count(recurring):
                name = recurring
        name = name or _foreign_name_at(view, pos, lex) or _chinese_name_at(view, pos, lex, strict=False, by_count=True)
        if name and not _cuts_a_word_before_cue(view[pos : pos + len(name) + 12], len(name), lex):
            found.append(EntityMention(pos, pos + len(name), "PERSON", name))
    return found


def _clause_starts(view: str) -> list[int]:
    starts = [0]
    for i, char in enumerate(view):
        if char in CLAUSE_BREAK:
            starts.append(i + 1)
    return starts


def _cue_before_break(view: str, pos: int, lex: Lexicons) -> bool:
    end = pos
    while end < len(view) and end - pos < 40 and view[end] not in CLAUSE_BREAK:
        end += 1
    return _cues(view, lex).first_in(pos, end) is not None or "：" in view[pos:end]


def _names_at_clause_starts(view: str, lex: Lexicons) -> list[EntityMention]:
    found = []
    for pos in _clause_starts(view):
        name = _chinese_name_at(view, pos, lex, strict=True)
        # 王毅在会见时表示: a name followed by 在 must speak in the same clause
        if name and (view[pos + len(name) : pos + len(name) + 1] != "在" or _cue_before_break(view, pos, lex)):
            found.append(EntityMention(pos, pos + len(name), "PERSON", name))
    return found


def _cuts_a_word_before_cue(clause: str, n: int, lex: Lexicons) -> bool:
    """Whether the name ``clause[:n]`` ends inside what stands before the cue (都公|开表示: 公开)."""
    match = lex.between_speaker_and_cue_pattern.match(clause, n - 1)
    return match is not None and match.end() > n


def _names_before_cues(view: str, lex: Lexicons) -> list[EntityMention]:
    """Names that are the whole subject of a speech clause (马莱阿内表示，…).

    The clause must be 2-8 name characters and recur in the document, so that
    a one-off word is not taken for a person.
    """
    found = []
    count = lru_cache(maxsize=None)(view.count)  # the same names are counted at every cue
    cues = _cues(view, lex)
    colons = [Cue("：", i, i + 1) for i, char in enumerate(view) if char == "："]
    for cue in sorted([*cues.by_start.values(), *colons], key=lambda c: c.start):
        if cue.frame:
            continue
        after = view[cue.end : cue.end + 1]
        # 廖红充满信心：“…”  /  马莱阿内表示，…  /  “…”青格勒吉日格乐说。
        punctuated = after == "“" if cue.word == "：" else after in ("，", "：", ",", "。")
        if not punctuated and lex.cues.get(cue.word) not in ("bare", "bare_person"):
            continue
        start = cue.start
        while start > 0 and view[start - 1] not in CLAUSE_BREAK and cue.start - start < 9:
            start -= 1
        if start > 0 and view[start - 1] not in CLAUSE_BREAK:
            continue
        clause = view[start : cue.start]
        after_quote = start > 0 and view[start - 1] == "”"
        if after_quote and view[start - 2 : start - 1] not in CLAUSE_ENDS_BEFORE_CLOSE:
            continue  # “十五五”规划纲要目标要求: a term in marks, mid-sentence
        whole_clause_is_name = (
            punctuated
            and (after != "。" or after_quote)  # “…”青格勒吉日格乐说。
            and 2 <= len(clause) <= 8
            and clause[-1] not in "中上里时后"  # 申诉中说
            and _is_valid_name(clause, lex)
            and count(clause) >= 2
            and not lex.title_pattern.search(clause)
            and not FOREIGN_STOP.intersection(clause)
        )
        if whole_clause_is_name:
            found.append(EntityMention(start, cue.start, "PERSON", clause))
            continue
        if _has_surname(clause[:2], lex):
            options = [
                clause[:n]
                for n in (3, 2)
                if _is_valid_name(clause[:n], lex)
                and count(clause[:n]) >= 2
                and len(clause) - n <= 6  # 郑思维赛后总结时表示
                and not lex.title_pattern.search(clause[n:])  # 南沙边检站民警说: the speaker is the 民警
                and not any(clause[n:].startswith(suffix) for suffix in lex.org_suffixes)
                and not any(place.startswith(clause[:n]) and clause.startswith(place) for place in lex.places)
                and count(clause[: n + 1]) < count(clause[:n])  # not always 罗德里 + 格斯
                and not _title_at(view, start + n, lex)
                and not _cuts_a_word_before_cue(clause, n, lex)
            ]
            if options:
                name = max(options, key=lambda name: (count(name), len(name)))
                found.append(EntityMention(start, start + len(name), "PERSON", name))
    return found


@lru_cache(maxsize=8)
def _descriptor_pattern(descriptors: frozenset[str], occupations: frozenset[str]) -> re.Pattern[str] | None:
    words = sorted(descriptors | occupations, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _names_after_descriptors(view: str, lex: Lexicons) -> list[EntityMention]:
    """A Chinese name between a descriptor or occupation and a punctuated cue (果农李先水说，…).

    The words are ``descriptors.txt`` and ``occupations.txt`` (村民, 游客, 果农);
    the name must open with a surname and be followed right away by a cue
    and a comma or colon.  A name said only once counts here: the frame is
    the evidence.
    """
    pattern = _descriptor_pattern(lex.descriptors, load_capacity_lexicons().occupations)
    if pattern is None:
        return []
    cues = _cues(view, lex)  # the index _names_before_cues built for this text
    found = []
    for match in pattern.finditer(view):
        pos = match.end()
        name = _chinese_name_at(view, pos, lex, strict=False)
        if name is None:
            continue
        cue = cues.starting_at(pos + len(name))
        if cue is not None and not cue.frame and view[cue.end : cue.end + 1] in ("，", "：", ","):
            found.append(EntityMention(pos, pos + len(name), "PERSON", name))
    return found


def _names_with_address_terms(view: str, lex: Lexicons) -> list[EntityMention]:
    """A surname with an address term is a name (王大娘, 李先生), so is a familiar form opening a clause (老李)."""
    found = [EntityMention(m.start(), m.end(), "PERSON", m.group()) for m in lex.address_name_pattern.finditer(view)]
    found += [
        EntityMention(m.start(), m.end(), "PERSON", m.group())
        for m in lex.familiar_name_pattern.finditer(view)
        if m.group() not in lex.common_words  # 老师, 老家: words, not 老 + a surname
    ]
    return found


def _gazetteer_mentions(view: str, names: set[str], taken: list[tuple[int, int]]) -> list[EntityMention]:
    found = []
    occupied = bytearray(len(view) + 1)
    for start, end in taken:
        occupied[start:end] = b"\x01" * (end - start)
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(re.escape(name), view):
            start, end = match.span()
            if not any(occupied[start:end]):
                found.append(EntityMention(start, end, "PERSON", name))
                occupied[start:end] = b"\x01" * (end - start)
    return found


def _short_forms(names: set[str]) -> set[str]:
    """Short forms of foreign names (阿斯卡里 for 侯赛因·阿斯卡里)."""
    short = set()
    for name in names:
        for sep in NAME_DOTS:
            if sep in name:
                tail = name.rsplit(sep, 1)[1]
                if len(tail) >= 2:
                    short.add(tail)
    return short


def find_orgs_and_places(view: str, titles: list[EntityMention], lex: Lexicons) -> list[EntityMention]:
    """Organisations written before a title (``天津大学副校长``) and known places."""
    found = []
    cues = _cues(view, lex)
    for title in titles:
        start = title.start
        while start > 0 and view[start - 1] not in CLAUSE_BREAK and title.start - start < 30:
            start -= 1
        # the organisation is the stretch after the last title or function word
        segment = view[start : title.start]
        cut = max(segment.rfind(ch) for ch in "的在和与及兼 \u3000\t—")  # 新华社银川7月20日电  中共…
        segment_start = start + cut + 1
        datelines = list(lex.dateline_pattern.finditer(view, start, title.start))
        if datelines:
            segment_start = max(segment_start, datelines[-1].end())
        for other in titles:
            if start <= other.start and other.end <= title.start:
                segment_start = max(segment_start, other.end)
        org = view[segment_start : title.start]
        # 专家告诉记者: 告诉 is no organisation
        holds_cue = any(cues.starting_at(i) is not None for i in range(segment_start, title.start))
        if len(org) >= 2 and re.search(r"[\u4e00-\u9fff]", org) and not re.search(ORG_STOP, org) and not holds_cue:
            label = "LOC" if org in lex.places else "ORG"
            found.append(EntityMention(segment_start, title.start, label, org))
    for place in places_in(view, lex):
        for match in re.finditer(re.escape(place), view):
            found.append(EntityMention(match.start(), match.end(), "LOC", place))
    return found


#: ``id(lexicons) -> (lexicons, places by first character, rank of each place)``, built once per lexicons.
_PLACE_INDEX: dict[int, tuple[Lexicons, dict[str, list[str]], dict[str, int]]] = {}


def places_in(view: str, lex: Lexicons) -> list[str]:
    """The known places ``view`` holds, longest first (ties in one fixed order): only they are searched for."""
    entry = _PLACE_INDEX.get(id(lex))
    if entry is None or entry[0] is not lex:
        ordered = sorted(lex.places, key=len, reverse=True)
        by_first: dict[str, list[str]] = {}
        for place in ordered:
            by_first.setdefault(place[0], []).append(place)
        entry = _PLACE_INDEX[id(lex)] = (lex, by_first, {place: rank for rank, place in enumerate(ordered)})
    _, by_first, rank = entry
    found = [place for char in set(view) for place in by_first.get(char, ()) if place in view]
    return sorted(found, key=rank.__getitem__)


def find_entities(view: str, lex: Lexicons | None = None) -> list[EntityMention]:
    """PERSON, TITLE, ORG and LOC mentions of ``view``, non-overlapping, in order.

    People win over titles, titles over organisations, organisations over places.
    """
    lex = lex or load_lexicons()
    titles = find_titles(view, lex)
    at_clause_starts = (
        _names_with_address_terms(view, lex)
        + _names_at_clause_starts(view, lex)
        + _names_before_cues(view, lex)
        + _names_after_descriptors(view, lex)
    )
    inside_names = {i for m in at_clause_starts for i in range(m.start, m.end)}
    free_titles = [t for t in titles if t.start not in inside_names]  # 习主席来到…: 主席 is part of a name
    after_titles = _names_after_titles(view, free_titles, lex)
    title_by_end = {t.end: t for t in titles}

    def introduced_by_title_after(names: list[EntityMention], others: list[EntityMention]) -> list[EntityMention]:
        """Drop names whose title follows another name (孙志嘉委员定下目标: 委员 introduces nobody)."""
        other_ends = {m.end for m in others}
        return [m for m in names if m.start not in title_by_end or title_by_end[m.start].start not in other_ends]

    after_titles = introduced_by_title_after(after_titles, after_titles)
    # 华为常务董事、…张平安: what stands before a title that introduces a Chinese name is no person
    introducing = {
        title_by_end[m.start].start
        for m in after_titles
        if m.start in title_by_end and _chinese_name_at(view, m.start, lex, strict=False) == m.text
    }
    at_clause_starts = [m for m in at_clause_starts if m.end not in introducing]
    after_titles = introduced_by_title_after(after_titles, at_clause_starts)
    strong = at_clause_starts + after_titles
    names = {m.text for m in strong}
    names |= _short_forms(names)
    persons = strong + _gazetteer_mentions(view, names, [(m.start, m.end) for m in strong])
    candidates = persons + titles + find_orgs_and_places(view, titles, lex)
    priority = {"PERSON": 0, "TITLE": 1, "ORG": 2, "LOC": 3}
    candidates.sort(key=lambda m: (priority[m.label], m.start, -(m.end - m.start)))
    occupied = bytearray(len(view) + 1)
    chosen = []
    for mention in candidates:
        if not any(occupied[mention.start : mention.end]):
            chosen.append(mention)
            occupied[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
    return sorted(chosen, key=lambda m: m.start)
