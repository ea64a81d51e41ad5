"""The name model that splits runs of names written without separators."""

import pytest

from nlp_quotes.entities.names import NameModel, name_runs, split_name_lists
from nlp_quotes.lexicons import load_lexicons

# Invented names and sentences, enough for the statistics to separate them.
NAMES = [
    "王小明",
    "李建国",
    "张伟",
    "刘洋",
    "陈静",
    "杨光辉",
    "赵丽华",
    "周志强",
    "吴海燕",
    "孙立新",
    "王建华",
    "李海涛",
    "张志明",
    "刘丽娟",
    "陈国强",
    "黄晓东",
    "欧阳明辉",
    "林静怡",
    "马建军",
    "朱红梅",
    "阿卜杜拉·哈米德",
]
TEXTS = [
    "今天上午会议在北京召开，代表们围绕经济发展和民生问题进行了讨论。",
    "我们要坚持高质量发展，推动科技创新，加强生态环境保护。",
    "这个城市的交通越来越方便，市民出行更加便利了。",
    "记者从有关部门了解到，今年粮食产量再创新高。",
] * 5


@pytest.fixture(scope="module")
def model() -> NameModel:
    return NameModel.train(NAMES, TEXTS, load_lexicons().surnames)


def names_of(run: str, pieces) -> list[str]:
    return [run[start:end] for start, end in pieces]


def test_a_run_of_names_is_divided_into_names(model):
    run = "王小明李建国张伟刘洋"
    assert names_of(run, model.split(run)) == ["王小明", "李建国", "张伟", "刘洋"]


def test_unseen_names_are_divided_by_their_characters(model):
    run = "王海明李志华张国辉"  # none of these three was seen whole
    assert names_of(run, model.split(run, 3)) == ["王海明", "李志华", "张国辉"]


def test_ordinary_text_is_not_a_run_of_names(model):
    assert model.split("推动科技创新加强生态环境保护") is None
    assert model.split("代表们围绕经济发展进行了讨论") is None


def test_a_known_name_is_never_divided(model):
    assert model.split("欧阳明辉") is None
    assert model.split("王小明") is None


def test_compound_surnames_and_dotted_names(model):
    run = "欧阳明辉阿卜杜拉·哈米德陈静"
    assert names_of(run, model.split(run)) == ["欧阳明辉", "阿卜杜拉·哈米德", "陈静"]


def test_one_unknown_piece_is_allowed_in_a_long_run_only(model):
    run = "王小明李建国张伟丹增刘洋陈静"
    pieces = model.split(run, 3, unknown_every=5)
    assert names_of(run, pieces) == ["王小明", "李建国", "张伟", "丹增", "刘洋", "陈静"]
    assert model.split(run, 3) is None  # not without the allowance
    assert model.split("丹增王小明李建国张伟刘洋", 3, unknown_every=5) is None  # never at the edge


def test_name_runs_stop_at_punctuation_and_keep_name_dots():
    line = "出席的有：王小明、阿卜杜拉·哈米德（女）陈静"
    assert [line[s:e] for s, e in name_runs(line)] == ["出席的有", "王小明", "阿卜杜拉·哈米德", "女", "陈静"]


def test_tagged_spans_over_a_run_become_one_person_per_name(model):
    line = "名单如下：王小明李建国张伟刘洋陈静。会议由赵丽华主持。"
    tagged = [(5, 15, "ORG"), (21, 24, "PERSON")]
    spans = split_name_lists(line, tagged, model)
    assert [(line[s:e], label) for s, e, label in spans] == [
        ("王小明", "PERSON"),
        ("李建国", "PERSON"),
        ("张伟", "PERSON"),
        ("刘洋", "PERSON"),
        ("陈静", "PERSON"),
        ("赵丽华", "PERSON"),
    ]


def test_a_tagged_title_before_a_run_is_kept_as_a_title(model):
    line = "（记者王小明李建国张伟）"
    tagged = [(1, 3, "TITLE")]
    spans = split_name_lists(line, tagged, model)
    assert [(line[s:e], label) for s, e, label in spans] == [
        ("记者", "TITLE"),
        ("王小明", "PERSON"),
        ("李建国", "PERSON"),
        ("张伟", "PERSON"),
    ]
    line = "（记者王小明张伟）"  # two names after a title make a run of three pieces, as before
    spans = split_name_lists(line, [(1, 3, "TITLE"), (3, 8, "PERSON")], model)
    assert [(line[s:e], label) for s, e, label in spans] == [
        ("记者", "TITLE"),
        ("王小明", "PERSON"),
        ("张伟", "PERSON"),
    ]
    assert split_name_lists("王小明张伟", [], model) == []  # two names alone are no run


def test_a_dotted_name_after_a_title_is_left_as_tagged(model):
    line = "总统张国辉·刘洋陈静"
    tagged = [(0, 2, "TITLE"), (2, 10, "PERSON")]
    assert split_name_lists(line, tagged, model, split_tagged=False) == tagged


def test_a_tagged_person_of_two_names_is_split(model):
    line = "李建国张伟出席。"
    assert split_name_lists(line, [(0, 5, "PERSON")], model) == [(0, 3, "PERSON"), (3, 5, "PERSON")]


def test_model_round_trips_through_disk(model, tmp_path):
    path = tmp_path / "names.json"
    model.to_disk(path)
    loaded = NameModel.from_disk(path)
    assert loaded == model
    assert loaded.piece_score("王海明") == model.piece_score("王海明")
