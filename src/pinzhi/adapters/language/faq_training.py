"""Training and evaluating the FAQ matcher on real Alipay question pairs (ATEC).

The split is fixed by the pair id: `id % 5 == 0` is held out (about 20 %), the rest trains.
Both methods choose their decision threshold on the training split only — the baseline (plain
character 1–3-gram TF-IDF cosine, IDF fitted on the training questions) on its training scores,
the matcher on 5-fold out-of-fold training predictions, so neither sees a held-out pair.
The matcher's weights are written to `models/faq_matcher.npz`; `evaluate` prints both methods.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from pinzhi.adapters.language.faq_matcher import (
    DENSE_NAMES,
    HASH_BUCKETS,
    HASHED_FAMILIES,
    MODEL_PATH,
    FaqMatcher,
    Idf,
    KnowledgeIndex,
    PairFeatures,
    Question,
    char_grams,
    normalise,
    words,
)

HELD_OUT_MODULUS = 5
REGULARISATION_C = 0.5


@dataclass(frozen=True)
class Pair:
    id: int
    first: str
    second: str
    same: bool


@dataclass(frozen=True)
class Scores:
    """Pair classification on the held-out split at the threshold chosen on training."""

    method: str
    threshold: float
    accuracy: float
    precision: float
    recall: float
    f1: float


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Pair(int(row["id"]), row["question_a"], row["question_b"], row["same"] == "1")
            for row in reader
        ]


def split(pairs: Sequence[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(training, held-out) by the documented id rule."""
    held = [p for p in pairs if p.id % HELD_OUT_MODULUS == 0]
    return [p for p in pairs if p.id % HELD_OUT_MODULUS != 0], held


def _questions(pairs: Sequence[Pair]) -> Iterator[str]:
    for pair in pairs:
        yield pair.first
        yield pair.second


def scores_at(method: str, y: NDArray[np.bool_], s: NDArray[np.float64], t: float) -> Scores:
    predicted = s >= t
    tp = float(np.sum(predicted & y))
    precision = tp / max(float(predicted.sum()), 1.0)
    recall = tp / max(float(y.sum()), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float(np.mean(predicted == y))
    return Scores(method, t, accuracy, precision, recall, f1)


def best_threshold(y: NDArray[np.bool_], s: NDArray[np.float64], *, by: str = "f1") -> float:
    """The threshold with the best F1 (pairs that mean the same are the minority), or with the
    best accuracy when `by="accuracy"`."""
    candidates = np.unique(np.quantile(s, np.linspace(0.01, 0.99, 197)))
    return float(max(candidates, key=lambda t: getattr(scores_at("", y, s, float(t)), by)))


def tfidf_baseline(train: Sequence[Pair], held: Sequence[Pair], *, by: str = "f1") -> Scores:
    """Plain character 1–3-gram TF-IDF cosine with the training split's best threshold."""
    vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    vectoriser.fit(list(_questions(train)))

    def cosines(pairs: Sequence[Pair]) -> NDArray[np.float64]:
        a = vectoriser.transform([p.first for p in pairs])
        b = vectoriser.transform([p.second for p in pairs])
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()

    threshold = best_threshold(_labels(train), cosines(train), by=by)
    return scores_at(f"TF-IDF cosine, best {by}", _labels(held), cosines(held), threshold)


def _labels(pairs: Sequence[Pair]) -> NDArray[np.bool_]:
    return np.array([p.same for p in pairs], dtype=bool)


def _design(features: PairFeatures, pairs: Sequence[Pair]) -> sparse.csr_matrix:
    cache: dict[str, Question] = {}
    dense_rows, rows, cols = [], [], []
    for r, pair in enumerate(pairs):
        a = cache.setdefault(pair.first, features.prepare(pair.first))
        b = cache.setdefault(pair.second, features.prepare(pair.second))
        dense_rows.append(PairFeatures.dense(a, b))
        for c in PairFeatures.hashed(a, b):
            rows.append(r)
            cols.append(c)
    dense = np.array(dense_rows)
    hashed = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(pairs), HASHED_FAMILIES * HASH_BUCKETS)
    )
    return sparse.hstack([sparse.csr_matrix(dense), hashed], format="csr")


def train(pairs: Sequence[Pair]) -> tuple[dict[str, NDArray[np.generic]], float]:
    """Fit the matcher on training pairs; returns its arrays and the chosen threshold."""
    forms = [normalise(q) for q in _questions(pairs)]
    features = PairFeatures(Idf.fit(char_grams(f) for f in forms), Idf.fit(words(f) for f in forms))
    design = _design(features, pairs)
    dense = design[:, : len(DENSE_NAMES)].toarray()
    mean, scale = dense.mean(axis=0), dense.std(axis=0) + 1e-9
    shift = sparse.hstack(
        [sparse.csr_matrix((dense - mean) / scale), design[:, len(DENSE_NAMES) :]], format="csr"
    )
    y = _labels(pairs)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=2000)
    out_of_fold = cross_val_predict(model, shift, y, cv=5, method="predict_proba")[:, 1]
    threshold = best_threshold(y, out_of_fold)
    accuracy_threshold = best_threshold(y, out_of_fold, by="accuracy")
    model.fit(shift, y)
    char_terms, char_idf = features.char_idf.arrays()
    word_terms, word_idf = features.word_idf.arrays()
    weights = model.coef_.ravel()
    arrays: dict[str, NDArray[np.generic]] = {
        "char_terms": char_terms,
        "char_idf": char_idf.astype(np.float32),
        "word_terms": word_terms,
        "word_idf": word_idf.astype(np.float32),
        "mean": mean,
        "scale": scale,
        "dense_weights": weights[: len(DENSE_NAMES)],
        "hashed_weights": weights[len(DENSE_NAMES) :].astype(np.float32),
        "intercept": np.array([model.intercept_[0]]),
        "threshold": np.array([threshold]),
        "accuracy_threshold": np.array([accuracy_threshold]),
    }
    return arrays, threshold


def save(arrays: dict[str, NDArray[np.generic]], path: Path = MODEL_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
    return path


def evaluate_matcher(matcher: FaqMatcher, held: Sequence[Pair], *, by: str = "f1") -> Scores:
    """Held-out scores at the threshold chosen for F1 (the matcher's `confident` line) or for
    accuracy; both were chosen on out-of-fold training predictions."""
    prepare = matcher.features.prepare
    s = np.array([matcher.same_probability(prepare(p.first), prepare(p.second)) for p in held])
    threshold = matcher.threshold if by == "f1" else matcher.accuracy_threshold
    return scores_at(f"FAQ matcher, best {by}", _labels(held), s, threshold)


@dataclass(frozen=True)
class RetrievalScore:
    questions: int
    top1: float
    top3: float
    ms_per_query: float


def evaluate_retrieval(
    index: KnowledgeIndex, paraphrases: Sequence[tuple[str, str]]
) -> RetrievalScore:
    """Top-1 and top-3 of (entry id, question) paraphrases that are not among the variants."""
    top1 = top3 = 0
    started = time.perf_counter()
    for entry_id, question in paraphrases:
        found = [m.entry_id for m in index.search(question, limit=3)]
        top1 += bool(found) and found[0] == entry_id
        top3 += entry_id in found
    elapsed = time.perf_counter() - started
    n = max(len(paraphrases), 1)
    return RetrievalScore(len(paraphrases), top1 / n, top3 / n, 1000 * elapsed / n)


PARAPHRASES_PATH = Path(__file__).resolve().parent / "data" / "kb_paraphrases.tsv"


def read_paraphrases(path: Path = PARAPHRASES_PATH) -> list[tuple[str, str]]:
    """(entry id, question) lines of the held-out knowledge-base paraphrases."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(entry_id, question) for entry_id, question in pairs]
