"""Fault tests of corpus runs: killed workers, Ctrl-C, SIGINT, a raising input, a killed main process.

Each run is a subprocess in a session of its own, so that every process it
starts can be found afterwards (``/proc/*/stat``, session id) and the tests
can check that none is left.  Faults are placed with the test-only hook of
:mod:`nlp_quotes.corpus.workers` (``NLP_QUOTES_TEST_FAULT``).  Every wait is
bounded: a run that hangs fails its test after at most 30 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import nlp_quotes
from nlp_quotes.corpus.workers import FAULT_ENV, FAULT_ONCE_ENV, KILLED_TWICE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find left processes")

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD = 30.0
MARKER = "故障标记"
#: The CLI, writing every ``argv[1]`` documents (tests want parts on disk before a fault).
CLI = (
    "import importlib, sys\n"
    "importlib.import_module('nlp_quotes.corpus.process').WRITE_EVERY = int(sys.argv[1])\n"
    "from nlp_quotes.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)
N_DOCS = 12
FAULT_DOC = 9  # with --batch-size 2 and two workers, documents 0-7 finish whatever happens to 8-9


def article(n: int) -> str:
    mark = MARKER if n == FAULT_DOC else ""
    return (
        f"某县县长姜文涛{n}表示：“我们要把第{n}条路修到每个村。”{mark}\n"
        f"“路通了，果子就卖得出去。”村民王小红{n}说。\n市教育局局长陈思远指出，今年将新建{n}所学校。\n"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    folder.mkdir()
    for n in range(N_DOCS):
        (folder / f"doc{n:02d}.txt").write_text(article(n), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The tables of an undisturbed run, in this process."""
    out = tmp_path_factory.mktemp("clean") / "clean.parquet"
    paths = [(path.stem, path) for path in sorted(corpus.glob("*.txt"))]
    nlp_quotes.process(paths, nlp=nlp_quotes.load(), progress=False, output=out)
    return tables(out)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """The three tables of a Parquet output, in a canonical order, ``seconds`` left out."""
    found = {}
    for name, keys in (("quotes", ["doc_id", "quote_id"]), ("entities", ["doc_id", "start", "end", "label"])):
        path = out if name == "quotes" else out.with_name(f"{out.stem}.{name}.parquet")
        found[name] = pd.read_parquet(path).sort_values(keys, kind="stable").reset_index(drop=True)
    documents = pd.read_parquet(out.with_name(f"{out.stem}.documents.parquet")).drop(columns="seconds")
    found["documents"] = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    return found


def assert_same_rows(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame], doc_ids=None) -> None:
    """Row for row the same tables (restricted to ``doc_ids``), every document listed once."""
    assert got["documents"]["doc_id"].is_unique
    for name in ("documents", "quotes", "entities"):
        expected = want[name]
        if doc_ids is not None:
            expected = expected[expected["doc_id"].isin(doc_ids)].reset_index(drop=True)
        assert_frame_equal(got[name], expected, check_dtype=False)


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in (FAULT_ENV, FAULT_ONCE_ENV)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def start(args: list[str], write_every: int = 200, **extra: str) -> subprocess.Popen:
    """The CLI in a new session (its own process group), with the fault hook variables in ``extra``."""
    command = [sys.executable, "-c", CLI, str(write_every), "extract", *args, "--no-progress"]
    return subprocess.Popen(
        command, env=environment(**extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _, stderr = process.communicate(timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the run hung for {HANG_GUARD} s")
    return process.returncode, stderr.decode("utf-8", "replace")


def session_processes(session: int) -> list[int]:
    """Live processes (zombies excepted) of a session."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


def wait_for(condition, what: str, process: subprocess.Popen | None = None) -> None:
    """Poll ``condition`` until it holds; after the hang guard, end ``process``'s session and fail."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        if time.monotonic() > deadline:
            for pid in session_processes(process.pid) if process is not None else []:
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"waited {HANG_GUARD} s for {what}")
        time.sleep(0.05)


def assert_no_process_left(process: subprocess.Popen) -> None:
    wait_for(lambda: not session_processes(process.pid), "the run's processes to end", process)


def document_parts(out: Path) -> int:
    folder = out.with_name(f"{out.stem}.documents.parquet")
    return len(list(folder.glob("part-*.parquet"))) if folder.is_dir() else 0


def run(args: list[str], **extra: str) -> tuple[int, str]:
    process = start(args, **extra)
    result = finish(process)
    assert_no_process_left(process)
    return result


def test_a_killed_worker_costs_nothing(corpus, clean, tmp_path):
    out = tmp_path / "run.parquet"
    flag = tmp_path / "killed"
    args = [str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2"]
    code, stderr = run(args, **{FAULT_ENV: f"kill:{MARKER}", FAULT_ONCE_ENV: str(flag)})
    assert flag.exists()  # a worker was killed ...
    assert code == 0, stderr  # ... and its documents ran again
    assert_same_rows(tables(out), clean)


def test_a_document_that_kills_a_worker_twice_is_its_error_row(corpus, clean, tmp_path):
    out = tmp_path / "run.parquet"
    code, stderr = run(
        [str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2"], **{FAULT_ENV: f"kill:{MARKER}"}
    )
    assert code == 1
    assert f"error: doc{FAULT_DOC:02d}: {KILLED_TWICE}" in stderr
    got = tables(out)
    documents = got["documents"].set_index("doc_id")
    assert documents.loc[f"doc{FAULT_DOC:02d}", "status"] == "error"
    others = [doc_id for doc_id in clean["documents"]["doc_id"] if doc_id != f"doc{FAULT_DOC:02d}"]
    got["documents"] = got["documents"][got["documents"]["doc_id"].isin(others)].reset_index(drop=True)
    assert_same_rows(got, clean, others)


@pytest.mark.parametrize("target", ["group", "main"])
def test_sigint_stops_the_run_and_resume_completes_it(corpus, clean, tmp_path, target):
    """Ctrl-C (SIGINT to the whole process group) or SIGINT to the main process only, while a worker is busy."""
    out = tmp_path / "run.parquet"
    flag = tmp_path / "stalled"
    args = [str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2"]
    process = start(args, write_every=3, **{FAULT_ENV: f"stall:{MARKER}", FAULT_ONCE_ENV: str(flag)})
    wait_for(lambda: flag.exists() and document_parts(out) >= 2, "the stalled worker and two written parts", process)
    if target == "group":
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGINT)
    code, stderr = finish(process)
    assert code == 130 and "--resume" in stderr
    assert_no_process_left(process)
    interrupted = tables(out)
    written = list(interrupted["documents"]["doc_id"])
    assert {f"doc{n:02d}" for n in range(6)} <= set(written) and f"doc{FAULT_DOC:02d}" not in written
    assert_same_rows(interrupted, clean, written)  # what was written is whole
    code, stderr = run([*args, "--resume"])
    assert code == 0, stderr
    assert_same_rows(tables(out), clean)


def test_killing_the_main_process_leaves_no_worker_and_resume_completes(corpus, clean, tmp_path):
    out = tmp_path / "run.parquet"
    flag = tmp_path / "stalled"
    args = [str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2"]
    process = start(args, write_every=2, **{FAULT_ENV: f"stall:{MARKER}", FAULT_ONCE_ENV: str(flag)})
    wait_for(lambda: flag.exists() and document_parts(out) >= 4, "the stalled worker and four written parts", process)
    assert len(session_processes(process.pid)) == 3  # the main process and its two workers
    os.kill(process.pid, signal.SIGKILL)
    finish(process)
    assert_no_process_left(process)  # the workers notice their parent is gone
    code, stderr = run([*args, "--resume"])
    assert code == 0, stderr
    assert_same_rows(tables(out), clean)


RAISING_INPUT = """
import sys
from pathlib import Path
import nlp_quotes

def documents(folder, upto):
    for path in sorted(Path(folder).glob("*.txt"))[:upto]:
        yield path.stem, path
    if upto < 100:
        raise RuntimeError("the archive went away")

try:
    nlp_quotes.process(documents(sys.argv[1], int(sys.argv[3])), n_process=2, batch_size=2, progress=False,
                       output=sys.argv[2], resume=sys.argv[4] == "resume")
except RuntimeError as error:
    print(f"raised: {error}", file=sys.stderr)
    sys.exit(3)
"""


def test_an_input_that_raises_midway_finishes_what_it_gave_then_raises(corpus, clean, tmp_path):
    out = tmp_path / "run.parquet"

    def script(upto: int, mode: str) -> tuple[int, str]:
        command = [sys.executable, "-c", RAISING_INPUT, str(corpus), str(out), str(upto), mode]
        process = subprocess.Popen(command, env=environment(), stderr=subprocess.PIPE, start_new_session=True)
        result = finish(process)
        assert_no_process_left(process)
        return result

    code, stderr = script(7, "fresh")
    assert code == 3 and "raised: the archive went away" in stderr
    first = [f"doc{n:02d}" for n in range(7)]
    assert_same_rows(tables(out), clean, first)  # the seven documents given were finished and written
    code, stderr = script(100, "resume")
    assert code == 0, stderr
    assert_same_rows(tables(out), clean)
