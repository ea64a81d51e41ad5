"""Corpus-scale benchmark: throughput with 1 and 2 processes, peak memory, time to the first result.

Each configuration runs in a fresh Python process (``python -m
nlp_quotes.bench scale-run``) so that peak memory is its own; the run streams
its tables to a temporary Parquet output, as a researcher would on an archive.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nlp_quotes.datasets import news_articles


def article_paths(shared: Path, n: int) -> list[Path]:
    """The first ``n`` People's Daily 2023 articles of the shared corpus."""
    return news_articles(shared, n)


def measure(shared: Path, n_docs: int, workers: int, batch_size: int) -> dict:
    """Run :func:`nlp_quotes.process` over ``n_docs`` articles in this process and report its figures."""
    from nlp_quotes.corpus.inputs import read_text
    from nlp_quotes.corpus.process import WRITE_EVERY, process_stream
    from nlp_quotes.corpus.provenance import run_metadata
    from nlp_quotes.corpus.writers import CorpusWriter
    from nlp_quotes.pipeline import load

    paths = article_paths(shared, n_docs)
    nlp = load()
    started = time.perf_counter()
    first = None
    n_chars = n_ok = n_quotes = longest = 0
    batch = []
    with tempfile.TemporaryDirectory() as folder:
        writer = CorpusWriter(Path(folder) / "quotes.parquet", run_metadata(nlp))
        documents = ((path.stem, read_text(path)) for path in paths)
        for outcome in process_stream(documents, nlp, n_process=workers, batch_size=batch_size):
            if first is None:
                first = time.perf_counter() - started
            n_chars += outcome.document["n_chars"] or 0
            longest = max(longest, outcome.document["n_chars"] or 0)
            n_ok += outcome.document["status"] == "ok"
            n_quotes += len(outcome.quotes)
            batch.append(outcome)
            if len(batch) >= WRITE_EVERY:
                writer.write(batch)
                batch = []
        writer.write(batch)
    seconds = time.perf_counter() - started
    return {
        "docs": len(paths),
        "ok": n_ok,
        "quotes": n_quotes,
        "chars": n_chars,
        "longest_doc_chars": longest,
        "workers": workers,
        "seconds": round(seconds, 2),
        "first_result_seconds": round(first or 0.0, 2),
        "peak_rss_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_mb_workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def check_integrity(shared: Path, n_docs: int = 300, workers: int = 2) -> bool:
    """``process`` on real articles plus three bad inputs: a row each, errors marked, quotes as ``extract_quotes``."""
    import pandas as pd
    from pandas.testing import assert_frame_equal

    from nlp_quotes.api import extract_quotes
    from nlp_quotes.corpus import process
    from nlp_quotes.pipeline import load

    nlp = load()
    articles = [(path.stem, path.read_text(encoding="utf-8")) for path in article_paths(shared, n_docs)]
    bad = [("bad-none", None), ("bad-int", 42), ("bad-empty", "")]
    result = process(articles + bad, n_process=workers, nlp=nlp, progress=False)
    expected = pd.concat([extract_quotes(text, doc_id=doc_id, nlp=nlp) for doc_id, text in articles], ignore_index=True)
    status = dict(zip(result.documents["doc_id"], result.documents["status"], strict=True))
    try:
        assert_frame_equal(result.quotes, expected)
        identical = True
    except AssertionError:
        identical = False
    print(f"\n== integrity: {len(articles)} articles + None, an int and an empty string, {workers} processes")
    print(f"  documents rows: {len(result.documents)} for {len(articles) + len(bad)} inputs")
    print(f"  status: None -> {status['bad-none']}, int -> {status['bad-int']}, empty -> {status['bad-empty']}")
    print(f"  quotations: {len(result.quotes)}, identical to extract_quotes document by document: {identical}")
    return identical and len(result.documents) == len(articles) + len(bad)


#: Hash seeds of the determinism check; the first is also run with two workers.
HASH_SEEDS = ("0", "1", "2")


def digest(shared: Path, n_docs: int, workers: int) -> dict:
    """SHA-256 of the quotes, entities and document rows of ``process`` over ``n_docs`` articles.

    Timing columns (``seconds``) are left out; everything else counts, row order included.
    """
    import hashlib

    from nlp_quotes.corpus import process
    from nlp_quotes.pipeline import load

    articles = [(path.stem, path.read_text(encoding="utf-8")) for path in article_paths(shared, n_docs)]
    result = process(articles, n_process=workers, nlp=load(), progress=False)
    tables = {
        "quotes": result.quotes,
        "entities": result.entities,
        "documents": result.documents.drop(columns=["seconds"], errors="ignore"),
    }
    hashes = {
        name: hashlib.sha256(frame.to_json(orient="records", force_ascii=False).encode("utf-8")).hexdigest()[:16]
        for name, frame in tables.items()
    }
    return {"docs": len(articles), "n_quotes": len(result.quotes), "workers": workers, **hashes}


def check_determinism(shared: Path, n_docs: int = 300) -> bool:
    """Same rows for every hash seed of :data:`HASH_SEEDS` (one worker) and for two workers; prints them."""
    import os

    print(f"\n== determinism: {n_docs} People's Daily articles, each run in a fresh process")
    print("  PYTHONHASHSEED  workers  quotes   quotes sha256     entities sha256   documents sha256")
    runs = [(seed, 1) for seed in HASH_SEEDS] + [(HASH_SEEDS[0], 2)]
    seen = set()
    for seed, workers in runs:
        command = [sys.executable, "-m", "nlp_quotes.bench", "digest-run", "--shared", str(shared)]
        command += ["--docs", str(n_docs), "--workers", str(workers)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        seen.add((figures["quotes"], figures["entities"], figures["documents"]))
        print(
            f"  {seed:>14}  {workers:7d}  {figures['n_quotes']:6d}   {figures['quotes']}  "
            f"{figures['entities']}  {figures['documents']}"
        )
    print(f"  identical rows in every run: {len(seen) == 1}")
    return len(seen) == 1


def run_scale(shared: Path, sizes: tuple[int, ...], workers: tuple[int, ...], batch_size: int) -> int:
    """Print throughput, speed-up and peak memory for every (size, workers) configuration."""
    available = len(article_paths(shared, 10**9))
    if not available:
        print(f"no articles under {shared / 'data/news/rmrb2023/data'}; nothing was measured.", file=sys.stderr)
        return 2
    print(f"shared data: {shared} ({available} People's Daily 2023 articles)")
    print("  docs  workers   seconds   docs/s    chars/s   first result   peak RSS main / worker (MB)   longest doc")
    results = {}
    for size in sizes:
        for n in workers:
            command = [sys.executable, "-m", "nlp_quotes.bench", "scale-run", "--shared", str(shared)]
            command += ["--docs", str(size), "--workers", str(n), "--batch-size", str(batch_size)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            results[size, n] = figures
            seconds = figures["seconds"]
            print(
                f"  {figures['docs']:4d}  {n:7d}  {seconds:8.1f}  {figures['docs'] / seconds:7.1f}"
                f"  {figures['chars'] / seconds:9,.0f}  {figures['first_result_seconds']:11.2f} s"
                f"   {figures['peak_rss_mb_main']:8.0f} / {figures['peak_rss_mb_workers']:<8.0f}"
                f"        {figures['longest_doc_chars']:,} chars"
            )
    largest = max(sizes)
    if (largest, 1) in results and (largest, 2) in results:
        speedup = results[largest, 1]["seconds"] / results[largest, 2]["seconds"]
        print(f"\nspeed-up with 2 processes on {largest} articles: {speedup:.2f}x")
    print("peak memory follows the longest document (chunked beyond 200,000 characters), not the corpus size")
    integrity = check_integrity(shared, min(300, available))
    determinism = check_determinism(shared, min(300, available))
    return 0 if integrity and determinism else 1
