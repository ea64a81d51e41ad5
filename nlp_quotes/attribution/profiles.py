"""Speaker profiles: every position, organisation and role a person is given in a document.

News copy introduces a person with a chain of titles
(``全国政协委员、全国工商联副主席、某公司董事长齐向东``), often only after first
quoting them.  The profile of a name merges all such chains in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp_quotes.attribution.context import FAMILY_FIRST_LENGTH, FAMILY_NAME_LENGTH, HAN_NAME, DocContext
from nlp_quotes.attribution.positions import Chain, ChainParser, Position, chain_parser, link_short_forms
from nlp_quotes.attribution.records import QuoteRecord
from nlp_quotes.entities import EntityMention
from nlp_quotes.lexicons import Lexicons, load_capacity_lexicons
from nlp_quotes.text.chars import NAME_DOTS, SENTENCE_ENDS

CHAIN_JOINERS = ("、", "兼", "，")
FOREIGN_SEPARATORS = NAME_DOTS
FIRST_PART_MIN = 2  # 希拉里 for 希拉里·克林顿; a one-character first part (乔 of 乔·拜登) is too ambiguous


@dataclass
class Profile:
    """What a document says about one person: positions over the whole article, role and role detail.

    ``titles`` and ``orgs`` are derived from ``positions`` (each in first-seen order).
    """

    name: str
    role: str | None = None
    positions: list[Position] = field(default_factory=list)
    role_level: str | None = None
    delegation: str | None = None
    sector: str | None = None

    @property
    def titles(self) -> list[str]:
        return list(dict.fromkeys(p.title for p in self.positions if p.title))

    @property
    def orgs(self) -> list[str]:
        return list(dict.fromkeys(p.org for p in self.positions if p.org))

    def add(self, chain: Chain) -> None:
        """Merge one mention's chain; the first role and detail seen win.  Does not link short forms."""
        for position in chain.positions:
            if position not in self.positions:
                self.positions.append(position)
        self.role = self.role or chain.role
        self.role_level = self.role_level or chain.role_level
        self.delegation = self.delegation or chain.delegation
        self.sector = self.sector or chain.sector

    def link_short_forms(self, mapping: dict[str, str]) -> None:
        """Replace short organisation names by their full forms (``mapping`` from :func:`link_short_forms`)."""
        mapping = {short: full for short, full in mapping.items() if not self._elsewhere(short, full)}
        linked = [Position(p.title, mapping.get(p.org, p.org) if p.org else None) for p in self.positions]
        self.positions = list(dict.fromkeys(linked))
        held = {q.org for q in self.positions if q.title}  # an organisation alone where a title holds it too
        self.positions = [p for p in self.positions if p.title or p.org not in held]

    def _elsewhere(self, short: str, full: str) -> bool:
        """Whether a level-opened short form (市工商联) means a place other than the full form's.

        True when another organisation of this profile names a place of the same level
        that is not the full form's (福州市委统战部 beside 市工商联, full form 重庆市工商联).
        """
        level = next((end for end in load_capacity_lexicons().region_ends if short.startswith(end)), None)
        if level is None or not full.endswith(short):
            return False
        place = full[: -len(short)]
        return any(level in org and not org.startswith(place) for org in self.orgs if org not in (short, full))

    def fill(self, record: QuoteRecord) -> None:
        """Copy role, positions, titles, organisations and role detail onto a record."""
        record.role, record.titles, record.orgs = self.role, self.titles, self.orgs
        record.positions = [p.as_dict() for p in self.positions]
        record.role_level, record.delegation, record.sector = self.role_level, self.delegation, self.sector


def _longest_ending(segment: str, patterns: tuple[str, ...]) -> int:
    """Length of the longest pattern ``segment`` ends with, 0 for none."""
    return max((len(pattern) for pattern in patterns if segment.endswith(pattern)), default=0)


def role_of_segment(segment: str, lex: Lexicons, kinds: str = "before implied") -> str | None:
    """代表/委员 for a title written before a name (全国政协委员), else ``None``.

    The longest role pattern the segment ends with must be longer than the longest
    exclusion it ends with (全国政协常务委员 is a member, 人大常务委员 is not).
    ``kinds`` names the lexicon columns to read ("before", "implied").
    """
    patterns = (lex.roles_before if "before" in kinds else ()) + (lex.roles_implied if "implied" in kinds else ())
    best = max(((len(p), role) for p, role in patterns if segment.endswith(p)), default=(0, None))
    if best[0] <= _longest_ending(segment, lex.role_exclusions):
        return None
    return best[1]


#: After 代表 used as a verb (习近平代表党中央…), not as a role.
VERB_OBJECTS = re.compile(r"^(党|中共|中国|国家|全国|政府|各|广大|我|本|公司|集团|学校|家乡|全体|两国|双方|团队)")


def role_after_name(view: str, end: int, lex: Lexicons) -> str | None:
    """代表/委员 written right after a name (齐向东委员), else ``None``."""
    rest = view[end : end + 14]
    for pattern, role in lex.roles_after:
        if not rest.startswith(pattern) or rest.startswith(tuple(lex.role_exclusions)):
            continue
        following = rest[len(pattern) :]
        if following[:1] in ("团", "会", "长", "处", "们") or VERB_OBJECTS.match(following):
            continue
        acts = following.startswith(lex.name_follower_words)  # 代表率领团队
        if pattern == "代表" and not acts and _opens_with_organisation(following, lex):
            continue  # 李强代表国务院作报告: 代表 is a verb, its object an organisation
        return role
    return None


def _opens_with_organisation(text: str, lex: Lexicons) -> bool:
    """Whether ``text`` opens with up to eight characters ending in an organisation suffix (国务院, 民盟中央)."""
    cut = re.search(r"[，。；：、\s]", text)
    head = text[: cut.start()] if cut else text
    return any(head[:n].endswith(lex.org_suffixes) for n in range(2, min(len(head), 8) + 1))


#: 马慧娟……成为全国人大代表: a role stated later in the person's sentence.
STATED_ROLE = re.compile(
    r"(?:是|成为|作为|当选为?|担任)(?:第?[一二三四五六七八九十]+届)?(?:全国|省|市|县|区)?(人大代表|政协委员)"
)
SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}\n]")


def role_stated_after(ctx: DocContext, person: EntityMention) -> str | None:
    """代表/委员 when the person's own sentence says so (…，成为全国人大代表), else ``None``.

    Reads no further than the next person (entities do not overlap), so a
    long sentence with many names costs linear time, not quadratic.
    """
    following = ctx.first_entity_from(person.end, "PERSON")
    end_match = SENTENCE_END.search(ctx.view, person.end, following.end if following else len(ctx.view))
    if end_match is None and following is not None:
        return None  # another person in between: the statement may be about them
    end = end_match.start() if end_match else len(ctx.view)
    match = STATED_ROLE.search(ctx.view, person.end, end)
    if match is None:
        return None
    return "代表" if match.group(1) == "人大代表" else "委员"


def title_chain(ctx: DocContext, person: EntityMention, parser: ChainParser | None = None) -> Chain:
    """The positions, role and role detail written around one mention of a person.

    Reads the chain before the name (joined by 、 or 兼; a comma joins only after a
    role), a title right after it (习近平总书记), a role after it or later in its
    sentence, and the sector a member speaks for.  Does not read other mentions.
    """
    parser = parser or chain_parser(ctx)
    view, lex = ctx.view, ctx.lex
    positions: list[Position] = []
    role = role_after_name(view, person.end, lex) or role_stated_after(ctx, person)
    level = None
    title_after = ctx.entity_at(person.end, "TITLE")
    if title_after is not None and title_after.text not in ("代表", "委员"):
        positions.append(Position(title_after.text, None))  # 习近平总书记
    pos = person.start
    while pos > 0:
        found = parser.read_segment(pos)
        if found is None:
            break
        seg_start, title, org = found
        segment = view[seg_start:pos]
        implied_role = role_of_segment(segment, lex, kinds="implied")  # 全国政协常委: a title and a role
        segment_role = implied_role or role_of_segment(segment, lex, kinds="before")
        if segment_role:
            role = role or segment_role
            level = level or parser.role_level(segment)
        if implied_role or (not segment_role and (title not in ("代表", "委员") or org is not None)):
            positions.insert(0, parser.position(title, org))
        pos = seg_start
        if pos > 0 and view[pos - 1] in CHAIN_JOINERS[:2]:
            pos -= 1
        elif pos > 0 and view[pos - 1] == "，":
            # 台湾省全国人大代表，厦门市…主席陈永东: a comma joins the chain only after a role
            before = view[max(0, pos - 12) : pos - 1]
            comma_role = role_of_segment(before, lex, kinds="before")
            if comma_role and not role:
                role, level = comma_role, level or parser.role_level(before)
            break
        elif pos > 0 and view[pos - 1] == "的":
            break
    sector = parser.sector(person)
    if sector is not None:
        role = role or "委员"
        positions.append(Position(None, sector))
    delegation = parser.delegation(person) if role == "代表" else None
    return Chain(positions, role, level, delegation, sector)


def mention_profile(ctx: DocContext, start: int, end: int, parser: ChainParser | None = None) -> Profile:
    """The positions an unnamed speaker's mention holds (外交部发言人 → 发言人 of 外交部).

    Reads the chain ending at ``end`` and keeps the positions starting at or after
    ``start``; gives no role.  A bare title (发言人, 该负责人) takes the organisation of
    the nearest earlier place the same title is written with one (外交部发言人).
    """
    parser = parser or chain_parser(ctx)
    profile = Profile("")
    pos = end
    while pos > start:
        found = parser.read_segment(pos)
        if found is None or found[0] < start:
            break
        seg_start, title, org = found
        profile.positions.insert(0, parser.position(title, org))
        pos = seg_start - 1 if seg_start > start and ctx.view[seg_start - 1] in CHAIN_JOINERS[:2] else seg_start
        if pos == seg_start:
            break
    bare = ctx.view[start:end]
    bare = bare[len(BARE_OPENER) :] if bare.startswith(BARE_OPENER) else bare
    if len(profile.positions) == 1 and profile.positions[0] == Position(bare, None):
        earlier = _earlier_position(ctx, parser, bare, start)
        if earlier is not None:
            profile.positions = [earlier]
    return profile


#: 该负责人: an unnamed speaker pointing back to the same title written with its organisation.
BARE_OPENER = "该"
#: How many earlier places of a bare title are read for its organisation.
EARLIER_TRIES = 5


def _earlier_position(ctx: DocContext, parser: ChainParser, title: str, before: int) -> Position | None:
    """The nearest earlier ``title`` written after an organisation (外交部发言人 … 发言人表示), else ``None``."""
    end = before
    for _ in range(EARLIER_TRIES):
        at = ctx.view.rfind(title, 0, end)
        if at < 0:
            return None
        found = parser.read_segment(at + len(title))
        if found is not None and found[2] is not None and found[1] == title:
            position = parser.position(title, found[2])
            if position.org is not None:
                return position
        end = at
    return None


def full_forms(names: list[str]) -> dict[str, list[str]]:
    """Each short form's full forms, in the order the document gives them.

    Two conventions of foreign names in Chinese copy:

    - a Western name is shortened to its last part (加德纳 → [米尔顿·加德纳, 李·加德纳]),
      or, failing that, to a first part of two characters or more (希拉里 → 希拉里·克林顿);
    - a Japanese name of four characters, family name first, to its family
      name (岸田 → 岸田文雄), when both are tagged as names in the document.

    It does not shorten Chinese names (a two-character name never stands for
    a three-character one) nor guess full forms the document does not give.
    """
    names = list(dict.fromkeys(names))
    full = [name for name in names if any(sep in name for sep in FOREIGN_SEPARATORS)]
    family_first = [name for name in names if len(name) == FAMILY_FIRST_LENGTH and HAN_NAME.fullmatch(name)]
    forms: dict[str, list[str]] = {}
    for name in names:
        for long_name in full:
            if long_name != name and long_name.endswith(name) and long_name[-len(name) - 1] in FOREIGN_SEPARATORS:
                forms.setdefault(name, []).append(long_name)
        if name not in forms and len(name) >= FIRST_PART_MIN:
            for long_name in full:
                if long_name != name and long_name.startswith(name) and long_name[len(name)] in FOREIGN_SEPARATORS:
                    forms.setdefault(name, []).append(long_name)
        if len(name) == FAMILY_NAME_LENGTH and name not in forms:
            for long_name in family_first:
                if long_name.startswith(name):
                    forms.setdefault(name, []).append(long_name)
    return forms


def canonical_names(names: list[str], forms: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Map each name to its canonical form: a short foreign form to its full name.

    ``names`` are in document order.  A short form that several full forms end
    with (two people called 加德纳) maps to the first of them in the document;
    ``SpeakerContext.full_form_at`` picks the nearest one for a given mention.
    The map does not depend on hash order.  ``forms`` is :func:`full_forms` of
    ``names`` where the caller has it already.
    """
    mapping = {name: name for name in names}
    for name, found in (full_forms(names) if forms is None else forms).items():
        mapping[name] = found[0]
    return mapping


def build_profiles(ctx: DocContext) -> dict[str, Profile]:
    """Profiles of every person named in the document, keyed by canonical name."""
    canonical = canonical_names([p.text for p in ctx.persons])
    parser = chain_parser(ctx)
    profiles: dict[str, Profile] = {}
    for person in ctx.persons:
        name = canonical[person.text]
        profiles.setdefault(name, Profile(name)).add(title_chain(ctx, person, parser))
    orgs = list(dict.fromkeys(org for profile in profiles.values() for org in profile.orgs))
    mapping = link_short_forms(orgs)
    if mapping:
        for profile in profiles.values():
            profile.link_short_forms(mapping)
    return profiles
