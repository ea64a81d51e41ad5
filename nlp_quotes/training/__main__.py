"""``python -m nlp_quotes.training COMMAND``: train what models/ ships (see ``--help`` for the commands)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from nlp_quotes.datasets import MissingCorpusError, shared_dir
from nlp_quotes.pipeline import build_pipeline

PKUSEG_MODEL = "pkuseg_pd1998"
CRF_MODEL = "ner/zh_news_ner.crfsuite"
NAME_MODEL = "ner/zh_news_names.json"
GAZETTEER = "ner/zh_news_gazetteer.json"
CLUSTERS = "ner/zh_news_clusters.json"
NEURAL_MODEL = "ner/zh_news_conv.npz"
#: Where `ensemble` writes unless told otherwise: a teacher for `neural --teacher` (not shipped).
TEACHER_MODEL = "build/ner/zh_news_conv_ensemble.npz"


def cmd_pkuseg(args: argparse.Namespace) -> int:
    from nlp_quotes.training import segmentation

    shared = shared_dir(args.shared)
    out = Path(args.out) if args.out else Path("models") / PKUSEG_MODEL
    started = time.perf_counter()
    scores = segmentation.train(shared, out, Path(args.work), iterations=args.iterations)
    scores["train_seconds"] = round(time.perf_counter() - started, 1)
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=2))
    return 0


def cmd_ner(args: argparse.Namespace) -> int:
    from nlp_quotes.training import ner

    shared = shared_dir(args.shared)
    best = ner.train(shared, Path(args.out), Path(args.work), args.max_steps, silver_titles=not args.no_silver_titles)
    print(f"best model: {best}")
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    from nlp_quotes.training import names

    model = names.train(shared_dir(args.shared), Path(args.out))
    print(f"name model: {args.out} ({len(model.surname_logp)} surnames, {len(model.known)} known names)")
    return 0


def cmd_lexical(args: argparse.Namespace) -> int:
    from nlp_quotes.training import lexical

    clusters_out = Path(args.clusters) if args.clusters else None
    gazetteer, clusters = lexical.train(shared_dir(args.shared), Path(args.gazetteer), clusters_out)
    print(f"gazetteer: {args.gazetteer} ({len(gazetteer.entries)} entries)")
    if clusters is not None:
        print(f"character clusters: {args.clusters} ({len(clusters.cluster_of)} characters)")
    return 0


def cmd_crf(args: argparse.Namespace) -> int:
    from nlp_quotes.entities.lexical import CharClusters
    from nlp_quotes.entities.names import NameModel
    from nlp_quotes.training import crf

    shared = shared_dir(args.shared)
    names = NameModel.from_disk(Path(args.names)) if args.names else None
    clusters = CharClusters.from_disk(Path(args.clusters)) if args.clusters else None
    started = time.perf_counter()
    path = crf.train(
        shared,
        Path(args.out),
        iterations=args.iterations,
        silver_titles=not args.no_silver_titles,
        names=names,
        gazetteer=args.gazetteer,
        clusters=clusters,
    )
    print(f"CRF model: {path} ({time.perf_counter() - started:.0f} s)")
    return 0


def cmd_neural(args: argparse.Namespace) -> int:
    from nlp_quotes.entities.names import NameModel
    from nlp_quotes.training import neural

    names = NameModel.from_disk(Path(args.names)) if args.names else None
    started = time.perf_counter()
    out = Path(args.out or f"build/ner/zh_news_conv_seed{args.seed}.npz")
    path = neural.train(
        shared_dir(args.shared),
        out,
        names=names,
        gazetteer=not args.no_gazetteer,
        epochs=args.epochs,
        width=args.width,
        pretrain_epochs=args.pretrain_epochs,
        threads=args.threads,
        seed=args.seed,
        teacher=Path(args.teacher) if args.teacher else None,
        init=Path(args.init) if args.init else None,
        distill_weight=args.distill_weight,
        distill_articles=args.distill_articles,
        learning_rate=args.learning_rate,
    )
    print(f"neural model: {path} ({time.perf_counter() - started:.0f} s)")
    return 0


def cmd_ensemble(args: argparse.Namespace) -> int:
    from nlp_quotes.entities.neural import ConvTagger

    tagger = ConvTagger.ensemble([ConvTagger.from_disk(Path(path)) for path in args.members])
    tagger.to_disk(Path(args.out))
    size = Path(args.out).stat().st_size / 1e6
    print(f"ensemble of {len(tagger.members)} networks: {args.out} ({size:.1f} MB)")
    return 0


def cmd_hanlp(args: argparse.Namespace) -> int:
    from nlp_quotes.training import hanlp

    started = time.perf_counter()
    out = hanlp.train(shared_dir(args.shared), Path(args.out), Path(args.work), args.sentences, args.epochs)
    print(f"HanLP model: {out} ({time.perf_counter() - started:.0f} s)")
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    nlp = build_pipeline(
        ner=args.ner,
        crf=args.crf,
        neural=args.neural,
        words=args.words,
        name=args.name,
        names=args.names,
        name_features=args.name_features,
        gazetteer=args.gazetteer,
        clusters=args.clusters,
    )
    out = Path(args.out) if args.out else Path("models") / args.name
    nlp.to_disk(out)
    print(f"{args.name}: {nlp.pipe_names} -> {out}")
    return 0


def cmd_common_words(args: argparse.Namespace) -> int:
    from nlp_quotes.training import common_words

    out = Path(args.out) if args.out else Path(__file__).resolve().parents[1] / "lexicons" / "common_words.txt"
    n = common_words.build(shared_dir(args.shared), out, min_count=args.min_count)
    print(f"{n} common words -> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp_quotes.training", description=__doc__)
    parser.add_argument("--shared", help="shared data folder (default: ../shared or $NLP_QUOTES_SHARED)")
    parser.add_argument("--work", default="build/training", help="folder for converted corpora")
    sub = parser.add_subparsers(dest="command", required=True)
    pkuseg = sub.add_parser("pkuseg", help="train the spacy-pkuseg word segmenter on People's Daily 1998")
    pkuseg.add_argument("--out", help="model folder (default: models/pkuseg_pd1998)")
    pkuseg.add_argument("--iterations", type=int, default=10)
    pkuseg.set_defaults(func=cmd_pkuseg)
    ner = sub.add_parser("ner", help="train the character NER (PERSON/TITLE/ORG/LOC)")
    ner.add_argument("--out", default="build/ner", help="training output folder (model-best is shipped)")
    ner.add_argument("--max-steps", type=int, default=20000)
    ner.add_argument("--no-silver-titles", action="store_true", help="leave titles unlabelled in MSRA and Weibo")
    ner.set_defaults(func=cmd_ner)
    crf = sub.add_parser("crf", help="train a CRF entity tagger (PERSON/TITLE/ORG/LOC), the alternative to `neural`")
    crf.add_argument("--out", default=f"build/{CRF_MODEL}", help="not shipped: the default pipeline uses `neural`")
    crf.add_argument("--iterations", type=int, default=250)
    crf.add_argument("--no-silver-titles", action="store_true", help="leave titles unlabelled in MSRA and Weibo")
    crf.add_argument("--names", help=f"name model whose features the CRF uses (e.g. models/{NAME_MODEL})")
    crf.add_argument("--gazetteer", action="store_true", help="known-entity features (held-out folds in training)")
    crf.add_argument("--clusters", help=f"character clusters whose ids the CRF uses (e.g. models/{CLUSTERS})")
    crf.set_defaults(func=cmd_crf)
    neural = sub.add_parser("neural", help="train the convolutional entity tagger (PyTorch; runs with numpy)")
    neural.add_argument(
        "--out", help="tagger file (default: build/ner/zh_news_conv_seed<SEED>.npz; join seeds with `ensemble`)"
    )
    neural.add_argument("--names", default=f"models/{NAME_MODEL}", help="name model whose features it uses")
    neural.add_argument("--no-gazetteer", action="store_true", help="no known-entity marks")
    neural.add_argument("--epochs", type=int, default=10)
    neural.add_argument("--width", type=int, default=96, help="channels of the convolutions")
    neural.add_argument(
        "--pretrain-epochs", type=int, default=0, help="epochs of masked-character pretraining on unlabelled news first"
    )
    neural.add_argument("--threads", type=int, help="PyTorch threads (default: all cores)")
    neural.add_argument("--seed", type=int, default=0, help="initialisation and batch order (the data split is fixed)")
    neural.add_argument("--teacher", help=f"distil one network from this tagger (e.g. {TEACHER_MODEL})")
    neural.add_argument("--distill-weight", type=float, default=1.0, help="weight of the teacher's distributions")
    neural.add_argument(
        "--distill-articles", type=int, default=0, help="also learn the teacher's tags of this many news articles"
    )
    neural.add_argument("--init", help="start from the first network of this tagger file (same training data)")
    neural.add_argument("--learning-rate", type=float, default=2e-3, help="peak of the one-cycle schedule")
    neural.set_defaults(func=cmd_neural)
    ensemble = sub.add_parser("ensemble", help="join convolutional taggers trained with different --seed into one")
    ensemble.add_argument("members", nargs="+", help="tagger files written by `neural`")
    ensemble.add_argument("--out", default=TEACHER_MODEL, help="the teacher of `neural --teacher`, or a tagger itself")
    ensemble.set_defaults(func=cmd_ensemble)
    lexical = sub.add_parser("lexical", help="build the CRF's gazetteer and character clusters")
    lexical.add_argument("--gazetteer", default=f"models/{GAZETTEER}")
    lexical.add_argument("--clusters", help=f"also build character clusters (e.g. models/{CLUSTERS}; not shipped)")
    lexical.set_defaults(func=cmd_lexical)
    names = sub.add_parser("names", help="learn the name model that splits runs of names (李鹏乔石…)")
    names.add_argument("--out", default=f"models/{NAME_MODEL}")
    names.set_defaults(func=cmd_names)
    hanlp = sub.add_parser("hanlp", help="train a small HanLP NER model on MSRA with HanLP's own API")
    hanlp.add_argument("--out", default="build/hanlp_msra", help="model folder (load it with ner='hanlp')")
    hanlp.add_argument("--sentences", type=int, default=5000, help="MSRA train sentences used")
    hanlp.add_argument("--epochs", type=int, default=5)
    hanlp.set_defaults(func=cmd_hanlp)
    common = sub.add_parser("common-words", help="build lexicons/common_words.txt from People's Daily 1998")
    common.add_argument("--out", help="lexicon file (default: nlp_quotes/lexicons/common_words.txt)")
    common.add_argument("--min-count", type=int, default=2)
    common.set_defaults(func=cmd_common_words)
    package = sub.add_parser("package", help="assemble a shipped pipeline under models/")
    package.add_argument("--name", default="zh_news")
    package.add_argument("--ner", help="trained spaCy NER folder (e.g. build/ner/model-best)")
    package.add_argument("--crf", help="CRF model under models/ (e.g. ner/zh_news_ner.crfsuite)")
    package.add_argument("--neural", help=f"convolutional tagger under models/ (e.g. {NEURAL_MODEL})")
    package.add_argument("--names", help=f"name model under models/ (e.g. {NAME_MODEL})")
    package.add_argument("--name-features", action="store_true", help="the tagger was trained with --names")
    package.add_argument("--gazetteer", help=f"gazetteer under models/ the CRF was trained with (e.g. {GAZETTEER})")
    package.add_argument("--clusters", help=f"clusters under models/ the CRF was trained with (e.g. {CLUSTERS})")
    package.add_argument("--words", help="pkuseg model under models/ for the word layer (e.g. pkuseg_pd1998)")
    package.add_argument("--out", help="output folder (default: models/NAME)")
    package.set_defaults(func=cmd_package)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MissingCorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
