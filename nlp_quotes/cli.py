"""Command line: ``nlp-quotes extract`` and ``nlp-quotes example``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from nlp_quotes.api import HIGH_PRECISION, extract_quotes
from nlp_quotes.examples import example_text
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.schema import quotes_frame

SHOWN_COLUMNS = ["quote_id", "kind", "speaker", "role", "cue", "rule", "quote"]


def write_table(frame: pd.DataFrame, output: str) -> None:
    """Write ``frame`` as CSV, JSON Lines or Parquet, chosen by the file's suffix."""
    path = Path(output)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix in (".jsonl", ".json"):
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise SystemExit(f"unknown output format {path.suffix!r}: use .csv, .jsonl or .parquet")


def print_table(frame: pd.DataFrame) -> None:
    """Print the main columns of an attribution table."""
    with pd.option_context("display.max_colwidth", 40, "display.width", 200, "display.unicode.east_asian_width", True):
        print(frame[SHOWN_COLUMNS].to_string(index=False) if len(frame) else "(no quotations)")


def _read(source: str) -> tuple[str, str]:
    if source == "-":
        return "stdin", sys.stdin.read()
    path = Path(source)
    return path.stem, path.read_text(encoding="utf-8")


def cmd_extract(args: argparse.Namespace) -> int:
    nlp = load(args.model)
    frames, failed = [], 0
    for source in args.files:
        try:
            doc_id, text = _read(source)
            frames.append(extract_quotes(text, doc_id=doc_id, nlp=nlp, min_confidence=args.min_confidence))
        except (OSError, UnicodeDecodeError) as error:
            failed += 1
            print(f"error: {source}: {error}", file=sys.stderr)
    frame = pd.concat(frames, ignore_index=True) if frames else quotes_frame()
    if args.output:
        write_table(frame, args.output)
        print(
            f"{len(frame)} quotations from {len(args.files) - failed} files written to {args.output}", file=sys.stderr
        )
    else:
        print_table(frame)
    return 1 if failed else 0


def cmd_example(args: argparse.Namespace) -> int:
    text = example_text()
    print(text)
    print_table(extract_quotes(text, doc_id="example", nlp=load(args.model)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nlp-quotes", description="Who said what in Chinese news.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="attribute the quotations of UTF-8 text files")
    extract.add_argument("files", nargs="+", help="text files; - reads standard input")
    extract.add_argument("-o", "--output", help="out.csv, out.jsonl or out.parquet (default: print a table)")
    extract.add_argument("--model", default=DEFAULT_MODEL, help="shipped pipeline name or folder")
    confidence = extract.add_mutually_exclusive_group()
    confidence.add_argument(
        "--min-confidence", type=float, default=0.0, help="keep records with at least this confidence (0 to 1)"
    )
    confidence.add_argument(
        "--high-precision",
        dest="min_confidence",
        action="store_const",
        const=HIGH_PRECISION,
        help=f"keep only the most precise records (confidence >= {HIGH_PRECISION})",
    )
    extract.set_defaults(func=cmd_extract)
    example = sub.add_parser("example", help="run on the bundled example article and print the table")
    example.add_argument("--model", default=DEFAULT_MODEL)
    example.set_defaults(func=cmd_example)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
