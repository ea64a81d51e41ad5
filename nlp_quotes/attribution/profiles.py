"""Speaker profiles: every title, organisation and role a person is given in a document.

News copy introduces a person with a chain of titles
(``全国政协委员、全国工商联副主席、某公司董事长齐向东``), often only after first
quoting them.  The profile of a name merges all such chains in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp_quotes.attribution.context import DocContext
from nlp_quotes.entities import EntityMention
from nlp_quotes.lexicons import Lexicons

CHAIN_JOINERS = ("、", "兼", "，")
FOREIGN_SEPARATORS = "·•"
#: A Japanese name written family name first (岸田文雄) and its family name alone (岸田).
FAMILY_FIRST_LENGTH, FAMILY_NAME_LENGTH = 4, 2
HAN_NAME = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Profile:
    """What a document says about one person."""

    name: str
    role: str | None = None
    titles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)

    def add(self, titles: list[str], orgs: list[str], role: str | None) -> None:
        for title in titles:
            if title not in self.titles:
                self.titles.append(title)
        for org in orgs:
            if org not in self.orgs:
                self.orgs.append(org)
        self.role = self.role or role


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
SENTENCE_END = re.compile("[。！？!?\n]")


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


def title_chain(ctx: DocContext, person: EntityMention) -> tuple[list[str], list[str], str | None]:
    """Titles, organisations and role written around one mention of a person."""
    titles: list[str] = []
    orgs: list[str] = []
    role = role_after_name(ctx.view, person.end, ctx.lex) or role_stated_after(ctx, person)
    title_after = ctx.entity_at(person.end, "TITLE")
    if title_after is not None and title_after.text not in ("代表", "委员"):
        titles.append(title_after.text)  # 习近平总书记
    pos = person.start
    while pos > 0:
        title = ctx.entity_ending_at(pos, "TITLE")
        if title is None:
            break
        seg_start = title.start
        org = _organisation_before(ctx, title.start)
        if org is not None:
            seg_start = org.start
        else:
            # an unlabelled organisation, back to the joiner after the previous title (重庆市人大代表、某街道…书记)
            joiner = _unlabelled_organisation_start(ctx, title.start)
            if joiner is not None:
                org = EntityMention(joiner, title.start, "ORG", ctx.view[joiner : title.start])
                seg_start = joiner
        segment = ctx.view[seg_start : title.end]
        implied_role = role_of_segment(segment, ctx.lex, kinds="implied")  # 全国政协常委: a title and a role
        segment_role = implied_role or role_of_segment(segment, ctx.lex, kinds="before")
        if segment_role:
            role = role or segment_role
        if implied_role or (not segment_role and title.text not in ("代表", "委员")):
            titles.insert(0, title.text)
            if org is not None and org.label == "ORG":
                orgs.insert(0, org.text)
        pos = seg_start
        if pos > 0 and ctx.view[pos - 1] in CHAIN_JOINERS[:2]:
            pos -= 1
        elif pos > 0 and ctx.view[pos - 1] == "，":
            # 台湾省全国人大代表，厦门市…主席陈永东: a comma joins the chain only after a role
            comma_role = role_of_segment(ctx.view[max(0, pos - 12) : pos - 1], ctx.lex, kinds="before")
            role = role or comma_role
            break
        elif pos > 0 and ctx.view[pos - 1] == "的":
            break
    return titles, orgs, role


#: Longest bracketed alias an organisation may carry before a title: 工商联（总商会）主席.
ALIAS_MAX = 12
ALIAS_BRACKETS = ("（", "）")
#: What an alias never holds: a note on how the text will abbreviate the name, marks, digits.
ALIAS_NOT = re.compile(r"简称|下称|“|”|\d")


def _organisation_before(ctx: DocContext, title_start: int) -> EntityMention | None:
    """The ORG or LOC entity ending where a title starts, with a bracketed alias after it kept in.

    ``某市工商联（总商会）党组书记`` gives the organisation ``某市工商联（总商会）``.  Does not
    look further back than one alias of at most ``ALIAS_MAX`` characters.
    """
    found = ctx.entity_ending_at(title_start, "ORG") or ctx.entity_ending_at(title_start, "LOC")
    if found is not None or title_start < 3 or ctx.view[title_start - 1] != ALIAS_BRACKETS[1]:
        return found
    opening = ctx.view.rfind(ALIAS_BRACKETS[0], max(0, title_start - ALIAS_MAX - 2), title_start - 1)
    alias = ctx.view[opening + 1 : title_start - 1]
    if opening < 1 or ALIAS_BRACKETS[1] in alias or ALIAS_NOT.search(alias):
        return None  # not an alias: （以下简称“研究中心”）, a quotation
    org = ctx.entity_ending_at(opening, "ORG")
    if org is None:
        return None
    return EntityMention(org.start, title_start, "ORG", ctx.view[org.start : title_start])


#: Longest organisation name read back from a title to a joiner when no entity layer labelled it.
UNLABELLED_ORGANISATION_MAX = 20


def _unlabelled_organisation_start(ctx: DocContext, title_start: int) -> int | None:
    """Start of the text between the previous title's joiner (、) and this title, or ``None``."""
    i = title_start - 1
    while i >= 0 and title_start - i <= UNLABELLED_ORGANISATION_MAX:
        char = ctx.view[i]
        if char == "、":
            previous = ctx.entity_ending_at(i, "TITLE")
            return i + 1 if previous is not None and i + 1 < title_start - 1 else None
        if char in "，。；：！？\n“”（）()的":
            return None
        i -= 1
    return None


def full_forms(names: list[str]) -> dict[str, list[str]]:
    """Each short form's full forms, in the order the document gives them.

    Two conventions of foreign names in Chinese copy:

    - a Western name is shortened to its last part (加德纳 → [米尔顿·加德纳, 李·加德纳]);
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
    profiles: dict[str, Profile] = {}
    for person in ctx.persons:
        name = canonical[person.text]
        titles, orgs, role = title_chain(ctx, person)
        profiles.setdefault(name, Profile(name)).add(titles, orgs, role)
    return profiles
