"""The common-word lexicon: words of People's Daily 1998 that are never a person's name.

A rule-layer name is a guess (a surname character, one or two more, a cue
after them).  ``lexicons/common_words.txt`` lists the two- and three-character
words that the PKU corpus (``data/ner/pd1998_pos``) tags, every time they
occur, as something other than a name: 双方, 共同, 时代, 许多.  Such a word is no rule name.  It does not
stop the trained tagger from finding a name, and it says nothing of longer words.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from nlp_quotes.datasets import corpus_file
from nlp_quotes.training.segmentation import PINYIN

TAGGED = re.compile(r"^\[?(.+?)/([a-zA-Z]+)\]?[a-zA-Z]*$")
#: PKU tags of proper names (persons, places, organisations, other proper nouns).
NAME_TAGS = ("nr", "ns", "nt", "nz")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
HEADER = (
    "# Words that People's Daily 1998 (PKU, data/ner/pd1998_pos) tags only as common words,\n"
    "# two or three characters, seen at least {min_count} times.\n"
    "# A rule-layer name is never one of them.  Built by `python -m nlp_quotes.training common-words`.\n"
)


def tagged_words(path: Path) -> Counter[tuple[str, str]]:
    """(word, tag) counts of one PKU file (paragraph ids and pinyin dropped)."""
    counts: Counter[tuple[str, str]] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for token in line.split()[1:]:
                match = TAGGED.match(PINYIN.sub("", token))
                if match:
                    counts[(match.group(1), match.group(2))] += 1
    return counts


def common_words(counts: Counter[tuple[str, str]], min_count: int = 2) -> list[str]:
    """Words never tagged as a name, of 2–3 Han characters, seen at least ``min_count`` times."""
    total: Counter[str] = Counter()
    named: set[str] = set()
    for (word, tag), n in counts.items():
        total[word] += n
        if tag.startswith(NAME_TAGS):
            named.add(word)
    return sorted(
        word
        for word, n in total.items()
        if n >= min_count and 2 <= len(word) <= 3 and HAN.match(word) and word not in named
    )


def build(shared: Path, out: Path, min_count: int = 2) -> int:
    """Write the lexicon to ``out``; returns the number of words."""
    counts = tagged_words(corpus_file(shared, "ner/pd1998_pos/valid.txt"))
    counts.update(tagged_words(corpus_file(shared, "ner/pd1998_pos/test.txt")))
    words = common_words(counts, min_count)
    out.write_text(HEADER.format(min_count=min_count) + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)
