"""``python -m nlp_quotes.bench people``: the people table of the People's Daily articles, timed against extraction.

Extraction runs :func:`nlp_quotes.process` over the 1,800 articles of
``data/news/rmrb2023`` with their manifest (date, page, headline; outlet
人民日报) into a Parquet output; :func:`nlp_quotes.people` then runs over the
run read back (reading is timed apart).  ``--keep DIR`` keeps that output and
``--reuse DIR`` times ``people()`` on a kept one without extracting again.
The 20 most-quoted people are printed for a check by hand.  Figures are
printed, nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

#: Repetitions of the people() timing (the median is reported).
REPEATS = 3


def _extract(shared: Path, out: Path, workers: int, limit: int | None) -> tuple[float, int]:
    import nlp_quotes
    from nlp_quotes.corpus.metadata import manifest_lookup, read_manifest
    from nlp_quotes.datasets import news_articles

    folder = shared / "data" / "news" / "rmrb2023"
    lookup = manifest_lookup(read_manifest(folder / "manifest.tsv"), folder)
    paths = news_articles(shared, limit)
    metadata = {path.stem: {**(lookup(path.stem, path) or {}), "outlet": "人民日报"} for path in paths}
    nlp = nlp_quotes.load()
    started = time.perf_counter()
    nlp_quotes.process(
        [(path.stem, path) for path in paths], nlp=nlp, n_process=workers, progress=False, output=out, metadata=metadata
    )
    return time.perf_counter() - started, len(paths)


def _shown(positions: object, n: int = 4) -> str:
    parts = []
    for entry in list(positions)[:n]:
        dates = (
            entry["first_date"]
            if entry["first_date"] == entry["last_date"]
            else (f"{entry['first_date']}…{entry['last_date']}")
        )
        parts.append(f"{entry['org'] or ''}{entry['title'] or ''} ({dates}, {entry['n_docs']})")
    more = len(list(positions)) - n
    return "; ".join(parts) + (f"; +{more}" if more > 0 else "")


def run_people(args: argparse.Namespace) -> int:
    """Print extraction time, people() time and their ratio, and the 20 most-quoted people."""
    import pandas as pd

    import nlp_quotes
    from nlp_quotes.corpus import read_result
    from nlp_quotes.datasets import MissingCorpusError, news_articles, shared_dir

    extraction = None
    with tempfile.TemporaryDirectory() as scratch:
        if args.reuse:
            out = Path(args.reuse)
        else:
            try:
                shared = shared_dir(args.shared)
            except MissingCorpusError as error:
                print(f"{error}; the people benchmark needs the People's Daily articles.", file=sys.stderr)
                return 2
            if not news_articles(shared, 1):
                print(f"no articles under {shared / 'data/news/rmrb2023/data'}; nothing was measured.", file=sys.stderr)
                return 2
            out = Path(args.keep or scratch) / "rmrb2023.parquet"
            extraction, n_docs = _extract(shared, out, args.workers, args.limit)
            print(f"extraction: {n_docs} articles, {args.workers} worker(s): {extraction:.1f} s")
        started = time.perf_counter()
        result = read_result(out)
        reading = time.perf_counter() - started
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            table = nlp_quotes.people(result)
            timings.append(time.perf_counter() - started)
    seconds = sorted(timings)[len(timings) // 2]
    print(f"read back: {len(result.documents)} documents, {len(result.quotes)} quotations in {reading:.2f} s")
    print(f"people(): {len(table)} people in {seconds:.2f} s (median of {REPEATS})")
    if extraction:
        print(
            f"people() / extraction: {seconds / extraction:.1%} "
            f"(reading back included: {(seconds + reading) / extraction:.1%})"
        )
    named = int(result.quotes["speaker"].notna().sum())
    print(f"named quotations: {named}; people with one quotation: {int((table['n_quotes'] == 1).sum())}")
    with pd.option_context("display.width", 250, "display.max_colwidth", 200, "display.unicode.east_asian_width", True):
        print("\n20 most-quoted people:")
        for row in table.head(20).itertuples():
            roles = ",".join(row.roles) or "-"
            variants = ",".join(row.variants) or "-"
            print(
                f"  {row.person_id:3d} {row.name} q={row.n_quotes} docs={row.n_docs} roles={roles} "
                f"variants={variants} {row.first_date}…{row.last_date}\n      {_shown(row.positions)}"
            )
    return 0


def add_parser(sub) -> None:
    """Register the ``people`` subcommand on an ``argparse`` subparsers object."""
    people = sub.add_parser("people", help="people() over the People's Daily articles, timed against extraction")
    people.add_argument("--shared", help="path of the shared data folder")
    people.add_argument("--workers", type=int, default=2, help="worker processes of the extraction (default 2)")
    people.add_argument("--limit", type=int, help="the first N articles only (quick runs)")
    people.add_argument("--keep", help="folder to keep the extraction's Parquet output in")
    people.add_argument("--reuse", help="an output kept with --keep: time people() on it, extract nothing")
    people.set_defaults(func=run_people)
