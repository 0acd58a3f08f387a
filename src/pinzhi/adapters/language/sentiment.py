"""Review sentiment: is a Chinese review positive (1) or negative (0), and how sure are we.

Used for the review indicators of product grading (S1 7.1.1) and the consumer-voice reports.
The model is linear over hashed character n-grams (1 to 3 characters as shipped; up to 4
supported), so it needs no word segmentation and handles negation patterns such as 不太好 /
没毛病 directly as n-grams; the shipped model also counts every n-gram starting within 3
characters after 不/没/别/无 as a separate "negated" feature (`Features.negation_window`).
Each review's counts are scaled by 1/sqrt(its feature count).
Every step is a vectorised numpy operation over a whole batch (no Python loop per character),
which is what makes tens of thousands of reviews a second possible on one core
(benchmarks/language.py).

The shipped model is `models/sentiment.npz`: a plain zip holding `.npy` arrays (read with
`allow_pickle=False`) and a `meta.json` entry that records the feature recipe; `pinzhi train
sentiment` rebuilds it byte for byte (see `sentiment_training`).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from pinzhi.core.errors import ValidationFailed

MODEL_PATH = Path(__file__).resolve().parent / "models" / "sentiment.npz"
FORMAT = "pinzhi-sentiment/2"
NEGATORS = "不没别无"

# Multiplicative hashing in 32 bits, one odd constant per n-gram order: a bigram's hash is
# (hash(first) XOR second) × constant, and so on — the bucket is the top `bits` bits. An n-gram
# read under a negator is hashed once more with its own constant, so it gets a bucket of its own.
_MULTIPLIERS = (
    np.uint32(0x9E3779B1),
    np.uint32(0x85EBCA77),
    np.uint32(0xC2B2AE3D),
    np.uint32(0x27D4EB2F),
)
_NEGATED_SALT, _NEGATED_MULTIPLIER = np.uint32(0x5BD1E995), np.uint32(0x9E3779B1)
_NEGATOR_CODES = tuple(np.uint32(ord(c)) for c in NEGATORS)


def _fold_table() -> npt.NDArray[np.uint32]:
    """Code point → folded code point for the Basic Multilingual Plane: full-width ASCII to
    ASCII, Chinese punctuation to its ASCII twin, upper to lower case, every digit to 0, line
    breaks and tabs to spaces, so 好！ and 好! or 3天 and 5天 are the same feature."""
    table = np.arange(0x10000, dtype=np.uint32)
    table[0xFF01:0xFF5F] -= 0xFEE0
    for source, target in {
        0x3000: 0x20,
        0x3002: 0x2E,
        0x3001: 0x2C,
        0x201C: 0x22,
        0x201D: 0x22,
    }.items():
        table[source] = target
    table[0x41:0x5B] += 0x20
    table[0xFF21:0xFF3B] = np.arange(0x61, 0x7B)
    table[0x30:0x3A] = 0x30
    table[0xFF10:0xFF1A] = 0x30
    table[[0x00, 0x09, 0x0A, 0x0D]] = 0x20
    return table


_FOLD = _fold_table()

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Features:
    """Which n-grams a model reads; stored in its `meta.json` so a file carries its own recipe.

    `orders`: n-gram lengths (1 to 4); `bits`: 2^bits hash buckets; `negation_window`: an
    n-gram starting within this many characters after 不/没/别/无 (same review) is also counted
    as a separate "negated" feature (0 turns this off)."""

    bits: int
    orders: tuple[int, ...]
    negation_window: int

    @classmethod
    def of(cls, meta: dict[str, Any]) -> Features:
        try:
            features = cls(
                bits=int(meta["bits"]),
                orders=tuple(int(o) for o in meta["ngram_orders"]),
                negation_window=int(meta["negation_window"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationFailed(f"sentiment model meta lacks a valid {error}") from error
        if not features.orders or not set(features.orders) <= set(range(1, 5)):
            raise ValidationFailed(f"sentiment model: n-gram orders {features.orders} not in 1..4")
        if not 8 <= features.bits <= 26 or features.negation_window < 0:
            raise ValidationFailed(f"sentiment model: bad bits/negation window in {meta}")
        return features

    def meta(self) -> dict[str, Any]:
        return {
            "bits": self.bits,
            "ngram_orders": list(self.orders),
            "negation_window": self.negation_window,
        }


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch of texts as one array of folded code points; review r is
    `codes[starts[r] : starts[r] + lengths[r]]`."""

    codes: npt.NDArray[np.uint32]
    starts: Int64Array
    lengths: Int64Array

    @classmethod
    def of(cls, texts: Sequence[str]) -> Batch:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        raw = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        codes = _FOLD[np.minimum(raw, 0xFFFF)]
        if raw.size and raw.max() > 0xFFFF:
            codes = np.where(raw > 0xFFFF, raw, codes)
        return cls(codes=codes, starts=np.cumsum(lengths) - lengths, lengths=lengths)

    def rows(self) -> Int64Array:
        """The review each position belongs to."""
        return np.repeat(np.arange(self.lengths.size, dtype=np.int64), self.lengths)

    def room(self) -> Int64Array:
        """Per position: how many characters of its review start there (itself included)."""
        ends = np.repeat(self.starts + self.lengths, self.lengths)
        room: Int64Array = ends - np.arange(self.codes.size, dtype=np.int64)
        return room

    def negated(self, window: int) -> npt.NDArray[np.bool_]:
        """Per position: does a negator stand among the `window` characters before it, inside
        the same review? (A running count of negators, differenced over the window.)"""
        found = np.zeros(self.codes.size, dtype=bool)
        for code in _NEGATOR_CODES:
            found |= self.codes == code
        running = np.concatenate([[0], np.cumsum(found, dtype=np.int32)])
        position = np.arange(self.codes.size, dtype=np.int64)
        since = np.maximum(position - window, np.repeat(self.starts, self.lengths))
        flagged: npt.NDArray[np.bool_] = running[position] > running[since]
        return flagged

    def hashes(self, features: Features) -> Iterator[tuple[int, npt.NDArray[np.uint32]]]:
        """(order, 32-bit hash of the n-gram starting at every position) for each order read —
        including the n-grams that run past their review's end (`room` tells which)."""
        rolling = np.zeros(self.codes.size, dtype=np.uint32)
        for order in range(1, max(features.orders) + 1):
            rolling = (
                rolling[: self.codes.size - order + 1] ^ self.codes[order - 1 :]
            ) * _MULTIPLIERS[order - 1]
            if order in features.orders:
                yield order, rolling

    def grams(self, features: Features) -> Iterator[tuple[Int64Array, Int64Array]]:
        """(start positions, buckets) of the n-grams that lie inside their review, one pair per
        order and, with a negation window, one more per order for the negated n-grams. This is
        the definition of the features; `SentimentModel.raw_scores` computes the same sums
        faster."""
        room = self.room()
        negated = self.negated(features.negation_window) if features.negation_window else None
        for order, rolling in self.hashes(features):
            inside = room[: rolling.size] >= order
            positions = np.flatnonzero(inside)
            yield positions, bucket(rolling[positions], features.bits)
            if negated is not None:
                positions = np.flatnonzero(inside & negated[: rolling.size])
                yield positions, bucket(negate(rolling[positions]), features.bits)

    def tails(self, order: int) -> list[tuple[Int64Array, Int64Array]]:
        """The n-grams of `order` that run past their review's end but start inside the batch,
        as (review, position) pairs: the last order-1 positions of each review."""
        found = []
        ends = self.starts + self.lengths
        for back in range(1, order):
            position = ends - back
            keep = (position >= self.starts) & (position <= self.codes.size - order)
            found.append((np.flatnonzero(keep), position[keep]))
        return found


def bucket(hashes: npt.NDArray[np.uint32], bits: int) -> Int64Array:
    """The top `bits` bits of each hash."""
    found: Int64Array = (hashes >> np.uint32(32 - bits)).astype(np.intp)
    return found


def negate(hashes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The hash of the same n-gram read under a negator."""
    marked: npt.NDArray[np.uint32] = (hashes ^ _NEGATED_SALT) * _NEGATED_MULTIPLIER
    return marked


def feature_scale(counts: FloatArray) -> FloatArray:
    """Per-review factor applied to every n-gram count: 1/sqrt(features), 0 for an empty text."""
    scale: FloatArray = np.where(counts > 0, 1.0 / np.sqrt(np.maximum(counts, 1.0)), 0.0)
    return scale


@dataclass(frozen=True, slots=True)
class Prediction:
    """Polarity of one review: `label` 1 positive / 0 negative, `score` = P(positive)."""

    label: int
    score: float


class SentimentModel:
    """Linear model over hashed character n-grams; `predict` works on whole batches."""

    def __init__(
        self, *, weights: npt.NDArray[np.floating[Any]], bias: float, meta: dict[str, Any]
    ):
        self.features = Features.of(meta)
        if weights.shape != (1 << self.features.bits,):
            raise ValidationFailed(
                f"sentiment model: {weights.shape[0]} weights for {self.features.bits} bits"
            )
        self.weights = weights.astype(np.float32)
        self.bias = bias
        self.bits = self.features.bits
        self.meta = meta

    def raw_scores(self, texts: Sequence[str]) -> FloatArray:
        """Log-odds of being positive, one per text. Every n-gram's weight is added at its start
        position and the positions summed per review with `np.add.reduceat`; the few n-grams
        that ran into the next review are subtracted again (cheaper than masking them all)."""
        batch = Batch.of(texts)
        if not batch.codes.size:
            return np.full(len(texts), self.bias)
        features = self.features
        # one extra zero at the end: an empty last review starts there
        per_position = np.zeros(batch.codes.size + 1, dtype=np.float32)
        crossing = np.zeros(len(texts), dtype=np.float64)
        counts = sum(
            (np.maximum(batch.lengths - order + 1, 0) for order in features.orders),
            start=np.zeros(len(texts), dtype=np.int64),
        ).astype(np.float64)
        if features.negation_window:
            room, rows = batch.room(), batch.rows()
            negated = batch.negated(features.negation_window)
        for order, rolling in batch.hashes(features):
            weights = self.weights[bucket(rolling, features.bits)]
            per_position[: rolling.size] += weights
            for review, position in batch.tails(order):
                np.add.at(crossing, review, weights[position])
            if features.negation_window:
                positions = np.flatnonzero(
                    negated[: rolling.size] & (room[: rolling.size] >= order)
                )
                per_position[positions] += self.weights[
                    bucket(negate(rolling[positions]), features.bits)
                ]
                counts += np.bincount(rows[positions], minlength=len(texts))
        summed = np.add.reduceat(per_position, batch.starts)
        sums = np.where(batch.lengths > 0, summed, 0.0) - crossing
        raw: FloatArray = sums * feature_scale(counts) + self.bias
        return raw

    def probabilities(self, texts: Sequence[str]) -> FloatArray:
        """P(positive) for every text."""
        probability: FloatArray = 1.0 / (1.0 + np.exp(-self.raw_scores(texts)))
        return probability

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """Label and score of every text, in order."""
        return [Prediction(int(p >= 0.5), float(p)) for p in self.probabilities(texts).tolist()]


def write_model(
    path: Path, *, weights: npt.NDArray[np.float16], bias: float, meta: dict[str, Any]
) -> None:
    """Write the model as a zip of `.npy` arrays plus `meta.json`, with fixed timestamps so the
    same weights always give the same bytes."""
    entries = {"weights.npy": _npy(weights), "bias.npy": _npy(np.array([bias], np.float64))}
    entries["meta.json"] = json.dumps(
        {**meta, "format": FORMAT}, ensure_ascii=False, sort_keys=True, indent=1
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload, compresslevel=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def read_model(path: Path) -> SentimentModel:
    """Load a model file written by `write_model`; never unpickles anything."""
    if not path.exists():
        raise ValidationFailed(
            f"sentiment model file missing: {path} (rebuild it with `pinzhi train sentiment`)"
        )
    with zipfile.ZipFile(path) as archive:
        meta = json.loads(archive.read("meta.json"))
        if meta.get("format") != FORMAT:
            raise ValidationFailed(f"{path}: not a {FORMAT} model (format {meta.get('format')!r})")
        weights = _array(archive.read("weights.npy"))
        bias = float(_array(archive.read("bias.npy"))[0])
    return SentimentModel(weights=weights, bias=bias, meta=meta)


@cache
def shipped_model() -> SentimentModel:
    """The model shipped with pinzhi, loaded once per process."""
    return read_model(MODEL_PATH)


def _npy(array: npt.NDArray[Any]) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def _array(payload: bytes) -> npt.NDArray[Any]:
    array: npt.NDArray[Any] = np.lib.format.read_array(io.BytesIO(payload), allow_pickle=False)
    return array
