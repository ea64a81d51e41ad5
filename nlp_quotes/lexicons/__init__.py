"""Lexicons shipped as data files: cue verbs, titles, roles, surnames and more.

Every list the rules use lives in a plain-text file beside this module, so a
researcher can read and extend it without touching code.  Lines starting with
``#`` are comments; words may be separated by newlines or spaces (``.txt``) or
by tabs (``.tsv``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

TITLE_PREFIXES = (
    "副",
    "常务副",
    "执行",
    "执行副",
    "名誉",
    "高级",
    "高级副",
    "首席",
    "代理",
    "第一副",
    "前",
    "原",
    "资深",
)


#: The folder of the package's own lexicon files.
PACKAGE_DIR = Path(__file__).resolve().parent
#: The file names lexicons are read from (what a pipeline component copies when it is saved).
LEXICON_FILES = ("*.txt", "*.tsv")


def _lines(name: str, directory: Path = PACKAGE_DIR) -> list[str]:
    path = directory / name
    if not path.is_file():
        raise OSError(f"no lexicon file {path}; a lexicon folder holds every file of {PACKAGE_DIR}")
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Lexicons:
    """All lexicons, loaded once."""

    cues: dict[str, str]
    frames: tuple[tuple[str, str], ...]
    cue_rejects: tuple[str, ...]
    #: 明年, 法国: content openers that a cue_rejects word (明, 法) prefixes
    content_openers: tuple[str, ...]
    #: 与, 同: prepositions that, opening a clause, make the names after them objects
    object_openers: tuple[str, ...]
    #: 与, 通电话: what may follow a foreign name after a title (美国总统拜登通电话)
    foreign_name_followers: tuple[str, ...]
    #: 拜, 登, 斯: characters of transliterated names
    transliteration_chars: frozenset[str]
    #: 网站, 杂志: a medium after a title in 《》 that makes it an outlet (《国家利益》网站)
    outlet_media: tuple[str, ...]
    #: 政府, 内阁: a body a person leads, named after them (特朗普政府)
    person_bodies: tuple[str, ...]
    #: 该, 这: determiners a segmenter glues to a one-character word before them (称该)
    glued_determiners: frozenset[str]
    cue_left_rejects: tuple[str, ...]
    titles: frozenset[str]
    roles_before: tuple[tuple[str, str], ...]
    roles_after: tuple[tuple[str, str], ...]
    roles_implied: tuple[tuple[str, str], ...]
    role_exclusions: tuple[str, ...]
    surnames: frozenset[str]
    org_suffixes: tuple[str, ...]
    places: frozenset[str]
    speaking_sides: dict[str, str]
    #: 双方, 两国外长: sides speaking together, named by the first side.
    joint_sides: tuple[str, ...]
    non_speakers: frozenset[str]
    pronouns: dict[str, str]
    descriptors: frozenset[str]
    not_names: frozenset[str]
    #: Words People's Daily 1998 never tags as a name (双方, 时代); built by ``training common-words``.
    common_words: frozenset[str]
    address_terms: frozenset[str]
    between_speaker_and_cue: tuple[str, ...]
    term_followers: tuple[str, ...]
    document_sources: tuple[str, ...]
    colon_labels: tuple[str, ...]
    name_followers: frozenset[str]
    causatives: tuple[str, ...]
    organisation_modifiers: tuple[str, ...]
    news_agencies: frozenset[str]
    #: 记者, 通讯员: a bracket opening with one is a byline, not an aside
    byline_markers: tuple[str, ...]
    #: endings of newspapers and broadcasters in 《》 (《朝日新闻》称 is the outlet speaking)
    outlet_suffixes: tuple[str, ...]
    #: 援引/引述 … 的话: a subject citing another source
    citation_markers: tuple[str, ...]
    citation_tails: tuple[str, ...]
    #: 和, 与: two names joined before one cue speak together (the first is the speaker)
    pair_conjunctions: frozenset[str]
    #: 后, 时: a bare cue's first clause ending with one is a clause of time (两国宣布部署后，…)
    time_clause_endings: tuple[str, ...]
    #: (head, tail) of cues that hold their recipient (告诉《某报》记者 is 告诉记者)
    cue_recipients: tuple[tuple[str, str], ...]
    #: a news outlet that only reports (韩联社称) is no speaker; see ``reporting_outlets.txt``
    outlet_endings: tuple[str, ...]
    not_outlet_endings: tuple[str, ...]
    reporting_cues: frozenset[str]
    reporting_words: tuple[str, ...]
    view_markers: tuple[str, ...]
    group_markers: tuple[str, ...]
    familiar_prefixes: tuple[str, ...]
    subject_openers: tuple[str, ...]

    @classmethod
    def from_dir(cls, directory: str | Path) -> Lexicons:
        """The lexicons of the files in ``directory`` (laid out as the package's own), read once per folder."""
        return _lexicons_of(str(Path(directory).resolve()))

    @cached_property
    def group_pattern(self) -> re.Pattern[str]:
        """Finds a group marker (们, 多名…)."""
        return _alternation(frozenset(self.group_markers))

    def is_outlet(self, name: str) -> bool:
        """Whether ``name`` is a news outlet's (韩联社, 日本共同社, 该报), not a 合作社's."""
        return name.endswith(self.outlet_endings) and not name.endswith(self.not_outlet_endings)

    def first_of_abbreviated_sides(self, text: str) -> str | None:
        """美日韩, 韩美日三方: sides written by one character each, with an optional joint word after them.

        The first side's country (美国), or ``None`` when ``text`` is not such a run
        of two to four characters.  Does not read 美国和日本 (two names: see ``pair_conjunctions``).
        """
        for joint in ("", *self.joint_sides):
            if joint and not text.endswith(joint):
                continue
            run = text[: len(text) - len(joint)]
            if 2 <= len(run) <= 4 and all(char + "方" in self.speaking_sides for char in run):
                return self.country_of(run[0])
        return None

    def country_of(self, place: str) -> str:
        """The country a place speaks as: a one-character abbreviation by its side (中 → 中方 → 中国), else itself."""
        return self.speaking_sides.get(place + "方", place)

    @cached_property
    def dateline_pattern(self) -> re.Pattern[str]:
        """A dateline: a news agency, up to twelve characters, 电 (新华社银川7月20日电)."""
        return re.compile(f"(?:{_alternation(self.news_agencies).pattern})[^，。；\\n]{{0,12}}?电")

    @cached_property
    def recipient_cue_pattern(self) -> re.Pattern[str] | None:
        """告诉《某报》记者 / 告诉本报记者: a cue with its recipient inside (``cue_recipients.txt``)."""
        if not self.cue_recipients:
            return None
        heads = "|".join(
            f"{re.escape(head)}(?:《[^》\\n]{{1,12}}》|[\\u4e00-\\u9fff]{{1,4}}?){re.escape(tail)}"
            if tail != "-"
            else f"{re.escape(head)}《[^》\\n]{{1,12}}》(?=[，：])"
            for head, tail in sorted(self.cue_recipients, key=lambda row: row[1] == "-")
        )
        return re.compile(heads)

    @cached_property
    def max_cue_len(self) -> int:
        """Length of the longest cue or frame cue: how far back a cue may start."""
        return max(map(len, (*self.cues, *self.frame_cues)))

    @cached_property
    def cue_vocabulary(self) -> frozenset[str]:
        """Every cue and frame cue word."""
        return frozenset(self.cues) | self.frame_cues

    @cached_property
    def between_speaker_and_cue_pattern(self) -> re.Pattern[str]:
        """Any sequence of what may stand between a speaker and the cue (``fullmatch`` or ``match``)."""
        return re.compile("(?:" + "|".join(self.between_speaker_and_cue) + ")*")

    @cached_property
    def term_follower_pattern(self) -> re.Pattern[str]:
        """Matches at the start of the text after a closing mark when the marked words are a term."""
        return _alternation(frozenset(self.term_followers))

    @cached_property
    def document_source_pattern(self) -> re.Pattern[str]:
        """Finds a document or meeting named as a source (``search``)."""
        return re.compile("|".join(self.document_sources))

    @cached_property
    def colon_label_pattern(self) -> re.Pattern[str]:
        """Matches a label that ends right before a colon (``search`` on the text before it)."""
        return re.compile("(?:" + _alternation(frozenset(self.colon_labels)).pattern + ")$")

    @cached_property
    def max_title_len(self) -> int:
        return max(map(len, self.titles))

    @cached_property
    def title_heads(self) -> frozenset[str]:
        """The first two characters of every title (a title has two or more)."""
        return frozenset(title[:2] for title in self.titles)

    @cached_property
    def cue_words(self) -> tuple[str, ...]:
        """The cues as a tuple, for ``str.startswith``."""
        return tuple(self.cues)

    @cached_property
    def long_cue_pattern(self) -> re.Pattern[str]:
        """Regular expression matching any cue of two characters or more."""
        return _alternation(frozenset(cue for cue in self.cues if len(cue) > 1))

    @cached_property
    def group_words(self) -> tuple[str, ...]:
        """Non-speaker group words of two characters or more (官兵, 群众), for ``str.endswith``."""
        return tuple(word for word in self.non_speakers if len(word) > 1)

    @cached_property
    def name_follower_words(self) -> tuple[str, ...]:
        """Name followers of two characters or more (率领, 出席), for ``str.startswith``."""
        return tuple(word for word in self.name_followers if len(word) > 1)

    @cached_property
    def descriptor_words(self) -> tuple[str, ...]:
        """Descriptors of unnamed sources of two characters or more (人士, 官员), for ``str.endswith``."""
        return tuple(word for word in self.descriptors if len(word) > 1)

    @cached_property
    def pronouns_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.pronouns, key=len, reverse=True))

    @cached_property
    def descriptors_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.descriptors, key=len, reverse=True))

    @cached_property
    def frame_cues(self) -> frozenset[str]:
        """The cue words of the frames (看来, 介绍, 所说…)."""
        return frozenset(suffix for _, suffix in self.frames)

    @cached_property
    def cue_pattern(self) -> re.Pattern[str]:
        """Regular expression matching any cue (or a colon), longest first."""
        return _alternation(frozenset(self.cues) | {"："})

    @cached_property
    def familiar_name_pattern(self) -> re.Pattern[str]:
        """A familiar prefix and a one-character surname at a clause start (老李红了脸 → 老李)."""
        single = frozenset(name for name in self.surnames if len(name) == 1)
        prefixes = _alternation(frozenset(self.familiar_prefixes)).pattern
        return re.compile(f"(?:^|(?<=[，。；：！？”\\n\u3000]))(?:{prefixes})(?:{_alternation(single).pattern})")

    @cached_property
    def address_name_pattern(self) -> re.Pattern[str]:
        """A surname followed by an address term (王大娘, 李先生)."""
        return re.compile(f"(?:{_alternation(self.surnames).pattern})(?:{_alternation(self.address_terms).pattern})")

    @cached_property
    def title_pattern(self) -> re.Pattern[str]:
        """Regular expression matching any title, longest first."""
        return _alternation(self.titles)


@lru_cache(maxsize=32)
def _alternation(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def load_lexicons() -> Lexicons:
    """The lexicons of the package's own files (read once)."""
    return _lexicons_of(str(PACKAGE_DIR))


def _readers(directory: Path) -> tuple[Callable, ...]:
    """The file readers above, reading from ``directory``."""

    def lines(name: str) -> list[str]:
        return _lines(name, directory)

    def words(name: str) -> frozenset[str]:
        return frozenset(word for line in lines(name) for word in line.split())

    def labelled_words(name: str, label: str) -> tuple[str, ...]:
        for line in lines(name):
            head, _, found = line.partition(":")
            if head.strip() == label:
                return tuple(sorted(found.split(), key=len, reverse=True))
        raise ValueError(f"{directory / name} has no {label}: line")

    def lines_words(name: str) -> list[str]:
        return [word for line in lines(name) for word in line.split()]

    def rows(name: str) -> list[list[str]]:
        return [line.split("\t") for line in lines(name)]

    def alternatives(name: str) -> tuple[str, ...]:
        return tuple(lines(name))

    return words, labelled_words, lines_words, rows, alternatives


@lru_cache(maxsize=8)
def _lexicons_of(directory: str) -> Lexicons:
    """Read every lexicon file of ``directory``."""
    _words, _labelled_words, _lines_words, _rows, _alternatives = _readers(Path(directory))
    base_titles = _words("titles.txt")
    titles = set(base_titles)
    for title in base_titles:
        for prefix in TITLE_PREFIXES:
            titles.add(prefix + title)
    roles = _rows("roles.tsv")
    return Lexicons(
        cues={row[0]: row[1] for row in _rows("cues.tsv")},
        frames=tuple((row[0], row[1]) for row in _rows("frames.tsv")),
        cue_rejects=tuple(_words("cue_rejects.txt")),
        cue_left_rejects=tuple(_words("cue_left_rejects.txt")),
        titles=frozenset(titles),
        roles_before=tuple((r[0], r[1]) for r in roles if r[2] == "before"),
        roles_after=tuple((r[0], r[1]) for r in roles if r[2] == "after"),
        roles_implied=tuple((r[0], r[1]) for r in roles if r[2] == "implied"),
        role_exclusions=tuple(sorted(_words("role_exclusions.txt"), key=len, reverse=True)),
        surnames=_words("surnames.txt"),
        org_suffixes=tuple(sorted(_words("org_suffixes.txt"), key=len, reverse=True)),
        places=_words("places.txt"),
        speaking_sides={row[0]: row[1] for row in _rows("speaking_sides.tsv")},
        joint_sides=tuple(sorted(_words("joint_sides.txt"), key=len, reverse=True)),
        non_speakers=_words("non_speakers.txt"),
        pronouns={row[0]: row[1] for row in _rows("pronouns.tsv")},
        descriptors=_words("descriptors.txt"),
        not_names=_words("not_names.txt"),
        common_words=_words("common_words.txt"),
        address_terms=_words("address_terms.txt"),
        between_speaker_and_cue=_alternatives("between_speaker_and_cue.txt"),
        term_followers=tuple(_words("term_followers.txt")),
        document_sources=_alternatives("document_sources.txt"),
        colon_labels=tuple(_words("colon_labels.txt")),
        name_followers=_words("name_followers.txt"),
        causatives=tuple(_words("causatives.txt")),
        organisation_modifiers=tuple(_words("organisation_modifiers.txt")),
        news_agencies=_words("news_agencies.txt"),
        byline_markers=tuple(sorted(_words("byline_markers.txt"), key=len, reverse=True)),
        outlet_suffixes=tuple(sorted(_words("outlet_suffixes.txt"), key=len, reverse=True)),
        citation_markers=_labelled_words("citation_markers.txt", "markers"),
        citation_tails=_labelled_words("citation_markers.txt", "tails"),
        pair_conjunctions=_words("pair_conjunctions.txt"),
        content_openers=tuple(_words("content_openers.txt")),
        object_openers=tuple(_words("object_openers.txt")),
        foreign_name_followers=tuple(_words("foreign_name_followers.txt")),
        transliteration_chars=frozenset(_words("transliteration_chars.txt")),
        outlet_media=tuple(sorted(_words("outlet_media.txt"), key=len, reverse=True)),
        person_bodies=tuple(sorted(_words("person_bodies.txt"), key=len, reverse=True)),
        glued_determiners=frozenset(_words("glued_determiners.txt")),
        time_clause_endings=tuple(sorted(_words("time_clause_endings.txt"), key=len, reverse=True)),
        cue_recipients=tuple((row[0], row[1]) for row in _rows("cue_recipients.txt")),
        outlet_endings=_labelled_words("reporting_outlets.txt", "outlets"),
        not_outlet_endings=_labelled_words("reporting_outlets.txt", "not_outlets"),
        reporting_cues=frozenset(_labelled_words("reporting_outlets.txt", "reporting_cues")),
        reporting_words=_labelled_words("reporting_outlets.txt", "reporting_words"),
        view_markers=_labelled_words("reporting_outlets.txt", "view_markers"),
        group_markers=tuple(_words("group_markers.txt")),
        familiar_prefixes=tuple(_words("familiar_prefixes.txt")),
        subject_openers=tuple(_lines_words("subject_openers.txt")),
    )


#: The readers of the package's own files.
_words, _labelled_words, _lines_words, _rows, _alternatives = _readers(PACKAGE_DIR)


@dataclass(frozen=True)
class CapacityLexicons:
    """What the title-chain parser knows (:mod:`nlp_quotes.attribution.positions`), loaded once."""

    #: every title it reads before a name: titles.txt (with prefixes), position words, occupations
    position_words: frozenset[str]
    occupations: frozenset[str]
    #: words before a title that belong to it (驻村第一书记), longest first
    title_modifiers: tuple[str, ...]
    #: party units moving to a bare title (strip), or kept in both (keep)
    strip_units: tuple[str, ...]
    keep_units: tuple[str, ...]
    bare_titles: frozenset[str]
    region_ends: tuple[str, ...]
    not_region_ends: tuple[str, ...]
    grassroots_units: tuple[str, ...]
    inner_units: tuple[str, ...]
    unsplit_titles: frozenset[str]
    anaphoric_openers: tuple[str, ...]
    #: endings that are whole names too (国务院, 外交部): they never point back
    named_bodies: frozenset[str]
    #: words between an organisation and its title that belong to neither (相关负责人)
    title_fillers: tuple[str, ...]
    #: endings of an organisation: org_suffixes.txt and organisation_ends.txt, longest first
    organisation_ends: tuple[str, ...]
    organisation_stops: tuple[str, ...]
    #: words holding a stop that are part of a name (对外, 数据)
    stop_exceptions: tuple[str, ...]
    ordinal: re.Pattern[str]
    role_levels: tuple[tuple[str, str], ...]
    sector: re.Pattern[str]

    @cached_property
    def max_position_len(self) -> int:
        return max(map(len, self.position_words))

    @cached_property
    def stop_pattern(self) -> re.Pattern[str]:
        """Finds a stop word inside an organisation candidate."""
        return _alternation(frozenset(self.organisation_stops))


@lru_cache(maxsize=1)
def load_capacity_lexicons() -> CapacityLexicons:
    """Read the lexicon files of the title-chain parser."""
    lex = load_lexicons()
    occupations = _words("occupations.txt")
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return CapacityLexicons(
        position_words=lex.titles | _words("position_words.txt") | occupations,
        occupations=occupations,
        title_modifiers=by_length(_words("title_modifiers.txt")),
        strip_units=_labelled_words("party_units.txt", "strip"),
        keep_units=_labelled_words("party_units.txt", "keep"),
        bare_titles=frozenset(_labelled_words("party_units.txt", "bare")),
        region_ends=_labelled_words("party_units.txt", "regions"),
        not_region_ends=_labelled_words("party_units.txt", "not_regions"),
        grassroots_units=_labelled_words("party_units.txt", "grassroots"),
        inner_units=_labelled_words("party_units.txt", "inner"),
        unsplit_titles=_words("unsplit_titles.txt"),
        anaphoric_openers=by_length(_words("anaphoric_organisations.txt")),
        named_bodies=_words("named_bodies.txt"),
        title_fillers=by_length(_words("title_fillers.txt")),
        organisation_ends=by_length(set(lex.org_suffixes) | _words("organisation_ends.txt")),
        organisation_stops=by_length(_words("organisation_stops.txt")),
        stop_exceptions=by_length(_words("organisation_stop_exceptions.txt")),
        ordinal=re.compile("|".join(_alternatives("organisation_openers.txt"))),
        role_levels=tuple((row[0], row[1]) for row in _rows("role_levels.tsv")),
        sector=re.compile("|".join(_alternatives("sectors.txt"))),
    )
