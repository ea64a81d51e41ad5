"""Hostile inputs: linear-time patterns, chunk cuts, and offsets that always point at the text they report.

Inputs are of moderate size and the tests assert results, not timings
(``python -m nlp_quotes.bench hostile`` times them).
"""

import random
import re
import warnings

import pytest

from nlp_quotes.api import LongParagraphWarning, chunks, plan_chunks
from nlp_quotes.attribution import context as c
from nlp_quotes.attribution.context import DocContext
from nlp_quotes.attribution.marks import ENDS_SENTENCE
from nlp_quotes.attribution.sieves import _content_end, _inside_clause
from nlp_quotes.bench.hostile import FAMILIES, offsets_agree
from nlp_quotes.corpus.process import process_stream
from nlp_quotes.entities.neural import MAX_PIECE_CHARS, sentence_pieces
from nlp_quotes.pipeline.loading import resolve_model_path
from nlp_quotes.text import normalize
from nlp_quotes.text.normalize import _is_credits, collapse_doubled
from nlp_quotes.text.words import LocalWordBoundaries

#: The staff-credits pattern before it was split in two (cubic on repeated 设计：); the reference of the new test.
OLD_CREDITS = re.compile(
    r"(编审|编辑|责编|责任编辑|检校|校对|版式|美编|制图|设计)\s*[：:]\s*\S+.*(编审|编辑|责编|检校|校对|版式|美编|制图)\s*[：:]"
)
OLD_ENDS_SENTENCE = re.compile(r"[。！？!?…]+[’”]*$")


def _random_strings(alphabet: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_credits_check_agrees_with_the_old_pattern():
    alphabet = ["编审", "编辑", "责任编辑", "设计", "校对", "：", ":", " ", "王", "李", "\u3000", "·"]
    for line in _random_strings(alphabet, 3000, 14, seed=1):
        assert _is_credits(line) == bool(OLD_CREDITS.search(line)), line


def test_a_line_of_repeated_design_credits_is_not_furniture_and_is_kept():
    line = "设计：" * 2000  # took minutes with the old pattern
    assert not _is_credits(line)
    assert _is_credits("编审：王一  编辑：李二  检校：赵三")
    assert _is_credits("设计：张三" + "设计：" * 500 + "编辑：")
    assert normalize("他说，今天很好。\n" + line).text.endswith("设计：")


def test_ends_sentence_agrees_with_the_old_pattern_and_a_run_of_punctuation_does_not_end_one():
    alphabet = list("。！？!?…’”好，")
    for text in _random_strings(alphabet, 3000, 10, seed=2):
        assert bool(ENDS_SENTENCE.search(text)) == bool(OLD_ENDS_SENTENCE.search(text)), text
    run = "".join(random.Random(3).choice("。！？!?…") for _ in range(5000))
    assert ENDS_SENTENCE.search(run + "好") is None
    assert ENDS_SENTENCE.search("好" + run + "”’") is not None


def test_runs_of_one_character_are_no_doubling_evidence():
    assert collapse_doubled("“" + "。" * 80 + "…" * 20 + "好”") is None
    assert collapse_doubled("张伟说：“" + "。" * 83 + "…" * 20 + "好”") is None
    doubled = "光伏发电光伏发电——————储能储能项目项目"
    keep = collapse_doubled(doubled)
    assert keep is not None and "".join(doubled[i] for i in keep) == "光伏发电——————储能项目"


def test_quote_text_and_offsets_agree_on_doubled_runs(quotes):
    text = "".join(f"{name}说：“" + "。" * (80 + k) + "…" * 20 + "好”\n" for k, name in enumerate(["张伟", "李明"]))
    text += "记者王芳说：“光伏光伏发电发电项目项目进展进展顺利顺利。。”\n"  # a truly doubled line, runs interleaved
    df = quotes(text)
    assert len(df) >= 2
    assert offsets_agree(text, df.to_dict("records")) == []


def test_long_sentence_pieces_are_cut_at_clause_marks_then_hard():
    line = "".join(random.Random(4).choice("甲乙丙丁戊") for _ in range(2500))
    pieces = sentence_pieces(7, line)
    assert all(len(piece) <= MAX_PIECE_CHARS for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == line
    assert [offset for offset, _ in pieces] == [7, 7 + MAX_PIECE_CHARS, 7 + 2 * MAX_PIECE_CHARS]
    with_commas = line[:900] + "，" + line[900:1500] + "；" + line[1500:]
    assert [piece[-1] for _, piece in sentence_pieces(0, with_commas)[:2]] == ["，", "；"]
    ordinary = "今天天气很好，我们去公园。" * 30
    assert sentence_pieces(0, ordinary)[0][1].endswith("。")


def _wrapped(n_paragraphs: int, width: int = 20) -> str:
    """Hard-wrapped paragraphs, each a speaker and a quotation of about 100 characters."""
    rng = random.Random(5)
    lines = []
    for k in range(n_paragraphs):
        body = "，".join("".join(rng.choice("经济发展城市建设科技创新人才培养") for _ in range(15)) for _ in range(6))
        paragraph = f"第{k}位代表说：“{body}。”"
        lines.extend(paragraph[i : i + width] for i in range(0, len(paragraph), width))
    return "\n".join(lines) + "\n"


def test_chunks_end_at_paragraph_ends_outside_quotations():
    text = _wrapped(12)
    plan = plan_chunks(text, 400)
    assert plan.notes == []
    assert "".join(piece for _, piece in plan.pieces) == text
    assert [offset for offset, _ in plan.pieces] == [0] + [offset + len(piece) for offset, piece in plan.pieces[:-1]]
    for _, piece in plan.pieces:
        assert len(piece) <= 400
        assert piece.endswith("。”\n")  # a paragraph end, never a wrapped line end inside the quotation
        assert piece.count("“") == piece.count("”")


def test_chunks_prefer_a_paragraph_end_to_a_later_line_break():
    text = _wrapped(4)
    paragraph_end = text.index("。”\n", 150) + 3
    size = paragraph_end + 70  # the window ends a few wrapped lines into the next paragraph
    assert text.rfind("\n", 0, size) > paragraph_end
    assert plan_chunks(text, size).pieces[1][0] == paragraph_end


def test_a_single_paragraph_longer_than_the_chunk_is_cut_and_reported():
    paragraph = "他说：“" + "我们要把工作做好，" * 40 + "。”" + "然后继续讨论问题，" * 60 + "\n"
    plan = plan_chunks(paragraph, 300)
    assert "".join(piece for _, piece in plan.pieces) == paragraph
    assert plan.notes and "cut at" in plan.notes[0]
    assert all(len(piece) <= 300 for _, piece in plan.pieces)
    with pytest.warns(LongParagraphWarning):
        list(chunks(paragraph, 300))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(chunks(_wrapped(3), 10_000)) == [(0, _wrapped(3))]


def test_chunked_quotations_come_back_whole_with_correct_offsets(nlp):
    text = _wrapped(6)
    (outcome,) = process_stream([("wrapped", text)], nlp, chunk_chars=300)
    direct = [row for row in outcome.quotes if row["kind"] == "direct"]
    assert len(direct) == 6
    assert all(len(row["quote"]) > 90 for row in direct)
    assert offsets_agree(text, outcome.quotes, outcome.entities) == []


@pytest.mark.parametrize("family", ["doubled runs", "nested marks", "unbalanced marks", "wrapped quotations"])
def test_hostile_families_keep_the_offset_invariant(quotes, family):
    text = FAMILIES[family](3000)
    assert offsets_agree(text, quotes(text).to_dict("records")) == []


def _old_sentence_start(ctx, pos: int) -> int:
    i = pos - 1
    while i >= 0:
        if ctx.view[i] in "。！？!?\n" and not ctx.in_marks[i]:
            return i + 1
        closes = ctx.view[i] == "”" and i > 0 and ctx.view[i - 1] in "。！？!?" and ctx.in_marks[i]
        if closes and i + 1 < pos and ctx.view[i + 1] not in "，,":
            return i + 1
        i -= 1
    return 0


def _old_clause_start(ctx, pos: int) -> int:
    """The clause start by a plain backward scan, asides and short terms in marks skipped."""

    view, i = ctx.view, pos - 1
    while i >= 0:
        char = view[i]
        if char in c.CLOSING_ASIDES and not ctx.in_marks[i]:
            opening = view.rfind(c.CLOSING_ASIDES[char], max(0, i - c.ASIDE_MAX), i)
            aside = view[opening + 1 : i]
            skippable = opening >= 0 and not any(b in c.ASIDE_BREAKS for b in aside)
            if skippable and not aside.startswith(ctx.lex.byline_markers):
                i = opening - 1
                continue
        if not ctx.in_marks[i] and (char in c.CLAUSE_BREAKS or view[i - 1 : i + 1] == "——"):
            return i + 1
        if char == "”" and ctx.in_marks[i]:
            opening = view.rfind("“", max(0, i - c.TERM_MAX - 1), i)
            term = view[opening + 1 : i]
            if opening > 0 and c.HAN_CHAR.match(view[opening - 1]) and not c.TERM_BREAKS.search(term):
                i = opening - 1
                continue
            return i + 1
        i -= 1
    return 0


def test_sentence_and_clause_starts_are_looked_up_as_they_were_scanned():

    alphabet = [*"“”。，！？—：\n说好他（）】", "——", "（音）", "（记者"]
    for text in _random_strings(alphabet, 200, 60, seed=7):
        ctx = DocContext(text, [])
        for pos in range(len(text) + 1):
            assert ctx.sentence_start(pos) == _old_sentence_start(ctx, pos), (text, pos)
            assert ctx.clause_start(pos) == _old_clause_start(ctx, pos), (text, pos)


def _old_content_end(ctx, start: int) -> tuple[int, bool]:
    """The statement's end by a plain scan; a quotation inside its clause is read through."""
    i = start
    while i < len(ctx.view):
        if i in ctx.quotation_opens:
            if _inside_clause(ctx, start, i):
                i = ctx.quotation_closes[i] + 1
                continue
            return i, True
        if ctx.view[i] == "\n":
            return i, False
        if ctx.view[i] in "。！？!?" and not ctx.in_marks[i]:
            j = i + 1
            while j < len(ctx.view) and ctx.view[j] in "”’" and not ctx.in_marks[j]:
                j += 1
            return j, False
        i += 1
    return i, False


def test_statement_ends_are_looked_up_as_they_were_scanned():

    alphabet = [*"“”。，！？：\n’好他", "他说：“", "表示，"]
    for text in _random_strings(alphabet, 200, 40, seed=8):
        ctx = DocContext(text, [])
        for pos in range(len(text) + 2):
            assert _content_end(ctx, pos) == _old_content_end(ctx, pos), (text, pos)


def test_word_windows_stay_within_their_line():

    text = "他表示，要继续推进改革。\n张伟说，今天很好。"
    words = LocalWordBoundaries(text, resolve_model_path("pkuseg_pd1998"))
    assert words.is_word(1, 3)  # 表示
    assert words.is_word(text.index("说"), text.index("说") + 1)
    assert words._windows and all("\n" not in text[start:end] for start, end in words._windows)
