"""Build ``nlp_quotes/lexicons/transliteration_chars.txt``: the characters of transliterated names.

Reads the PERSON names written with a separator (安东尼奥·古特雷斯) in the MSRA and
CLUENER2020 training sets under ``../shared/data/ner`` and writes every Han character
they use, most frequent first.  Says so and stops when the shared data are absent.

    python tools/transliteration_chars.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NER = ROOT.parent / "shared" / "data" / "ner"
OUT = ROOT / "nlp_quotes" / "lexicons" / "transliteration_chars.txt"
SEPARATORS = "·•"


def _msra_names(path: Path) -> list[str]:
    names, current = [], []
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and parts[1] in ("B-PER", "I-PER"):
            if parts[1] == "B-PER" and current:
                names.append("".join(current))
                current = []
            current.append(parts[0])
        elif current:
            names.append("".join(current))
            current = []
    return names


def _cluener_names(path: Path) -> list[str]:
    return [name for line in path.open(encoding="utf-8") for name in json.loads(line)["label"].get("name", {})]


def main() -> int:
    msra, cluener = NER / "msra" / "msra_train_bio", NER / "cluener2020" / "train.json"
    if not (msra.exists() and cluener.exists()):
        print(f"no NER corpora under {NER}: nothing to build", file=sys.stderr)
        return 1
    names = _msra_names(msra) + _cluener_names(cluener) + _cluener_names(NER / "cluener2020" / "dev.json")
    counts = Counter(
        char
        for name in names
        if any(sep in name for sep in SEPARATORS)
        for char in name
        if "\u4e00" <= char <= "\u9fff"
    )
    chars = sorted(counts, key=lambda char: (-counts[char], char))
    header = (
        "# Characters of transliterated names (安东尼奥·古特雷斯), most frequent first: every Han character of the\n"
        "# PERSON names written with a separator in MSRA and CLUENER2020 (built by tools/transliteration_chars.py).\n"
    )
    lines = [" ".join(chars[i : i + 40]) for i in range(0, len(chars), 40)]
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chars)} characters from {sum(1 for n in names if any(s in n for s in SEPARATORS))} names -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
