"""A convolutional character tagger for PERSON / TITLE / ORG / LOC, run with numpy.

Every character is embedded from itself, the two bigrams it belongs to and
its lexical marks (:func:`nlp_quotes.entities.crf.lexical_marks`: script,
surname, a title before or a cue after it, name-model and gazetteer
evidence).  Residual dilated convolutions let each character see the
characters around it; a linear layer scores the BIO tags and learned
transitions pick the best tag sequence of each line (Viterbi, with BIO
constraints).

The model is trained with PyTorch (``python -m nlp_quotes.training neural``)
and shipped as one compressed ``.npz`` with float16 weights; tagging needs
numpy only, so the default pipeline imports no deep-learning framework.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from nlp_quotes.entities.crf import NO_RESOURCES, FeatureResources, lexical_marks, line_entities, text_lines
from nlp_quotes.entities.names import NameModel, load_name_model
from nlp_quotes.lexicons import Lexicons, load_lexicons
from nlp_quotes.text.chars import FULL_STOPS, SENTENCE_TRAIL
from nlp_quotes.types import EntitySpan

#: Output tags, in the order of the model's scores.
TAGS = ("O", "B-PERSON", "I-PERSON", "B-TITLE", "I-TITLE", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
#: Vocabulary ids shared by characters, bigrams and marks.
PAD, UNK = 0, 1
#: Most marks a character keeps (they come a few per character).
MAX_MARKS = 12
#: Score of a forbidden tag transition (I-X after anything but B-X / I-X).
FORBIDDEN = -1e4


def allowed_transitions() -> np.ndarray:
    """``allowed[i, j]``: may tag ``j`` follow tag ``i``; and which tags may start a line (last row)."""
    allowed = np.ones((len(TAGS) + 1, len(TAGS)), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            label = tag[2:]
            for i, previous in enumerate(TAGS):
                allowed[i, j] = previous[2:] == label
            allowed[len(TAGS), j] = False
    return allowed


@dataclass(frozen=True)
class Vocabulary:
    """String -> id, with 0 for padding and 1 for unknown strings."""

    index: dict[str, int]

    @classmethod
    def from_strings(cls, strings: list[str]) -> Vocabulary:
        return cls({string: k + 2 for k, string in enumerate(strings)})

    def ids(self, strings: list[str]) -> list[int]:
        index = self.index
        return [index.get(string, UNK) for string in strings]

    def strings(self) -> list[str]:
        return sorted(self.index, key=self.index.__getitem__)

    def __len__(self) -> int:
        return len(self.index) + 2


@dataclass(frozen=True)
class EncodedLine:
    """Model inputs of one line: ids of each character, its bigrams and its marks."""

    chars: np.ndarray  # (n,)
    left_bigrams: np.ndarray  # (n,)  the bigram ending on the character
    right_bigrams: np.ndarray  # (n,)  the bigram starting on it
    marks: np.ndarray  # (n, MAX_MARKS), PAD-filled


def encode_line(
    text: str,
    chars: Vocabulary,
    bigrams: Vocabulary,
    marks: Vocabulary,
    lex: Lexicons | None = None,
    resources: FeatureResources = NO_RESOURCES,
) -> EncodedLine:
    """Ids of the inputs of every character of ``text``."""
    padded = "^" + text + "$"
    bigram_ids = np.array(bigrams.ids([padded[i : i + 2] for i in range(len(text) + 1)]), dtype=np.int32)
    mark_index = marks.index
    rows = [[mark_index[mark] for mark in row if mark in mark_index] for row in lexical_marks(text, lex, resources)]
    return EncodedLine(
        chars=np.array(chars.ids(list(text)), dtype=np.int32),
        left_bigrams=bigram_ids[:-1],
        right_bigrams=bigram_ids[1:],
        marks=_padded_rows(rows, MAX_MARKS),
    )


def _padded_rows(rows: list[list[int]], width: int) -> np.ndarray:
    """``rows`` as one ``(len(rows), width)`` array: each row cut to ``width`` ids, PAD after them."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    out = np.full((len(rows), width), PAD, dtype=np.int32)
    flat = np.fromiter((i for row in rows for i in row), dtype=np.int32, count=int(lengths.sum()))
    row_of = np.repeat(np.arange(len(rows)), lengths)
    column = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = column < width
    out[row_of[keep], column[keep]] = flat[keep]
    return out


Weights = dict[str, np.ndarray]


def _embedded(w: Weights, inputs: tuple[np.ndarray, ...]) -> np.ndarray:
    """The input vectors of one network: character, bigram and summed mark embeddings side by side."""
    chars, left, right, mark_ids, _ = inputs
    return np.concatenate(
        [w["char_emb"][chars], w["bigram_emb"][left], w["bigram_emb"][right], w["mark_emb"][mark_ids].sum(axis=1)],
        axis=1,
        dtype=np.float32,
    )


def _layer_names(dilations: tuple[int, ...]) -> list[str]:
    """Names of the weights after the embeddings, which :attr:`ConvTagger.stacked` stacks over the members."""
    return ["in_w", "in_b", "out_w", "out_b", *(f"conv{k}_{part}" for k in range(len(dilations)) for part in "wb")]


def _stacked_scores(
    members: tuple[Weights, ...], stacked: Weights, dilations: tuple[int, ...], inputs: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Tag scores of every member at once, ``(members, n, tags)``: each product is one stacked matrix product.

    The same products, in the same order, as :func:`_member_scores` per
    member (numpy runs one BLAS product per member slice), so the scores are
    bit for bit the same; a short text pays the fixed cost of each numpy call
    once instead of once per member.
    """
    mask = inputs[4]
    h = np.stack([_embedded(w, inputs) for w in members]) @ stacked["in_w"]
    h += stacked["in_b"][:, None, :]
    np.maximum(h, 0.0, out=h)
    h *= mask
    width = h.shape[2]
    for k, d in enumerate(dilations):
        kernel = stacked[f"conv{k}_w"]  # taps on t - d, t, t + d, stacked
        y = h @ kernel[:, width : 2 * width]
        y[:, d:] += h[:, :-d] @ kernel[:, :width]
        y[:, :-d] += h[:, d:] @ kernel[:, 2 * width :]
        y += stacked[f"conv{k}_b"][:, None, :]
        np.maximum(y, 0.0, out=y)
        h += y
        h *= mask
    return h @ stacked["out_w"] + stacked["out_b"][:, None, :]


def _member_scores(w: Weights, dilations: tuple[int, ...], inputs: tuple[np.ndarray, ...]) -> np.ndarray:
    """Tag scores of one network over the concatenated lines (see :meth:`ConvTagger.emissions`).

    A convolution of width 3 is three matrix products whose results are
    added one row apart (``d`` rows apart with dilation ``d``); that moves
    far less memory than stacking shifted copies of the input.
    """
    mask = inputs[4]
    h = _embedded(w, inputs) @ w["in_w"]
    h += w["in_b"]
    np.maximum(h, 0.0, out=h)
    h *= mask
    width = h.shape[1]
    for k, d in enumerate(dilations):
        kernel = w[f"conv{k}_w"]  # taps on t - d, t, t + d, stacked
        y = h @ kernel[width : 2 * width]
        y[d:] += h[:-d] @ kernel[:width]
        y[:-d] += h[d:] @ kernel[2 * width :]
        y += w[f"conv{k}_b"]
        np.maximum(y, 0.0, out=y)
        h += y
        h *= mask
    return h @ w["out_w"] + w["out_b"]


@dataclass(frozen=True)
class ConvTagger:
    """Vocabularies, dilations and the weights of one or more trained networks.

    With several members (networks trained from different seeds on the same
    data and vocabularies) the tag scores and transitions are averaged: an
    ensemble that is steadier than any one of them.
    """

    chars: Vocabulary
    bigrams: Vocabulary
    marks: Vocabulary
    dilations: tuple[int, ...]
    members: tuple[Weights, ...]

    # -- scoring ---------------------------------------------------------------------------

    @cached_property
    def decoding_scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Transition, start and end scores of :meth:`decode_lines` (see :func:`_constrained`), computed once."""
        return _constrained(self.members)

    @cached_property
    def stacked(self) -> Weights:
        """The members' weights after the embeddings, stacked on a first axis (see :func:`_stacked_scores`)."""
        return {name: np.stack([member[name] for member in self.members]) for name in _layer_names(self.dilations)}

    def emissions(self, lines: list[EncodedLine]) -> list[np.ndarray]:
        """Tag scores ``(n, len(TAGS))`` of every line; the lines run through the network together.

        The lines are laid end to end with gaps of padding as wide as the
        largest dilation, and the padding is zeroed after every layer, so no
        line sees another.
        """
        gap = max(self.dilations)
        starts = []
        position = gap
        for line in lines:
            starts.append(position)
            position += len(line.chars) + gap
        total = position
        chars = np.zeros(total, dtype=np.int32)
        left = np.zeros(total, dtype=np.int32)
        right = np.zeros(total, dtype=np.int32)
        mark_ids = np.zeros((total, MAX_MARKS), dtype=np.int32)
        mask = np.zeros((total, 1), dtype=np.float32)
        for start, line in zip(starts, lines, strict=True):
            end = start + len(line.chars)
            chars[start:end], left[start:end], right[start:end] = line.chars, line.left_bigrams, line.right_bigrams
            mark_ids[start:end] = line.marks
            mask[start:end] = 1.0
        inputs = (chars, left, right, mark_ids, mask)
        by_member = _stacked_scores(self.members, self.stacked, self.dilations, inputs)
        scores = by_member[0]
        for member_scores in by_member[1:]:
            scores += member_scores
        if len(self.members) > 1:
            scores /= len(self.members)
        return [scores[start : start + len(line.chars)] for start, line in zip(starts, lines, strict=True)]

    def decode(self, scores: np.ndarray) -> list[str]:
        """Best BIO tag sequence for the tag scores of one line (Viterbi)."""
        return self.decode_lines([scores])[0]

    def decode_lines(self, scores_of_lines: list[np.ndarray]) -> list[list[str]]:
        """Best BIO tag sequence of every line (Viterbi, all lines in step, longest first)."""
        if not scores_of_lines:
            return []
        transitions, start, end = self.decoding_scores
        order = sorted(range(len(scores_of_lines)), key=lambda k: -len(scores_of_lines[k]))
        lengths = [len(scores_of_lines[k]) for k in order]
        longest = lengths[0]
        paths: list[list[str]] = [[] for _ in scores_of_lines]
        if longest == 0:
            return paths
        scores = np.zeros((len(order), longest, len(TAGS)), dtype=np.float32)
        for row, k in enumerate(order):
            scores[row, : lengths[row]] = scores_of_lines[k]
        best = start + scores[:, 0]
        final = np.zeros_like(best)
        back = np.zeros((longest, len(order), len(TAGS)), dtype=np.int8)
        active = len(order)
        for t in range(1, longest + 1):
            while active and lengths[active - 1] <= t:  # lines that ended at t - 1
                active -= 1
                final[active] = best[active] + end
            if not active:
                break
            candidates = best[:active, :, None] + transitions
            back[t, :active] = candidates.argmax(axis=1)
            best[:active] = candidates.max(axis=1) + scores[:active, t]
        last = final.argmax(axis=1).tolist()
        for row, k in enumerate(order):
            length = lengths[row]
            if not length:
                continue
            tag = last[row]
            path = [tag]
            for pointer_row in back[length - 1 : 0 : -1, row].tolist():
                tag = pointer_row[tag]
                path.append(tag)
            paths[k] = [TAGS[i] for i in reversed(path)]
        return paths

    # -- storage ---------------------------------------------------------------------------

    def to_disk(self, path: Path) -> None:
        """One compressed ``.npz``: float16 weights (``m<k>_<name>`` per member), vocabularies as string arrays."""
        arrays = {
            f"m{k}_{name}": array.astype(np.float16)
            for k, member in enumerate(self.members)
            for name, array in member.items()
        }
        for name in ("chars", "bigrams", "marks"):
            arrays[f"vocab_{name}"] = np.array(getattr(self, name).strings(), dtype=str)
        arrays["dilations"] = np.array(self.dilations, dtype=np.int32)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(handle, **arrays)

    @classmethod
    def from_disk(cls, path: Path) -> ConvTagger:
        with np.load(path, allow_pickle=False) as data:
            members: dict[int, Weights] = {}
            for key in data.files:
                prefix, _, name = key.partition("_")
                if prefix.startswith("m") and prefix[1:].isdigit():
                    members.setdefault(int(prefix[1:]), {})[name] = _in_memory(name, data[key])
                elif prefix == "w":  # a single network written before ensembles
                    members.setdefault(0, {})[name] = _in_memory(name, data[key])
            vocabularies = {
                name: Vocabulary.from_strings([str(s) for s in data[f"vocab_{name}"]])
                for name in ("chars", "bigrams", "marks")
            }
            dilations = tuple(int(d) for d in data["dilations"])
        for member in members.values():
            member["mark_emb"][PAD] = 0.0
        return cls(dilations=dilations, members=tuple(members[k] for k in sorted(members)), **vocabularies)

    @classmethod
    def ensemble(cls, taggers: list[ConvTagger]) -> ConvTagger:
        """One tagger whose members are those of ``taggers`` (same vocabularies and dilations)."""
        first = taggers[0]
        for other in taggers[1:]:
            if (other.chars, other.bigrams, other.marks, other.dilations) != (
                first.chars,
                first.bigrams,
                first.marks,
                first.dilations,
            ):
                raise ValueError("ensemble members must share vocabularies and dilations (train them on the same data)")
        members = tuple(member for tagger in taggers for member in tagger.members)
        return cls(first.chars, first.bigrams, first.marks, first.dilations, members)


#: Weights kept as stored (float16): the large lookup tables, read a few rows at a time.
HALF_PRECISION_TABLES = ("bigram_emb",)


def _in_memory(name: str, array: np.ndarray) -> np.ndarray:
    """A stored weight as held in memory: lookup tables stay float16 (half the memory traffic), the rest float32."""
    return array if name in HALF_PRECISION_TABLES else array.astype(np.float32)


def _constrained(members: tuple[Weights, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Transition, start and end scores averaged over the members, with forbidden BIO moves ruled out."""
    allowed = allowed_transitions()
    transitions, start, end = (np.mean([m[name] for m in members], axis=0) for name in ("transitions", "start", "end"))
    return np.where(allowed[:-1], transitions, FORBIDDEN), np.where(allowed[-1], start, FORBIDDEN), end


#: Characters that go through the network at once (bounds the memory of a huge document).
BATCH_CHARS = 4_096


def _batches(lines: list[EncodedLine]) -> list[list[EncodedLine]]:
    batches: list[list[EncodedLine]] = [[]]
    size = 0
    for line in lines:
        if batches[-1] and size + len(line.chars) > BATCH_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(line)
        size += len(line.chars)
    return batches


@lru_cache(maxsize=1)
def one_blas_thread_in_child_processes() -> bool:
    """In a worker process (``process(n_process=…)``, Dask), keep numpy's BLAS to one thread; once per process.

    Each worker already has a core of its own; BLAS threads on top of that
    fight over the cores (two workers ran slower than one).  The main process
    is left as the user set it up.  Returns whether a limit was set.
    """
    if multiprocessing.parent_process() is None:
        return False

    threadpool_limits(limits=1, user_api="blas")
    return True


#: Sentence ends after which :func:`sentence_pieces` cuts, and what may trail them (closing quotes, brackets).
SENTENCE_ENDS = FULL_STOPS
#: Shortest piece :func:`sentence_pieces` cuts off (the training lines were cut the same way).
MIN_PIECE_CHARS = 20
#: Longest piece: a longer stretch without a sentence end is cut at a clause mark or a space, else at this length.
MAX_PIECE_CHARS = 1_000
#: Where :func:`sentence_pieces` cuts a stretch longer than :data:`MAX_PIECE_CHARS`, best first.
SOFT_ENDS = ("；;", "，,、：:", " \u3000\t")


def sentence_pieces(offset: int, line: str) -> list[tuple[int, str]]:
    """``(offset, piece)`` of ``line`` cut after sentence ends, each piece at least :data:`MIN_PIECE_CHARS` long.

    The tagger sees a few characters either side, so a paragraph tags as its
    sentences do; decoding pieces instead of whole paragraphs takes far fewer
    Viterbi steps (one per character of the longest line).  No piece is longer
    than :data:`MAX_PIECE_CHARS` (see :func:`_capped`), so that a paragraph
    without punctuation does not decode one step per character.
    """
    pieces = []
    start = 0
    i = 0
    while i < len(line):
        if line[i] in SENTENCE_ENDS:
            end = i + 1
            while end < len(line) and (line[end] in SENTENCE_ENDS or line[end] in SENTENCE_TRAIL):
                end += 1
            if end - start >= MIN_PIECE_CHARS and end < len(line):
                pieces.extend(_capped(offset + start, line[start:end]))
                start = end
            i = end
        else:
            i += 1
    pieces.extend(_capped(offset + start, line[start:]))
    return pieces


def _capped(offset: int, piece: str) -> list[tuple[int, str]]:
    """``piece`` in pieces of at most :data:`MAX_PIECE_CHARS`: cut after the last clause mark or space, else hard."""
    out = []
    while len(piece) > MAX_PIECE_CHARS:
        window = piece[MIN_PIECE_CHARS:MAX_PIECE_CHARS]
        cut = MAX_PIECE_CHARS
        for marks in SOFT_ENDS:
            at = max(window.rfind(mark) for mark in marks)
            if at >= 0:
                cut = MIN_PIECE_CHARS + at + 1
                break
        out.append((offset, piece[:cut]))
        offset, piece = offset + cut, piece[cut:]
    out.append((offset, piece))
    return out


@lru_cache(maxsize=2)
def load_conv_tagger(path: str) -> ConvTagger:
    """The tagger saved at ``path`` (cached)."""
    if not Path(path).is_file():
        raise OSError(f"no neural NER model at {path}; train one with `python -m nlp_quotes.training neural`")
    return ConvTagger.from_disk(Path(path))


def tag_entities(
    text: str,
    model_path: str | Path,
    names_path: str | Path | None = None,
    resources: FeatureResources = NO_RESOURCES,
) -> list[EntitySpan]:
    """Entity spans of ``text``, line by line (the lines go through the network in one batch).

    With ``names_path``, runs of names written without separators that the
    tagger left untagged become one PERSON per name.  ``resources`` must be
    those the model was trained with.
    """
    tagger = load_conv_tagger(str(model_path))
    names = load_name_model(str(names_path)) if names_path else None
    return tag_with(tagger, text, names, resources, load_lexicons())


def tag_with(
    tagger: ConvTagger,
    text: str,
    names: NameModel | None = None,
    resources: FeatureResources = NO_RESOURCES,
    lex: Lexicons | None = None,
) -> list[EntitySpan]:
    """Entity spans of ``text`` by a loaded ``tagger`` (see :func:`tag_entities`), with lexicons ``lex``."""
    one_blas_thread_in_child_processes()
    lex = lex or load_lexicons()
    lines = [piece for line in text_lines(text) for piece in sentence_pieces(*line)]
    encoded = [encode_line(line, tagger.chars, tagger.bigrams, tagger.marks, lex, resources) for _, line in lines]
    scores_of_lines = []
    for batch in _batches(encoded):
        scores_of_lines.extend(tagger.emissions(batch))
    spans: list[EntitySpan] = []
    for (offset, line), tags in zip(lines, tagger.decode_lines(scores_of_lines), strict=True):
        line_spans = line_entities(line, tags, names, split_tagged=False)
        spans.extend((offset + start, offset + end, label) for start, end, label in line_spans)
    return spans
