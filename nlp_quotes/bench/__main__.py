"""Benchmarks against the shared gold sets.

    python -m nlp_quotes.bench quotes [--shared PATH] [--out DIR] [--errors]

``quotes`` runs the library over the seed page (``data/seed``) and the
development set (``eval/gold_dev.jsonl`` with the documents of
``eval/dev_docs.txt``, loaded through ``eval/corpus.py``), writes the
predictions as JSON Lines and prints the figures of ``eval/score_quotes.py``,
the project's yardstick.  The shared folder is found through ``--shared``,
``$NLP_QUOTES_SHARED`` or a ``shared/`` folder beside the working directory
or the checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from nlp_quotes.api import extract_quotes
from nlp_quotes.pipeline import DEFAULT_MODEL, load

SEED_ID = "000_8464c429a3efe973"


def find_shared(explicit: str | None = None) -> Path | None:
    """The shared data folder, or ``None`` when it is absent."""
    candidates = [
        explicit,
        os.environ.get("NLP_QUOTES_SHARED"),
        Path.cwd() / "../shared",
        Path(__file__).resolve().parents[3] / "shared",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "eval" / "score_quotes.py").exists():
            return Path(candidate).resolve()
    return None


def _corpus_module(shared: Path):
    spec = importlib.util.spec_from_file_location("shared_corpus", shared / "eval" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_sets(shared: Path) -> dict[str, tuple[Path, dict[str, str]]]:
    """Name -> (gold file, {doc_id: text}) for the seed page and the development set."""
    corpus = _corpus_module(shared)
    dev_ids = (shared / "eval" / "dev_docs.txt").read_text(encoding="utf-8").split()
    return {
        "seed": (
            shared / "data" / "seed" / "gold_quotes.jsonl",
            {SEED_ID: (shared / "data" / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")},
        ),
        "dev": (shared / "eval" / "gold_dev.jsonl", {doc_id: corpus.load(doc_id) for doc_id in dev_ids}),
    }


def run_quotes(args: argparse.Namespace) -> int:
    shared = find_shared(args.shared)
    if shared is None:
        print(
            "shared data not found: pass --shared PATH or set NLP_QUOTES_SHARED "
            "(a folder with eval/score_quotes.py); nothing was scored.",
            file=sys.stderr,
        )
        return 2
    print(f"shared data: {shared}")
    nlp = load(args.model)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    status = 0
    for name, (gold, texts) in gold_sets(shared).items():
        started = time.perf_counter()
        predictions = out / f"{name}_predictions.jsonl"
        n_chars = sum(map(len, texts.values()))
        frame = pd.concat(
            [extract_quotes(text, doc_id=doc_id, nlp=nlp) for doc_id, text in texts.items()], ignore_index=True
        )
        frame.to_json(predictions, orient="records", lines=True, force_ascii=False)
        seconds = time.perf_counter() - started
        print(
            f"\n== {name}: {len(texts)} documents, {n_chars} chars, {seconds:.2f} s ({n_chars / seconds:,.0f} chars/s)"
        )
        print(f"predictions: {predictions}")
        command = [sys.executable, str(shared / "eval" / "score_quotes.py"), str(gold), str(predictions)]
        if args.errors:
            command.append("--errors")
        status |= subprocess.run(command, check=False).returncode
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nlp_quotes.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="bench", required=True)
    quotes = sub.add_parser("quotes", help="score quote attribution on the seed page and the development set")
    quotes.add_argument("--shared", help="path of the shared data folder")
    quotes.add_argument("--out", default="out/bench", help="folder for the predictions")
    quotes.add_argument("--model", default=DEFAULT_MODEL)
    quotes.add_argument("--errors", action="store_true", help="list every miss, wrong speaker and spurious quotation")
    quotes.set_defaults(func=run_quotes)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
