"""The convolutional entity tagger: numpy inference equals the PyTorch network, training learns."""

import itertools
from collections import Counter

import numpy as np
import pytest
import spacy

pytestmark = pytest.mark.torch
# Training and the reference network need torch (the train extra); running the shipped tagger does not.
torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed (CPU build: pip install torch==2.13.0, see README)"
)

from nlp_quotes.entities import neural  # noqa: E402
from nlp_quotes.entities.crf import bio_tags, lexical_marks, spans_from_bio  # noqa: E402
from nlp_quotes.entities.neural import TAGS, ConvTagger, allowed_transitions, encode_line  # noqa: E402
from nlp_quotes.pipeline.paths import resolve_model_path  # noqa: E402
from nlp_quotes.training import neural as training  # noqa: E402

# Invented sentences in the style of news reports.
EXAMPLES = [
    ("市长王五说，今年的工作很顺利。", [(0, 2, "TITLE"), (2, 4, "PERSON")]),
    ("李四昨天到了北京。", [(0, 2, "PERSON"), (6, 8, "LOC")]),
    ("张三在上海大学工作。", [(0, 2, "PERSON"), (3, 7, "ORG")]),
    ("院长赵六表示，医院将扩建。", [(0, 2, "TITLE"), (2, 4, "PERSON")]),
    ("记者来到广州，采访了陈七。", [(4, 6, "LOC"), (10, 12, "PERSON")]),
]


def encode_examples(examples):
    texts = [text for text, _ in examples]
    marks = Counter(m for text in texts for row in lexical_marks(text) for m in row)
    vocabularies = training.build_vocabularies(texts, marks, min_char=1, min_bigram=1)
    tag_id = {tag: k for k, tag in enumerate(TAGS)}
    data = [
        (encode_line(text, *vocabularies), np.array([tag_id[t] for t in bio_tags(len(text), spans)]))
        for text, spans in examples
    ]
    return vocabularies, data


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    vocabularies, data = encode_examples(EXAMPLES)
    dev = [(line, example) for (line, _), example in zip(data, EXAMPLES, strict=True)]
    path = tmp_path_factory.mktemp("neural") / "tiny.npz"
    best = training.fit(
        vocabularies,
        data * 8,
        dev,
        path,
        epochs=25,
        width=32,
        batch_chars=200,
        learning_rate=1e-2,
        dropout=0.0,
        log=lambda _: None,
    )
    return path, best


def test_numpy_emissions_equal_the_torch_network():
    vocabularies, data = encode_examples(EXAMPLES)
    dilations = (1, 2)
    net = training._network(*(len(v) for v in vocabularies), 16, dilations, 0.0)
    net.eval()
    chars, left, right, marks, mask, _ = training._tensors(data)
    with torch.no_grad():
        expected = net.emissions(chars, left, right, marks, mask).numpy()
    tagger = training.to_tagger(net, vocabularies, dilations)
    got = tagger.emissions([line for line, _ in data])
    for k, (line, _) in enumerate(data):
        assert np.allclose(got[k], expected[k, : len(line.chars)], atol=1e-5)


def test_decoding_never_starts_an_entity_with_i():
    vocabularies, _ = encode_examples(EXAMPLES)
    rng = np.random.default_rng(0)
    weights = {"transitions": np.zeros((9, 9)), "start": np.zeros(9), "end": np.zeros(9)}
    tagger = ConvTagger(*vocabularies, dilations=(1,), members=(weights,))
    allowed = allowed_transitions()
    for _ in range(20):
        scores = rng.normal(size=(12, len(TAGS)))
        scores[:, [2, 4, 6, 8]] += 3.0  # make I- tags tempting
        tags = tagger.decode(scores)
        ids = [TAGS.index(t) for t in tags]
        assert allowed[-1, ids[0]]
        assert all(allowed[a, b] for a, b in itertools.pairwise(ids))


def test_training_learns_the_examples_and_the_saved_model_tags_them(trained):
    path, best = trained
    assert best == 1.0
    spans = neural.tag_entities("李四昨天到了北京。\n\n市长王五说，今年的工作很顺利。", path)
    assert spans == [(0, 2, "PERSON"), (6, 8, "LOC"), (11, 13, "TITLE"), (13, 15, "PERSON")]


def test_saved_weights_are_float16_and_round_trip(trained, tmp_path):
    path, _ = trained
    with np.load(path) as data:
        assert data["m0_in_w"].dtype == np.float16
    tagger = ConvTagger.from_disk(path)
    copy = tmp_path / "copy.npz"
    tagger.to_disk(copy)
    again = ConvTagger.from_disk(copy)
    assert again.dilations == tagger.dilations
    assert again.chars == tagger.chars and again.marks == tagger.marks
    (weights,) = tagger.members
    assert all(np.array_equal(again.members[0][k], weights[k]) for k in weights)


def test_lines_split_into_batches_tag_as_one(trained, monkeypatch):
    path, _ = trained
    text = "\n".join(text for text, _ in EXAMPLES * 3)
    whole = neural.tag_entities(text, path)
    monkeypatch.setattr(neural, "BATCH_CHARS", 20)
    assert neural.tag_entities(text, path) == whole
    assert {text[a:b] for a, b, _ in whole} >= {"王五", "李四", "北京", "上海大学", "陈七"}


def test_component_puts_the_taggers_entities_into_doc_ents(trained):
    path, _ = trained
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("nlp_quotes_normalizer")
    nlp.add_pipe(
        "nlp_quotes_neural_ner", config={"model": str(path), "names": "", "name_features": False, "gazetteer": ""}
    )
    nlp.add_pipe("nlp_quotes_entities")
    doc = nlp("张三在上海大学工作。")
    assert [(e.text, e.label_, e._.nlp_quotes_source) for e in doc.ents] == [
        ("张三", "PERSON", "model"),
        ("上海大学", "ORG", "model"),
    ]


def test_long_training_sentences_are_cut_between_entities():
    text = "李四到了北京。" * 40
    spans = [(7 * k, 7 * k + 2, "PERSON") for k in range(40)]
    pieces = training._cut_long([(text, spans)], limit=50)
    assert "".join(piece for piece, _ in pieces) == text
    assert all(len(piece) <= 50 for piece, _ in pieces)
    assert sum(len(s) for _, s in pieces) == 40
    assert all(piece[a:b] == "李四" for piece, s in pieces for a, b, _ in s)
    assert spans_from_bio(bio_tags(len(pieces[0][0]), pieces[0][1])) == pieces[0][1]


def test_pretraining_learns_to_restore_hidden_characters():
    texts = [text for text, _ in EXAMPLES] * 20
    vocabularies, _ = encode_examples(EXAMPLES)
    torch.manual_seed(0)
    net = training._network(*(len(v) for v in vocabularies), 32, (1, 2), 0.0)
    losses = []
    training.pretrain(
        net,
        texts,
        vocabularies[0],
        vocabularies[1],
        epochs=6,
        batch_chars=400,
        learning_rate=1e-2,
        log=lambda line: losses.append(float(line.split("loss ")[1].split(",")[0])) if "step" not in line else None,
    )
    assert len(losses) == 6
    assert losses[-1] < 0.7 * losses[0]


def test_an_ensemble_averages_its_members_scores(trained, tmp_path):
    path, _ = trained
    single = ConvTagger.from_disk(path)
    vocabularies, data = encode_examples(EXAMPLES)
    dilations = single.dilations
    network = training._network(*(len(v) for v in vocabularies), 32, dilations, 0.0)
    other = training.to_tagger(network, vocabularies, dilations)
    pair = ConvTagger.ensemble([single, other])
    lines = [line for line, _ in data]
    expected = [(a + b) / 2 for a, b in zip(single.emissions(lines), other.emissions(lines), strict=True)]
    assert all(np.allclose(got, want, atol=1e-5) for got, want in zip(pair.emissions(lines), expected, strict=True))
    pair.to_disk(tmp_path / "pair.npz")
    assert len(ConvTagger.from_disk(tmp_path / "pair.npz").members) == 2
    wrong = training.to_tagger(training._network(*(len(v) for v in vocabularies), 32, (1,), 0.0), vocabularies, (1,))
    with pytest.raises(ValueError, match="share vocabularies"):
        ConvTagger.ensemble([single, wrong])


def _reference_viterbi(scores, transitions, start, end):
    """Plain single-line Viterbi, for comparison."""
    best = start + scores[0]
    back = []
    for t in range(1, len(scores)):
        candidates = best[:, None] + transitions
        back.append(candidates.argmax(axis=0))
        best = candidates.max(axis=0) + scores[t]
    tag = int((best + end).argmax())
    path = [tag]
    for pointers in reversed(back):
        tag = int(pointers[tag])
        path.append(tag)
    return [TAGS[k] for k in reversed(path)]


def test_decoding_lines_together_equals_decoding_each_alone():
    vocabularies, _ = encode_examples(EXAMPLES)
    rng = np.random.default_rng(1)
    weights = {"transitions": rng.normal(size=(9, 9)), "start": rng.normal(size=9), "end": rng.normal(size=9)}
    tagger = ConvTagger(*vocabularies, dilations=(1,), members=(weights,))
    lines = [rng.normal(size=(n, len(TAGS))).astype(np.float32) for n in (7, 1, 0, 30, 12, 12, 3)]
    transitions, start, end = neural._constrained((weights,))
    expected = [_reference_viterbi(scores, transitions, start, end) if len(scores) else [] for scores in lines]
    assert tagger.decode_lines(lines) == expected


def test_loading_weights_is_the_inverse_of_exporting_them():
    vocabularies, _ = encode_examples(EXAMPLES)
    dilations = (1, 2)
    source = training._network(*(len(v) for v in vocabularies), 16, dilations, 0.0)
    exported = training.to_tagger(source, vocabularies, dilations)
    copy = training._network(*(len(v) for v in vocabularies), 16, dilations, 0.0)
    training.load_weights(copy, exported.members[0])
    for (name, want), (_, got) in zip(source.state_dict().items(), copy.state_dict().items(), strict=True):
        assert torch.equal(want, got), name


def test_distillation_loss_ignores_a_constant_per_character_and_padding():
    torch.manual_seed(0)
    teacher = torch.randn(2, 5, len(TAGS)) * 3
    mask = torch.ones(2, 5)
    assert training.distillation_loss(teacher + torch.randn(2, 5, 1), teacher, mask) < 1e-4
    assert training.distillation_loss(torch.zeros_like(teacher), teacher, mask) > 1.0
    student = teacher.clone()
    student[1, 3:] = 0.0
    mask[1, 3:] = 0.0
    assert training.distillation_loss(student, teacher, mask) < 1e-4


def test_a_distilled_network_keeps_the_teachers_transitions_and_tags_like_it(trained, tmp_path):
    path, _ = trained
    teacher = ConvTagger.from_disk(path)
    vocabularies, data = encode_examples(EXAMPLES)
    dev = [(line, example) for (line, _), example in zip(data, EXAMPLES, strict=True)]
    student_path = tmp_path / "student.npz"
    training.fit(
        vocabularies,
        data * 8,
        dev,
        student_path,
        epochs=15,
        width=32,
        dilations=teacher.dilations,
        batch_chars=200,
        learning_rate=1e-2,
        dropout=0.0,
        seed=5,
        teacher=teacher,
        distill_lines=[encode_line("市长李四说，王五到了上海大学。", *vocabularies)] * 4,
        log=lambda _: None,
    )
    student = ConvTagger.from_disk(student_path)
    for name in ("transitions", "start", "end"):
        assert np.allclose(student.members[0][name], teacher.members[0][name], atol=1e-2)
    lines = [line for line, _ in data]
    assert student.decode_lines(student.emissions(lines)) == teacher.decode_lines(teacher.emissions(lines))


def test_mark_rows_are_padded_and_cut_to_the_width():
    rows = [[5, 6], [], list(range(2, 20)), [7]]
    out = neural._padded_rows(rows, 4)
    assert out.shape == (4, 4) and out.dtype == np.int32
    assert out.tolist() == [[5, 6, 0, 0], [0, 0, 0, 0], [2, 3, 4, 5], [7, 0, 0, 0]]
    assert neural._padded_rows([], 4).shape == (0, 4)


def test_sentence_pieces_cover_the_line_and_end_after_sentence_ends():
    line = "他说：“今天天气很好，我们出去走走吧。”大家都同意了，于是一起出发前往公园。到了以后人很多！对。"
    pieces = neural.sentence_pieces(7, line)
    assert "".join(piece for _, piece in pieces) == line
    assert all(line[offset - 7 : offset - 7 + len(piece)] == piece for offset, piece in pieces)
    assert pieces[0][1].endswith("。”")  # the closing quote stays with its sentence
    assert all(len(piece) >= neural.MIN_PIECE_CHARS for _, piece in pieces[:-1])
    assert [piece for _, piece in pieces][1:] == ["大家都同意了，于是一起出发前往公园。到了以后人很多！", "对。"]
    assert neural.sentence_pieces(0, "短句。短句。") == [(0, "短句。短句。")]


def test_stacked_members_score_bit_for_bit_as_one_member_at_a_time():
    """The shipped ensemble scores all members in stacked products; the scores equal those member by member."""
    tagger = neural.load_conv_tagger(str(resolve_model_path("ner/zh_news_conv.npz")))
    lines = [
        neural.encode_line(text, tagger.chars, tagger.bigrams, tagger.marks)
        for text in ("你好", "全国政协委员张三表示，今年的工作很顺利。", "外交部发言人毛宁在例行记者会上说")
    ]
    gap = max(tagger.dilations)
    starts = list(itertools.accumulate((len(line.chars) + gap for line in lines[:-1]), initial=gap))
    total = starts[-1] + len(lines[-1].chars) + gap
    chars, left, right = (np.zeros(total, dtype=np.int32) for _ in range(3))
    marks, mask = np.zeros((total, neural.MAX_MARKS), dtype=np.int32), np.zeros((total, 1), dtype=np.float32)
    for start, line in zip(starts, lines, strict=True):
        end = start + len(line.chars)
        chars[start:end], left[start:end], right[start:end] = line.chars, line.left_bigrams, line.right_bigrams
        marks[start:end], mask[start:end] = line.marks, 1.0
    inputs = (chars, left, right, marks, mask)
    expected = sum(neural._member_scores(member, tagger.dilations, inputs) for member in tagger.members)
    expected /= len(tagger.members)
    assert len(tagger.members) > 1
    for start, line, got in zip(starts, lines, tagger.emissions(lines), strict=True):
        assert np.array_equal(got, expected[start : start + len(line.chars)])
