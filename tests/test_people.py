"""nlp_quotes.people and document metadata through process(), the writers and the CLI (texts written for the tests)."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import nlp_quotes
from nlp_quotes.cli import main as cli
from nlp_quotes.corpus import read_result
from nlp_quotes.people import positions_of
from nlp_quotes.schema import PEOPLE_COLUMNS, quotes_frame

ARTICLES = [
    ("n1", "2023-01-05", "星海集团董事长张伟表示：“我们欢迎投资。”"),
    ("n2", "2023-02-01", "星海集团总裁张伟说：“新厂明年投产。”"),
    ("n3", "2023-03-01", "北岭大学教授张伟说：“研究还要继续。”"),
    ("n4", "2023-04-01", "国务院新闻办公室副主任李明说：“发布会现在开始。”李明还说，欢迎提问。"),
    ("n5", "2023-04-09", "李明表示：“今天就到这里。”"),
]


@pytest.fixture(scope="module")
def result(nlp):
    frame = pd.DataFrame(
        {
            "doc_id": [doc_id for doc_id, _, _ in ARTICLES],
            "text": [text for _, _, text in ARTICLES],
            "date": [date for _, date, _ in ARTICLES],
            "outlet": "晨报",
            "section": ["经济", "经济", "教育", "时政", "时政"],
        }
    )
    return nlp_quotes.process(frame, nlp=nlp, progress=False)


def test_dataframe_columns_become_document_metadata_and_join_onto_the_quotes(result):
    documents = result.documents
    assert list(documents.columns[-5:]) == ["date", "outlet", "page", "headline", "section"]
    assert list(documents["date"]) == [date for _, date, _ in ARTICLES]
    assert set(documents["outlet"]) == {"晨报"} and documents["page"].isna().all()
    joined = result.joined()
    assert len(joined) == len(result.quotes)
    assert list(joined.loc[joined["doc_id"] == "n3", "section"]) == ["教育"]
    assert result.metadata["metadata_columns"] == ["section"]


def test_same_name_apart_unless_a_position_overlaps(result):
    table = nlp_quotes.people(result)
    assert list(table.columns) == list(PEOPLE_COLUMNS)
    zhang = table[table["name"] == "张伟"]
    # 星海集团 links the chairman and the president; the professor shares nothing with them
    assert sorted(map(tuple, zhang["doc_ids"])) == [("n1", "n2"), ("n3",)]
    business = zhang[zhang["n_docs"] == 2].iloc[0]
    assert [(p["title"], p["org"], p["first_date"]) for p in business["positions"]] == [
        ("董事长", "星海集团", "2023-01-05"),
        ("总裁", "星海集团", "2023-02-01"),
    ]
    assert (business["first_date"], business["last_date"]) == ("2023-01-05", "2023-02-01")


def test_a_profile_without_positions_joins_the_only_person_of_its_name(result):
    table = nlp_quotes.people(result)
    li = table[table["name"] == "李明"]
    assert len(li) == 1
    row = li.iloc[0]
    assert (row["n_quotes"], row["n_docs"], row["last_date"]) == (3, 2, "2023-04-09")
    assert row["person_id"] == 0  # most quotations first
    assert [p["last_date"] for p in row["positions"]] == ["2023-04-01"]  # the undated-position profile adds no date


def test_people_is_deterministic_and_reads_a_written_run(result, nlp, tmp_path):
    first = nlp_quotes.people(result)
    shuffled = nlp_quotes.people(result.quotes.iloc[::-1].reset_index(drop=True), result.documents)
    assert first.drop(columns=["person_id", "doc_ids", "positions"]).equals(
        shuffled.drop(columns=["person_id", "doc_ids", "positions"])
    )
    out = tmp_path / "run.parquet"
    frame = result.documents[["doc_id", "date"]].assign(text=[text for _, _, text in ARTICLES])
    nlp_quotes.process(frame, nlp=nlp, progress=False, output=out)
    again = nlp_quotes.people(read_result(out))  # list columns come back from Parquet as arrays
    assert again.drop(columns=["doc_ids"]).to_json() == first.drop(columns=["doc_ids"]).to_json()


def _quotes(rows):
    return quotes_frame({"kind": "direct", "quote": "……", **row} for row in rows)


def test_namesakes_without_positions_stay_a_row_of_their_own():
    quotes = _quotes(
        [
            {"doc_id": "a", "speaker": "王芳", "titles": ["主任"], "orgs": ["甲委员会"]},
            {"doc_id": "b", "speaker": "王芳", "titles": ["校长"], "orgs": ["乙中学"]},
            {"doc_id": "c", "speaker": "王芳", "titles": [], "orgs": []},
        ]
    )
    table = nlp_quotes.people(quotes)
    assert sorted(map(tuple, table["doc_ids"])) == [("a",), ("b",), ("c",)]
    assert table["first_date"].isna().all()  # no documents table, no date column: undated


def test_a_title_without_organisation_links_and_links_are_transitive():
    quotes = _quotes(
        [
            {"doc_id": "a", "speaker": "赵平", "titles": ["局长"], "orgs": ["甲局"]},
            {"doc_id": "b", "speaker": "赵平", "titles": ["局长"], "orgs": []},  # same title, no org: linked
            {"doc_id": "c", "speaker": "赵平", "titles": ["局长"], "orgs": ["乙局"]},  # linked through b
            {"doc_id": "d", "speaker": "赵平", "titles": ["教授"], "orgs": ["甲局"]},  # same org as a
            {"doc_id": "e", "speaker": "赵平", "titles": ["教授"], "orgs": ["丙大学"]},  # nothing shared
        ]
    )
    table = nlp_quotes.people(quotes)
    assert sorted(map(tuple, table["doc_ids"])) == [("a", "b", "c", "d"), ("e",)]


def test_positions_column_is_used_when_present_and_roles_never_link():
    quotes = _quotes(
        [
            {"doc_id": "a", "speaker": "钱进", "role": "委员", "titles": ["主席"], "orgs": ["丁协会"]},
            {"doc_id": "b", "speaker": "钱进", "role": "委员", "titles": ["院长"], "orgs": ["戊医院"]},
        ]
    )
    assert len(nlp_quotes.people(quotes)) == 2  # the same role is no link
    quotes["positions"] = [
        [{"title": "委员", "org": "全国政协"}, {"title": "主席", "org": "丁协会"}],
        [{"title": "委员", "org": "全国政协"}, {"title": "院长", "org": "戊医院"}],
    ]
    table = nlp_quotes.people(quotes)
    assert len(table) == 1 and table.iloc[0]["roles"] == ["委员"]
    assert [p["org"] for p in table.iloc[0]["positions"]] == ["全国政协", "丁协会", "戊医院"]


def test_titles_and_orgs_are_paired_in_order_and_arrays_are_lists():
    paired = positions_of(None, ["副主席", "董事长"], ["甲联合会", "乙公司"])
    assert paired == [("副主席", "甲联合会"), ("董事长", "乙公司")]
    # from the end: a leading rank stands alone, the post next to the name gets the organisation
    assert positions_of(None, np.array(["政治局委员", "主任"]), np.array(["丙办"])) == [
        ("政治局委员", None),
        ("主任", "丙办"),
    ]
    assert positions_of([{"title": None, "org": "丁部"}], ["x"], ["y"]) == [(None, "丁部")]
    assert positions_of(None, None, []) == []


def test_countries_and_organisations_are_no_people():
    quotes = _quotes(
        [
            {"doc_id": "a", "speaker": "中国", "speaker_rule": "side", "titles": [], "orgs": []},
            {"doc_id": "a", "speaker": "某部", "speaker_rule": "organisation", "titles": [], "orgs": []},
            {"doc_id": "a", "speaker": "孙立", "speaker_rule": "name", "titles": [], "orgs": []},
        ]
    )
    assert list(nlp_quotes.people(quotes)["name"]) == ["孙立"]


def test_a_short_foreign_name_joins_its_one_full_form():
    quotes = _quotes(
        [
            {"doc_id": "a", "speaker": "安东·米勒", "titles": ["秘书长"], "orgs": ["某组织"]},
            {"doc_id": "b", "speaker": "米勒", "titles": [], "orgs": []},
            {"doc_id": "c", "speaker": "卡尔·施密特", "titles": [], "orgs": []},
            {"doc_id": "d", "speaker": "汉斯·施密特", "titles": [], "orgs": []},
            {"doc_id": "e", "speaker": "施密特", "titles": [], "orgs": []},  # two full forms: left alone
        ]
    )
    table = nlp_quotes.people(quotes).set_index("name")
    assert table.loc["安东·米勒", "variants"] == ["米勒"] and table.loc["安东·米勒", "n_docs"] == 2
    assert table.loc["施密特", "n_docs"] == 1


# -- metadata through the corpus run ------------------------------------------------------------


def test_mapping_items_and_the_metadata_argument(nlp):
    items = [
        {"doc_id": "m1", "text": "星海集团董事长张伟表示：“我们欢迎投资。”", "date": "2023-05-01", "page": 3},
        {"doc_id": "m2", "text": None, "headline": "空稿"},
    ]
    extra = {"m1": {"outlet": "晚报", "n_chars": "999"}, "m2": {"date": "2023-05-02"}}
    documents = nlp_quotes.process(items, nlp=nlp, progress=False, metadata=extra).documents.set_index("doc_id")
    assert documents.loc["m1", ["date", "page", "outlet"]].tolist() == ["2023-05-01", "3", "晚报"]
    assert documents.loc["m1", "meta_n_chars"] == "999" and documents.loc["m1", "n_chars"] != 999
    assert documents.loc["m2", "status"] == "error"  # an error row keeps its metadata
    assert documents.loc["m2", ["date", "headline"]].tolist() == ["2023-05-02", "空稿"]


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_cli_manifest_by_path_and_by_id_with_schema_in_the_provenance(tmp_path, suffix):
    corpus = tmp_path / "corpus"
    (corpus / "data" / "d1").mkdir(parents=True)
    (corpus / "data" / "d1" / "a-01.txt").write_text("北岭大学教授张伟说：“研究还要继续。”", encoding="utf-8")
    (corpus / "data" / "b-02.txt").write_text("李明表示：“今天就到这里。”", encoding="utf-8")
    (corpus / "data" / "c-03.txt").write_text("没有人讲话。", encoding="utf-8")
    manifest = corpus / "manifest.tsv"
    manifest.write_text(
        "id\tpath\tdate\tpage\theadline\tn_chars\n"
        "a-01\tdata/d1/a-01.txt\t2023-07-01\t01\t研究要继续\t20\n"
        "b-02\t\t2023-07-02\t05\t到这里\t13\n",
        encoding="utf-8",
    )
    out = tmp_path / f"run{suffix}"
    args = ["extract", str(corpus / "data"), "-o", str(out), "--no-progress", "--manifest", str(manifest)]
    assert cli(args) == 0
    run = read_result(out)
    documents = run.documents.set_index("doc_id")
    assert documents.loc["d1/a-01", ["date", "page"]].tolist() == ["2023-07-01", "01"]  # by path; "01" stays text
    assert documents.loc["b-02", "headline"] == "到这里"  # by file name
    assert pd.isna(documents.loc["c-03", "date"])
    assert [column["name"] for column in run.metadata["tables"]["documents"]][-4:] == [
        "date",
        "outlet",
        "page",
        "headline",
    ]
    # resuming with other metadata columns is refused; with the same ones it goes on
    assert cli([*args, "--resume", "--manifest-columns", "date,n_chars"]) == 2
    assert cli([*args, "--resume"]) == 0
    if suffix == ".parquet":
        part = next((tmp_path / "run.documents.parquet").glob("part-*.parquet"))
        stored = json.loads(pq.read_schema(part).metadata[b"nlp_quotes"])
        assert stored["tables"]["quotes"][0] == {
            "name": "doc_id",
            "dtype": "string",
            "meaning": nlp_quotes.QUOTE_COLUMNS["doc_id"][1],
        }
