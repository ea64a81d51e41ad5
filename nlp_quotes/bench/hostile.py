"""Hostile-input benchmark: CPU time and the offset invariant on inputs built to be slow.

Each *family* is a generator of text of a given length that once took
super-linear time somewhere in the pipeline (furniture patterns, a run of
punctuation, a paragraph with no punctuation, lines of doubled runs, long
quotations in hard-wrapped text that chunking cut, deep or unbalanced
quotation marks, long lines of digits and Latin).  Every text goes through
the full :func:`nlp_quotes.extract_quotes`, and at the largest size through
:func:`nlp_quotes.process` too (quotations and entities); each measurement
runs in a forked child, so that a pattern that never finishes is stopped at
``--timeout`` seconds.  The table gives CPU seconds (``time.process_time``)
per size, the ratio of the last two sizes (linear time: about 2), and whether
every row satisfies the offset invariant (:func:`offsets_agree`).

``--pdf-pages`` also measures the peak memory of :func:`nlp_quotes.read_pdf`
on generated PDFs of that many pages, each in a fresh process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SIZES = (100_000, 200_000, 400_000, 800_000)
#: Acceptance: the largest size at most this many CPU seconds, and at most this ratio to the size before.
MAX_SECONDS = 10.0
MAX_RATIO = 2.3

#: Words of the generated texts, one string split at spaces.
VOCABULARY = (
    "今天 我们 经济 发展 城市 农村 改革 创新 企业 工人 学校 学生 医院 医生 道路 交通 水利 工程 科技 研究 "
    "人才 培养 政策 落实 群众 生活 质量 提高 服务 建设 文化 旅游 环境 保护 生态 绿色 能源 产业 升级 市场 "
    "开放 合作 项目 推进 基层 治理 社区 乡村 振兴 数据 平台 制度 完善 安全 保障 就业 收入 增长 稳定"
)
WORDS = tuple(VOCABULARY.split(" "))
CUES = ("表示", "说", "认为", "指出")
NAMES = ("王建国", "李晓梅", "张伟", "陈思远", "刘海燕")


def _words(rng: random.Random, n: int, cue_share: float = 0.0) -> str:
    """About ``n`` characters of random words (no period under 60 characters, so nothing looks doubled)."""
    out: list[str] = []
    size = 0
    while size < n:
        cue = cue_share and rng.random() < cue_share
        word = rng.choice(NAMES) + rng.choice(CUES) if cue else rng.choice(WORDS)
        out.append(word)
        size += len(word)
    return "".join(out)[:n]


def _lines(n: int, make_line: Callable[[int], str]) -> str:
    """Lines ``make_line(k)`` joined by newlines until the text has ``n`` characters."""
    out: list[str] = []
    size = k = 0
    while size < n:
        line = make_line(k)
        out.append(line)
        size += len(line) + 1
        k += 1
    return "\n".join(out)[:n]


def furniture(n: int) -> str:
    """Lines of about 4,800 characters of repeated ``设计：`` (a staff-credits pattern that never completes)."""
    return _lines(n, lambda k: "设计：" * 1600)


def punctuation_run(n: int) -> str:
    """A quotation holding one run of random sentence-ending punctuation, then a character."""
    rng = random.Random(1)
    return "他说：“" + "".join(rng.choice("。！？!?…") for _ in range(n - 6)) + "好”"


def no_punctuation(n: int) -> str:
    """One paragraph of words, names and speech cues without any punctuation."""
    return _words(random.Random(2), n, cue_share=0.02)


def doubled_runs(n: int) -> str:
    """Lines that are 90% repeated runs (``“。。。……好”``), each after a speaker."""
    return _lines(n, lambda k: f"{NAMES[k % len(NAMES)]}说：“" + "。" * (80 + k % 7) + "…" * 20 + "好”")


def wrapped_quotations(n: int, width: int = 24) -> str:
    """Hard-wrapped paragraphs, each a speaker and a quotation of about 300 characters."""
    rng = random.Random(3)

    def paragraph(k: int) -> str:
        body = "，".join(_words(rng, 24) for _ in range(12))
        return f"{rng.choice(NAMES)}代表说：“{body}。”"

    lines: list[str] = []
    size = k = 0
    while size < n:
        text = paragraph(k)
        lines.extend(text[i : i + width] for i in range(0, len(text), width))
        size += len(text) + len(text) // width + 1
        k += 1
    return "\n".join(lines)[:n]


def nested_marks(n: int) -> str:
    """Quotation marks nested deeper and deeper: ``他说：“她说：“他说：“…”``."""
    half = n // 2
    unit = "他说：“"
    return unit * (half // len(unit)) + "好。" + "”" * (half // len(unit))


def unbalanced_marks(n: int) -> str:
    """Lines that open a quotation and never close it."""
    rng = random.Random(4)
    return _lines(n, lambda k: f"{rng.choice(NAMES)}说：“{_words(rng, 40)}，" + "“" * (k % 5))


def digits_and_latin(n: int) -> str:
    """One long line of random digits, then one of random Latin words with spaces."""
    rng = random.Random(5)
    digits = "".join(rng.choice("0123456789") for _ in range(n // 2))
    latin: list[str] = []
    size = 0
    while size < n - n // 2:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        latin.append(word)
        size += len(word) + 1
    return digits + "\n" + " ".join(latin)[: n - n // 2 - 1]


def reference(n: int) -> str:
    """Not hostile: paragraphs of ordinary sentences with quotations, the yardstick of the other rows."""
    rng = random.Random(6)

    def paragraph(k: int) -> str:
        said = f"{rng.choice(NAMES)}{rng.choice(CUES)}：“{_words(rng, 16)}，{_words(rng, 20)}。”"
        return "".join(f"{_words(rng, 14)}，{_words(rng, 18)}。" for _ in range(2)) + said

    return _lines(n, paragraph)


FAMILIES: dict[str, Callable[[int], str]] = {
    "reference (ordinary)": reference,
    "furniture 设计：": furniture,
    "punctuation run": punctuation_run,
    "no punctuation": no_punctuation,
    "doubled runs": doubled_runs,
    "wrapped quotations": wrapped_quotations,
    "nested marks": nested_marks,
    "unbalanced marks": unbalanced_marks,
    "digits and Latin": digits_and_latin,
}


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def offsets_agree(text: str, quotes: list[dict], entities: list[dict] = ()) -> list[str]:
    """The rows whose offsets do not point at their text, described; empty when all agree.

    The invariant: ``text[quote_start:quote_end]`` is the quotation as given
    (the ``quote`` column joins its line breaks, so whitespace is ignored),
    likewise ``speaker_start:speaker_end`` and the mention, and
    ``text[start:end]`` is an entity's text exactly.
    """
    bad = []
    for row in quotes:
        if _squash(text[row["quote_start"] : row["quote_end"]]) != _squash(row["quote"]):
            bad.append(f"quote {row['quote_start']}:{row['quote_end']} {row['quote'][:20]!r}")
        if row.get("speaker_start") is not None and _squash(text[row["speaker_start"] : row["speaker_end"]]) != _squash(
            row["speaker_mention"]
        ):
            bad.append(f"speaker {row['speaker_start']}:{row['speaker_end']} {row['speaker_mention']!r}")
    for row in entities:
        if text[row["start"] : row["end"]] != row["text"]:
            bad.append(f"entity {row['start']}:{row['end']} {row['text']!r}")
    return bad


@dataclass
class Measurement:
    """One family at one size: CPU seconds (``None`` if stopped), rows, and invariant failures."""

    seconds: float | None
    rows: int = 0
    bad: int = 0
    note: str = ""


def _measure_child(connection, nlp, text: str, with_process: bool) -> None:
    from nlp_quotes.api import LongParagraphWarning, extract_quotes
    from nlp_quotes.corpus.process import process

    warnings.simplefilter("ignore", LongParagraphWarning)  # over-long paragraphs are the point here
    try:
        started = time.process_time()
        note = ""
        if with_process:
            result = process([("hostile", text)], nlp=nlp, progress=False)
            quotes, entities = result.quotes.to_dict("records"), result.entities.to_dict("records")
            error = result.documents["error"].iloc[0]
            note = "" if pd.isna(error) else str(error)
        else:
            quotes, entities = extract_quotes(text, nlp=nlp).to_dict("records"), []
        seconds = time.process_time() - started
        bad = offsets_agree(text, quotes, entities)
        connection.send(Measurement(seconds, len(quotes) + len(entities), len(bad), "; ".join(bad[:2]) or note))
    except Exception as error:  # reported in the table, the other measurements go on
        connection.send(Measurement(None, note=f"{type(error).__name__}: {error}"))
    connection.close()


def measure(nlp, text: str, timeout: float, with_process: bool = False) -> Measurement:
    """CPU seconds of one text in a forked child (which shares the loaded pipeline); stopped after ``timeout``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_measure_child, args=(send, nlp, text, with_process), daemon=True)
    child.start()
    send.close()
    try:
        result = receive.recv() if receive.poll(timeout) else None
    except EOFError:  # the child died
        result = Measurement(None, note=f"child ended with {child.exitcode}")
    if child.is_alive():
        child.kill()
    child.join()
    return result if result is not None else Measurement(None, note="stopped")


def _seconds(measurement: Measurement | None, timeout: float) -> str:
    if measurement is None:
        return "-"
    if measurement.seconds is None:
        return f">{timeout:.0f}" if measurement.note == "stopped" else "error"
    return f"{measurement.seconds:.2f}"


def run_families(nlp, families: dict[str, Callable[[int], str]], sizes: tuple[int, ...], timeout: float) -> bool:
    """Print the table; whether every family grew linearly and kept the invariant (the 10 s line is printed)."""
    print(f"== hostile inputs, CPU seconds of extract_quotes (forked child, stopped after {timeout:.0f} s)")
    header = "".join(f"{size // 1000:>7}k" for size in sizes)
    print(f"  {'family':20}{header}   ratio  process   rows  invariant")
    passed = fast = True
    for name, make in families.items():
        results: list[Measurement | None] = []
        for size in sizes:
            stopped = results and (results[-1] is None or results[-1].seconds is None)
            results.append(None if stopped else measure(nlp, make(size), timeout))
        last, before = results[-1], results[-2] if len(results) > 1 else None
        full = last is not None and last.seconds is not None
        through = measure(nlp, make(sizes[-1]), timeout, with_process=True) if full else None
        ratio = last.seconds / max(before.seconds, 1e-3) if full and before and before.seconds else None
        bad = sum(r.bad for r in [*results, through] if r is not None)
        linear = full and (ratio is None or ratio <= MAX_RATIO) and bad == 0
        passed &= bool(linear)
        fast &= bool(full and last.seconds <= MAX_SECONDS)
        notes = "; ".join(
            r.note for r in [*results, through] if r is not None and r.note and (r.bad or r.seconds is None)
        )
        cells = "".join(f"{_seconds(r, timeout):>8}" for r in results)
        print(
            f"  {name:20}{cells}  {f'{ratio:.2f}' if ratio else '-':>6}  {_seconds(through, timeout):>7}"
            f"  {last.rows if full else '-':>5}  {'ok' if bad == 0 and full else f'{bad} bad' if bad else '?'}"
            f"{'  ' + notes[:120] if notes else ''}"
        )
    print(f"linear (ratio of the last two sizes <= {MAX_RATIO}), invariant kept: {'pass' if passed else 'FAIL'}")
    print(f"largest size under {MAX_SECONDS:.0f} s: {'pass' if fast else 'FAIL'} (compare the reference row)")
    return passed


def write_pdf(path: Path, n_pages: int) -> Path:
    """A PDF of ``n_pages`` generated newspaper pages (the bundled example article on each)."""
    from nlp_quotes.examples import example_text
    from nlp_quotes.pdf.synthetic import NewspaperPage, write_newspaper_pages

    lines = [line.strip() for line in example_text().splitlines() if line.strip()]
    page = NewspaperPage(
        header="某某日报  2024年3月9日 星期六  专题  第2版",
        headline=lines[0],
        paragraphs=lines[2:],
        caption="图为代表委员在小组会议上讨论科技创新议题",
        credits="编审：张三  编辑：李四  检校：王五  版式：赵六",
    )
    return write_newspaper_pages([page] * n_pages, path)


#: Child of :func:`pdf_memory`: pages, characters, peak RSS in kB (``VmHWM``: ``ru_maxrss`` survives ``exec``), CPU s.
PDF_CHILD = """
import re, sys, time
from nlp_quotes.pdf import read_pdf
started = time.process_time()
pages = read_pdf(sys.argv[1]) if sys.argv[1] != "-" else []
peak = re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1)
print(len(pages), sum(map(len, pages)), peak, time.process_time() - started)
"""


def pdf_memory(n_pages: tuple[int, ...]) -> None:
    """Peak RSS of ``read_pdf`` on generated PDFs of ``n_pages`` pages, each in a fresh process."""

    def child(path: str) -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", PDF_CHILD, path], check=True, capture_output=True, text=True
        ).stdout.split()

    base = int(child("-")[2]) / 1024
    print(f"\n== read_pdf peak memory (fresh process; imports alone {base:.0f} MB)")
    print("  pages   chars      peak RSS   CPU s")
    with tempfile.TemporaryDirectory() as folder:
        for pages in n_pages:
            path = write_pdf(Path(folder) / f"pages{pages}.pdf", pages)
            read, chars, peak, seconds = child(str(path))
            print(f"  {read:>5}   {int(chars):>9,}  {int(peak) / 1024:7.0f} MB   {float(seconds):5.1f}")


def run_hostile(args: argparse.Namespace) -> int:
    from nlp_quotes.pipeline import load

    nlp = load()
    nlp("预热：模型在计时之前载入。")
    families = {name: make for name, make in FAMILIES.items() if not args.family or name in args.family}
    sizes = tuple(args.sizes)
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()
    with threadpool_limits(limits=1):  # CPU seconds of one thread: BLAS threads would add their spinning
        passed = run_families(nlp, families, sizes, args.timeout)
    print(
        f"({time.perf_counter() - started:.0f} s wall; peak RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    if args.pdf_pages:
        pdf_memory(tuple(args.pdf_pages))
    return 0 if passed else 1


def add_parser(sub) -> None:
    """The ``hostile`` sub-command of ``python -m nlp_quotes.bench``."""
    hostile = sub.add_parser("hostile", help="CPU time and the offset invariant on hostile inputs; read_pdf memory")
    hostile.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="text lengths (characters)")
    hostile.add_argument("--family", nargs="+", choices=list(FAMILIES), help="only these families")
    hostile.add_argument("--timeout", type=float, default=60.0, help="stop one measurement after this many seconds")
    hostile.add_argument(
        "--pdf-pages", type=int, nargs="*", default=[100, 400], help="read_pdf memory on PDFs of these page counts"
    )
    hostile.set_defaults(func=run_hostile)
