"""Title chains read as positions: (title, organisation) pairs written before a name.

``全国政协委员、全国工商联副主席、某科技集团股份有限公司董事长某某`` is read from the
name backwards, one segment per joiner (、, 兼): the role 委员 (of 全国政协), then
(副主席, 全国工商联) and (董事长, 某科技集团股份有限公司).  Everything the parser
knows is in lexicon files (:func:`nlp_quotes.lexicons.load_capacity_lexicons`):
position words and occupations, title modifiers, party units, organisation endings
and the words an organisation never spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.entities import EntityMention
from nlp_quotes.lexicons import load_capacity_lexicons

#: Longest organisation the parser reads back from a title (entities nested or not).
ORG_MAX = 40
#: Longest organisation read back where no entity layer labelled one.
UNLABELLED_MAX = 20
#: An unlabelled name an ending points back to (调解中心 … 中心负责人): how many earlier places are
#: read, and how many characters it has beyond the ending.
ANTECEDENT_TRIES, ANTECEDENT_MIN = 3, 4
#: Longest place read before a party unit opening a title (山东省邹城 + 市委书记).
PLACE_MAX = 8
#: Joiners inside one organisation name (文化和旅游部, 环境、气候变化与林业部), and how far each piece reaches.
NAME_JOINERS = "和与、"
JOINED_PIECE_MAX = 8
#: Endings of an organisation whose name may hold a joiner (a ministry or department).
JOINABLE_ENDS = ("部", "厅", "局", "委", "委员会", "协会")
NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z（）·]")
#: Longest bracketed alias an organisation may carry before a title: 工商联（总商会）主席.
ALIAS_MAX = 12
ALIAS_NOT = re.compile(r"简称|下称|“|”|\d")
#: A delegation named in the deputy's sentence: 江苏代表团的某某代表, 某某代表（江苏代表团）.
DELEGATION = re.compile(r"([\u4e00-\u9fff]{2,8}?代表团)")
DELEGATION_REACH = 12


#: What an organisation never opens with: a closing bracket, a separator, a space (not 《, which opens 《某报》).
LEADING_MARKS = frozenset("）)]】」』〉》〕，,。.、；;：:！!？? \u3000\xa0")


@dataclass(frozen=True)
class Position:
    """One position: a title and the organisation it is held in (either may be ``None``)."""

    title: str | None
    org: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"title": self.title, "org": self.org}


@dataclass
class Chain:
    """What one mention's title chain says: positions in text order, role and role detail."""

    positions: list[Position]
    role: str | None = None
    role_level: str | None = None
    delegation: str | None = None
    sector: str | None = None


class ChainParser:
    """Reads the title chains of one document; build once per document (it marks entity interiors)."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.cap = load_capacity_lexicons()
        inside = bytearray(len(ctx.view) + 1)
        for entity in ctx.entities:
            inside[entity.start + 1 : entity.end] = b"\x01" * max(0, entity.end - entity.start - 1)
        #: 1 where a cut would split an entity
        self.inside = inside
        self._ends = frozenset(self.cap.organisation_ends)

    # -- titles ---------------------------------------------------------------------------
    def title_before(self, pos: int) -> tuple[int, str] | None:
        """Start and text of the title ending at ``pos``: a TITLE entity or a lexicon position word.

        The longer of the two wins; a lexicon word never starts inside an entity.
        Modifiers written before it (驻村第一, 国防) are taken in.  Does not read
        past ``pos`` or look for titles that end elsewhere.
        """
        view, cap = self.ctx.view, self.cap
        entity = self.ctx.entity_ending_at(pos, "TITLE")
        start = entity.start if entity is not None else None
        for n in range(min(cap.max_position_len, pos), 1, -1):
            begin = pos - n
            if start is not None and begin >= start:
                break
            if not self.inside[begin] and view[begin:pos] in cap.position_words:
                start = begin
                break
        if start is None:
            return None
        extended = True
        while extended:
            extended = False
            for modifier in cap.title_modifiers:
                begin = start - len(modifier)
                free = begin >= 0 and not self.inside[begin] and not self.inside[start]
                if free and view.startswith(modifier, begin) and self.ctx.entity_ending_at(start) is None:
                    start, extended = begin, True
                    break
        return start, view[start:pos]

    # -- organisations ----------------------------------------------------------------------
    def _entity_org_before(self, end: int) -> EntityMention | None:
        """The ORG or LOC entity ending at ``end``, with a bracketed alias after it kept in."""
        ctx = self.ctx
        found = ctx.entity_ending_at(end, "ORG") or ctx.entity_ending_at(end, "LOC")
        if found is not None or end < 3 or ctx.view[end - 1] != "）":
            return found
        opening = ctx.view.rfind("（", max(0, end - ALIAS_MAX - 2), end - 1)
        alias = ctx.view[opening + 1 : end - 1]
        if opening < 1 or "）" in alias or ALIAS_NOT.search(alias):
            return None
        org = ctx.entity_ending_at(opening, "ORG")
        if org is None:
            return None
        return EntityMention(org.start, end, "ORG", ctx.view[org.start : end])

    def org_before(self, title_start: int) -> tuple[int, str] | None:
        """Start and text of the organisation written right before a title, or ``None``.

        Adjacent ORG/LOC entities are one nested name (中国科学院 + 高能物理研究所);
        a ministry keeps the joiner in its name (文化和旅游部).  Where no entity ends
        at the title, the text back to punctuation, a stop word or a dateline is an
        organisation only if it ends with an organisation ending.  Does not take a
        person's or a title's text in.
        """
        ctx = self.ctx
        found = self._entity_org_before(title_start)
        if found is not None:
            start = found.start
            while (prev := self._entity_org_before(start)) is not None and title_start - prev.start <= ORG_MAX:
                start = prev.start
            if found.text.endswith(JOINABLE_ENDS):
                start = self._joined_start(start)
            trimmed, text = self._trim(start, ctx.view[start:title_start])
            if len(text) < 2:
                return None
            return trimmed, text
        return self._unlabelled_org(title_start)

    def _joined_start(self, start: int) -> int:
        """Start of a name holding joiners before ``start`` (环境、气候变化与林业部), else ``start``."""
        view = self.ctx.view
        best = start
        pos = start
        for _ in range(3):
            if pos < 2 or view[pos - 1] not in NAME_JOINERS:
                break
            j = pos - 1
            k = j
            while (
                k > 0
                and j - k < JOINED_PIECE_MAX
                and NAME_CHAR.match(view[k - 1])
                and self.ctx.entity_ending_at(k) is None
            ):
                k -= 1
            piece = view[k:j]
            if not piece or self.cap.stop_pattern.search(piece):
                break
            pos = k
            prev = self._entity_org_before(pos)
            if prev is not None and prev.label == "LOC":
                return prev.start
            if pos == 0 or not NAME_CHAR.match(view[pos - 1]):
                best = pos
        return best

    def _unlabelled_org(self, title_start: int) -> tuple[int, str] | None:
        """The text before a title read as an organisation where no entity ends there, or ``None``."""
        ctx, cap = self.ctx, self.cap
        view = ctx.view
        i = title_start
        while i > 0 and title_start - i < UNLABELLED_MAX and NAME_CHAR.match(view[i - 1]):
            if ctx.entity_ending_at(i, "PERSON") is not None:
                break
            i -= 1
        start, text = self._trim(i, view[i:title_start])
        if len(text) < 2 or text in cap.position_words or self.inside[start]:
            return None
        if text.endswith(cap.organisation_ends):
            return start, text
        for n in range(len(text), 1, -1):  # a country or region the entity layer missed: 报道，乌克兰国防部长
            if text[-n:] in ctx.lex.places:
                return title_start - n, text[-n:]
        return None

    def _unit_title_place(self, title_start: int, title: str) -> tuple[int, str] | None:
        """The party unit of a title opening with one, with the place written before it (武强 + 县委书记 → 武强县委).

        Only for a keep unit (市委, 县委) opening a bare title, where no organisation was
        found; the place is the unlabelled text back to punctuation or a stop word,
        two to ``PLACE_MAX`` characters.
        """
        cap, view = self.cap, self.ctx.view
        unit = next((u for u in cap.keep_units if title.startswith(u) and title[len(u) :] in cap.bare_titles), None)
        if unit is None:
            return None
        i = title_start
        while i > 0 and title_start - i < UNLABELLED_MAX and NAME_CHAR.match(view[i - 1]):
            if self.ctx.entity_ending_at(i, "PERSON") is not None:
                break
            i -= 1
        start, text = self._trim(i, view[i:title_start])
        if not 2 <= len(text) <= PLACE_MAX or text in cap.position_words or self.inside[start]:
            return None
        return start, text + unit

    def _trim(self, start: int, text: str) -> tuple[int, str]:
        """Cut a dateline, everything up to the last stop word, a session number and leading marks off an organisation.

        A stop inside a name word (对外, 数据: organisation_stop_exceptions.txt) does not cut.
        """
        cut = 0
        for match in self.ctx.lex.dateline_pattern.finditer(text):
            cut = match.end()
        for match in self.cap.stop_pattern.finditer(text, cut):
            if not self._in_exception(text, match.start(), match.end()):
                cut = match.end()
        while (opener := self.cap.ordinal.match(text[cut:])) is not None and opener.end() > 0:
            cut += opener.end()
        while cut < len(text) and text[cut] in LEADING_MARKS:
            cut += 1  # ）全国人大常委会: no organisation opens with a closing bracket or a separator
        return start + cut, text[cut:]

    def _in_exception(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (a stop word) lies inside a word of organisation_stop_exceptions.txt."""
        for word in self.cap.stop_exceptions:
            at = text.find(word, max(0, end - len(word)), start + len(word))
            if at >= 0 and at <= start and at + len(word) >= end:
                return True
        return False

    def resolve(self, start: int, org: str) -> str | None:
        """The full name an organisation points back to (该公司, 中心), ``org`` itself when it names one.

        The nearest ORG entity before ``start`` ending with the same ending is taken, with
        the names right before it (山西 + 某煤业有限公司); ``None`` when there is none.  An
        ending that is a name too (国务院, named_bodies.txt) is kept.  Does not look after ``start``.
        """
        bare = org
        for opener in self.cap.anaphoric_openers:
            if org.startswith(opener) and len(org) > len(opener) + 1:
                bare = org[len(opener) :]
                break
        if bare == org and (org not in self._ends or org in self.cap.named_bodies):
            return org
        index = bisect.bisect_left(self.ctx._starts, start) - 1
        while index >= 0:
            entity = self.ctx.entities[index]
            longer = entity.label == "ORG" and entity.end <= start and len(entity.text) > len(bare)
            if longer and entity.text.endswith(bare) and not entity.text.startswith(self.cap.anaphoric_openers):
                begin = entity.start  # 山西 + 某煤业有限公司: the adjacent names before it are in it
                while (prev := self._entity_org_before(begin)) is not None and entity.end - prev.start <= ORG_MAX:
                    begin = prev.start
                return self.ctx.view[begin : entity.end]
            index -= 1
        return self._unlabelled_antecedent(start, bare)

    def _unlabelled_antecedent(self, start: int, bare: str) -> str | None:
        """A name the entity layer missed that ``bare`` (中心) points back to: the nearest earlier
        ``bare`` ending an unlabelled organisation of ``ANTECEDENT_MIN`` characters more, else ``None``."""
        end = start
        for _ in range(ANTECEDENT_TRIES):
            at = self.ctx.view.rfind(bare, 0, end)
            if at < 0:
                return None
            if bare in self.cap.grassroots_units:  # 社区, 村: a place, not a name to point back to
                return None
            found = self._unlabelled_org(at + len(bare))
            if found is not None and found[1].endswith(bare) and len(found[1]) >= len(bare) + ANTECEDENT_MIN:
                return found[1]
            end = at
        return None

    def read_segment(self, pos: int) -> tuple[int, str, str | None] | None:
        """Start, title and organisation of the chain segment ending at ``pos``, or ``None`` (no title).

        A grassroots unit opening a lexicon title goes to the organisation before it
        (某巷社区党委书记 → 党委书记 of 某巷社区) when one is there, but not where the
        organisation ends with it already (某村村支书 → 村支书 of 某村).  A filler between the
        organisation and the title (相关负责人, title_fillers.txt) belongs to neither.
        """
        found = self.title_before(pos)
        if found is None:
            return None
        title_start, title = found
        org_end = title_start
        for filler in self.cap.title_fillers:  # 某局相关负责人: 相关 belongs to neither
            if title.startswith(filler) and title[len(filler) :] in self.cap.position_words:
                title_start, title = title_start + len(filler), title[len(filler) :]
            if self.ctx.view.startswith(filler, title_start - len(filler)):
                org_end = title_start - len(filler)
                break
        org = None
        for unit in self.cap.grassroots_units:
            rest = title[len(unit) :]
            doubled = self.ctx.view.startswith(unit, title_start - len(unit))  # 某村村支书: 村 stays in the title
            if title.startswith(unit) and rest in self.cap.position_words and not doubled:
                candidate = self.org_before(title_start + len(unit))
                if candidate is not None and candidate[0] < title_start:
                    org, title = candidate, rest
                    break
        if org is None:
            org = self.org_before(org_end)
        if org is None:
            org = self._unit_title_place(title_start, title)
        if org is None:
            return org_end, title, None
        return org[0], title, self.resolve(org[0], org[1])

    # -- one position -----------------------------------------------------------------------
    def position(self, title: str, org: str | None) -> Position:
        """The position of a title and the organisation before it, party units moved (GUIDELINES).

        某社区党委 + 书记 → (党委书记, 某社区); 某市委 + 书记 → (市委书记, 某市委);
        某自治区党委 + 常委 → (党委常委, 某自治区党委); 某村村 + 党支部书记 → (村党支部书记, 某村).
        Does not check the title.
        """
        cap = self.cap
        title, prefix = self.split_title(title)
        if prefix is not None:
            org = (org or "") + prefix
        if org is None:
            return Position(title, None)
        ordinal = cap.ordinal.match(org)
        if ordinal and len(org) > ordinal.end() + 1:
            org = org[ordinal.end() :]
        for unit in cap.grassroots_units:  # 某村村 + 党支部书记: the second 村 opens the title
            if org.endswith(unit + unit) and unit + title in cap.position_words:
                return Position(unit + title, org[: -len(unit)])
        for unit in cap.inner_units:
            if (
                org.endswith(unit)
                and len(org) > len(unit) + 1
                and unit + title in cap.position_words | cap.unsplit_titles
            ):
                return Position(unit + title, org[: -len(unit)])
        if title in cap.bare_titles:
            for unit in cap.strip_units:
                if org.endswith(unit) and len(org) > len(unit) + 1:
                    rest = org[: -len(unit)]
                    for g in cap.grassroots_units:  # 某村村党支部 + 书记: the second 村 opens the title
                        if rest.endswith(g + g) and g + unit + title in cap.position_words:
                            return Position(g + unit + title, rest[: -len(g)])
                    regional = rest.endswith(cap.region_ends) and not rest.endswith(cap.not_region_ends)
                    return Position(unit + title, org if regional else rest)
            for unit in cap.keep_units:
                if org.endswith(unit):
                    return Position(unit + title, org if len(org) > len(unit) else None)
        # the longest organisation ending the organisation is never cut (中华全国总工会 + 主席, not 总 + 工会主席)
        whole_end = max((len(end) for end in cap.organisation_ends if org.endswith(end)), default=0)
        for cut in range(len(org) - 1):  # a title written across the boundary stays whole: 中共中央政治局 + 委员
            if len(org) - cut < whole_end:
                continue
            across = org[cut:] + title
            if across in cap.unsplit_titles or (len(org) - cut > 2 and across in cap.position_words):
                rest = org[:cut]
                return Position(org[cut:] + title, rest if len(rest) > 1 else None)
        return Position(title, org)

    def split_title(self, title: str) -> tuple[str, str | None]:
        """A fused title as (title, organisation part): 国务院副总理 → (副总理, 国务院), else (title, None).

        The first part must end with an organisation suffix, be three characters or
        more and not be a party unit; titles in unsplit_titles.txt stay whole.
        """
        cap = self.cap
        if title in cap.unsplit_titles:
            return title, None
        for cut in range(3, len(title) - 1):
            head, base = title[:cut], title[cut:]
            if base in cap.position_words and head.endswith(self.ctx.lex.org_suffixes):
                if head in cap.strip_units or head in cap.keep_units or head in cap.grassroots_units:
                    continue
                return base, head
        return title, None

    # -- role detail ----------------------------------------------------------------------
    def role_level(self, segment: str) -> str | None:
        """全国/省/市/县 of a deputy or member from the text before 人大/政协 in ``segment``."""
        cut = min((i for i in (segment.find("人大"), segment.find("政协")) if i >= 0), default=-1)
        if cut < 0:
            return None
        head = segment[:cut]
        if not head:
            return None
        for pattern, level in self.cap.role_levels:
            if pattern in head:
                return level
        return None

    def delegation(self, person: EntityMention) -> str | None:
        """The delegation named right before the chain or right after the name (江苏代表团), else ``None``."""
        view = self.ctx.view
        after = view[person.end : person.end + DELEGATION_REACH + 4]
        match = re.match(r"(?:代表)?[（(]([^）)]{2,10}代表团)[）)]", after)
        if match:
            return match.group(1)
        line_start = max(view.rfind("\n", 0, person.start), view.rfind("。", 0, person.start), 0)
        before = view[max(line_start, person.start - DELEGATION_REACH - 8) : person.start]
        found = None
        for match in DELEGATION.finditer(before):
            found = match
        if found is None or len(before) - found.end() > DELEGATION_REACH:
            return None
        name = found.group(1)
        for prefix in ("来自", "参加", "在"):
            if name.startswith(prefix):
                name = name[len(prefix) :]
        return name if len(name) > 3 else None

    def sector(self, person: EntityMention) -> str | None:
        """The party or sector a member speaks for (某某委员代表民盟中央发言 → 民盟中央), else ``None``."""
        match = self.cap.sector.match(self.ctx.view, person.end)
        return match.group(1) if match else None


def chain_parser(ctx: DocContext) -> ChainParser:
    """The document's parser, built once per :class:`DocContext` and kept on it."""
    parser = ctx.__dict__.get("_chain_parser")
    if parser is None:
        parser = ctx.__dict__["_chain_parser"] = ChainParser(ctx)
    return parser


def link_short_forms(orgs: list[str]) -> dict[str, str]:
    """Map each short form among ``orgs`` to the full name it stands for, in one document.

    A short form is ended by the full name (中国历史研究院 of 中国社会科学院中国历史研究院),
    or opens like it, ends with the same last character and keeps its characters
    in order (某信集团 of 某信科技集团股份有限公司).  Does not link names that
    share only an ending suffix.
    """
    mapping: dict[str, str] = {}
    for short in orgs:
        for full in orgs:
            if len(full) <= len(short) + 1 or short == full:
                continue
            if full.endswith(short) and len(short) >= 4:
                mapping[short] = full
                break
            opens_like = full.startswith(short[:2]) and not full.startswith(short)  # 某市委 is not 某市委宣传部
            if len(short) >= 4 and opens_like and _subsequence(short, full) and short[-1] in full[2:]:
                mapping[short] = full
                break
    return mapping


def _subsequence(short: str, full: str) -> bool:
    chars = iter(full)
    return all(char in chars for char in short)
