"""Whole-corpus before/after comparison of ``extract_quotes`` output.

Run once per code version, then compare::

    python tools/corpus_diff.py run out/diff/before.jsonl [--every 3]
    python tools/corpus_diff.py run out/diff/after.jsonl  [--every 3]
    python tools/corpus_diff.py compare out/diff/before.jsonl out/diff/after.jsonl [--sample 15]

``run`` reads the unlabelled articles through ``../shared/eval/corpus.py`` (every
N-th document of rmrb2023, xwlb and intl) and writes one record a line; it says so
and exits when the shared data are absent.  ``compare`` prints records added,
removed and changed (speaker, role, titles, orgs), with a random sample of each.
To run an older version, put its checkout first on ``PYTHONPATH`` and pass its
``--model`` folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import nlp_quotes

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FIELDS = ("speaker", "role", "titles", "orgs", "rule", "speaker_rule", "kind")


def run(out: Path, every: int, model: str | None = None) -> None:
    if not (SHARED_EVAL / "corpus.py").exists():
        sys.exit(f"no shared corpus at {SHARED_EVAL}: nothing to run")
    sys.path.insert(0, str(SHARED_EVAL))
    import corpus  # type: ignore[import-not-found]  # noqa: PLC0415 - the shared folder's, found at run time

    nlp = nlp_quotes.load(model) if model else nlp_quotes.load()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for name in ("rmrb2023", "xwlb", "intl"):
            for doc_id in corpus.ids(name)[::every]:
                frame = nlp_quotes.extract_quotes(corpus.load(doc_id), doc_id=doc_id, nlp=nlp)
                for row in frame.to_dict("records"):
                    record = {k: row.get(k) for k in ("doc_id", "quote_start", "quote_end", "quote", *FIELDS)}
                    for key, value in record.items():
                        if hasattr(value, "tolist"):
                            record[key] = value.tolist()
                        elif value is not None and not isinstance(value, (str, int, float, list)):
                            record[key] = None if str(value) == "<NA>" else str(value)
                    handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    print(f"wrote {out}")


def _load(path: Path) -> dict[tuple, dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return {(r["doc_id"], r["quote_start"], r["quote_end"]): r for r in rows}


def compare(before: Path, after: Path, sample: int, seed: int = 0) -> None:
    old, new = _load(before), _load(after)
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(k for k in set(old) & set(new) if any(old[k].get(f) != new[k].get(f) for f in FIELDS[:4]))
    print(f"before {len(old)} records, after {len(new)}: +{len(added)} -{len(removed)} changed {len(changed)}")
    rng = random.Random(seed)
    for title, keys, show in (("added", added, new), ("removed", removed, old)):
        print(f"\n== {title} ({len(keys)})")
        for key in rng.sample(keys, min(sample, len(keys))):
            r = show[key]
            print(f"  {key[0]} {r['speaker']} [{r['rule']}/{r['speaker_rule']}] {r['quote'][:50]}")
    print(f"\n== changed ({len(changed)})")
    for key in rng.sample(changed, min(sample, len(changed))):
        diff = {f: (old[key].get(f), new[key].get(f)) for f in FIELDS[:4] if old[key].get(f) != new[key].get(f)}
        print(f"  {key[0]} {diff} {new[key]['quote'][:40]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("out", type=Path)
    run_parser.add_argument("--every", type=int, default=3)
    run_parser.add_argument("--model", help="pipeline folder (an older checkout's models/zh_news)")
    cmp_parser = sub.add_parser("compare")
    cmp_parser.add_argument("before", type=Path)
    cmp_parser.add_argument("after", type=Path)
    cmp_parser.add_argument("--sample", type=int, default=15)
    args = parser.parse_args()
    if args.command == "run":
        run(args.out, args.every, args.model)
    else:
        compare(args.before, args.after, args.sample)


if __name__ == "__main__":
    main()
