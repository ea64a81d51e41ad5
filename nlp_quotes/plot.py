"""Charts of an attribution table, with Chinese labels that render.

    >>> import nlp_quotes, nlp_quotes.plot
    >>> quotes = nlp_quotes.extract_quotes(text)
    >>> fig = nlp_quotes.plot.overview(quotes)           # four panels
    >>> nlp_quotes.plot.top_speakers(quotes, n=15)        # one Axes

matplotlib's default fonts have no Chinese glyphs and draw empty boxes.  The
``viz`` extra (``pip install ".[viz]"`` from the clone) brings matplotlib and
Noto Sans CJK (SIL Open Font License) in the ``noto-cjk-sans-otc`` package;
:func:`use_cjk_font` registers that font with matplotlib, so no system font
is needed.  Without it, an installed system font with Chinese glyphs is used
(Debian's ``fonts-noto-cjk`` or ``fonts-wqy-microhei``, the system fonts of
macOS and Windows); with neither, :class:`MissingCJKFontError` names the extra.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

try:
    import matplotlib
except ImportError as error:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        'nlp_quotes.plot needs matplotlib and a Chinese font: install the viz extra, pip install ".[viz]" '
        "from the clone"
    ) from error

#: The module of the font package the ``viz`` extra installs, and its face for simplified Chinese.
FONT_PACKAGE = "noto_cjk_sans_otc"
PACKAGED_FAMILY = "Noto Sans CJK SC"
#: Installed font families known to cover simplified Chinese, tried when the font package is missing.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
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
#: The axis label of counts.
COUNT_LABEL = "引语数（条）"


class MissingCJKFontError(RuntimeError):
    """No font that can draw Chinese characters is installed."""


def _covers_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(char) in charmap for char in PROBE)


def packaged_font_file() -> Path | None:
    """The font file of the ``viz`` extra's font package, or ``None`` when it is not installed."""
    try:
        package = importlib.import_module(FONT_PACKAGE)
    except ImportError:
        return None
    path = Path(str(package.FONT_PATH))
    return path if path.is_file() else None


def _register(path: Path) -> str:
    """Add a font file (all faces of a collection) to matplotlib; its family for simplified Chinese."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    names = [entry.name for entry in font_manager.fontManager.ttflist if Path(entry.fname) == path]
    # matplotlib >= 3.10 registers every face of a .ttc; older ones only the first (Noto's JP face).
    return PACKAGED_FAMILY if PACKAGED_FAMILY in names else font_manager.FontProperties(fname=str(path)).get_name()


@lru_cache(maxsize=1)
def find_cjk_font() -> str:
    """The family name of a font with Chinese glyphs: the packaged Noto Sans CJK first, else a system font."""
    from matplotlib import font_manager

    packaged = packaged_font_file()
    if packaged is not None and _covers_chinese(str(packaged)):
        return _register(packaged)
    known = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known and _covers_chinese(known[family]):
            return family
    for path in font_manager.findSystemFonts():  # fonts installed after matplotlib built its cache
        if _covers_chinese(path):
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    raise MissingCJKFontError(
        "no font with Chinese glyphs is installed, so labels would be empty boxes; install the viz extra, "
        'which brings Noto Sans CJK: pip install ".[viz]" from the clone (or a system font such as Debian\'s '
        "fonts-noto-cjk)"
    )


def font_file(family: str | None = None) -> str:
    """The file matplotlib draws ``family`` (default: :func:`find_cjk_font`) from."""
    from matplotlib import font_manager

    return font_manager.findfont(
        font_manager.FontProperties(family=family or find_cjk_font()), fallback_to_default=False
    )


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with a CJK font (see :func:`find_cjk_font`); returns the family used."""
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


def _barh(ax, counts: pd.Series, title: str, xlabel: str = COUNT_LABEL):
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
    ax.set_ylabel(COUNT_LABEL)
    return ax


def direct_vs_indirect(quotes: pd.DataFrame, ax=None):
    """Bars: direct against indirect quotations."""
    ax = _axes(ax)
    counts = quotes["kind"].map({"direct": "直接引语", "indirect": "间接引语"}).value_counts()
    counts = counts.reindex(["直接引语", "间接引语"], fill_value=0)
    ax.bar(counts.index, counts.values, color=["#4c72b0", "#c44e52"])
    _integer_ticks(ax.yaxis)
    ax.set_title("直接引语与间接引语")
    ax.set_ylabel(COUNT_LABEL)
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
