"""Benchmarks against the shared gold sets.

    python -m nlp_quotes.bench quotes [--shared PATH] [--out DIR] [--errors] [--speed-articles N]
    python -m nlp_quotes.bench ner [--shared PATH] [--model NAME] [--ner hanlp --hanlp-model DIR]
    python -m nlp_quotes.bench scale [--shared PATH] [--docs 300 1800] [--workers 1 2]
    python -m nlp_quotes.bench determinism [--shared PATH] [--docs 300]
    python -m nlp_quotes.bench pdf
    python -m nlp_quotes.bench hostile [--sizes N ...] [--family NAME ...] [--timeout S] [--pdf-pages N ...]
    python -m nlp_quotes.bench audit [--shared PATH] [--workers 2]
    python -m nlp_quotes.bench people [--shared PATH] [--workers 2] [--keep DIR | --reuse DIR]

``quotes`` runs the library over the seed page (``data/seed``) and the
development set (``eval/gold_dev.jsonl`` with the documents of
``eval/dev_docs.txt``, loaded through ``eval/corpus.py``), writes the
predictions as JSON Lines and prints the figures of ``eval/score_quotes.py``,
the project's yardstick, then precision by confidence and the speed of
extract_quotes against extract_entities.  The shared folder is found through ``--shared``,
``$NLP_QUOTES_SHARED`` or a ``shared/`` folder beside the working directory
or the checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from nlp_quotes.api import HIGH_PRECISION, extract_entities, extract_quotes
from nlp_quotes.bench.ner import chars_per_second
from nlp_quotes.datasets import MissingCorpusError, corpus_file, news_articles, shared_dir
from nlp_quotes.pipeline import DEFAULT_MODEL, load
from nlp_quotes.text.chars import FULL_STOPS, SENTENCE_TRAIL

SEED_ID = "000_8464c429a3efe973"


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shared_or_report(explicit: str | None, consequence: str) -> Path | None:
    """The shared data folder, or ``None`` after saying on stderr that it is missing and what that means."""
    try:
        return shared_dir(explicit)
    except MissingCorpusError as error:
        print(f"{error}; {consequence}.", file=sys.stderr)
        return None


def _corpus_module(shared: Path):
    return _load_module(shared / "eval" / "corpus.py", "shared_corpus")


def gold_sets(shared: Path) -> dict[str, tuple[Path, dict[str, str]]]:
    """Name -> (gold file, {doc_id: text}) for the seed page and the development set."""
    corpus = _corpus_module(shared)
    dev_ids = (shared / "eval" / "dev_docs.txt").read_text(encoding="utf-8").split()
    return {
        "seed": (
            shared / "data" / "seed" / "gold_quotes.jsonl",
            {SEED_ID: (shared / "data" / "seed" / f"{SEED_ID}.txt").read_text(encoding="utf-8")},
        ),
        "dev": (shared / "eval" / "gold_dev.jsonl", {doc_id: corpus.load(doc_id) for doc_id in dev_ids}),
    }


#: Confidence thresholds of the precision table.
CONFIDENCE_STEPS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def print_confidence_table(shared: Path, gold_rows: list[dict], predictions: list[dict]) -> None:
    """End-to-end precision and recall of the records at or above each confidence threshold."""
    scorer = _load_module(shared / "eval" / "score_quotes.py", "shared_score_quotes")
    print(f"\n== precision by confidence (seed page and development set pooled, {len(gold_rows)} gold)")
    print("  min confidence   records   end-to-end P   end-to-end R")
    for threshold in CONFIDENCE_STEPS:
        kept = [row for row in predictions if row["confidence"] >= threshold]
        scores = scorer.score(gold_rows, kept)
        print(f"  {threshold:14.1f}   {len(kept):7d}   {scores['e2e_p']:12.3f}   {scores['e2e_r']:12.3f}")


#: The development set's first documents: the set before it grew (its figures must not drop).
FIRST_DEV_DOCUMENTS = 24


def print_first_documents(scorer, gold: list[dict], predictions: list[dict], doc_ids: list[str]) -> None:
    """The yardstick's main figures on the first documents of the development set."""
    kept = set(doc_ids)
    scores = scorer.score([g for g in gold if g["doc"] in kept], [p for p in predictions if p["doc_id"] in kept])
    print(
        f"first {len(doc_ids)} development documents ({scores['gold']} gold): quote F1 {scores['quote_f1']:.3f}"
        f"  speaker acc {scores['speaker_acc']:.3f}  end-to-end F1 {scores['e2e_f1']:.3f}"
        f"  role acc {scores['role_acc']:.3f}"
    )


def print_rule_table(shared: Path, gold_rows: list[dict], predictions: list[dict]) -> None:
    """End-to-end precision of the records of each mention rule and each speaker rule."""
    scorer = _load_module(shared / "eval" / "score_quotes.py", "shared_score_quotes")
    for column in ("rule", "speaker_rule"):
        print(f"\n== precision by {column} (seed page and development set pooled)")
        print(f"  {column:20} records   end-to-end P   mean confidence")
        for name in sorted({row[column] for row in predictions}):
            kept = [row for row in predictions if row[column] == name]
            scores = scorer.score(gold_rows, kept)
            mean = sum(row["confidence"] for row in kept) / len(kept)
            print(f"  {name:20} {len(kept):7d}   {scores['e2e_p']:12.3f}   {mean:15.3f}")


def _quotes_of(nlp, texts: dict[str, str]) -> pd.DataFrame:
    return pd.concat(
        [extract_quotes(text, doc_id=doc_id, nlp=nlp) for doc_id, text in texts.items()], ignore_index=True
    )


def print_ablation(shared: Path, model: str, base_f1: float) -> None:
    """Development-set end-to-end F1 with each sieve switched off through the pipeline config."""
    from nlp_quotes.attribution.sieves import CONFIG_KEYS, STAGES, SieveOrder

    scorer = _load_module(shared / "eval" / "score_quotes.py", "shared_score_quotes")
    gold_file, texts = gold_sets(shared)["dev"]
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = SieveOrder()
    print(f"\n== ablation: development set end-to-end F1 with one sieve off (all on: {base_f1:.3f})")
    print("  stage         sieve                 e2e F1    change   speaker acc   quote F1")
    for stage in STAGES:
        for name in getattr(order, stage):
            kept = [n for n in getattr(order, stage) if n != name]
            nlp = load(model, config={f"components.nlp_quotes_attribution.{CONFIG_KEYS[stage]}": kept})
            scores = scorer.score(gold, _quotes_of(nlp, texts).to_dict("records"))
            print(
                f"  {stage:13} {name:20} {scores['e2e_f1']:7.3f}  {scores['e2e_f1'] - base_f1:+7.3f}"
                f"   {scores['speaker_acc']:11.3f}   {scores['quote_f1']:8.3f}"
            )


@contextmanager
def one_core():
    """Time on one CPU: the main thread pinned to it, numpy's BLAS kept to one thread; yields a description."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # BLAS threads keep their own affinity: limit them to one instead
        if not hasattr(os, "sched_setaffinity"):
            yield "one BLAS thread (this system cannot pin a process)"
            return
        cores = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(cores)})
        try:
            yield "pinned to one core, one BLAS thread"
        finally:
            os.sched_setaffinity(0, cores)


#: The text whose processing time is the fixed cost of one call.
TINY_TEXT = "你好"
#: A sentence of the per-sentence figures: up to and with its ends (。！？) and what closes them.
_SENTENCE = re.compile(f"[^{FULL_STOPS}]+(?:[{FULL_STOPS}]+[{SENTENCE_TRAIL}]*)?|[{FULL_STOPS}]+[{SENTENCE_TRAIL}]*")


def sentences_of(texts: list[str]) -> list[str]:
    """The sentences of ``texts``, line by line, blank ones left out."""
    return [piece for text in texts for line in text.splitlines() for piece in _SENTENCE.findall(line) if piece.strip()]


def ms_per_call(function, text: str = TINY_TEXT, calls: int = 300, repeats: int = 5) -> float:
    """Milliseconds of one call of ``function(text)``, the best of ``repeats`` runs of ``calls`` calls."""
    function(text)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(calls):
            function(text)
        best = min(best, (time.perf_counter() - started) / calls)
    return best * 1000


def batch_chars_per_second(function, texts: list[str]) -> float:
    """Characters per second of one call of ``function`` on all ``texts`` (the batch form)."""
    started = time.perf_counter()
    function(texts)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def print_speed(nlp, texts: list[str], what: str) -> None:
    """Speed of extract_entities and extract_quotes against jieba.posseg, on the same texts.

    Characters per second of one call per text, of one call per sentence and
    of the batch form on those sentences, as ratios to jieba.posseg in the
    same run; and the fixed cost of one call, in milliseconds for a
    two-character text.
    """
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        jieba = None
    sentences = sentences_of(texts)
    entities_of = lambda text: extract_entities(text, nlp=nlp)  # noqa: E731
    quotes_of = lambda text: extract_quotes(text, nlp=nlp)  # noqa: E731
    with one_core() as core:
        reference = sentence_reference = None
        if jieba is not None:
            jieba.initialize()
            reference = chars_per_second(lambda text: list(jieba.posseg.cut(text)), texts)
            sentence_reference = chars_per_second(lambda text: list(jieba.posseg.cut(text)), sentences)
        entities = chars_per_second(entities_of, texts)
        quotes = chars_per_second(quotes_of, texts)
        sentence_entities = chars_per_second(entities_of, sentences)
        sentence_quotes = chars_per_second(quotes_of, sentences)
        batch_entities = batch_chars_per_second(entities_of, sentences)
        batch_quotes = batch_chars_per_second(quotes_of, sentences)
        tiny = {"extract_entities": ms_per_call(entities_of), "extract_quotes": ms_per_call(quotes_of)}
    print(f"\n== speed on {len(texts)} {what} ({sum(map(len, texts)):,} chars), one process, {core}")

    def ratio(speed: float, to: float | None) -> str:
        return f"  ({speed / to:.2f}x jieba)" if to else ""

    if reference:
        print(f"  jieba.posseg      {reference:10,.0f} chars/s  (the reference of the ratios)")
    print(f"  extract_entities  {entities:10,.0f} chars/s{ratio(entities, reference)}")
    print(
        f"  extract_quotes    {quotes:10,.0f} chars/s{ratio(quotes, reference)}"
        f"  (attribution adds {entities / quotes - 1:.0%} to the time)"
    )
    print(f"\n== one call per sentence: {len(sentences)} sentences of these texts ({sum(map(len, sentences)):,} chars)")
    if sentence_reference:
        print(f"  jieba.posseg      {sentence_reference:10,.0f} chars/s")
    print(f"  extract_entities  {sentence_entities:10,.0f} chars/s{ratio(sentence_entities, sentence_reference)}")
    print(f"  extract_quotes    {sentence_quotes:10,.0f} chars/s{ratio(sentence_quotes, sentence_reference)}")
    print("  batch form, all sentences in one call (nlp.pipe):")
    print(f"  extract_entities  {batch_entities:10,.0f} chars/s{ratio(batch_entities, sentence_reference)}")
    print(f"  extract_quotes    {batch_quotes:10,.0f} chars/s{ratio(batch_quotes, sentence_reference)}")
    print(f"\n== fixed cost of one call, on the {len(TINY_TEXT)}-character text {TINY_TEXT!r} (best of 5 x 300 calls)")
    for name, ms in tiny.items():
        print(f"  {name:16}  {ms:6.3f} ms per call")


def speed_texts(shared: Path, n_articles: int) -> tuple[list[str], str]:
    """People's Daily articles for timing, or MSRA test sentences when they are absent."""
    from nlp_quotes.training.corpora import read_corpus

    articles = news_articles(shared, n_articles)
    if articles:
        return [path.read_text(encoding="utf-8") for path in articles], "People's Daily articles"
    return [text for text, _ in read_corpus(shared, "msra_test")[:1000]], "MSRA test sentences"


def run_quotes(args: argparse.Namespace) -> int:
    try:
        shared = shared_dir(args.shared)
        corpus_file(shared, "../eval/score_quotes.py")
    except MissingCorpusError as error:
        print(f"{error}; nothing was scored.", file=sys.stderr)
        return 2
    print(f"shared data: {shared}")
    nlp = load(args.model)
    nlp("预热：模型在计时之前载入。")  # models load lazily; keep that out of the timing
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    status = 0
    all_gold: list[dict] = []
    all_predictions: list[dict] = []
    for name, (gold, texts) in gold_sets(shared).items():
        started = time.perf_counter()
        predictions = out / f"{name}_predictions.jsonl"
        n_chars = sum(map(len, texts.values()))
        frame = _quotes_of(nlp, texts)
        frame.to_json(predictions, orient="records", lines=True, force_ascii=False)
        seconds = time.perf_counter() - started
        all_predictions.extend(frame.to_dict("records"))
        all_gold.extend(json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip())
        print(
            f"\n== {name}: {len(texts)} documents, {n_chars} chars, {seconds:.2f} s ({n_chars / seconds:,.0f} chars/s)"
        )
        print(f"predictions: {predictions}")
        command = [sys.executable, str(shared / "eval" / "score_quotes.py"), str(gold), str(predictions)]
        if args.errors:
            command.append("--errors")
        status |= subprocess.run(command, check=False).returncode
        if name == "dev":
            scorer = _load_module(shared / "eval" / "score_quotes.py", "shared_score_quotes")
            dev_gold = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
            dev_rows = frame.to_dict("records")
            dev_f1 = scorer.score(dev_gold, dev_rows)["e2e_f1"]
            print_first_documents(scorer, dev_gold, dev_rows, list(texts)[:FIRST_DEV_DOCUMENTS])
            confident = [row for row in dev_rows if row["confidence"] >= HIGH_PRECISION]
            print(
                f"development set alone, confidence >= {HIGH_PRECISION}: {len(confident)} records, "
                f"end-to-end P {scorer.score(dev_gold, confident)['e2e_p']:.3f}"
            )
    print_confidence_table(shared, all_gold, all_predictions)
    print_rule_table(shared, all_gold, all_predictions)
    if args.ablation:
        print_ablation(shared, args.model, dev_f1)
    print_speed(nlp, *speed_texts(shared, args.speed_articles))
    return status


def run_ner(args: argparse.Namespace) -> int:
    if args.ner == "hanlp":
        return run_ner_backends(args)
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        print('the NER benchmark times jieba.posseg as a reference: pip install ".[test]" (or jieba)', file=sys.stderr)
        return 2

    from nlp_quotes.api import NOT_FOR_ENTITIES, extract_entities
    from nlp_quotes.bench.ner import (
        chars_per_second,
        folder_megabytes,
        predict_spans,
        span_scores,
        word_boundary_share,
    )
    from nlp_quotes.pipeline import models_dir
    from nlp_quotes.training import segmentation
    from nlp_quotes.training.corpora import read_corpus

    shared = _shared_or_report(args.shared, "nothing was scored")
    if shared is None:
        return 2
    print(f"shared data: {shared}")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import nlp_quotes; nlp_quotes.load({args.model!r})"], check=True)
    print(f"load time (fresh process, import included): {time.perf_counter() - started:.2f} s")
    nlp = load(args.model)
    entity_pipes = [name for name in nlp.pipe_names if name not in NOT_FOR_ENTITIES]
    print(f"pipeline {args.model}: {nlp.pipe_names}")
    with nlp.select_pipes(enable=entity_pipes):
        for corpus, labels in (
            ("msra_test", {"PERSON", "LOC", "ORG"}),
            ("cluener_dev", {"PERSON", "TITLE", "ORG", "LOC"}),
        ):
            sentences = read_corpus(shared, corpus)
            predicted = predict_spans(nlp, [text for text, _ in sentences])
            scores = span_scores([spans for _, spans in sentences], predicted, labels)
            print(f"\n== {corpus} ({len(sentences)} sentences), exact character spans")
            for label, row in scores.items():
                print(f"  {label:7} P {row['p']:.4f}  R {row['r']:.4f}  F1 {row['f1']:.4f}  (gold {row['gold']})")
    texts, what = speed_texts(shared, args.speed_articles)
    jieba.initialize()
    with one_core() as core:
        jieba_speed = chars_per_second(lambda text: list(jieba.posseg.cut(text)), texts)
        ours = chars_per_second(lambda text: extract_entities(text, nlp=nlp), texts)
    print(f"\n== speed on {len(texts)} {what} ({sum(map(len, texts))} chars), one process, {core}")
    print(f"  jieba.posseg      {jieba_speed:12,.0f} chars/s")
    print(f"  extract_entities  {ours:12,.0f} chars/s  ({ours / jieba_speed:.2f}x jieba)")
    segmenter = models_dir() / "pkuseg_pd1998"
    if (segmenter / "features.msgpack").exists():
        _, held_out = segmentation.split_held_out(
            segmentation.read_pd1998_words(corpus_file(shared, "ner/pd1998_pos/test.txt"))
        )
        seg = segmentation.evaluate(segmenter, held_out)
        print(f"\n== pkuseg word segmentation, {len(held_out)} held-out People's Daily paragraphs")
        print(f"  P {seg['precision']:.4f}  R {seg['recall']:.4f}  F1 {seg['f1']:.4f}  ({seg['words']} words)")
        print("\n== gold entities that begin and end on pkuseg word boundaries (a word-token tagger's recall bound)")
        for corpus in ("msra_test", "cluener_dev"):
            shares = word_boundary_share(read_corpus(shared, corpus), segmenter)
            print(f"  {corpus:12} " + "  ".join(f"{label} {share:.3f}" for label, share in shares.items()))
    print(f"\nsize of models/: {folder_megabytes(models_dir()):.1f} MB")
    return 0


def run_ner_backends(args: argparse.Namespace) -> int:
    """MSRA test F1 and speed of the default entity backend against HanLP (``--ner hanlp``)."""
    from nlp_quotes.api import NOT_FOR_ENTITIES, extract_entities
    from nlp_quotes.backends.hanlp_ner import HanlpBackendError
    from nlp_quotes.bench.ner import chars_per_second, predict_spans, span_scores
    from nlp_quotes.training.corpora import read_corpus

    shared = _shared_or_report(args.shared, "nothing was scored")
    if shared is None:
        return 2
    sentences = read_corpus(shared, "msra_test")
    texts, what = speed_texts(shared, args.speed_articles)
    print(f"shared data: {shared}; MSRA test {len(sentences)} sentences; speed on {len(texts)} {what}")
    print("  backend                 PERSON F1  ORG F1  LOC F1  overall P / R / F1        extract_entities chars/s")
    for backend in (None, "hanlp"):
        try:
            nlp = load(args.model, ner=backend, hanlp_model=args.hanlp_model if backend else None)
        except HanlpBackendError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        entity_pipes = [name for name in nlp.pipe_names if name not in NOT_FOR_ENTITIES]
        with nlp.select_pipes(enable=entity_pipes):
            predicted = predict_spans(nlp, [text for text, _ in sentences])
        scores = span_scores([spans for _, spans in sentences], predicted, {"PERSON", "ORG", "LOC"})
        speed = chars_per_second(lambda text, nlp=nlp: extract_entities(text, nlp=nlp), texts)
        name = "hanlp " + Path(args.hanlp_model).name if backend else f"{args.model} (CRF)"
        overall = scores["ALL"]
        print(
            f"  {name[:22]:22}  {scores['PERSON']['f1']:9.4f}  {scores['ORG']['f1']:6.4f}  {scores['LOC']['f1']:6.4f}"
            f"  {overall['p']:.4f} / {overall['r']:.4f} / {overall['f1']:.4f}  {speed:12,.0f}"
        )
    return 0


def run_pdf_command(args: argparse.Namespace) -> int:
    from nlp_quotes.bench.pdf import run_pdf

    return run_pdf()


def run_scale_command(args: argparse.Namespace) -> int:
    from nlp_quotes.bench.scale import run_scale

    shared = _shared_or_report(args.shared, "nothing was measured")
    if shared is None:
        return 2
    return run_scale(shared, tuple(args.docs), tuple(args.workers), args.batch_size)


def run_scale_once(args: argparse.Namespace) -> int:
    from nlp_quotes.bench.scale import measure

    print(json.dumps(measure(shared_dir(args.shared), args.docs, args.workers, args.batch_size)))
    return 0


def run_digest_once(args: argparse.Namespace) -> int:
    from nlp_quotes.bench.scale import digest

    print(json.dumps(digest(shared_dir(args.shared), args.docs, args.workers)))
    return 0


def run_determinism_command(args: argparse.Namespace) -> int:
    from nlp_quotes.bench.scale import check_determinism

    shared = _shared_or_report(args.shared, "nothing was measured")
    if shared is None:
        return 2
    return 0 if check_determinism(shared, args.docs) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nlp_quotes.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="bench", required=True)
    quotes = sub.add_parser("quotes", help="score quote attribution on the seed page and the development set")
    quotes.add_argument("--shared", help="path of the shared data folder")
    quotes.add_argument("--out", default="out/bench", help="folder for the predictions")
    quotes.add_argument("--model", default=DEFAULT_MODEL)
    quotes.add_argument("--errors", action="store_true", help="list every miss, wrong speaker and spurious quotation")
    quotes.add_argument("--speed-articles", type=int, default=100, help="People's Daily articles timed for speed")
    quotes.add_argument(
        "--ablation", action="store_true", help="also score the development set with each sieve switched off"
    )
    quotes.set_defaults(func=run_quotes)
    ner = sub.add_parser("ner", help="score the entity layer on MSRA test and CLUENER dev; speed, size, load time")
    ner.add_argument("--shared", help="path of the shared data folder")
    ner.add_argument("--model", default=DEFAULT_MODEL)
    ner.add_argument("--speed-articles", type=int, default=100, help="People's Daily articles timed for speed")
    ner.add_argument("--ner", choices=("default", "hanlp"), help="hanlp: compare a HanLP model with the default")
    ner.add_argument("--hanlp-model", help="with --ner hanlp: a HanLP identifier or a local model directory")
    ner.set_defaults(func=run_ner)
    pdf = sub.add_parser("pdf", help="body text and quotations read back from generated newspaper PDF pages")
    pdf.set_defaults(func=run_pdf_command)
    scale = sub.add_parser("scale", help="corpus throughput with 1 and 2 processes, peak memory, first result")
    scale.add_argument("--shared", help="path of the shared data folder")
    scale.add_argument("--docs", type=int, nargs="+", default=[300, 1800], help="corpus sizes (articles)")
    scale.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="process counts")
    scale.add_argument("--batch-size", type=int, default=16)
    scale.set_defaults(func=run_scale_command)
    determinism = sub.add_parser(
        "determinism", help="same rows for three PYTHONHASHSEED values and 1 vs 2 workers (also run by scale)"
    )
    determinism.add_argument("--shared", help="path of the shared data folder")
    determinism.add_argument("--docs", type=int, default=300)
    determinism.set_defaults(func=run_determinism_command)
    digest_run = sub.add_parser("digest-run", help=argparse.SUPPRESS)
    digest_run.add_argument("--shared")
    digest_run.add_argument("--docs", type=int, required=True)
    digest_run.add_argument("--workers", type=int, required=True)
    digest_run.set_defaults(func=run_digest_once)
    from nlp_quotes.bench import audit, hostile, people

    audit.add_parser(sub)
    hostile.add_parser(sub)
    people.add_parser(sub)
    once = sub.add_parser("scale-run", help=argparse.SUPPRESS)
    once.add_argument("--shared")
    once.add_argument("--docs", type=int, required=True)
    once.add_argument("--workers", type=int, required=True)
    once.add_argument("--batch-size", type=int, default=16)
    once.set_defaults(func=run_scale_once)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
