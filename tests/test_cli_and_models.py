import io
import json
import sys
from pathlib import Path

import pandas as pd
import spacy
import tomllib

from nlp_quotes import cli
from nlp_quotes.bench.__main__ import main as bench
from nlp_quotes.pipeline import DEFAULT_MODEL, models_dir
from nlp_quotes.schema import CORPUS_ENTITY_COLUMNS, DOCUMENT_COLUMNS, PEOPLE_COLUMNS, schema_markdown
from nlp_quotes.training.__main__ import main as training

TEXT = "某县县长姜文涛表示：“我们要把路修到每个村。”\n"


def test_extract_writes_each_format(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    for suffix in (".csv", ".jsonl", ".parquet"):
        out = tmp_path / f"out{suffix}"
        assert cli.main(["extract", str(source), "-o", str(out)]) == 0
        if suffix == ".csv":
            frame = pd.read_csv(out)
        elif suffix == ".jsonl":
            frame = pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
        else:
            frame = pd.read_parquet(out)
        assert list(frame.speaker) == ["姜文涛"] and list(frame.doc_id) == ["article"]


def test_extract_reads_stdin_and_prints_a_table(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TEXT))
    assert cli.main(["extract", "-"]) == 0
    assert "姜文涛" in capsys.readouterr().out


def test_missing_file_is_reported_and_others_still_run(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert cli.main(["extract", str(tmp_path / "missing.txt"), str(good)]) == 1
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err and "姜文涛" in captured.out


def test_example_prints_the_attribution_table(capsys):
    assert cli.main(["example"]) == 0
    out = capsys.readouterr().out
    assert "周明远" in out and "cue_before" in out


def test_default_pipeline_ships_in_models_and_loads_offline():
    path = models_dir() / DEFAULT_MODEL
    assert (path / "config.cfg").exists()
    nlp = spacy.load(path)
    ours = ["nlp_quotes_normalizer", "nlp_quotes_neural_ner", "nlp_quotes_words", "nlp_quotes_entities"]
    assert [name for name in nlp.pipe_names if name in ours] == ours
    assert nlp.pipe_names[-1] == "nlp_quotes_attribution"


def test_readme_documents_every_column_of_the_schema():

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for columns in (None, DOCUMENT_COLUMNS, CORPUS_ENTITY_COLUMNS, PEOPLE_COLUMNS):
        assert (schema_markdown(columns) if columns else schema_markdown()) in readme


def test_word_layer_from_the_shipped_pkuseg_model(nlp):
    doc = nlp("他在小说中说明了原因。王立新说，今年要多种树。")
    words = [span.text for span in doc.spans["words"]]
    assert "小说" in words and "说明" in words and "说" in words
    assert "".join(words) == doc.text.replace("\n", "")
    quotes = list(doc.spans["quotes"])
    assert [span._.nlp_quotes["speaker"] for span in quotes] == ["王立新"]


def test_benchmarks_say_clearly_when_shared_data_is_absent(tmp_path, capsys):

    assert bench(["quotes", "--shared", str(tmp_path / "nowhere")]) == 2
    assert "no shared data folder" in capsys.readouterr().err
    assert bench(["ner", "--shared", str(tmp_path / "nowhere")]) == 2
    assert "nothing was scored" in capsys.readouterr().err


def test_training_names_a_missing_corpus_file(tmp_path, capsys):

    (tmp_path / "data" / "ner").mkdir(parents=True)
    assert training(["--shared", str(tmp_path), "pkuseg", "--out", str(tmp_path / "out")]) == 2
    assert "pd1998_pos/valid.txt" in capsys.readouterr().err


def test_undecodable_file_is_reported_not_fatal(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa broken")
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert cli.main(["extract", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert "bad.txt" in captured.err and "姜文涛" in captured.out


def test_extract_high_precision_flag(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("王立新说，今年要多种树。\n“这件事还要再研究。”\n", encoding="utf-8")
    out = tmp_path / "all.csv"
    assert cli.main(["extract", str(path), "-o", str(out)]) == 0
    high = tmp_path / "high.csv"
    assert cli.main(["extract", str(path), "--high-precision", "-o", str(high)]) == 0
    every, confident = pd.read_csv(out), pd.read_csv(high)
    assert len(confident) < len(every)
    assert (confident["confidence"] >= 0.8).all()


def test_every_subpackage_is_packaged():
    """A subpackage missing from pyproject's list installs a broken library (tests run from the source tree)."""

    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(root).parts)
        for path in (root / "nlp_quotes").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert found <= listed, sorted(found - listed)
