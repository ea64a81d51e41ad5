"""Train the convolutional entity tagger (``python -m nlp_quotes.training neural``).

Same data as the CRF (:mod:`nlp_quotes.training.crf`): MSRA, CLUENER2020,
Resume and Weibo train, lexicon titles as silver TITLE where MSRA and Weibo
leave them unlabelled, and gazetteer marks from a gazetteer built without
the sentence's own fold.  A slice of MSRA train is held out to pick the
best epoch.  A network can also be distilled from an ensemble
(``--teacher``; :func:`distillation_loss`).  Needs PyTorch (``pip install
torch``); the trained model runs with numpy (:mod:`nlp_quotes.entities.neural`).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from nlp_quotes.entities.crf import FeatureResources, bio_tags, lexical_marks, spans_from_bio
from nlp_quotes.entities.lexical import Gazetteer
from nlp_quotes.entities.names import NameModel
from nlp_quotes.entities.neural import (
    MAX_MARKS,
    PAD,
    TAGS,
    UNK,
    ConvTagger,
    EncodedLine,
    Vocabulary,
    Weights,
    allowed_transitions,
    encode_line,
)
from nlp_quotes.lexicons import load_lexicons
from nlp_quotes.training.corpora import TRAIN_CORPORA, Sentence, read_corpus
from nlp_quotes.training.ner import SILVER_TITLE_CORPORA, add_silver_titles

#: The character id a pretraining step hides a character behind.
MASKED_CHAR = "<mask>"
#: MSRA train sentences held out to choose the epoch.
DEV_SENTENCES = 1500
#: Training sentences are cut at sentence ends to at most this many characters.
MAX_TRAIN_LEN = 200


def _cut_long(sentences: list[Sentence], limit: int = MAX_TRAIN_LEN) -> list[Sentence]:
    """Cut sentences longer than ``limit`` after 。！？； where no entity is cut."""
    out = []
    for text, spans in sentences:
        if len(text) <= limit:
            out.append((text, spans))
            continue
        inside = bytearray(len(text) + 1)
        for start, end, _ in spans:
            inside[start + 1 : end] = b"\x01" * (end - start - 1)
        start = 0
        for i, char in enumerate(text):
            if char in "。！？；" and i + 1 - start >= 20 and not inside[i + 1]:
                inner = [(a - start, b - start, label) for a, b, label in spans if start <= a and b <= i + 1]
                out.append((text[start : i + 1], inner))
                start = i + 1
        if start < len(text):
            out.append((text[start:], [(a - start, b - start, lab) for a, b, lab in spans if start <= a]))
    return out


def unlabelled_texts(
    shared: Path, limit: int = MAX_TRAIN_LEN, n_articles: int | None = None, with_corpora: bool = True
) -> list[str]:
    """Lines of unlabelled news text: People's Daily 2023 articles and the training corpora's own text.

    ``n_articles`` takes that many articles from the end of the sorted list
    (the benchmarks time the first ones); ``with_corpora=False`` leaves out
    the training corpora.  Lines are cut after sentence ends to at most about
    ``limit`` characters.
    """
    from nlp_quotes.datasets import news_articles

    texts = []
    articles = news_articles(shared)
    for path in articles if n_articles is None else articles[len(articles) - n_articles :]:
        texts.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    for name in TRAIN_CORPORA if with_corpora else ():
        texts.extend(text for text, _ in read_corpus(shared, name))
    lines = []
    for text in texts:
        for piece, _ in _cut_long([(text, [])], limit):
            if len(piece.strip()) >= 2:
                lines.append(piece[: 2 * limit])
    return lines


def training_sentences(shared: Path, seed: int = 0) -> tuple[list[tuple[str, Sentence, int]], list[Sentence]]:
    """``(corpus, sentence, fold)`` for training, and the held-out MSRA sentences."""
    rng = random.Random(seed)
    train, dev = [], []
    for name in TRAIN_CORPORA:
        sentences = [s for s in read_corpus(shared, name) if s[0].strip()]
        if name == "msra_train":
            rng.shuffle(sentences)
            dev, sentences = sentences[:DEV_SENTENCES], sentences[DEV_SENTENCES:]
        if name in SILVER_TITLE_CORPORA:
            sentences = add_silver_titles(sentences)
        train.extend((name, sentence, k % 2) for k, sentence in enumerate(_cut_long(sentences)))
    return train, dev


Vocabularies = tuple[Vocabulary, Vocabulary, Vocabulary]
TaggedLine = tuple[EncodedLine, np.ndarray]


def build_vocabularies(texts: list[str], marks: Counter, min_char: int = 2, min_bigram: int = 3) -> Vocabularies:
    chars, bigrams = Counter(), Counter()
    for text in texts:
        chars.update(text)
        padded = "^" + text + "$"
        bigrams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return (
        Vocabulary.from_strings([MASKED_CHAR, *sorted(c for c, n in chars.items() if n >= min_char)]),
        Vocabulary.from_strings(sorted(b for b, n in bigrams.items() if n >= min_bigram)),
        Vocabulary.from_strings(sorted(m for m, n in marks.items() if n >= 2)),
    )


def encode_corpus(
    shared: Path, names: NameModel | None, gazetteer: bool, seed: int = 0, unlabelled: list[str] = ()
) -> tuple[Vocabularies, list[TaggedLine], list[tuple[EncodedLine, Sentence]], list[EncodedLine]]:
    """Vocabularies, encoded training lines with tag ids, encoded dev lines with their gold, encoded ``unlabelled``.

    Dev and unlabelled lines get marks from the gazetteer of all training
    sentences, as text does when the shipped model tags it.
    """
    lex = load_lexicons()
    train, dev = training_sentences(shared, seed)
    resources_of: dict[tuple[str, int], FeatureResources] = {}
    for name in TRAIN_CORPORA:
        for fold in (0, 1):
            held_out = None
            if gazetteer:
                held_out = Gazetteer.from_spans(s for other, s, f in train if (other, f) != (name, fold))
            resources_of[name, fold] = FeatureResources(names=names, gazetteer=held_out)
    dev_resources = FeatureResources(
        names=names, gazetteer=Gazetteer.from_spans(s for _, s, _ in train) if gazetteer else None
    )
    mark_counts: Counter = Counter()
    for _, (text, _), _ in train[::7]:
        for row in lexical_marks(text, lex, resources_of["msra_train", 0]):
            mark_counts.update(row)
    vocabularies = build_vocabularies([text for _, (text, _), _ in train], mark_counts)
    tag_id = {tag: k for k, tag in enumerate(TAGS)}
    encoded_train = []
    for name, (text, spans), fold in train:
        line = encode_line(text, *vocabularies, lex, resources_of[name, fold])
        encoded_train.append((line, np.array([tag_id[t] for t in bio_tags(len(text), spans)], dtype=np.int64)))
    encoded_dev = [(encode_line(text, *vocabularies, lex, dev_resources), (text, spans)) for text, spans in dev]
    encoded_unlabelled = [encode_line(text, *vocabularies, lex, dev_resources) for text in unlabelled]
    return vocabularies, encoded_train, encoded_dev, encoded_unlabelled


def _network(n_chars: int, n_bigrams: int, n_marks: int, width: int, dilations: tuple[int, ...], dropout: float):
    import torch
    from torch import nn

    class ConvCrf(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.char_emb = nn.Embedding(n_chars, 64, padding_idx=PAD)
            self.bigram_emb = nn.Embedding(n_bigrams, 48, padding_idx=PAD)
            self.mark_emb = nn.Embedding(n_marks, 32, padding_idx=PAD)
            self.inp = nn.Linear(64 + 2 * 48 + 32, width)
            self.convs = nn.ModuleList(nn.Conv1d(width, width, 3, padding=d, dilation=d) for d in dilations)
            self.out = nn.Linear(width, len(TAGS))
            self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            self.start = nn.Parameter(torch.zeros(len(TAGS)))
            self.end = nn.Parameter(torch.zeros(len(TAGS)))
            self.drop = nn.Dropout(dropout)
            allowed = torch.tensor(allowed_transitions())
            self.register_buffer("forbidden_transitions", (~allowed[:-1]).float() * -1e4)
            self.register_buffer("forbidden_start", (~allowed[-1]).float() * -1e4)

        def encode(self, chars, left, right, marks, mask):
            x = torch.cat(
                [self.char_emb(chars), self.bigram_emb(left), self.bigram_emb(right), self.mark_emb(marks).sum(2)], -1
            )
            m = mask.unsqueeze(-1)
            h = torch.relu(self.inp(self.drop(x))) * m
            for conv in self.convs:
                h = h + torch.relu(conv(self.drop(h).transpose(1, 2)).transpose(1, 2))
                h = h * m
            return h

        def emissions(self, chars, left, right, marks, mask):
            return self.out(self.drop(self.encode(chars, left, right, marks, mask)))

        def nll(self, scores, tags, mask, weights=None):
            transitions = self.transitions + self.forbidden_transitions
            start = self.start + self.forbidden_start
            batch, length, _ = scores.shape
            index = torch.arange(batch)
            alpha = start + scores[:, 0]
            gold = start[tags[:, 0]] + scores[index, 0, tags[:, 0]]
            for t in range(1, length):
                step = mask[:, t]
                nxt = torch.logsumexp(alpha.unsqueeze(2) + transitions + scores[:, t].unsqueeze(1), dim=1)
                alpha = torch.where(step.unsqueeze(1) > 0, nxt, alpha)
                gold = gold + step * (transitions[tags[:, t - 1], tags[:, t]] + scores[index, t, tags[:, t]])
            lengths = mask.sum(1).long()
            last = tags[index, lengths - 1]
            gold = gold + self.end[last]
            log_z = torch.logsumexp(alpha + self.end, dim=1)
            per_line = log_z - gold
            return (per_line if weights is None else per_line * weights).sum()

    return ConvCrf()


#: Share of characters hidden from the encoder in pretraining.
MASK_RATE = 0.15


def pretrain(
    net,
    texts: list[str],
    chars: Vocabulary,
    bigrams: Vocabulary,
    epochs: int = 1,
    batch_chars: int = 6000,
    learning_rate: float = 2e-3,
    seed: int = 0,
    log=print,
) -> None:
    """Teach the encoder of ``net`` to restore hidden characters of unlabelled text (a masked character model).

    A hidden character's id becomes :data:`MASKED`, the bigrams that hold it become unknown, and
    no marks are given; the encoder must guess the character from the ones around it.
    """
    import torch
    from torch import nn

    rng = np.random.default_rng(seed)
    head = nn.Linear(net.inp.out_features, len(chars))
    masked_id = chars.index[MASKED_CHAR]
    lines = []
    for text in texts:
        line = encode_line(text, chars, bigrams, Vocabulary({}))
        lines.append((line, line.chars.astype(np.int64)))
    parameters = [p for name, p in net.named_parameters() if not name.startswith(("out.", "mark_emb"))]
    optimizer = torch.optim.Adam(parameters + list(head.parameters()), lr=learning_rate)
    order_rng = random.Random(seed)
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        net.train()
        total, count = 0.0, 0
        for step, batch in enumerate(_length_batches(lines, batch_chars, order_rng)):
            chars_t, left, right, marks, mask, targets = _tensors(batch)
            hidden = torch.from_numpy(rng.random(chars_t.shape) < MASK_RATE) & (mask > 0)
            chars_t = torch.where(hidden, torch.full_like(chars_t, masked_id), chars_t)
            touched = hidden.clone()
            touched[:, :-1] |= hidden[:, 1:]  # the bigram starting just before a hidden character
            left = torch.where(hidden | torch.roll(hidden, 1, 1), torch.full_like(left, UNK), left)
            right = torch.where(touched, torch.full_like(right, UNK), right)
            h = net.encode(chars_t, left, right, torch.zeros_like(marks), mask)
            loss = nn.functional.cross_entropy(head(h[hidden]), targets[hidden])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 5.0)
            optimizer.step()
            total += float(loss.detach())
            count += 1
            if step % 200 == 0:
                elapsed = time.perf_counter() - started
                log(f"pretrain epoch {epoch} step {step}: loss {total / count:.3f}, {elapsed:.0f} s")
        log(f"pretrain epoch {epoch}: loss {total / max(count, 1):.3f}, {time.perf_counter() - started:.0f} s")


def _tensors(batch: list[TaggedLine]):
    import torch

    length = max(len(item[0].chars) for item in batch)
    size = len(batch)
    chars = np.zeros((size, length), dtype=np.int64)
    left, right, tags = chars.copy(), chars.copy(), chars.copy()
    marks = np.zeros((size, length, MAX_MARKS), dtype=np.int64)
    mask = np.zeros((size, length), dtype=np.float32)
    for k, (line, line_tags, *_) in enumerate(batch):
        n = len(line.chars)
        chars[k, :n], left[k, :n], right[k, :n] = line.chars, line.left_bigrams, line.right_bigrams
        marks[k, :n] = line.marks
        tags[k, :n] = line_tags
        mask[k, :n] = 1.0
    as_tensor = torch.from_numpy
    return as_tensor(chars), as_tensor(left), as_tensor(right), as_tensor(marks), as_tensor(mask), as_tensor(tags)


def _length_batches(data: list, batch_chars: int, rng: random.Random) -> list[list]:
    """Batches of lines of similar length, about ``batch_chars`` characters each, in random order."""
    order = sorted(range(len(data)), key=lambda k: (len(data[k][0].chars), rng.random()))
    batches, current, longest = [], [], 0
    for k in order:
        n = len(data[k][0].chars)
        if current and max(longest, n) * (len(current) + 1) > batch_chars:
            batches.append(current)
            current, longest = [], 0
        current.append(data[k])
        longest = max(longest, n)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def teacher_scores(teacher: ConvTagger, lines: list[EncodedLine], chunk: int = 256) -> list[np.ndarray]:
    """The teacher's tag scores ``(n, len(TAGS))`` of every line (float16, to keep millions of characters small)."""
    scores = []
    for start in range(0, len(lines), chunk):
        scores.extend(s.astype(np.float16) for s in teacher.emissions(lines[start : start + chunk]))
    return scores


def _teacher_tensors(batch: list, length: int):
    """Teacher scores, padded to ``length``, and gold weights of a batch of ``(line, tags, scores, weight)``."""
    import torch

    out = np.zeros((len(batch), length, len(TAGS)), dtype=np.float32)
    for k, (_, _, scores, _) in enumerate(batch):
        out[k, : len(scores)] = scores
    weights = torch.tensor([weight for *_, weight in batch], dtype=torch.float32)
    return torch.from_numpy(out), weights


def distillation_loss(student, teacher, mask, temperature: float = 1.0):
    """Summed KL divergence from the teacher's per-character tag distribution to the student's.

    Both score vectors go through a softmax per character; a CRF's emissions
    are defined only up to a constant per character, and so is a softmax.
    """
    import torch

    log_student = torch.log_softmax(student / temperature, dim=-1)
    log_teacher = torch.log_softmax(teacher / temperature, dim=-1)
    kl = (log_teacher.exp() * (log_teacher - log_student)).sum(-1)
    return (kl * mask).sum() * temperature**2


def load_weights(net, weights: Weights) -> None:
    """Copy one member of a numpy tagger into ``net`` (the inverse of :func:`to_tagger`)."""
    import torch

    state = {
        "char_emb.weight": weights["char_emb"],
        "bigram_emb.weight": weights["bigram_emb"],
        "mark_emb.weight": weights["mark_emb"],
        "inp.weight": weights["in_w"].T,
        "inp.bias": weights["in_b"],
        "out.weight": weights["out_w"].T,
        "out.bias": weights["out_b"],
        "transitions": weights["transitions"],
        "start": weights["start"],
        "end": weights["end"],
    }
    for k, conv in enumerate(net.convs):
        kernel = weights[f"conv{k}_w"]
        width = conv.in_channels
        state[f"convs.{k}.weight"] = np.stack([kernel[tap * width : (tap + 1) * width].T for tap in range(3)], axis=-1)
        state[f"convs.{k}.bias"] = weights[f"conv{k}_b"]
    current = net.state_dict()
    current.update({name: torch.tensor(np.asarray(value, dtype=np.float32)) for name, value in state.items()})
    net.load_state_dict(current)


def to_tagger(net, vocabularies: Vocabularies, dilations: tuple[int, ...]) -> ConvTagger:
    """The numpy tagger holding the network's weights."""
    state = {name: value.detach().cpu().numpy().astype(np.float32) for name, value in net.state_dict().items()}
    weights = {
        "char_emb": state["char_emb.weight"],
        "bigram_emb": state["bigram_emb.weight"],
        "mark_emb": state["mark_emb.weight"],
        "in_w": state["inp.weight"].T.copy(),
        "in_b": state["inp.bias"],
        "out_w": state["out.weight"].T.copy(),
        "out_b": state["out.bias"],
        "transitions": state["transitions"],
        "start": state["start"],
        "end": state["end"],
    }
    for k in range(len(dilations)):
        kernel = state[f"convs.{k}.weight"]  # (out, in, 3): taps on t-d, t, t+d
        weights[f"conv{k}_w"] = np.concatenate([kernel[:, :, tap].T for tap in range(3)], axis=0)
        weights[f"conv{k}_b"] = state[f"convs.{k}.bias"]
    chars, bigrams, marks = vocabularies
    return ConvTagger(chars=chars, bigrams=bigrams, marks=marks, dilations=dilations, members=(weights,))


def dev_f1(tagger: ConvTagger, dev: list[tuple[EncodedLine, Sentence]]) -> float:
    """Exact-span F1 of the tagger on the held-out sentences (no name-list splitting)."""
    tp = n_pred = n_gold = 0
    lines = [line for line, _ in dev]
    for start in range(0, len(lines), 256):
        chunk = dev[start : start + 256]
        for (_, (_, gold)), scores in zip(chunk, tagger.emissions(lines[start : start + 256]), strict=True):
            predicted = set(spans_from_bio(tagger.decode(scores)))
            gold_set = set(gold)
            tp += len(predicted & gold_set)
            n_pred += len(predicted)
            n_gold += len(gold_set)
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def fit(
    vocabularies: Vocabularies,
    data: list[TaggedLine],
    dev: list[tuple[EncodedLine, Sentence]],
    model_path: Path,
    epochs: int = 8,
    width: int = 96,
    dilations: tuple[int, ...] = (1, 2, 4, 1),
    batch_chars: int = 3000,
    learning_rate: float = 2e-3,
    dropout: float = 0.2,
    seed: int = 0,
    unlabelled: list[str] | None = None,
    pretrain_epochs: int = 1,
    teacher: ConvTagger | None = None,
    distill_weight: float = 1.0,
    distill_lines: list[EncodedLine] = (),
    init: Weights | None = None,
    log=print,
) -> float:
    """Train on encoded lines, save the epoch with the best held-out F1 to ``model_path``; return that F1.

    With ``unlabelled`` texts, the encoder is first pretrained on them (:func:`pretrain`).  With a
    ``teacher`` (usually an ensemble), the network is distilled: it takes the teacher's averaged
    transitions as they are and learns to give every character the teacher's tag distribution
    (:func:`distillation_loss`, weighted by ``distill_weight``) besides the gold tags.  ``init``
    starts from the weights of a trained network of the same shape.  ``distill_lines`` (unlabelled
    text) add the teacher's distributions only, with no gold tags.
    """
    import torch

    torch.manual_seed(seed)
    started = time.perf_counter()
    net = _network(*(len(v) for v in vocabularies), width, dilations, dropout)
    if init is not None:
        load_weights(net, init)
    if unlabelled:
        pretrain(net, unlabelled, vocabularies[0], vocabularies[1], epochs=pretrain_epochs, seed=seed, log=log)
    if teacher is not None:
        scores = teacher_scores(teacher, [line for line, _ in data])
        data = [(line, tags, s, 1.0) for (line, tags), s in zip(data, scores, strict=True)]
        unlabelled_scores = teacher_scores(teacher, list(distill_lines))
        data += [
            (line, np.zeros(len(line.chars), dtype=np.int64), s, 0.0)
            for line, s in zip(distill_lines, unlabelled_scores, strict=True)
        ]
        for name in ("transitions", "start", "end"):
            parameter = getattr(net, name)
            parameter.data = torch.tensor(np.mean([m[name] for m in teacher.members], axis=0), dtype=torch.float32)
            parameter.requires_grad_(False)
        log(f"teacher scores of {len(data):,} lines, {time.perf_counter() - started:.0f} s")
    optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=learning_rate)
    rng = random.Random(seed)
    batches_per_epoch = len(_length_batches(data, batch_chars, rng))
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=learning_rate, total_steps=epochs * batches_per_epoch, pct_start=0.1
    )
    best = -1.0
    for epoch in range(1, epochs + 1):
        net.train()
        total, chars = 0.0, 0
        for batch in _length_batches(data, batch_chars, rng):
            chars_t, left, right, marks, mask, tags = _tensors(batch)
            scores = net.emissions(chars_t, left, right, marks, mask)
            if teacher is None:
                loss = net.nll(scores, tags, mask)
            else:
                teacher_batch, gold_weights = _teacher_tensors(batch, mask.shape[1])
                loss = net.nll(scores, tags, mask, gold_weights)
                loss = loss + distill_weight * distillation_loss(scores, teacher_batch, mask)
            optimizer.zero_grad()
            (loss / mask.sum()).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            chars += int(mask.sum())
        net.eval()
        tagger = to_tagger(net, vocabularies, dilations)
        f1 = dev_f1(tagger, dev)
        elapsed = time.perf_counter() - started
        log(f"epoch {epoch}: loss/char {total / chars:.4f}, held-out F1 {f1:.4f}, {elapsed:.0f} s")
        if f1 > best:
            best = f1
            tagger.to_disk(model_path)
    return best


def train(
    shared: Path,
    model_path: Path,
    names: NameModel | None = None,
    gazetteer: bool = True,
    pretrain_epochs: int = 0,
    threads: int | None = None,
    seed: int = 0,
    teacher: Path | None = None,
    init: Path | None = None,
    distill_articles: int = 0,
    log=print,
    **fit_options,
) -> Path:
    """Encode the training corpora and :func:`fit` the tagger; ``fit_options`` go to :func:`fit`.

    With ``pretrain_epochs``, the encoder first learns from unlabelled news text (:func:`unlabelled_texts`).
    With ``teacher`` (a tagger file, e.g. the shipped ensemble), one network is distilled from it; ``init``
    (a tagger file) starts from its first network.  Both must come from training on the same data.
    ``distill_articles`` People's Daily articles (unlabelled) add the teacher's tags of their text.
    """
    import torch

    if threads:
        torch.set_num_threads(threads)
    started = time.perf_counter()
    # the data split is fixed, so that members trained with other seeds share vocabularies and held-out set
    if distill_articles and not teacher:
        raise ValueError("distill_articles needs a teacher")
    extra = unlabelled_texts(shared, n_articles=distill_articles, with_corpora=False) if distill_articles else []
    vocabularies, data, dev, distill_lines = encode_corpus(shared, names, gazetteer, unlabelled=extra)
    log(
        f"encoded {len(data):,} training lines ({sum(len(x.chars) for x, _ in data):,} chars), "
        f"{len(dev):,} held out, {len(distill_lines):,} unlabelled for distillation "
        f"({sum(len(x.chars) for x in distill_lines):,} chars); "
        f"vocab chars {len(vocabularies[0]):,} bigrams {len(vocabularies[1]):,} "
        f"marks {len(vocabularies[2]):,} in {time.perf_counter() - started:.0f} s"
    )
    teacher_tagger = ConvTagger.from_disk(teacher) if teacher else None
    init_tagger = ConvTagger.from_disk(init) if init else None
    for path, tagger in ((teacher, teacher_tagger), (init, init_tagger)):
        if tagger is not None and (tagger.chars, tagger.bigrams, tagger.marks) != vocabularies:
            raise ValueError(f"{path} was trained on other data (its vocabularies differ from this encoding)")
    unlabelled = unlabelled_texts(shared) if pretrain_epochs else None
    if unlabelled:
        log(f"pretraining on {len(unlabelled):,} unlabelled lines ({sum(map(len, unlabelled)):,} chars)")
    best = fit(
        vocabularies,
        data,
        dev,
        model_path,
        seed=seed,
        unlabelled=unlabelled,
        pretrain_epochs=pretrain_epochs,
        teacher=teacher_tagger,
        distill_lines=distill_lines,
        init=init_tagger.members[0] if init_tagger else None,
        log=log,
        **fit_options,
    )
    log(f"best held-out MSRA F1 {best:.4f}; saved {model_path}")
    return model_path
