"""nlp_quotes.process: corpora, bad documents, parallel workers, streaming writers and resuming."""

import json

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from spacy.language import Language

import nlp_quotes
from nlp_quotes.corpus.inputs import expand_paths
from nlp_quotes.corpus.process import process_stream
from nlp_quotes.corpus.writers import CorpusWriter, read_metadata
from nlp_quotes.pipeline import build_pipeline

ARTICLES = {
    "a1": "某县县长姜文涛表示：“我们要把路修到每个村。”\n“路通了，果子就卖得出去。”村民王小红说。\n",
    "a2": "全国政协委员、某公司董事长林海峰认为，民营企业要加大研发投入。\n他说：“创新是第一动力。”\n",
    "a3": "今天天气晴朗，没有人讲话。\n",
    "a4": "市教育局局长陈思远指出，今年将新建五所学校。\n",
}


def reference(nlp, items):
    frames = [nlp_quotes.extract_quotes(text, doc_id=doc_id, nlp=nlp) for doc_id, text in items]
    return pd.concat(frames, ignore_index=True)


def test_one_row_per_document_and_bad_ones_are_errors(nlp):
    frame = pd.DataFrame({"doc_id": [*ARTICLES, "none", "int", "empty"], "text": [*ARTICLES.values(), None, 7, ""]})
    result = nlp_quotes.process(frame, nlp=nlp, progress=False)
    docs = result.documents.set_index("doc_id")
    assert list(result.documents["doc_id"]) == list(frame["doc_id"])
    assert docs.loc["none", "status"] == "error" and "NoneType" in docs.loc["none", "error"]
    assert docs.loc["int", "status"] == "error" and "int" in docs.loc["int", "error"]
    assert docs.loc["empty", "status"] == "ok" and docs.loc["empty", "n_quotes"] == 0
    assert docs.loc["a1", "n_quotes"] == 2 and docs.loc["a3", "n_quotes"] == 0
    assert_frame_equal(result.quotes, reference(nlp, ARTICLES.items()))
    assert set(result.entities["doc_id"]) >= {"a1", "a2", "a4"}
    assert docs["n_entities"].sum() == len(result.entities)
    assert "7 documents: 5 ok, 2 failed" in result.summary()


def test_iterables_of_pairs_mappings_and_generators():
    nlp = nlp_quotes.load()
    pairs = list(ARTICLES.items())
    from_pairs = nlp_quotes.process(iter(pairs), nlp=nlp, progress=False)
    from_dicts = nlp_quotes.process(({"doc_id": i, "text": t} for i, t in pairs), nlp=nlp, progress=False)
    assert_frame_equal(from_pairs.quotes, from_dicts.quotes)
    assert list(from_pairs.documents["doc_id"]) == list(ARTICLES)
    with pytest.raises(TypeError, match="iterable of documents"):
        nlp_quotes.process("不是文档列表", nlp=nlp, progress=False)


@pytest.mark.parametrize(("n_process", "batch_size"), [(2, 2), (3, 1)])
def test_workers_give_the_same_rows_in_input_order(nlp, n_process, batch_size):
    items = list(ARTICLES.items()) * 3
    items = [(f"{doc_id}-{n}", text) for n, (doc_id, text) in enumerate(items)]
    items[3:3] = [("none", None), ("empty", ""), ("bytes", "他说：“好。”".encode())]
    one = nlp_quotes.process(items, nlp=nlp, n_process=1, batch_size=2, progress=False)
    many = nlp_quotes.process(items, nlp=nlp, n_process=n_process, batch_size=batch_size, progress=False)
    assert_frame_equal(one.quotes, many.quotes)
    assert_frame_equal(one.entities, many.entities)
    assert_frame_equal(one.documents.drop(columns="seconds"), many.documents.drop(columns="seconds"))
    assert list(many.documents["doc_id"]) == [doc_id for doc_id, _ in items]
    assert list(many.documents["status"]).count("error") == 1


@Language.component("test_fails_on_a_marker")
def fails_on_a_marker(doc):
    if "爆炸" in doc.text:
        raise RuntimeError("this document breaks the pipeline")
    return doc


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_that_breaks_the_pipeline_is_an_error_row(n_process):
    nlp = build_pipeline(words="pkuseg_pd1998")
    nlp.add_pipe("test_fails_on_a_marker", first=True)
    items = [("good1", ARTICLES["a1"]), ("bad", "这一篇会爆炸。"), ("good2", ARTICLES["a4"])]
    result = nlp_quotes.process(items, nlp=nlp, n_process=n_process, batch_size=1, progress=False)
    docs = result.documents.set_index("doc_id")
    assert list(docs["status"]) == ["ok", "error", "ok"]
    assert "RuntimeError: this document breaks the pipeline" in docs.loc["bad", "error"]
    assert set(result.quotes["doc_id"]) == {"good1", "good2"}
    with pytest.raises(RuntimeError):  # the pipeline's own error handler is back in place
        nlp("这一篇会爆炸。")


def test_long_documents_are_chunked_at_paragraphs_without_losing_quotes(nlp):
    paragraphs = [f"第{n}位发言人李明{n}号说：“第{n}件事要办好。”" for n in range(1, 9)]
    text = "\n".join(paragraphs) + "\n"
    outcomes = list(process_stream([("long", text)], nlp, chunk_chars=60))
    (outcome,) = outcomes
    assert outcome.document["n_quotes"] == 8
    for row in outcome.quotes:
        assert text[row["quote_start"] : row["quote_end"]] == row["quote"]
    assert [row["quote_id"] for row in outcome.quotes] == list(range(8))


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_streamed_output_carries_provenance_and_resumes(tmp_path, suffix, nlp):
    out = tmp_path / f"run{suffix}"
    items = list(ARTICLES.items())
    first = nlp_quotes.process(items[:2], nlp=nlp, progress=False, output=out)
    assert first.quotes.empty  # written, not collected
    meta = read_metadata(out)
    assert meta["schema_version"] == nlp_quotes.SCHEMA_VERSION and meta["library_version"] == nlp_quotes.__version__
    assert meta["model"] == "zh_news"
    second = nlp_quotes.process(items, nlp=nlp, progress=False, output=out, resume=True)
    assert list(second.documents["doc_id"]) == ["a3", "a4"]  # a1 and a2 were done
    written = read_table(out)
    assert sorted(written["doc_id"].unique()) == ["a1", "a2", "a4"]
    assert len(written) == len(reference(nlp, items))
    documents = read_table(out.with_name(f"run.documents{suffix}"))
    assert sorted(documents["doc_id"]) == sorted(ARTICLES)


def read_table(path):
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".csv":
        return pd.read_csv(path)
    return pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()])


def test_resume_drops_rows_of_a_batch_cut_short(tmp_path, nlp):
    out = tmp_path / "run.jsonl"
    nlp_quotes.process([("a1", ARTICLES["a1"])], nlp=nlp, progress=False, output=out)
    with out.open("a", encoding="utf-8") as handle:  # a crash after writing quotes of a2, before its status row
        handle.write(json.dumps({"doc_id": "a2", "quote": "半条记录"}, ensure_ascii=False) + '\n{"doc_id": "a2", "quo')
    writer = CorpusWriter(out, {"schema_version": "test"}, resume=True)
    assert writer.done_ids() == {"a1"}
    assert set(read_table(out)["doc_id"]) == {"a1"}


def test_unknown_output_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown output format"):
        CorpusWriter(tmp_path / "out.xlsx", {})


FAILED_ONCE: set[str] = set()


@Language.component("test_fails_once_per_text")
def fails_once_per_text(doc):
    if "偶发" in doc.text and doc.text not in FAILED_ONCE:
        FAILED_ONCE.add(doc.text)
        raise RuntimeError("a passing failure")
    return doc


def test_a_passing_failure_is_retried_with_its_full_result():
    nlp = build_pipeline(words="pkuseg_pd1998")
    nlp.add_pipe("test_fails_once_per_text", first=True)
    text = "偶发故障之后，村支书何永福指出，果子也卖得出去了。"
    result = nlp_quotes.process([("flaky", text)], nlp=nlp, progress=False)
    assert list(result.documents["status"]) == ["ok"]
    assert list(result.quotes["speaker"]) == ["何永福"] and result.documents["n_entities"].iloc[0] > 0


def test_the_callers_pipeline_is_left_as_it_was(nlp):
    names, handler = list(nlp.pipe_names), nlp.default_error_handler
    nlp_quotes.process(list(ARTICLES.items()), nlp=nlp, progress=False)
    assert nlp.pipe_names == names and nlp.default_error_handler is handler


def test_a_folder_and_a_glob_over_it_give_the_same_ids(tmp_path, monkeypatch):

    (tmp_path / "corpus" / "day1").mkdir(parents=True)
    (tmp_path / "corpus" / "day1" / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "corpus" / "b.txt").write_text("乙", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_folder = sorted(doc_id for doc_id, _ in expand_paths(["corpus"]))
    assert from_folder == ["b", "day1/a"]
    assert sorted(doc_id for doc_id, _ in expand_paths(["corpus/**/*.txt"])) == from_folder
    assert [doc_id for doc_id, _ in expand_paths(["corpus/*.txt"])] == ["b"]


def test_a_paragraph_longer_than_a_chunk_is_reported_in_the_status_row(nlp):
    clean = "\n".join(f"第{n}位代表王强{n}号说：“第{n}件事要办好。”" for n in range(1, 5)) + "\n"
    (fine,) = process_stream([("fine", clean)], nlp, chunk_chars=60)
    assert fine.document["status"] == "ok"
    one_paragraph = "，".join(f"第{n}项工作要抓紧落实" for n in range(1, 30)) + "。\n"
    (long,) = process_stream([("long", one_paragraph)], nlp, chunk_chars=60)
    assert long.document["status"] == "warning"
    assert "no paragraph end outside a quotation" in long.document["error"]
