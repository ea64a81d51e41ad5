"""Inputs that used to abort a run or lose output: surrogates, hostile objects, existing files, special files, PDFs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from reportlab.pdfgen import canvas

import nlp_quotes
from nlp_quotes import cli
from nlp_quotes.corpus.writers import CorpusWriter

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "某县县长姜文涛表示：“我们要把路修到每个村。”\n“路通了，果子就卖得出去。”村民王小红说。\n"
OTHER = "市教育局局长陈思远指出，今年将新建五所学校。\n他说：“孩子们有书读。”\n"


# -- lone surrogates ------------------------------------------------------------------------------


def test_a_lone_surrogate_is_replaced_and_the_rest_is_processed(nlp):
    text = ARTICLE.replace("修到", "修\ud800到")  # inside a quotation
    quotes = nlp_quotes.extract_quotes(text, doc_id="s", nlp=nlp)
    clean = nlp_quotes.extract_quotes(ARTICLE.replace("修到", "修\ufffd到"), doc_id="s", nlp=nlp)
    assert_frame_equal(quotes, clean)
    assert len(quotes) == 2 and "\ufffd" in quotes["quote"].iloc[0]
    for row in quotes.itertuples():  # offsets still point into the text as given: one character for one
        assert text[row.quote_start : row.quote_end].replace("\ud800", "\ufffd") == row.quote
    entities = nlp_quotes.extract_entities("\udfff" + ARTICLE, nlp=nlp)
    assert "姜文涛" in set(entities["text"]) and (entities["start"] > 0).all()


def test_a_surrogate_document_is_a_warning_row_and_the_run_goes_on(nlp, tmp_path):
    items = [("a", ARTICLE), ("bad\udc80id", "\ud83d\ude00" + ARTICLE), ("b", OTHER)]
    out = tmp_path / "run.parquet"
    result = nlp_quotes.process(items, nlp=nlp, progress=False, output=out, collect=True)
    documents = result.documents
    assert list(documents["doc_id"]) == ["a", "bad\ufffdid", "b"]
    assert list(documents["status"]) == ["ok", "warning", "ok"]
    assert "2 surrogate code point(s) replaced by U+FFFD" in documents["error"].iloc[1]
    assert documents["n_quotes"].iloc[1] == 2 and documents["n_chars"].iloc[1] == len(items[1][1])
    written = pd.read_parquet(out)  # the replaced id and text could be written
    assert set(written["doc_id"]) == {"a", "bad\ufffdid", "b"}
    assert "1 with warnings" in result.summary()


# -- hostile objects --------------------------------------------------------------------------------


class Hostile(str):
    """A str whose every method, attribute and protocol raises."""

    def __getattribute__(self, name):
        raise RuntimeError(f"hostile {name}")

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("hostile")

    __len__ = __hash__ = __eq__ = __ne__ = __iter__ = __getitem__ = __str__ = __repr__ = __format__ = _refuse
    __contains__ = __add__ = __mod__ = __lt__ = _refuse


class HostilePair(tuple):
    def __len__(self):
        raise RuntimeError("no length")


class HostileMapping(dict):
    def get(self, *args):
        raise RuntimeError("no get")


def test_hostile_strings_are_read_as_plain_text_and_hostile_items_fail_alone(nlp):
    items = [
        (Hostile("h1"), Hostile(ARTICLE)),
        HostilePair(("h2", ARTICLE)),
        HostileMapping(doc_id="h3", text=ARTICLE),
        ("ok", OTHER),
        Hostile(OTHER),  # a bare hostile text, numbered by its position
    ]
    result = nlp_quotes.process(items, nlp=nlp, progress=False)
    documents = result.documents
    assert list(documents["status"]) == ["ok", "error", "error", "ok", "ok"]
    assert list(documents["doc_id"].iloc[[0, 3, 4]]) == ["h1", "ok", "4"]
    assert "unusable input document: RuntimeError: no length" in documents["error"].iloc[1]
    assert "RuntimeError: no get" in documents["error"].iloc[2]
    expected = pd.concat(
        [
            nlp_quotes.extract_quotes(ARTICLE, doc_id="h1", nlp=nlp),
            nlp_quotes.extract_quotes(OTHER, doc_id="ok", nlp=nlp),
            nlp_quotes.extract_quotes(OTHER, doc_id="4", nlp=nlp),
        ],
        ignore_index=True,
    )
    assert_frame_equal(result.quotes, expected)
    assert_frame_equal(nlp_quotes.extract_quotes(Hostile(ARTICLE), doc_id="h1", nlp=nlp), expected.iloc[:2])


# -- finished documents are written on every exit path ---------------------------------------------


@pytest.mark.parametrize("raised", [RuntimeError, KeyboardInterrupt])
def test_finished_documents_are_written_when_the_input_raises(nlp, tmp_path, raised):
    out = tmp_path / "run.jsonl"

    def documents():
        yield "a", ARTICLE
        yield "b", OTHER
        raise raised("the archive went away")

    with pytest.raises(raised):
        nlp_quotes.process(documents(), nlp=nlp, progress=False, output=out)
    written = pd.read_json(out.with_name("run.documents.jsonl"), lines=True)
    assert list(written["doc_id"]) == ["a", "b"]
    resumed = nlp_quotes.process(
        [("a", ARTICLE), ("b", OTHER), ("c", ARTICLE)], nlp=nlp, progress=False, output=out, resume=True
    )
    assert list(resumed.documents["doc_id"]) == ["c"]


# -- existing output --------------------------------------------------------------------------------


def test_a_users_own_file_is_never_replaced(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    mine = tmp_path / "mine.parquet"
    pd.DataFrame({"x": [1, 2]}).to_parquet(mine)
    report_documents = tmp_path / "report.documents.csv"
    report_documents.write_text("my,own\n1,2\n", encoding="utf-8")
    before = mine.read_bytes()
    for flags in ([], ["--resume"], ["--overwrite"]):
        assert cli.main(["extract", str(source), "-o", str(mine), *flags]) == 2
        assert cli.main(["extract", str(source), "-o", str(tmp_path / "report.csv"), *flags]) == 2
    err = capsys.readouterr().err
    assert f"{mine} already exist(s); this run would write {mine}, " in err
    assert f"{report_documents}: not written by an nlp_quotes run" in err
    assert mine.read_bytes() == before and report_documents.read_text(encoding="utf-8") == "my,own\n1,2\n"
    assert not (tmp_path / "report.csv").exists() and not (tmp_path / "mine.entities.parquet").exists()


def test_an_earlier_run_is_refused_unless_resumed_or_overwritten(tmp_path, nlp):
    out = tmp_path / "run.csv"
    items = [("a", ARTICLE), ("b", OTHER)]
    nlp_quotes.process(items, nlp=nlp, progress=False, output=out)
    first = pd.read_csv(out)
    with pytest.raises(FileExistsError, match=r"--resume .* or --overwrite"):
        nlp_quotes.process(items, nlp=nlp, progress=False, output=out)
    nlp_quotes.process(items, nlp=nlp, progress=False, output=out, overwrite=True)
    assert_frame_equal(pd.read_csv(out), first)  # replaced, not appended
    assert len(pd.read_csv(tmp_path / "run.documents.csv")) == 2


# -- temporary parts ----------------------------------------------------------------------------------


def test_a_crash_between_write_and_rename_leaves_nothing_readers_see(tmp_path, nlp, monkeypatch):
    out = tmp_path / "run.parquet"
    nlp_quotes.process([("a", ARTICLE)], nlp=nlp, progress=False, output=out)
    expected = pd.read_parquet(out)
    (out / "part-00007.tmp").write_bytes(b"left by an earlier version")  # the old name, read as data before
    monkeypatch.setattr(Path, "replace", lambda self, target: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError, match="crash"):
        nlp_quotes.process([("b", OTHER)], nlp=nlp, progress=False, output=out, resume=True)
    monkeypatch.undo()
    names = sorted(path.name for path in out.iterdir())
    assert names == [".part-00001.parquet.tmp", "part-00000.parquet"]  # the stale one went when the run started
    assert_frame_equal(pd.read_parquet(out), expected)  # the dot-named part is skipped by pyarrow
    CorpusWriter(out, {"schema_version": "test"}, resume=True)
    assert sorted(path.name for path in out.iterdir()) == ["part-00000.parquet"]


# -- files --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_fifo_in_the_input_folder_is_skipped_unopened(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")  # opening it for reading would block until a writer comes
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "nlp_quotes.cli", "extract", str(corpus), "--no-progress"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "error: pipe: " in done.stderr and "a named pipe (FIFO), not a document file" in done.stderr
    assert "姜文涛" in done.stdout and "2 documents: 1 ok, 1 failed" in done.stderr


def test_encrypted_and_text_less_pdfs_say_so(tmp_path, nlp):
    pytest.importorskip("reportlab")

    encrypted = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(encrypted), encrypt="secret")
    pdf.drawString(72, 720, "hello")
    pdf.save()
    scanned = tmp_path / "scanned.pdf"
    pdf = canvas.Canvas(str(scanned))
    for _ in range(2):
        pdf.rect(72, 72, 300, 300, fill=1)  # drawn, no text: what a scanned page looks like to a text reader
        pdf.showPage()
    pdf.save()
    result = nlp_quotes.process([("locked", encrypted), ("scanned", scanned)], nlp=nlp, progress=False)
    documents = result.documents.set_index("doc_id")
    assert documents.loc["locked", "status"] == "error"
    assert "encrypted PDF (a password is needed to read it)" in documents.loc["locked", "error"]
    assert documents.loc["scanned", "status"] == "warning"
    assert documents.loc["scanned", "error"].startswith("no text layer: 2 page(s) without text")
