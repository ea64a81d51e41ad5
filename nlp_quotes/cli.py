"""Command line: ``nlp-quotes extract``, ``render``, ``evaluate`` and ``example``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from nlp_quotes.api import HIGH_PRECISION, extract_quotes
from nlp_quotes.corpus import process
from nlp_quotes.corpus.inputs import UnreadableFile, decode_text, encoding_name, expand_paths, read_text
from nlp_quotes.corpus.metadata import manifest_lookup, read_manifest
from nlp_quotes.evaluation import GoldFormatError, read_gold, score
from nlp_quotes.examples import example_text
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.pipeline.loading import BACKENDS
from nlp_quotes.view import render_html

SHOWN_COLUMNS = ["quote_id", "kind", "speaker", "role", "cue", "rule", "quote"]


def print_table(frame: pd.DataFrame) -> None:
    """Print the main columns of an attribution table."""
    with pd.option_context("display.max_colwidth", 40, "display.width", 200, "display.unicode.east_asian_width", True):
        print(frame[SHOWN_COLUMNS].to_string(index=False) if len(frame) else "(no quotations)")


def _stdin() -> str | bytes:
    """Standard input: its bytes, decoded later as the files are (detected or ``--encoding``), else its text."""
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read()


def _documents(sources: list[str]) -> Iterator[tuple[str, object]]:
    """``(doc_id, path)`` of files, directories and globs, and ``(stdin, text)`` for ``-``."""
    for source in sources:
        if source == "-":
            yield "stdin", _stdin()
            continue
        yield from expand_paths([source])  # paths are read only when their turn comes (after --resume skips)


def _manifest_metadata(
    manifest: str, columns: str | None, documents: list[tuple[str, object]]
) -> tuple[dict[str, dict], int]:
    """Metadata of ``documents`` from a manifest file (see :func:`~nlp_quotes.corpus.metadata.manifest_lookup`).

    Returns ``{doc_id: fields}`` and how many documents matched no row.
    """

    rows = read_manifest(manifest)
    wanted = None
    if columns == "all":
        wanted = [name for name in (rows[0] if rows else {}) if name not in ("doc_id", "id", "path")]
    elif columns:
        wanted = [name.strip() for name in columns.split(",") if name.strip()]
    lookup = manifest_lookup(rows, Path(manifest).resolve().parent, wanted)
    found: dict[str, dict] = {}
    missing = 0
    for doc_id, item in documents:
        fields = lookup(doc_id, item if isinstance(item, Path) else None)
        if fields is None:
            missing += 1
        else:
            found.setdefault(doc_id, fields)
    return found, missing


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_extract(args: argparse.Namespace) -> int:
    """Run ``process`` over the named files; 130 after Ctrl-C or SIGTERM, 2 when the output exists already."""
    # A batch scheduler's SIGTERM ends the run as Ctrl-C does: finished documents written, workers ended.
    documents: object = _documents(args.files)
    metadata = None
    if args.manifest:
        documents = list(documents)
        try:
            metadata, missing = _manifest_metadata(args.manifest, args.manifest_columns, documents)
        except (OSError, ValueError) as error:
            print(f"error: manifest {args.manifest}: {error}", file=sys.stderr)
            return 2
        if missing:
            print(f"note: {missing} of {len(documents)} documents have no row in {args.manifest}", file=sys.stderr)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main_thread else None
    try:
        result = process(
            documents,
            n_process=args.workers,
            batch_size=args.batch_size,
            progress=not args.no_progress,
            model=args.model,
            min_confidence=args.min_confidence,
            output=args.output,
            resume=args.resume,
            overwrite=args.overwrite,
            collect=not args.output,
            ner=args.ner,
            hanlp_model=args.hanlp_model,
            metadata=metadata,
            encoding=args.encoding,
        )
    except (FileExistsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.output:
            print(
                f"interrupted: the finished documents are in {args.output}; "
                "run the same command with --resume to complete it",
                file=sys.stderr,
            )
        else:
            print("interrupted", file=sys.stderr)
        return 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    documents = result.documents
    for status in ("warning", "error"):
        shown = documents[documents["status"] == status]
        for doc_id, message in zip(shown["doc_id"], shown["error"], strict=True):
            print(f"{status}: {doc_id}: {message}", file=sys.stderr)
    if args.output:
        print(f"written to {args.output} (+ .documents / .entities tables)", file=sys.stderr)
    else:
        print_table(result.quotes)
    print(result.summary(), file=sys.stderr)
    return 1 if (documents["status"] == "error").any() else 0


def cmd_render(args: argparse.Namespace) -> int:

    if args.file == "-":
        data = _stdin()
        read = decode_text(data, args.encoding, "standard input") if isinstance(data, bytes) else None
        text = data if read is None else read.text if read.text is not None else UnreadableFile(read.error)
    else:
        text = read_text(Path(args.file), args.encoding)
    if isinstance(text, Exception):
        print(f"error: {text}", file=sys.stderr)
        return 1
    page = render_html(text, nlp=load(args.model), page=True)
    Path(args.output).write_text(page, encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Attribute the quotations of the gold documents' texts and print the scores; 2 on bad input."""
    try:
        gold = read_gold(args.gold)
    except (OSError, GoldFormatError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    documents = list(_documents(args.texts))
    given = [doc_id for doc_id, _ in documents]
    missing = sorted({record["doc"] for record in gold} - set(given))
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        print(
            f"error: {len(missing)} gold documents have no text: {shown}; a file's id is its name without the "
            "suffix, a file under a folder given its path below that folder (texts/rmrb/0312.txt in texts/ is "
            f"rmrb/0312); the texts given are {', '.join(given[:5]) or 'none'}" + ("…" if len(given) > 5 else ""),
            file=sys.stderr,
        )
        return 2
    if len(set(given)) < len(given):
        print("error: two texts have the same id; give each document once", file=sys.stderr)
        return 2
    result = process(
        documents,
        n_process=args.workers,
        progress=not args.no_progress,
        model=args.model,
        ner=args.ner,
        hanlp_model=args.hanlp_model,
        encoding=args.encoding,
    )
    failed = result.documents[result.documents["status"] == "error"]
    for doc_id, message in zip(failed["doc_id"], failed["error"], strict=True):
        print(f"error: {doc_id}: {message}", file=sys.stderr)
    if len(failed):
        return 1
    if args.output:
        result.quotes.to_json(args.output, orient="records", lines=True, force_ascii=False)
        print(f"predictions written to {args.output}", file=sys.stderr)
    scores = score(gold, result.quotes)
    if args.errors:
        for error in scores.errors:
            print("\t".join(error))
    if args.json:
        print(json.dumps(scores.figures(), ensure_ascii=False))
    else:
        print(scores.report())
    return 0


def cmd_example(args: argparse.Namespace) -> int:
    text = example_text()
    print(text)
    print_table(extract_quotes(text, doc_id="example", nlp=load(args.model)))
    return 0


def _encoding(name: str) -> str:
    """``--encoding``: a known text encoding, by its canonical name."""
    try:
        return encoding_name(name)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


ENCODING_HELP = (
    "encoding of the text files and of stdin (gbk, gb18030, big5, utf-16…); default: detected per file "
    "(a byte-order mark, else UTF-8, else GB18030, which reads GBK); the one used is the documents table's "
    "encoding column"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nlp-quotes", description="Who said what in Chinese news.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="attribute the quotations of text, PDF and .docx files")
    extract.add_argument(
        "files",
        nargs="+",
        help="text, PDF or .docx files, folders (every *.txt, *.pdf and *.docx below), globs (corpus/**/*.txt); "
        "- reads stdin",
    )
    extract.add_argument(
        "-o",
        "--output",
        help="out.parquet (a folder of parts), out.csv or out.jsonl, written as documents finish; "
        "out.documents.* and out.entities.* beside it (default: print a table)",
    )
    extract.add_argument("--encoding", type=_encoding, help=ENCODING_HELP)
    extract.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    extract.add_argument(
        "--manifest",
        help="per-document metadata: a .csv, .tsv or .jsonl file with a path column (relative to the manifest) "
        "or an id / doc_id column (the document id or file name); its date, outlet, page and headline columns "
        "go into the documents table",
    )
    extract.add_argument(
        "--manifest-columns",
        help="with --manifest: the columns to carry, comma-separated, or 'all' (default: date, "
        "outlet, page, headline where present)",
    )
    extract.add_argument("--ner", choices=BACKENDS, help="entity backend (default: the shipped tagger)")
    extract.add_argument("--hanlp-model", help="with --ner hanlp: a HanLP identifier or a local model directory")
    extract.add_argument("--batch-size", type=int, default=16, help="texts per batch sent to a worker")
    existing = extract.add_mutually_exclusive_group()
    existing.add_argument(
        "--resume", action="store_true", help="continue the run written to --output: skip the documents it holds"
    )
    existing.add_argument(
        "--overwrite", action="store_true", help="replace the run written to --output (it is refused otherwise)"
    )
    extract.add_argument("--no-progress", action="store_true", help="hide the progress bar")
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
    render = sub.add_parser("render", help="write an article's highlighted quotations and speakers as an HTML page")
    render.add_argument("file", help="a text, PDF or .docx file; - reads standard input")
    render.add_argument("--encoding", type=_encoding, help=ENCODING_HELP.split("; the one used")[0])
    render.add_argument("-o", "--output", required=True, help="out.html")
    render.add_argument("--model", default=DEFAULT_MODEL)
    render.set_defaults(func=cmd_render)
    evaluate = sub.add_parser(
        "evaluate",
        help="score the library against your own gold annotations (README: Measure it on your own articles)",
        description="Attribute the quotations of TEXTS and score them against GOLD.jsonl: one quotation a line, "
        "with doc (the text's id), quote, speaker, kind and optionally speaker_alt, role, titles, orgs.",
    )
    evaluate.add_argument("gold", help="gold records, JSON Lines (the README's gold format)")
    evaluate.add_argument(
        "texts",
        nargs="+",
        help="the annotated articles: files (id: the name without suffix), folders (id: the path below the "
        "folder without suffix) or globs; every text counts, one without gold records as an article without "
        "quotations",
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--errors", action="store_true", help="list every miss, wrong speaker and spurious quote")
    evaluate.add_argument("-o", "--output", help="also write the predictions to this .jsonl file")
    evaluate.add_argument("--encoding", type=_encoding, help=ENCODING_HELP.split("; the one used")[0])
    evaluate.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    evaluate.add_argument("--ner", choices=BACKENDS, help="entity backend (default: the shipped tagger)")
    evaluate.add_argument("--hanlp-model", help="with --ner hanlp: a HanLP identifier or a local model directory")
    evaluate.add_argument("--model", default=DEFAULT_MODEL, help="shipped pipeline name or folder")
    evaluate.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    evaluate.set_defaults(func=cmd_evaluate)
    example = sub.add_parser("example", help="run on the bundled example article and print the table")
    example.add_argument("--model", default=DEFAULT_MODEL)
    example.set_defaults(func=cmd_example)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
