"""The scorer of ``nlp-quotes evaluate``: its figures on records written here, and equality with ../shared's."""

import importlib.util
import json

import pandas as pd
import pytest

from nlp_quotes import cli
from nlp_quotes.datasets import MissingCorpusError, shared_dir
from nlp_quotes.evaluation import GoldFormatError, capacity_counts, pair_up, read_gold, score

GOLD = [
    {"doc": "a", "kind": "direct", "quote": "今年要多种树。", "speaker": "王立新", "role": "代表"},
    {
        "doc": "a",
        "kind": "indirect",
        "quote": "乡村振兴的关键在于人才。",
        "speaker": "中国",
        "speaker_alt": ["中方"],
        "role": None,
        "titles": ["全国工商联副主席"],
        "orgs": [],
    },
    {"doc": "a", "kind": "indirect", "quote": "农机补贴政策很关键，要继续加大力度。", "speaker": None},
]
PREDICTED = [
    # exact text (quotation marks and spaces do not count), right speaker and role
    {"doc_id": "a", "quote": "“今年要多种 树。”", "speaker": "王立新", "role": "代表", "titles": [], "orgs": []},
    # half of the gold text, an alternative name, the title written as organisation + title
    {
        "doc_id": "a",
        "quote": "乡村振兴的关键",
        "speaker": "中方",
        "role": None,
        "titles": ["副主席"],
        "orgs": ["全国工商联"],
    },
    # covers under half of the third gold quotation: no match, so spurious, and that gold record is missed
    {"doc_id": "a", "quote": "农机补贴", "speaker": None, "role": None, "titles": [], "orgs": []},
    # a document without gold records: spurious
    {"doc_id": "b", "quote": "天气很好。", "speaker": "李华", "role": None, "titles": [], "orgs": []},
]


def test_figures_on_records_written_here():
    scores = score(GOLD, PREDICTED)
    assert (scores.docs, scores.gold, scores.pred, scores.matched) == (2, 3, 4, 2)
    assert (scores.quote_p, scores.quote_r) == (0.5, pytest.approx(2 / 3))
    assert scores.exact == 0.5 and scores.speaker_acc == 1.0
    assert scores.e2e_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert scores.recall_by_kind == {"direct": 1.0, "indirect": 0.5}
    assert scores.role_acc == 1.0
    assert (scores.capacity_records, scores.capacity_p, scores.capacity_r) == (1, 1.0, 1.0)
    kinds = sorted(kind for kind, *_ in scores.errors)
    assert kinds == ["missed", "spurious", "spurious"]


def test_a_wrong_speaker_is_matched_but_not_end_to_end():
    wrong = [dict(PREDICTED[0], speaker="李华"), *PREDICTED[1:]]
    scores = score(GOLD, pd.DataFrame(wrong))  # an attribution table works as well as its records
    assert scores.matched == 2 and scores.speaker_acc == 0.5 and scores.e2e_p == 0.25
    assert ("speaker", "a", "今年要多种树。", "gold=王立新 pred=李华") in scores.errors


def test_pairs_are_one_to_one_largest_overlap_first():
    gold = [{"quote": "甲乙丙丁戊己庚辛", "speaker": "王五"}]
    predicted = [{"quote": "甲乙丙丁戊", "speaker": "王五"}, {"quote": "甲乙丙丁戊己庚辛", "speaker": "王五"}]
    assert pair_up(gold, predicted) == [(0, 1)]


def test_capacity_counts_cut_names_and_datelines_as_wrong():
    gold = {"titles": ["文化和旅游部部长"], "orgs": ["文化和旅游部"]}
    assert capacity_counts(gold, {"titles": ["部长"], "orgs": ["旅游部"]}) == (1, 2, 0, 2)  # 旅游部 is a cut name
    assert capacity_counts(gold, {"titles": ["新华社北京10月19日电"], "orgs": []}) == (0, 1, 0, 2)


def test_read_gold_names_the_line_of_a_bad_record(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a", "quote": "好。", "kind": "direct"}\n{"doc": "a", "kind": "quoted"}\n', "utf-8")
    with pytest.raises(GoldFormatError, match="line 2"):
        read_gold(path)


def test_cli_evaluate_scores_texts_by_file_name(tmp_path, capsys):
    texts = tmp_path / "texts" / "rmrb"
    texts.mkdir(parents=True)
    (texts / "a.txt").write_text("全国人大代表王立新说：“今年要多种树。”\n", encoding="utf-8")
    (texts / "b.txt").write_text("李华说：“明天会下雨。”\n", encoding="utf-8")  # no gold record: spurious
    gold = tmp_path / "gold.jsonl"
    record = {"doc": "rmrb/a", "kind": "direct", "quote": "今年要多种树。", "speaker": "王立新", "role": "代表"}
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert cli.main(["evaluate", str(gold), str(tmp_path / "texts"), "--json", "-o", str(out), "--no-progress"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["docs"] == 2 and figures["e2e_r"] == 1.0 and figures["e2e_p"] == 0.5 and figures["role_acc"] == 1.0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["doc_id"] for row in rows] == ["rmrb/a", "rmrb/b"]


def test_cli_evaluate_refuses_gold_documents_without_a_text(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("王立新说：“好。”\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "rmrb/a", "kind": "direct", "quote": "好。", "speaker": "王立新"}) + "\n")
    assert cli.main(["evaluate", str(gold), str(tmp_path / "a.txt"), "--no-progress"]) == 2
    message = capsys.readouterr().err
    assert "rmrb/a" in message and "the texts given are a" in message


@pytest.fixture(scope="module")
def shared():
    try:
        return shared_dir()
    except MissingCorpusError:
        pytest.skip("../shared is not beside the checkout: the dev set and its scorer are not there")


def _module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_evaluate_on_the_dev_set_equals_the_shared_scorer(shared, tmp_path, capsys):
    """``nlp-quotes evaluate`` on the dev articles gives score_quotes.py's figures on the same predictions."""
    corpus = _module(shared / "eval" / "corpus.py", "shared_corpus_for_test")
    reference = _module(shared / "eval" / "score_quotes.py", "shared_scorer_for_test")
    texts = tmp_path / "dev"
    for doc_id in (shared / "eval" / "dev_docs.txt").read_text(encoding="utf-8").split():
        path = texts / f"{doc_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(corpus.load(doc_id), encoding="utf-8")
    gold = shared / "eval" / "gold_dev.jsonl"
    out = tmp_path / "dev_predictions.jsonl"
    assert cli.main(["evaluate", str(gold), str(texts), "--json", "-o", str(out), "--no-progress"]) == 0
    ours = json.loads(capsys.readouterr().out)
    gold_rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    predictions = reference.load_pred(str(out))
    theirs = reference.score(gold_rows, predictions)
    assert ours["gold"] == len(gold_rows) and ours["matched"] > 0.5 * ours["gold"]
    for name, value in theirs.items():
        if name == "errors":
            assert sorted(score(gold_rows, predictions).errors) == sorted(
                (kind, doc, text, str(detail)) for kind, doc, text, detail in value
            )
        elif isinstance(value, dict):
            assert ours[name].keys() == value.keys()
            assert all(round(ours[name][key], 3) == round(value[key], 3) for key in value)
        elif isinstance(value, float):
            assert round(ours[name], 3) == round(value, 3), name
        else:
            assert ours[name] == value, name
