"""Import spaCy without letting thinc load torch, unless asked to.

thinc imports torch at start-up whenever it is installed, which would add
seconds and hundreds of megabytes to every ``import nlp_quotes`` once the
``hanlp`` extra (which needs torch) is installed, although the default
pipeline never uses torch.  When torch is not loaded yet, spaCy is imported
with ``torch`` hidden; the HanLP backend imports torch itself when asked for.
Set ``NLP_QUOTES_THINC_TORCH=1`` to keep thinc's torch support (for
spacy-transformers in the same process), or import spaCy before nlp_quotes.
"""

from __future__ import annotations

import os
import sys


def import_spacy() -> None:
    """Import spaCy (and thinc); hide torch from thinc if nothing loaded it yet."""
    hide = "torch" not in sys.modules and "thinc" not in sys.modules and not os.environ.get("NLP_QUOTES_THINC_TORCH")
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy  # noqa: F401, PLC0415 - only once torch is hidden from thinc
    finally:
        if hide:
            del sys.modules["torch"]


import_spacy()
