"""Character classes shared by every layer, defined once.

Each module that needs a wider or narrower class builds it from these, so the
difference is visible where it is used.
"""

from __future__ import annotations

#: Full-width sentence ends.
FULL_STOPS = "。！？"
#: Sentence ends, full- and half-width.
SENTENCE_ENDS = FULL_STOPS + "!?"
#: Sentence ends and the ellipsis, which ends a sentence in news copy too.
SENTENCE_ENDS_AND_ELLIPSIS = SENTENCE_ENDS + "…"
#: Closing quotation marks and brackets that may trail a sentence end.
SENTENCE_TRAIL = "”’」』）)"
#: Dots inside foreign and minority names (克尤木·巴吾东).
NAME_DOTS = "·•"
#: Dots and dashes that join the parts of a foreign name (哈桑·迪亚卜, 让—皮埃尔).
NAME_SEPARATORS = NAME_DOTS + "—-"
