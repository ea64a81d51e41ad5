"""Corpus readers, segmentation scoring and the NER architecture, on tiny data written here."""

import json

import pycrfsuite
import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin

from nlp_quotes.entities.crf import bio_tags, char_features, spans_from_bio
from nlp_quotes.entities.features import char_ngram_embed
from nlp_quotes.training.corpora import CLUENER_LABELS, MSRA_LABELS, RESUME_LABELS, read_cluener, read_tagged
from nlp_quotes.training.ner import CONFIG, add_silver_titles, to_doc
from nlp_quotes.training.segmentation import read_pd1998_words, split_held_out, word_prf


def test_bio_reader_maps_labels_and_offsets(tmp_path):
    path = tmp_path / "bio"
    rows = [("王", "B-PER"), ("五", "I-PER"), ("到", "O"), ("北", "B-LOC"), ("京", "I-LOC"), ("。", "O")]
    path.write_text("\n".join(f"{c}\t{t}" for c, t in rows) + "\n\n" + "好\tO\n", encoding="utf-8")
    sentences = list(read_tagged(path, MSRA_LABELS, "\t"))
    assert sentences[0] == ("王五到北京。", [(0, 2, "PERSON"), (3, 5, "LOC")])
    assert sentences[1] == ("好", [])


def test_bmes_reader_keeps_titles_and_drops_other_labels(tmp_path):
    path = tmp_path / "bmes"
    rows = [
        ("高", "B-NAME"),
        ("勇", "E-NAME"),
        ("任", "O"),
        ("经", "B-TITLE"),
        ("理", "E-TITLE"),
        ("本", "B-EDU"),
        ("科", "E-EDU"),
    ]
    path.write_text("\n".join(f"{c} {t}" for c, t in rows) + "\n", encoding="utf-8")
    [(text, spans)] = list(read_tagged(path, RESUME_LABELS))
    assert text == "高勇任经理本科"
    assert spans == [(0, 2, "PERSON"), (3, 5, "TITLE")]


def test_cluener_reader_uses_inclusive_ends(tmp_path):
    path = tmp_path / "c.json"
    record = {
        "text": "浙商银行行长叶老桂说",
        "label": {
            "company": {"浙商银行": [[0, 3]]},
            "position": {"行长": [[4, 5]]},
            "name": {"叶老桂": [[6, 8]]},
            "game": {"x": [[0, 0]]},
        },
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [(text, spans)] = list(read_cluener(path))
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("浙商银行", "ORG"),
        ("行长", "TITLE"),
        ("叶老桂", "PERSON"),
    ]
    assert set(CLUENER_LABELS.values()) == {"PERSON", "TITLE", "ORG", "LOC"}


def test_silver_titles_never_overlap_gold():
    [(text, spans)] = add_silver_titles([("副市长李明说，秘书长王强到会。", [(3, 5, "PERSON"), (8, 11, "ORG")])])
    labelled = {(text[s:e], label) for s, e, label in spans}
    assert ("副市长", "TITLE") in labelled and ("李明", "PERSON") in labelled
    assert not any(label == "TITLE" and s < 11 and e > 8 for s, e, label in spans)


def test_pd1998_reader_and_word_scores(tmp_path):
    path = tmp_path / "pd.txt"
    path.write_text(
        "19980101-01-001-001/m  [中央/n 电视台/n]nt  上{shang5}/f  江/nrf  泽民/nrg  说/v  。/w  \n\n"
        "19980101-01-001-002/m  好/a  \n",
        encoding="utf-8",
    )
    paragraphs = list(read_pd1998_words(path))
    assert paragraphs == [["中央", "电视台", "上", "江", "泽民", "说", "。"], ["好"]]
    train, held = split_held_out(paragraphs, every=2)
    assert held == [paragraphs[0]] and train == [paragraphs[1]]
    scores = word_prf([["中央", "电视台"]], [["中央电视台"]])
    assert scores["precision"] == 0.0 and scores["recall"] == 0.0
    assert word_prf([["中央", "电视台"]], [["中央", "电视台"]])["f1"] == 1.0


def test_char_ngram_embedding_gives_one_vector_per_character():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    model = char_ngram_embed(width=16, unigram_rows=100, bigram_rows=100)
    docs = [nlp("王五说好"), nlp("北京")]
    model.initialize(X=docs)
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(4, 16), (2, 16)]


def test_training_config_trains_on_a_tiny_corpus(tmp_path):

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    data = [("王五说今天很好。", [(0, 2, "PERSON")]), ("李四到了北京。", [(0, 2, "PERSON"), (4, 6, "LOC")])] * 10
    docbin = DocBin()
    for text, spans in data:
        docbin.add(to_doc(nlp, text, spans))
    docbin.to_disk(tmp_path / "tiny.spacy")
    overrides = {
        "paths.train": str(tmp_path / "tiny.spacy"),
        "paths.dev": str(tmp_path / "tiny.spacy"),
        "training.max_steps": 30,
        "training.eval_frequency": 10,
        "components.tok2vec.model.embed.unigram_rows": 100,
        "components.tok2vec.model.embed.bigram_rows": 100,
    }
    train(CONFIG, output_path=tmp_path / "out", overrides=overrides)
    trained = spacy.load(tmp_path / "out" / "model-last")
    assert trained.pipe_names == ["tok2vec", "ner"]
    assert set(trained.get_pipe("ner").labels) == {"PERSON", "LOC"}


def test_bio_round_trip_and_crf_features():

    spans = [(0, 3, "TITLE"), (3, 5, "PERSON")]
    tags = bio_tags(8, spans)
    assert tags[:6] == ["B-TITLE", "I-TITLE", "I-TITLE", "B-PERSON", "I-PERSON", "O"]
    assert spans_from_bio(tags) == spans
    assert spans_from_bio(["I-ORG", "I-ORG", "O", "B-LOC"]) == [(0, 2, "ORG"), (3, 4, "LOC")]
    features = char_features("副市长李明说，好。")
    assert "after_title" in features[3] and "sur0" in features[3]
    assert "before_cue" in features[4]
    assert len(features) == len("副市长李明说，好。")


def test_crf_component_tags_with_a_model_trained_here(tmp_path):

    trainer = pycrfsuite.Trainer(verbose=False)
    examples = [
        ("市长王五说好。", [(0, 2, "TITLE"), (2, 4, "PERSON")]),
        ("李四到了北京。", [(0, 2, "PERSON"), (4, 6, "LOC")]),
    ]
    for text, spans in examples * 20:
        trainer.append(char_features(text), bio_tags(len(text), spans))
    trainer.set_params({"max_iterations": 50})
    model = tmp_path / "tiny.crfsuite"
    trainer.train(str(model))

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("nlp_quotes_normalizer")
    nlp.add_pipe("nlp_quotes_crf_ner", config={"model": str(model)})
    doc = nlp("市长王五说好。")
    assert [(e.text, e.label_) for e in doc.ents] == [("市长", "TITLE"), ("王五", "PERSON")]
