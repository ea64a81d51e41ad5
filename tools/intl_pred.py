"""Predict quotations for a list of shared corpus ids and write JSON Lines for ``score_quotes.py``.

Usage: python tools/intl_pred.py DOCS.txt OUT.jsonl [MODEL]

Reads the texts through ``shared/eval/corpus.py`` (``$NLP_QUOTES_SHARED``, else
``../shared``); says so and stops when the shared folder is not there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd

from nlp_quotes import extract_quotes, load

SHARED = Path(os.environ.get("NLP_QUOTES_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def main(argv: list[str]) -> int:
    docs_path, out_path = Path(argv[0]), Path(argv[1])
    if not (SHARED / "eval" / "corpus.py").exists():
        print(f"no shared corpus at {SHARED}; nothing to predict", file=sys.stderr)
        return 1
    sys.path.insert(0, str(SHARED / "eval"))
    import corpus  # noqa: PLC0415 - the shared folder's, found at run time

    nlp = load(argv[2]) if len(argv) > 2 else load()
    ids = docs_path.read_text(encoding="utf-8").split()
    frames = [extract_quotes(corpus.load(doc_id), doc_id=doc_id, nlp=nlp) for doc_id in ids]
    pd.concat(frames, ignore_index=True).to_json(out_path, orient="records", lines=True, force_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
