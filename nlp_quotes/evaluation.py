"""Score quotation attribution against gold records: ``nlp-quotes evaluate GOLD.jsonl TEXTS…``.

Gold records are JSON Lines, one quotation a line (the format of the
project's annotation guidelines; see README, "Measure it on your own
articles"): ``doc``, ``quote``, ``speaker`` (``null`` when no name can be
given), ``kind`` (``direct`` or ``indirect``), and optionally
``speaker_alt``, ``role``, ``titles`` and ``orgs``.  Predictions are rows of
the attribution table (``doc_id``, ``quote``, ``speaker``, ``role``,
``titles``, ``orgs``).

The figures are the project's yardstick, defined as follows.

* Texts are compared with whitespace and quotation marks removed.
* Within a document, a prediction and a gold quotation are candidates when
  their longest common substring covers at least half of the gold text and a
  quarter of the predicted one.  Candidates are paired one to one, the
  largest overlap (relative to the longer text) first; among equal overlaps a
  pair with the right speaker comes first, then the later gold record and
  the later prediction.
* Quote P/R/F1 count pairs against predictions and gold records; end-to-end
  P/R/F1 count only pairs with the right speaker (the gold ``speaker`` or one
  of ``speaker_alt``; no speaker is right when the gold has none).
* Every document of the gold records and of the predictions counts, so
  predictions in a document without gold records are spurious.
* Role accuracy: among pairs with the right speaker, 代表/委员/none equal.
* Capacity P/R/F1: among pairs with the right speaker whose gold record
  lists ``titles`` or ``orgs``.  A predicted item is right when it equals a
  gold item or is the start or the end of a longer gold title; a gold item is
  found when a prediction equals it, a predicted organisation followed by a
  predicted title spells it, or it is the start or the end of a longer
  predicted title.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

#: Whitespace and quotation marks, which never count in a comparison of texts.
IGNORED = re.compile(r"[\s“”‘’\"'「」『』]+")
KINDS = ("direct", "indirect")


def squeeze(value: object) -> str:
    """A text without whitespace and quotation marks; ``""`` for ``None`` and NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return IGNORED.sub("", str(value))


def _names(value: object) -> list[str]:
    """The squeezed items of a ``titles`` / ``orgs`` value (a list, a single string or nothing)."""
    if isinstance(value, str):
        return [squeeze(value)] if value else []
    if value is None or not hasattr(value, "__iter__"):
        return []
    return [squeeze(item) for item in value if item is not None and squeeze(item)]


def _common_length(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b``."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def right_speaker(gold: Mapping, predicted: Mapping) -> bool:
    """The prediction names the gold speaker or one of its alternatives (both empty counts as right)."""
    accepted = {squeeze(gold.get("speaker"))} | {squeeze(name) for name in gold.get("speaker_alt") or []}
    return squeeze(predicted.get("speaker")) in accepted


def pair_up(gold: Sequence[Mapping], predicted: Sequence[Mapping]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, prediction index)`` pairs of one document, largest overlap first."""
    candidates = []
    for g, gold_record in enumerate(gold):
        gold_text = squeeze(gold_record.get("quote"))
        for p, record in enumerate(predicted):
            text = squeeze(record.get("quote"))
            if not gold_text or not text:
                continue
            common = _common_length(gold_text, text)
            if common >= len(gold_text) / 2 and common >= len(text) / 4:
                overlap = round(common / max(len(gold_text), len(text)), 6)
                candidates.append((overlap, right_speaker(gold_record, record), g, p))
    taken_gold: set[int] = set()
    taken_predicted: set[int] = set()
    pairs = []
    for _, _, g, p in sorted(candidates, reverse=True):
        if g not in taken_gold and p not in taken_predicted:
            taken_gold.add(g)
            taken_predicted.add(p)
            pairs.append((g, p))
    return pairs


def capacity_counts(gold: Mapping, predicted: Mapping) -> tuple[int, int, int, int]:
    """(right predicted items, predicted items, found gold items, gold items) of one pair."""
    gold_titles, predicted_titles = _names(gold.get("titles")), _names(predicted.get("titles"))
    predicted_orgs = _names(predicted.get("orgs"))
    gold_items = set(gold_titles) | set(_names(gold.get("orgs")))
    predicted_items = set(predicted_titles) | set(predicted_orgs)

    def edge_of(item: str, titles: list[str]) -> bool:
        return any(len(title) > len(item) and (title.startswith(item) or title.endswith(item)) for title in titles)

    right = sum(item in gold_items or edge_of(item, gold_titles) for item in predicted_items)
    found = sum(
        item in predicted_items
        or any(org + title == item for org in predicted_orgs for title in predicted_titles)
        or edge_of(item, predicted_titles)
        for item in gold_items
    )
    return right, len(predicted_items), found, len(gold_items)


def _prf(hits: int, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    precision = hits / n_predicted if n_predicted else 0.0
    recall = hits / n_gold if n_gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


@dataclass
class Scores:
    """The figures of one evaluation (see the module's docstring), and the errors behind them."""

    docs: int
    gold: int
    pred: int
    matched: int
    quote_p: float
    quote_r: float
    quote_f1: float
    exact: float
    speaker_acc: float
    e2e_p: float
    e2e_r: float
    e2e_f1: float
    recall_by_kind: dict[str, float]
    role_acc: float | None
    capacity_records: int
    capacity_p: float | None
    capacity_r: float | None
    capacity_f1: float | None
    errors: list[tuple[str, str, str, str]] = field(default_factory=list, repr=False)

    def figures(self) -> dict[str, object]:
        """Every figure, without the errors (what ``--json`` prints)."""
        return {name: value for name, value in self.__dict__.items() if name != "errors"}

    def report(self) -> str:
        """The figures as lines of text."""
        lines = [
            f"docs {self.docs}  gold {self.gold}  pred {self.pred}  matched {self.matched}",
            f"quote      P {self.quote_p:.3f}  R {self.quote_r:.3f}  F1 {self.quote_f1:.3f}",
            f"exact text on matched {self.exact:.3f}",
            f"speaker accuracy on matched {self.speaker_acc:.3f}",
            "recall by kind  " + "  ".join(f"{kind} {value:.3f}" for kind, value in self.recall_by_kind.items()),
        ]
        if self.role_acc is not None:
            lines.append(f"role accuracy {self.role_acc:.3f}")
        lines.append(f"end-to-end P {self.e2e_p:.3f}  R {self.e2e_r:.3f}  F1 {self.e2e_f1:.3f}")
        if self.capacity_f1 is not None:
            lines.append(
                f"capacity P {self.capacity_p:.3f}  R {self.capacity_r:.3f}  F1 {self.capacity_f1:.3f}"
                f"  ({self.capacity_records} records)"
            )
        return "\n".join(lines)


def _records(rows: pd.DataFrame | Iterable[Mapping]) -> list[Mapping]:
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)


def score(gold: Iterable[Mapping], predicted: pd.DataFrame | Iterable[Mapping]) -> Scores:
    """Score predicted rows (an attribution table or its records) against gold records."""
    gold, predicted = list(gold), _records(predicted)
    by_doc: dict[str, tuple[list[Mapping], list[Mapping]]] = {}
    for record in gold:
        by_doc.setdefault(str(record["doc"]), ([], []))[0].append(record)
    for record in predicted:
        by_doc.setdefault(str(record.get("doc_id")), ([], []))[1].append(record)
    matched = exact = attributed = role_pairs = role_right = capacity_pairs = 0
    capacity = [0, 0, 0, 0]
    kinds: dict[str, list[int]] = {}
    errors: list[tuple[str, str, str, str]] = []
    for doc in sorted(by_doc):
        doc_gold, doc_predicted = by_doc[doc]
        pairs = pair_up(doc_gold, doc_predicted)
        matched += len(pairs)
        paired_gold = {g for g, _ in pairs}
        for g, record in enumerate(doc_gold):
            counts = kinds.setdefault(record.get("kind", "direct"), [0, 0])
            counts[0] += g in paired_gold
            counts[1] += 1
            if g not in paired_gold:
                errors.append(("missed", doc, squeeze(record["quote"])[:30], str(record.get("speaker"))))
        for g, p in pairs:
            gold_record, record = doc_gold[g], doc_predicted[p]
            exact += squeeze(gold_record["quote"]) == squeeze(record.get("quote"))
            if not right_speaker(gold_record, record):
                detail = f"gold={gold_record.get('speaker')} pred={record.get('speaker')}"
                errors.append(("speaker", doc, squeeze(gold_record["quote"])[:30], detail))
                continue
            attributed += 1
            if "role" in record:
                role_pairs += 1
                role_right += squeeze(gold_record.get("role")) == squeeze(record.get("role"))
            if ("titles" in gold_record or "orgs" in gold_record) and ("titles" in record or "orgs" in record):
                capacity_pairs += 1
                counts = capacity_counts(gold_record, record)
                capacity = [total + n for total, n in zip(capacity, counts, strict=True)]
                if counts[0] < counts[1] or counts[2] < counts[3]:
                    detail = (
                        f"gold={_names(gold_record.get('titles'))}{_names(gold_record.get('orgs'))} "
                        f"pred={_names(record.get('titles'))}{_names(record.get('orgs'))}"
                    )
                    errors.append(("capacity", doc, squeeze(gold_record["quote"])[:30], detail))
        paired_predicted = {p for _, p in pairs}
        errors.extend(
            ("spurious", doc, squeeze(record.get("quote"))[:30], str(record.get("speaker")))
            for p, record in enumerate(doc_predicted)
            if p not in paired_predicted
        )
    quote = _prf(matched, len(predicted), len(gold))
    end_to_end = _prf(attributed, len(predicted), len(gold))
    capacity_p = capacity[0] / capacity[1] if capacity[1] else 1.0
    capacity_r = capacity[2] / capacity[3] if capacity[3] else 1.0
    capacity_f1 = 2 * capacity_p * capacity_r / (capacity_p + capacity_r) if capacity_p + capacity_r else 0.0
    return Scores(
        docs=len(by_doc),
        gold=len(gold),
        pred=len(predicted),
        matched=matched,
        quote_p=quote[0],
        quote_r=quote[1],
        quote_f1=quote[2],
        exact=exact / matched if matched else 0.0,
        speaker_acc=attributed / matched if matched else 0.0,
        e2e_p=end_to_end[0],
        e2e_r=end_to_end[1],
        e2e_f1=end_to_end[2],
        recall_by_kind={kind: hits / total for kind, (hits, total) in sorted(kinds.items())},
        role_acc=role_right / role_pairs if role_pairs else None,
        capacity_records=capacity_pairs,
        capacity_p=capacity_p if capacity_pairs else None,
        capacity_r=capacity_r if capacity_pairs else None,
        capacity_f1=capacity_f1 if capacity_pairs else None,
        errors=errors,
    )


class GoldFormatError(ValueError):
    """A gold file that is not in the documented format."""


def read_gold(path: str | Path) -> list[dict]:
    """The records of a gold JSON Lines file, checked: each has ``doc`` and ``quote``, and a known ``kind``."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldFormatError(f"{path}, line {number}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or not record.get("doc") or not isinstance(record.get("quote"), str):
            raise GoldFormatError(f'{path}, line {number}: a gold record needs "doc" and "quote" (see README)')
        if record.get("kind", "direct") not in KINDS:
            raise GoldFormatError(f'{path}, line {number}: "kind" is "direct" or "indirect", not {record["kind"]!r}')
        record["doc"] = str(record["doc"])
        records.append(record)
    return records
