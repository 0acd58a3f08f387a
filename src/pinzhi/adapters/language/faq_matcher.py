"""Matching a consumer's question to a knowledge-base entry (S3 6.7.1; SPEC C12).

Two questions are compared through a handful of similarity features — character 1–3-gram TF-IDF
cosine, jieba word TF-IDF cosine, character and word overlap, length ratio, edit-distance ratio,
longest common run, negation mismatch — plus hashed indicators of the words the two share and
the words only one of them has, and the word swaps between them (so "花呗" against "借呗" can
weigh more than "吗" against "呢"). A logistic regression trained on real Alipay question pairs
(`faq_training`) turns them into the probability that both ask the same thing. Questions are
first folded to one form: half-width, lower case, punctuation and particles dropped, synonyms
(`data/faq_synonyms.tsv`) replaced.

Retrieval over the knowledge base ranks every question variant by the mean of the character and
word TF-IDF cosines, rescores the best `SHORTLIST` with the pair model, and answers with the
entry of the best-scoring variant. The weights live in `models/faq_matcher.npz` (arrays only,
loaded without pickle).
"""

from __future__ import annotations

import difflib
import logging
import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from pinzhi.adapters.language.text_forms import halfwidth

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "models" / "faq_matcher.npz"
SYNONYMS_PATH = HERE / "data" / "faq_synonyms.tsv"
HASH_BUCKETS = 1 << 14  # per hashed family: shared words, one-sided words, swapped-word pairs
HASHED_FAMILIES = 3
SHORTLIST = 20
NEGATIONS = frozenset("不没未无别非")
DENSE_NAMES = (
    "char_tfidf_cosine",
    "word_tfidf_cosine",
    "char_jaccard",
    "bigram_jaccard",
    "word_jaccard",
    "length_ratio",
    "edit_ratio",
    "longest_common_run",
    "negation_mismatch",
    "length_gap",
)
# sentence-final particles; 么 only where it does not end 怎么, 什么, 那么, 这么, 多么, 要么
_PARTICLES = re.compile(r"(?<=.)(?:[吗嘛呢啊呀吧哦哈啦]|(?<![怎什那这多要])么)+(?=\W|$)")
_KEEP_WORDS = ("花呗", "借呗", "余额宝", "价保", "三包", "无理由", "红字发票", "长辈模式", "人工")


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for line in SYNONYMS_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            variant, canonical = line.split("\t")
            table[variant] = canonical
    ordered = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))), table


def normalise(text: str) -> str:
    """The one form questions are compared in (see the module docstring)."""
    text = halfwidth(unicodedata.normalize("NFKC", text)).lower()
    text = _PARTICLES.sub("", text)
    pattern, table = _synonym_pattern()
    text = pattern.sub(lambda m: table[m.group(0)], text)
    return re.sub(r"[\s\W_]+", "", text)


@cache
def _jieba_ready() -> bool:
    jieba.setLogLevel(logging.WARNING)
    for word in _KEEP_WORDS:
        jieba.add_word(word)
    return True


def words(text: str) -> list[str]:
    """jieba words of a normalised question."""
    _jieba_ready()
    return [w for w in jieba.lcut(text, HMM=False) if w.strip()]


def char_grams(text: str) -> list[str]:
    return [text[i : i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)]


class Idf:
    """Inverse document frequencies of one vocabulary; unseen terms get the largest weight."""

    def __init__(self, terms: Sequence[str], weights: NDArray[np.float64]) -> None:
        self._weights = dict(zip(terms, weights.tolist(), strict=True))
        self._unseen = float(weights.max()) if len(weights) else 1.0

    @classmethod
    def fit(cls, documents: Iterable[Sequence[str]], *, min_df: int = 2) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for terms in documents:
            df.update(set(terms))
            n += 1
        kept = sorted(t for t, c in df.items() if c >= min_df)
        weights = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept])
        return cls(kept, weights)

    def arrays(self) -> tuple[NDArray[np.str_], NDArray[np.float64]]:
        return np.array(list(self._weights), dtype=np.str_), np.array(list(self._weights.values()))

    def vector(self, terms: Sequence[str]) -> dict[str, float]:
        """L2-normalised TF-IDF weights of a bag of terms."""
        counts = Counter(terms)
        raw = {t: c * self._weights.get(t, self._unseen) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


@dataclass(frozen=True, slots=True)
class Question:
    """A question prepared once for many comparisons."""

    text: str
    form: str
    words: tuple[str, ...]
    char_vector: dict[str, float]
    word_vector: dict[str, float]
    chars: frozenset[str]
    bigrams: frozenset[str]
    word_set: frozenset[str]
    negated: bool


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _bucket(prefix: str, word: str) -> int:
    return zlib.crc32(f"{prefix}{word}".encode()) % HASH_BUCKETS


class PairFeatures:
    """Turns questions into `Question`s and pairs of them into feature rows."""

    def __init__(self, char_idf: Idf, word_idf: Idf) -> None:
        self.char_idf = char_idf
        self.word_idf = word_idf

    def prepare(self, text: str) -> Question:
        form = normalise(text)
        tokens = tuple(words(form))
        return Question(
            text=text,
            form=form,
            words=tokens,
            char_vector=self.char_idf.vector(char_grams(form)),
            word_vector=self.word_idf.vector(tokens),
            chars=frozenset(form),
            bigrams=frozenset(form[i : i + 2] for i in range(len(form) - 1)),
            word_set=frozenset(tokens),
            negated=bool(NEGATIONS & set(form)),
        )

    @staticmethod
    def dense(
        a: Question, b: Question, matcher: difflib.SequenceMatcher[str] | None = None
    ) -> list[float]:
        """The similarity features; `matcher`, if given, already holds `b.form` as its second
        sequence (comparing one question with many then prepares it once)."""
        la, lb = len(a.form), len(b.form)
        if matcher is None:
            matcher = difflib.SequenceMatcher(None, b=b.form, autojunk=False)
        matcher.set_seq1(a.form)
        run = matcher.find_longest_match(0, la, 0, lb).size
        return [
            cosine(a.char_vector, b.char_vector),
            cosine(a.word_vector, b.word_vector),
            _jaccard(a.chars, b.chars),
            _jaccard(a.bigrams, b.bigrams),
            _jaccard(a.word_set, b.word_set),
            min(la, lb) / max(la, lb, 1),
            matcher.ratio(),
            run / max(min(la, lb), 1),
            float(a.negated != b.negated),
            math.log1p(abs(la - lb)),
        ]

    @staticmethod
    def hashed(a: Question, b: Question) -> list[int]:
        """Column offsets (after the dense block) of the word indicators: words both share,
        words only one has, and each swap of a word in one for a word in the other (花呗|借呗)."""
        only_a, only_b = a.word_set - b.word_set, b.word_set - a.word_set
        shared = {_bucket("s:", w) for w in a.word_set & b.word_set}
        alone = {HASH_BUCKETS + _bucket("d:", w) for w in only_a | only_b}
        swaps = {
            2 * HASH_BUCKETS + _bucket("x:", "|".join(sorted((x, y))))
            for x in only_a
            for y in only_b
        }
        return sorted(shared | alone | swaps)


class FaqMatcher:
    """The trained pair model: `same_probability` for two questions."""

    def __init__(self, arrays: dict[str, NDArray[np.generic]]) -> None:
        self.features = PairFeatures(
            Idf(arrays["char_terms"].tolist(), arrays["char_idf"].astype(np.float64)),
            Idf(arrays["word_terms"].tolist(), arrays["word_idf"].astype(np.float64)),
        )
        self.mean = arrays["mean"].astype(np.float64)
        self.scale = arrays["scale"].astype(np.float64)
        self.dense_weights = arrays["dense_weights"].astype(np.float64)
        self.hashed_weights = arrays["hashed_weights"].astype(np.float64)
        self.intercept = float(arrays["intercept"][0])
        self.threshold = float(arrays["threshold"][0])
        self.accuracy_threshold = float(arrays["accuracy_threshold"][0])

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> FaqMatcher:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `pinzhi train faq`")
        with np.load(path, allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def probabilities(self, asked: Question, candidates: Sequence[Question]) -> NDArray[np.float64]:
        """Probability that `asked` means the same as each candidate, in one matrix product."""
        if not candidates:
            return np.zeros(0)
        matcher = difflib.SequenceMatcher(None, b=asked.form, autojunk=False)
        dense = np.array([PairFeatures.dense(c, asked, matcher) for c in candidates])
        hashed = [self.hashed_weights[PairFeatures.hashed(c, asked)].sum() for c in candidates]
        logits = ((dense - self.mean) / self.scale) @ self.dense_weights + hashed + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)

    def same_probability(self, a: Question, b: Question) -> float:
        return float(self.probabilities(b, [a])[0])

    def compare(self, first: str, second: str) -> float:
        prepare = self.features.prepare
        return self.same_probability(prepare(first), prepare(second))


@cache
def shipped_matcher() -> FaqMatcher:
    """The matcher built by `pinzhi train faq`, loaded once per process."""
    return FaqMatcher.load()


@dataclass(frozen=True)
class KnowledgeItem:
    """What retrieval needs of an entry: its id, title and question variants."""

    entry_id: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    entry_id: str
    title: str
    score: float
    """Probability that the question asks what the entry's best variant asks."""
    variant: str
    confident: bool
    """At or above the matcher's threshold; below it the caller should hand off or ask back."""


class KnowledgeIndex:
    """The knowledge base prepared for retrieval; rebuild it when the entries change.

    The rough pass is one sparse product: every variant's character and word TF-IDF vectors sit
    in the columns-by-term matrix `_terms`, so a question's cosines are a few column slices.
    """

    def __init__(self, items: Sequence[KnowledgeItem], matcher: FaqMatcher | None = None) -> None:
        self.matcher = matcher or shipped_matcher()
        self._owners: list[KnowledgeItem] = []
        self._questions: list[Question] = []
        for item in items:
            for text in (item.title, *item.questions):
                self._owners.append(item)
                self._questions.append(self.matcher.features.prepare(text))
        self._columns: dict[str, int] = {}
        rows, cols, values = [], [], []
        for row, question in enumerate(self._questions):
            for term, weight in _weighted_terms(question):
                rows.append(row)
                cols.append(self._columns.setdefault(term, len(self._columns)))
                values.append(weight)
        shape = (len(self._questions), max(len(self._columns), 1))
        self._terms = sparse.csc_matrix((values, (rows, cols)), shape=shape)

    def __len__(self) -> int:
        return len({item.entry_id for item in self._owners})

    def search(self, question: str, *, limit: int = 3) -> list[Match]:
        """The best entries for a question, best first, one match per entry."""
        if not question.strip() or not self._questions:
            return []
        asked = self.matcher.features.prepare(question)
        known = [(self._columns[t], w) for t, w in _weighted_terms(asked) if t in self._columns]
        rough = np.zeros(len(self._questions))
        if known:
            columns, weights = zip(*known, strict=True)
            rough = self._terms[:, list(columns)] @ np.array(weights)
        shortlist = np.argsort(-rough, kind="stable")[:SHORTLIST].tolist()
        scores = self.matcher.probabilities(asked, [self._questions[i] for i in shortlist])
        best: dict[str, Match] = {}
        for i, score in zip(shortlist, scores.tolist(), strict=True):
            owner, candidate = self._owners[i], self._questions[i]
            if owner.entry_id not in best or score > best[owner.entry_id].score:
                best[owner.entry_id] = Match(
                    owner.entry_id,
                    owner.title,
                    round(score, 4),
                    candidate.text,
                    score >= self.matcher.threshold,
                )
        return sorted(best.values(), key=lambda m: m.score, reverse=True)[:limit]

    def best(self, question: str) -> Match | None:
        found = self.search(question, limit=1)
        return found[0] if found else None


def _weighted_terms(question: Question) -> Iterator[tuple[str, float]]:
    """Character and word TF-IDF weights, each family at half weight (the mean of two cosines)."""
    for term, weight in question.char_vector.items():
        yield "c:" + term, weight / 2
    for term, weight in question.word_vector.items():
        yield "w:" + term, weight / 2
