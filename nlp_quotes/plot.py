"""Charts of an attribution table, with Chinese labels that render.

    >>> import nlp_quotes, nlp_quotes.plot
    >>> quotes = nlp_quotes.extract_quotes(text)
    >>> fig = nlp_quotes.plot.overview(quotes)           # four panels
    >>> nlp_quotes.plot.top_speakers(quotes, n=15)        # one Axes

matplotlib's default fonts have no Chinese glyphs and draw empty boxes.
:func:`use_cjk_font` looks for an installed font that has them (Debian:
``apt-get install fonts-wqy-microhei`` or ``fonts-noto-cjk``; on macOS and
Windows the system fonts), registers it, and raises
:class:`MissingCJKFontError` naming the packages when there is none.
Install matplotlib with ``pip install "nlp_quotes[viz]"``.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

#: Font families known to cover simplified Chinese, tried first.
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)
#: Characters a font must have to count as Chinese-capable.
PROBE = "说们这国会议"
ROLE_ORDER = ("代表", "委员", "其他")


class MissingCJKFontError(RuntimeError):
    """No installed font can draw Chinese characters."""


def _covers_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(char) in charmap for char in PROBE)


@lru_cache(maxsize=1)
def find_cjk_font() -> str:
    """The family name of an installed font with Chinese glyphs."""
    from matplotlib import font_manager

    known = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known and _covers_chinese(known[family]):
            return family
    for path in font_manager.findSystemFonts():  # fonts installed after matplotlib built its cache
        if _covers_chinese(path):
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    raise MissingCJKFontError(
        "no installed font has Chinese glyphs, so labels would be empty boxes; install one, e.g. "
        "`apt-get install fonts-wqy-microhei` (Debian/Ubuntu) or `fonts-noto-cjk`"
    )


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with an installed CJK font; returns the family used."""
    import matplotlib

    family = find_cjk_font()
    sans = list(matplotlib.rcParams["font.sans-serif"])
    matplotlib.rcParams["font.sans-serif"] = [family, *[name for name in sans if name != family]]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def _axes(ax):
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    return ax


def _integer_ticks(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _barh(ax, counts: pd.Series, title: str, xlabel: str = "quotations"):
    _integer_ticks(ax.xaxis)
    counts = counts.iloc[::-1]
    ax.barh(counts.index.astype(str), counts.values, color="#4c72b0")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return ax


def top_speakers(quotes: pd.DataFrame, n: int = 10, ax=None):
    """Horizontal bars: the ``n`` speakers quoted most."""
    ax = _axes(ax)
    counts = quotes["speaker"].dropna().value_counts().head(n)
    return _barh(ax, counts, f"被引用最多的发言人（前 {len(counts)} 位）")


def by_role(quotes: pd.DataFrame, ax=None):
    """Bars: quotations by role (代表, 委员, other)."""
    ax = _axes(ax)
    roles = quotes["role"].fillna("其他").where(quotes["role"].isin(["代表", "委员"]), "其他")
    counts = roles.value_counts().reindex(ROLE_ORDER, fill_value=0)
    ax.bar(counts.index, counts.values, color=["#dd8452", "#55a868", "#8c8c8c"])
    _integer_ticks(ax.yaxis)
    ax.set_title("按身份统计的引语（代表 / 委员 / 其他）")
    ax.set_ylabel("quotations")
    return ax


def direct_vs_indirect(quotes: pd.DataFrame, ax=None):
    """Bars: direct against indirect quotations."""
    ax = _axes(ax)
    counts = quotes["kind"].map({"direct": "直接引语", "indirect": "间接引语"}).value_counts()
    counts = counts.reindex(["直接引语", "间接引语"], fill_value=0)
    ax.bar(counts.index, counts.values, color=["#4c72b0", "#c44e52"])
    _integer_ticks(ax.yaxis)
    ax.set_title("直接引语与间接引语")
    ax.set_ylabel("quotations")
    return ax


def top_organisations(quotes: pd.DataFrame, n: int = 10, ax=None):
    """Horizontal bars: the ``n`` organisations whose people (or which themselves) are quoted most."""
    ax = _axes(ax)
    orgs = quotes["orgs"].explode().dropna()
    counts = orgs[orgs.astype(str).str.len() > 0].value_counts().head(n)
    return _barh(ax, counts, f"被引用最多的机构（前 {len(counts)} 个）")


def overview(quotes: pd.DataFrame, n: int = 10):
    """A figure with the four charts."""
    import matplotlib.pyplot as plt

    use_cjk_font()
    figure, axes = plt.subplots(2, 2, figsize=(12, 8))
    top_speakers(quotes, n, axes[0][0])
    by_role(quotes, axes[0][1])
    direct_vs_indirect(quotes, axes[1][0])
    top_organisations(quotes, n, axes[1][1])
    figure.tight_layout()
    return figure
