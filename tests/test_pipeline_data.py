"""Components own their data: saving, loading elsewhere, failing early, independent pipelines, the batch form."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import spacy

import nlp_quotes
from nlp_quotes.api import extract_entities, extract_quotes
from nlp_quotes.examples import __file__ as examples_init
from nlp_quotes.lexicons import PACKAGE_DIR
from nlp_quotes.pipeline import models_dir

EXAMPLE = (Path(examples_init).parent / "lianghui_example.txt").read_text(encoding="utf-8")
TEXTS = [
    EXAMPLE,
    "全国政协委员张三表示：“我们要加快发展。”",
    "“今年的工作很顺利。”市长王五说。\n\n李四昨天到了北京。",
    "外交部发言人毛宁在例行记者会上说，中方一贯支持和平解决争端。",
]

#: Run in a fresh process: a saved pipeline loaded while every file under the package's models/ is out of reach.
FRESH_PROCESS = """
import json, sys
from pathlib import Path

saved, real_models, empty, texts = sys.argv[1], Path(sys.argv[2]).resolve(), sys.argv[3], json.loads(sys.argv[4])
opened = []
sys.addaudithook(
    lambda event, args: opened.append(str(args[0]))
    if event == "open" and isinstance(args[0], str) and Path(args[0]).resolve().is_relative_to(real_models)
    else None
)
import nlp_quotes.pipeline.paths as paths

paths.models_dir = lambda: Path(empty)  # config paths resolve to an empty folder
import spacy

from nlp_quotes.api import extract_entities, extract_quotes

nlp = spacy.load(saved)
out = {
    "quotes": [extract_quotes(text, doc_id=str(k), nlp=nlp).to_json(orient="records", force_ascii=False)
               for k, text in enumerate(texts)],
    "entities": [extract_entities(text, nlp=nlp).to_json(orient="records", force_ascii=False) for text in texts],
    "opened_under_models": opened,
}
print(json.dumps(out))
"""


def outputs(nlp) -> dict[str, list[str]]:
    return {
        "quotes": [
            extract_quotes(text, doc_id=str(k), nlp=nlp).to_json(orient="records", force_ascii=False)
            for k, text in enumerate(TEXTS)
        ],
        "entities": [extract_entities(text, nlp=nlp).to_json(orient="records", force_ascii=False) for text in TEXTS],
    }


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "zh_news"
    nlp_quotes.load().to_disk(path)
    return path


def test_saved_pipeline_loads_in_a_fresh_process_without_the_models_folder(saved, tmp_path):
    for component in ("nlp_quotes_neural_ner", "nlp_quotes_words", "nlp_quotes_entities", "nlp_quotes_attribution"):
        assert (saved / component / "lexicons" / "titles.txt").is_file() or component == "nlp_quotes_words"
    assert (saved / "nlp_quotes_neural_ner" / "zh_news_conv.npz").is_file()
    empty = tmp_path / "no_models"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, str(saved), str(models_dir()), str(empty), json.dumps(TEXTS)],
        capture_output=True,
        text=True,
        check=True,
    )
    fresh = json.loads(result.stdout)
    assert fresh.pop("opened_under_models") == []
    assert fresh == outputs(nlp_quotes.load())
    assert any(json.loads(rows) for rows in fresh["quotes"])  # the texts do hold quotations


def test_missing_weight_file_fails_at_load_naming_it(saved, tmp_path):
    with pytest.raises(OSError, match=r"no_such_model\.npz"):
        nlp_quotes.load(config={"components.nlp_quotes_neural_ner.model": "ner/no_such_model.npz"})
    broken = tmp_path / "broken"
    shutil.copytree(saved, broken)
    (broken / "nlp_quotes_neural_ner" / "zh_news_conv.npz").unlink()
    with pytest.raises(OSError, match=r"nlp_quotes_neural_ner/zh_news_conv\.npz"):
        spacy.load(broken)


def test_missing_word_model_fails_at_load():
    with pytest.raises(OSError, match="no_such_pkuseg"):
        nlp_quotes.load(config={"components.nlp_quotes_words.model": "no_such_pkuseg"})


def test_two_loads_give_independent_pipelines_sharing_weights():
    first, second = nlp_quotes.load(), nlp_quotes.load()
    assert first is not second
    assert first.get_pipe("nlp_quotes_neural_ner").tagger is second.get_pipe("nlp_quotes_neural_ner").tagger
    first.remove_pipe("nlp_quotes_attribution")
    assert "nlp_quotes_attribution" in second.pipe_names
    assert extract_quotes(TEXTS[1])["speaker"].tolist() == ["张三"]  # the functions' own pipeline is untouched
    assert extract_quotes(TEXTS[1], nlp=second)["speaker"].tolist() == ["张三"]


def test_pipelines_with_different_lexicons_differ(tmp_path):
    lexicons = tmp_path / "lexicons"
    shutil.copytree(PACKAGE_DIR, lexicons, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (lexicons / "titles.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n品鉴官\n")
    text = "品鉴官赵大宝指出，今年的茶叶品质很好。"
    own = nlp_quotes.load(config={"components.nlp_quotes_entities.lexicons": str(lexicons)})
    plain = nlp_quotes.load()
    titles = lambda nlp: [e for e in extract_entities(text, nlp=nlp).itertuples() if e.label == "TITLE"]  # noqa: E731
    assert [e.text for e in titles(own)] == ["品鉴官"]
    assert titles(plain) == []


def test_batch_equals_one_call_per_text():
    texts = [*TEXTS[1:], "", "  \n", TEXTS[0][:300]]
    rows = lambda frame: json.loads(frame.to_json(orient="records", force_ascii=False))  # noqa: E731
    per_text = [row for k, text in enumerate(texts) for row in rows(extract_quotes(text, doc_id=str(k)))]
    assert rows(extract_quotes(texts)) == per_text
    series = pd.Series(texts, index=[f"d{k}" for k in range(len(texts))])
    assert [row["doc_id"] for row in rows(extract_quotes(series))] == [f"d{row['doc_id']}" for row in per_text]
    confident = [row for row in per_text if row["confidence"] >= 0.8]
    assert rows(extract_quotes(texts, min_confidence=0.8)) == confident
    entities = [{"doc_id": str(k), **row} for k, text in enumerate(texts) for row in rows(extract_entities(text))]
    assert rows(extract_entities(texts)) == entities
    assert list(extract_entities(texts).columns) == ["doc_id", "text", "label", "start", "end", "source"]


def test_batch_refuses_what_one_call_refuses():
    with pytest.raises(TypeError, match="str"):
        extract_quotes(["好", 3])
    with pytest.raises(ValueError, match="one identifier per text"):
        extract_quotes(["好", "好"], doc_id="x")
