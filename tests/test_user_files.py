"""Users' own files: encodings detected or named, .docx, unsupported types, Path inputs, the run summary."""

import codecs
import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import nlp_quotes
from nlp_quotes import cli
from nlp_quotes.corpus import CorpusResult, read_result
from nlp_quotes.corpus.inputs import decode_bytes, read_file
from nlp_quotes.datasets import MissingCorpusError, shared_dir
from nlp_quotes.schema import documents_frame, quotes_frame

# Short texts of our own: a titled speaker, a direct and an indirect quotation, a GBK-only and a
# GB18030-only character (𠮷, four bytes in GB18030, none in GBK).
TEXT = "北京市教委主任李明表示：“今年将新建二十所学校。”\n他说，学校建设要和人口变化相适应。\n"
RARE = "村民吴𠮷说：“路修好了，菜也好卖了。”\n"
TRADITIONAL = "台北市教育局長李明表示：“今年將新建二十所學校。”\n他說，學校建設要和人口變化相適應。\n"

ENCODED = {
    "gbk": (TEXT.encode("gbk"), "gb18030"),
    "gb18030": (TEXT.encode("gb18030"), "gb18030"),
    "utf-16": (TEXT.encode("utf-16"), "utf-16"),  # the platform's order, with its byte-order mark
    "utf-16-be-bom": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    "utf-8-bom": (TEXT.encode("utf-8-sig"), "utf-8-sig"),
}


def _rows(result):
    return result.quotes.drop(columns="doc_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def utf8_result(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("utf8") / "plain.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return nlp_quotes.process([path], nlp=nlp, progress=False)


@pytest.mark.parametrize("name", list(ENCODED))
def test_each_encoding_gives_the_rows_of_the_utf8_file(nlp, tmp_path, utf8_result, name):
    data, detected = ENCODED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = nlp_quotes.process([path], nlp=nlp, progress=False)
    assert len(utf8_result.quotes) == 2 and list(utf8_result.documents["encoding"]) == ["utf-8"]
    assert_frame_equal(_rows(result), _rows(utf8_result))  # offsets count characters of the decoded text
    document = result.documents.iloc[0]
    assert (document["status"], document["encoding"], document["n_chars"]) == ("ok", detected, len(TEXT))
    quote = result.quotes.iloc[0]
    assert TEXT[quote["quote_start"] : quote["quote_end"]] == quote["quote"]  # no byte-order mark before offset 0


def test_gb18030_only_characters_are_read_exactly(tmp_path):
    path = tmp_path / "rare.txt"
    path.write_bytes(RARE.encode("gb18030"))
    with pytest.raises(UnicodeEncodeError):
        RARE.encode("gbk")  # the test means something: GBK cannot write it
    assert read_file(path) == (RARE, None, None, "gb18030")


def test_encoding_given_overrides_the_detection(nlp, tmp_path, utf8_result):
    path = tmp_path / "utf16le.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))  # no byte-order mark: not detected, it must be named
    guessed = nlp_quotes.process([path], nlp=nlp, progress=False)
    assert guessed.documents["status"].iloc[0] == "error" and "--encoding" in guessed.documents["error"].iloc[0]
    named = nlp_quotes.process([path], nlp=nlp, progress=False, encoding="UTF-16LE")
    assert_frame_equal(_rows(named), _rows(utf8_result))
    assert named.documents["encoding"].iloc[0] == "utf-16-le"
    wrong = nlp_quotes.process([path], nlp=nlp, progress=False, encoding="utf-8")
    assert wrong.documents["status"].iloc[0] == "error" and "not utf-8" in wrong.documents["error"].iloc[0]
    with pytest.raises(ValueError, match="unknown text encoding"):
        nlp_quotes.process([path], nlp=nlp, progress=False, encoding="no-such-encoding")


def test_big5_is_read_when_named(nlp, tmp_path):
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "utf8.txt").write_text(TRADITIONAL, encoding="utf-8")
    big5 = nlp_quotes.process([tmp_path / "big5.txt"], nlp=nlp, progress=False, encoding="big5")
    utf8 = nlp_quotes.process([tmp_path / "utf8.txt"], nlp=nlp, progress=False, encoding="big5")
    assert big5.documents["encoding"].iloc[0] == "big5" and big5.documents["n_chars"].iloc[0] == len(TRADITIONAL)
    assert utf8.documents["status"].iloc[0] == "error"  # what is named is used, not guessed around
    reference = nlp_quotes.process([tmp_path / "utf8.txt"], nlp=nlp, progress=False)
    assert_frame_equal(_rows(big5), _rows(reference))


def test_bytes_inputs_are_decoded_like_files(nlp, utf8_result):
    result = nlp_quotes.process([("gbk", TEXT.encode("gbk")), ("text", TEXT)], nlp=nlp, progress=False)
    assert list(result.documents["encoding"].astype(object).fillna("-")) == ["gb18030", "-"]
    assert list(result.quotes["doc_id"]) == ["gbk", "gbk", "text", "text"]


def test_detection_refuses_garbage_and_says_what_to_do(tmp_path):
    assert decode_bytes(b"") == ("", "utf-8")
    for data in (b"\xff\xfe\xfa broken", b"\xff\xff\xff", "你好".encode("utf-16-le") + b"\n\x00"):
        with pytest.raises(UnicodeDecodeError):
            decode_bytes(data)
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x80\xff\x00 no text")
    text, error, _, encoding = read_file(path)
    assert text is None and encoding is None
    assert "UTF-8, UTF-16 or GB18030" in error and "--encoding" in error and ".docx" in error


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40)),
        ("letter.rtf", b"{\\rtf1\\ansi hello}"),
        ("sheet.xlsx", b"PK\x03\x04" + bytes(40)),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(40)),
    ],
)
def test_an_unsupported_file_type_says_what_is_supported(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    text, error, _, _ = read_file(path)
    assert text is None and "unsupported file type" in error
    assert all(kind in error for kind in (".txt", ".pdf", ".docx", "GB18030"))


def test_path_inputs_are_named_after_their_files(nlp, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "报道.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    paths = [tmp_path / "a" / "报道.txt", tmp_path / "gbk.txt", tmp_path / "b" / "报道.txt"]
    result = nlp_quotes.process(paths, nlp=nlp, progress=False)
    second = (tmp_path / "b" / "报道").as_posix()  # a stem taken already: the whole path, without the suffix
    assert list(result.documents["doc_id"]) == ["报道", "gbk", second]
    assert list(result.quotes["doc_id"].unique()) == ["报道", "gbk", second]
    out = tmp_path / "run.csv"
    nlp_quotes.process(paths[:2], nlp=nlp, progress=False, output=out)
    resumed = nlp_quotes.process(paths, nlp=nlp, progress=False, output=out, resume=True)
    assert list(resumed.documents["doc_id"]) == [second]  # the ids are the same from run to run


def _docx(path: Path, paragraphs: list[str]) -> None:
    docx = pytest.importorskip("docx", reason='python-docx is not installed (the docx extra: pip install ".[docx]")')
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "学校", "二十所"
    document.save(str(path))


def test_docx_is_read_paragraph_by_paragraph(nlp, tmp_path, utf8_result):
    path = tmp_path / "通知.docx"
    _docx(path, TEXT.splitlines())
    text, error, _, _ = read_file(path)
    assert error is None and text == TEXT.rstrip("\n") + "\n学校\t二十所"
    result = nlp_quotes.process([path], nlp=nlp, progress=False)
    assert list(result.documents["doc_id"]) == ["通知"] and result.documents["status"].iloc[0] == "ok"
    assert_frame_equal(_rows(result), _rows(utf8_result))


def test_docx_without_the_extra_names_the_extra(tmp_path, monkeypatch):
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    text, error, _, _ = read_file(path)
    assert text is None and 'pip install ".[docx]"' in error


def test_cli_reads_gbk_utf16_docx_and_stdin_and_takes_encoding(tmp_path, monkeypatch, capsys):
    (tmp_path / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (tmp_path / "notes.rtf").write_bytes(b"{\\rtf1 hello}")  # not in a folder's listing: never read
    have_docx = True
    try:
        _docx(tmp_path / "word.docx", TEXT.splitlines())
    except pytest.skip.Exception:
        have_docx = False
    out = tmp_path / "out.csv"
    assert cli.main(["extract", str(tmp_path), "-o", str(out), "--no-progress"]) == 0
    documents = pd.read_csv(tmp_path / "out.documents.csv")
    expected = {"gbk": "gb18030", "utf16": "utf-16"} | ({"word": None} if have_docx else {})
    pairs = zip(documents["doc_id"], documents["encoding"].astype(object), strict=True)
    found = {doc_id: None if pd.isna(used) else used for doc_id, used in pairs}
    assert found == expected
    assert "chars processed in" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-16-le"))))
    assert cli.main(["extract", "-", "--encoding", "utf-16-le", "--no-progress"]) == 0
    assert "李明" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        cli.main(["extract", "-", "--encoding", "no-such-encoding"])
    assert exit_.value.code == 2 and "unknown text encoding" in capsys.readouterr().err


def test_csv_list_columns_read_back_as_lists(nlp, tmp_path):
    text = "院长王强说：“医院明年扩建。”\n北京市教委主任李明表示：“今年将新建二十所学校。”\n"
    out = tmp_path / "out.csv"
    result = nlp_quotes.process([("d", text)], nlp=nlp, progress=False, output=out, collect=True)
    # the README's recipe
    back = pd.read_csv(out, converters={c: json.loads for c in ["positions", "titles", "orgs"]})
    assert list(back["titles"]) == list(result.quotes["titles"]) and back["titles"].iloc[0] == ["院长"]
    assert list(back["positions"]) == list(result.quotes["positions"])
    assert any(position["org"] is None for position in back["positions"][0])  # JSON null, not a Python repr
    assert list(read_result(out).quotes["positions"]) == list(result.quotes["positions"])


def test_summary_speed_leaves_the_model_loading_out():
    documents = documents_frame([{"doc_id": "a", "status": "ok", "n_chars": 1000, "n_quotes": 2}])
    result = CorpusResult(documents, quotes_frame(), quotes_frame(), {}, seconds=10.0, load_seconds=8.0)
    line = result.summary()
    assert "1,000 chars processed in 2.0 s (500 chars/s)" in line and "model loaded in 8.0 s" in line


def test_process_times_the_loading_apart(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = nlp_quotes.process([path], progress=False)  # loads the default model (lazy parts included)
    assert 0 < result.load_seconds < result.seconds
    assert result.processing_seconds == pytest.approx(result.seconds - result.load_seconds)


def test_missing_shared_folder_says_what_it_is(tmp_path):

    with pytest.raises(MissingCorpusError) as error:
        shared_dir(tmp_path / "nowhere")
    message = str(error.value)
    assert "beside the clone" in message and "skip those runs" in message
    assert all(folder in message for folder in ("data/ner", "data/news", "eval/"))
