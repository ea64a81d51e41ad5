"""The HanLP backend with a real HanLP model: trained here with HanLP's own API, saved, loaded from disk.

Tests marked ``hanlp`` are skipped, with the reason, when HanLP is not installed."""

import re
import subprocess
import sys

import pytest

import nlp_quotes
from nlp_quotes.backends.hanlp_ner import (
    HanlpBackendError,
    _pieces,
    check_tagset,
    load_hanlp_model,
    map_label,
)
from nlp_quotes.training.hanlp import fit_rnn_ner, write_tsv

NAMES = ["王立新", "李华", "张伟", "陈思远", "刘洋", "赵丽华"]
PLACES = ["北京", "上海", "广州", "成都"]
ORGS = ["某大学", "农业银行", "外交部"]


def training_sentences() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Short sentences written for this test, with PERSON / LOC / ORG spans."""
    sentences = []
    for k, name in enumerate(NAMES):
        place, org = PLACES[k % len(PLACES)], ORGS[k % len(ORGS)]
        for template in ("{n}在{p}工作。", "{n}是{o}的研究员。", "{o}在{p}开会，{n}出席。", "{n}说，{p}的春天来了。"):
            text = template.format(n=name, p=place, o=org)
            spans = []
            for entity, label in ((name, "PERSON"), (place, "LOC"), (org, "ORG")):
                start = text.find(entity)
                if start >= 0:
                    spans.append((start, start + len(entity), label))
            sentences.append((text, spans))
    return sentences


@pytest.fixture(scope="module")
def hanlp_model_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hanlp")
    data = write_tsv(training_sentences(), folder / "train.tsv")  # HanLP's MSRA tags NR / NS / NT
    assert "王\tB-NR" in data.read_text(encoding="utf-8")
    # a real HanLP model, trained with HanLP's own API; tiny, so it fits in a few seconds
    fit_rnn_ner(data, data, folder / "model", epochs=15, embed=32, rnn_hidden=64, batch_size=4, lr=0.01, drop=0.2)
    return str(folder / "model")


@pytest.mark.hanlp
def test_entities_and_offsets_from_the_hanlp_backend(hanlp_model_dir):
    text = "会议在上海举行。\n王立新在北京工作。"
    entities = nlp_quotes.extract_entities(text, ner="hanlp", hanlp_model=hanlp_model_dir)
    found = {(row.text, row.label, row.source) for row in entities.itertuples()}
    assert ("王立新", "PERSON", "model") in found and ("北京", "LOC", "model") in found
    for row in entities.itertuples():
        assert text[row.start : row.end] == row.text


@pytest.mark.hanlp
def test_quotes_are_attributed_with_the_hanlp_backend(hanlp_model_dir):
    nlp = nlp_quotes.load(ner="hanlp", hanlp_model=hanlp_model_dir)
    assert "nlp_quotes_hanlp_ner" in nlp.pipe_names and "nlp_quotes_neural_ner" not in nlp.pipe_names
    doc = nlp("张伟说，上海的春天来了。")
    assert ("张伟", "PERSON") in {(ent.text, ent.label_) for ent in doc.ents}
    quotes = nlp_quotes.extract_quotes("张伟说，上海的春天来了。", nlp=nlp)
    assert list(quotes["speaker"]) == ["张伟"] and list(quotes["quote"]) == ["上海的春天来了。"]


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("NR", "PERSON"),
        ("NS", "LOC"),
        ("NT", "ORG"),  # MSRA
        ("PERSON", "PERSON"),
        ("LOCATION", "LOC"),
        ("ORGANIZATION", "ORG"),  # MSRA spelled out
        ("nr", "PERSON"),
        ("ns", "LOC"),
        ("nt", "ORG"),  # PKU
        ("GPE", "LOC"),
        ("LOC", "LOC"),
        ("ORG", "ORG"),
        ("NORP", None),
        ("DATE", None),  # OntoNotes
    ],
)
def test_label_mapping_of_every_tag_set(tag, label):
    assert map_label(tag) == label


def test_a_part_of_speech_model_is_refused():
    check_tagset(["NR", "NS", "NT", "O"])
    with pytest.raises(HanlpBackendError, match="parts of speech"):
        check_tagset(["NR", "NT", "NN", "VV", "PU"])  # CTB: NR proper noun, NT temporal noun


def test_long_lines_are_cut_after_punctuation():
    line = "，".join(["春天来了"] * 60)
    pieces = _pieces(line, size=50)
    assert "".join(piece for _, piece in pieces) == line
    assert all(len(piece) <= 50 for _, piece in pieces)
    assert all(line[start : start + len(piece)] == piece for start, piece in pieces)


def test_without_hanlp_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "hanlp", None)  # as if it were not installed
    with pytest.raises(HanlpBackendError, match=re.escape('pip install ".[hanlp]"')):
        load_hanlp_model("any")


@pytest.mark.hanlp
def test_missing_model_and_unknown_identifier_name_the_fix(tmp_path):
    with pytest.raises(HanlpBackendError, match="HANLP_HOME"):
        load_hanlp_model(str(tmp_path / "no-model-here"))
    with pytest.raises(HanlpBackendError, match="default backend"):
        load_hanlp_model("NO_SUCH_HANLP_MODEL_ZH")
    with pytest.raises(HanlpBackendError, match="hanlp_model"):
        nlp_quotes.load(ner="hanlp")


def test_the_default_backend_imports_neither_hanlp_nor_torch():
    code = (
        "import sys, nlp_quotes; nlp_quotes.extract_quotes('王立新说，今年要多种树。'); "
        "print(sorted(m for m in ('hanlp', 'torch') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
