"""``nlp_quotes.people``: one row per person across a whole corpus run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from nlp_quotes.schema import people_frame

__all__ = ["people", "positions_of"]

#: A position: (title, organisation), either may be ``None``.
Position = tuple[str | None, str | None]


def _items(value: object) -> list:
    """The elements of a list-like cell (a list, a tuple, a NumPy array read back from Parquet); ``[]`` for null."""
    if value is None or isinstance(value, str | bytes | dict):
        return []
    try:
        return list(value)
    except TypeError:
        return []


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def positions_of(positions: object = None, titles: object = None, orgs: object = None) -> list[Position]:
    """The positions of one quotation: its ``positions`` cell when it has one, else ``titles`` paired with ``orgs``.

    ``positions`` is a list of ``{"title", "org"}`` mappings.  Without it,
    titles and organisations are paired from the end (the last title with the
    last organisation: a chain ends with the post next to the name, and a
    leading rank such as 中共中央政治局委员 carries its own organisation), and
    the titles or organisations left over at the front stand alone
    (``(title, None)``, ``(None, org)``).  Nothing is inferred from where they
    stood in the text.  Duplicates and empty pairs are dropped, order is kept.
    """
    found: list[Position] = []
    entries = _items(positions)
    if entries:
        for entry in entries:
            if isinstance(entry, dict):
                found.append((_text(entry.get("title")), _text(entry.get("org"))))
    else:
        title_list = [_text(title) for title in _items(titles)]
        org_list = [_text(org) for org in _items(orgs)]
        paired = min(len(title_list), len(org_list))
        lone_titles, lone_orgs = len(title_list) - paired, len(org_list) - paired
        found = [(title, None) for title in title_list[:lone_titles]] + [(None, org) for org in org_list[:lone_orgs]]
        found += list(zip(title_list[lone_titles:], org_list[lone_orgs:], strict=True))
    return list(dict.fromkeys(position for position in found if position != (None, None)))


def overlap(first: Position, second: Position) -> bool:
    """Whether two positions may be one post: the same organisation, or the same title where an organisation is missing.

    Titles are not compared when both organisations are known.
    """
    (title_a, org_a), (title_b, org_b) = first, second
    if org_a is not None and org_b is not None:
        return org_a == org_b
    return title_a is not None and title_a == title_b


@dataclass
class _Profile:
    """What one document says about one name."""

    order: int
    name: str
    doc_id: object
    date: str | None
    positions: list[Position] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    n_quotes: int = 0


def _iso_dates(documents: pd.DataFrame | None) -> dict[object, str | None]:
    """``doc_id -> ISO date`` of a documents table's ``date`` column (unparsable or missing dates are ``None``)."""
    if documents is None or "date" not in documents.columns or "doc_id" not in documents.columns:
        return {}
    first = documents.drop_duplicates("doc_id", keep="first")
    parsed = pd.to_datetime(first["date"].astype(object), errors="coerce", format="mixed")
    return {
        doc_id: (None if pd.isna(stamp) else stamp.date().isoformat())
        for doc_id, stamp in zip(first["doc_id"], parsed, strict=True)
    }


#: Speaker sieves that name a country or an organisation, not a person: their quotations are left out.
NOT_PEOPLE = ("side", "joint", "organisation")


def _profiles(quotes: pd.DataFrame, dates: dict[object, str | None]) -> list[_Profile]:
    named = quotes[quotes["speaker"].notna()]
    if "speaker_rule" in named.columns:
        named = named[~named["speaker_rule"].isin(NOT_PEOPLE)]
    columns = ["doc_id", "speaker", "speaker_mention", "role", "titles", "orgs", "positions"]
    present = {name: (named[name] if name in named.columns else pd.Series([None] * len(named))) for name in columns}
    quote_dates = named["date"] if "date" in named.columns else None
    profiles: dict[tuple, _Profile] = {}
    for number, (doc_id, speaker, mention, role, titles, orgs, positions) in enumerate(
        zip(*(present[name].tolist() for name in columns), strict=True)
    ):
        key = (doc_id, speaker)
        profile = profiles.get(key)
        if profile is None:
            date = dates.get(doc_id)
            if date is None and quote_dates is not None:
                stamp = pd.to_datetime(_text(quote_dates.iloc[number]), errors="coerce", format="mixed")
                date = None if pd.isna(stamp) else stamp.date().isoformat()
            profile = profiles[key] = _Profile(len(profiles), str(speaker), doc_id, date)
        profile.n_quotes += 1
        for position in positions_of(positions, titles, orgs):
            if position not in profile.positions:
                profile.positions.append(position)
        if _text(role) is not None:
            profile.roles.add(_text(role))
        if _text(mention) is not None:
            profile.mentions.add(_text(mention))
    return list(profiles.values())


def _name_keys(names: Iterable[str]) -> dict[str, str]:
    """``name -> group name``: a short foreign name joins the one full form ending with it (安东尼奥·古特雷斯)."""
    names = set(names)
    endings: dict[str, set[str]] = {}
    for name in names:
        if "·" in name:
            endings.setdefault(name.rsplit("·", 1)[1], set()).add(name)
    keys = {}
    for name in names:
        full = endings.get(name, set())
        keys[name] = next(iter(full)) if "·" not in name and len(full) == 1 else name
    return keys


def _people_of_name(profiles: list[_Profile]) -> list[list[_Profile]]:
    """Split the profiles of one name into people (see :func:`people`)."""
    placed = [profile for profile in profiles if profile.positions]
    unplaced = [profile for profile in profiles if not profile.positions]
    parent = list(range(len(placed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in enumerate(placed):
        for j in range(i):
            a, b = root(i), root(j)
            if a != b and any(overlap(p, q) for p in first.positions for q in placed[j].positions):
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[_Profile]] = {}
    for i, profile in enumerate(placed):
        groups.setdefault(root(i), []).append(profile)
    people = list(groups.values())
    if len(people) == 1:
        people[0].extend(unplaced)
    elif unplaced:
        people.append(unplaced)  # nothing says which of the namesakes these are
    return people


def _row(name: str, profiles: list[_Profile]) -> dict[str, Any]:
    profiles = sorted(profiles, key=lambda profile: profile.order)
    seen: dict[Position, dict[str, Any]] = {}
    for profile in profiles:
        for title, org in profile.positions:
            entry = seen.setdefault(
                (title, org),
                {"title": title, "org": org, "first_date": None, "last_date": None, "n_docs": 0},
            )
            entry["n_docs"] += 1
            if profile.date is not None:
                entry["first_date"] = min(filter(None, (entry["first_date"], profile.date)))
                entry["last_date"] = max(filter(None, (entry["last_date"], profile.date)))
    positions = sorted(seen.values(), key=lambda entry: (entry["first_date"] is None, entry["first_date"] or ""))
    dated = [profile.date for profile in profiles if profile.date is not None]
    names = {profile.name for profile in profiles}
    mentions = set().union(*(profile.mentions for profile in profiles))
    variants = {mention for mention in mentions if mention != name and len(mention) >= 2 and mention in name}
    return {
        "name": name,
        "variants": sorted(variants | (names - {name})),
        "roles": sorted(set().union(*(profile.roles for profile in profiles))),
        "positions": positions,
        "first_date": min(dated) if dated else None,
        "last_date": max(dated) if dated else None,
        "n_quotes": sum(profile.n_quotes for profile in profiles),
        "n_docs": len({profile.doc_id for profile in profiles}),
        "doc_ids": list(dict.fromkeys(profile.doc_id for profile in profiles)),
        "_order": profiles[0].order,
    }


def people(result: object, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person across all documents of a corpus run (columns: :data:`~nlp_quotes.schema.PEOPLE_COLUMNS`).

    Args:
        result: a :class:`~nlp_quotes.CorpusResult` (its ``quotes`` and, for
            dates, ``documents``) or a quotation table.
        documents: the documents table, when ``result`` is a quotation table;
            a ``date`` column of the quotation table itself is used otherwise.

    How people are told apart.  Every (document, speaker) pair is one profile:
    within an article a canonical name is one person.  A short foreign name
    (古特雷斯) is read as the one full form of the corpus ending with it
    (安东尼奥·古特雷斯), if there is exactly one.  Profiles of the same name
    are one person when they are linked, directly or through other profiles:
    two profiles are linked when a position of one overlaps a position of the
    other, that is, both name the same organisation (whatever the titles, so
    副部长 and 部长 of one ministry are linked), or they share a title and at
    least one of the two gives no organisation.  Profiles with positions that
    are not linked are kept apart as namesakes.  A profile without any
    position joins the person of that name when there is exactly one; when
    there are several namesakes such profiles form one more row of their own
    (nothing says whose they are); when no profile of the name has a position,
    all are one person.  Roles (代表, 委员) never link profiles, and nothing
    is read from the article text itself (such as 原任 or 曾任): links come
    only from the quotation table's positions (the ``positions`` column when
    present, else ``titles`` paired with ``orgs``, see :func:`positions_of`).

    Dates are the documents' ``date`` metadata, read as dates (ISO text);
    undated documents count everywhere except in the dates.  Unattributed
    quotations are left out, and so are those whose speaker is a country or
    an organisation (``speaker_rule`` ``side``, ``joint``, ``organisation``:
    中方 read as 中国).  Rows are ordered by quotations, then documents
    (both descending), then name, then first appearance in the table, so the
    same input gives the same table.
    """
    quotes = getattr(result, "quotes", result)
    if documents is None:
        documents = getattr(result, "documents", None)
    if not isinstance(quotes, pd.DataFrame):
        raise TypeError(f"expected a CorpusResult or a quotation DataFrame, got {type(result).__name__}")
    profiles = _profiles(quotes, _iso_dates(documents))
    keys = _name_keys(profile.name for profile in profiles)
    by_name: dict[str, list[_Profile]] = {}
    for profile in profiles:
        by_name.setdefault(keys[profile.name], []).append(profile)
    rows = [_row(name, person) for name, group in by_name.items() for person in _people_of_name(group)]
    rows.sort(key=lambda row: (-row["n_quotes"], -row["n_docs"], row["name"], row["_order"]))
    for number, row in enumerate(rows):
        row["person_id"] = number
    return people_frame(rows)
