"""Aspect mentions and their polarity, including negations that try to fool a keyword match."""

from __future__ import annotations

import numpy as np
import pytest

from pinzhi.adapters.language import aspects

POS, NEG = aspects.POSITIVE, aspects.NEGATIVE


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ("质量很好，物流也快", {"quality": POS, "logistics": POS}),
        ("质量不好", {"quality": NEG}),
        ("质量不太好，客服态度很差", {"quality": NEG, "service": NEG}),
        ("质量没得说，发货速度神速", {"quality": POS, "logistics": POS}),
        ("做工精细，性价比高", {"quality": POS, "price": POS}),
        ("质量一般", {"quality": NEG}),
        ("质量还可以吧，就是有点贵", {"quality": POS, "price": NEG}),
        ("一点也不贵", {"price": POS}),
        ("没有色差，尺码合适", {"description_match": POS}),
        ("色差很大，尺码偏小", {"description_match": NEG}),
        ("质量好物流慢", {"quality": POS, "logistics": NEG}),
        ("质量并不好", {"quality": NEG}),
        ("质量没有想象中的好", {"quality": NEG}),
        ("价格便宜，质量也不差", {"price": POS, "quality": POS}),
        ("衣服做工粗糙，和图片不符", {"quality": NEG, "description_match": NEG}),
        ("快递员态度不好", {"logistics": NEG, "service": NEG}),
        ("物流快递很快，客服很耐心", {"logistics": POS, "service": POS}),
        ("商品很满意，快递有待提高", {"logistics": NEG}),
        ("价格保护刚过一天，都是套路", {"price": NEG}),
        ("做工要是能再精细点就好了", {"quality": NEG}),
        ("价格再便宜点就更好了", {"price": NEG}),
        ("宝贵的经验，贵州的朋友推荐的", {}),
        ("", {}),
    ],
)
def test_aspects_and_polarity(review: str, expected: dict[str, str]) -> None:
    (found,) = aspects.aspects_of([review])

    assert found == expected


@pytest.mark.parametrize(
    ("clause", "polarity"),
    [
        ("不好", -1),
        ("不慢", 1),
        ("没毛病", 1),
        ("没问题", 1),
        ("不是很满意", -1),
        ("一点都不差", 1),
        ("不像描述的那么好", -1),
        ("今天下雨", 0),
    ],
)
def test_negators_flip_the_word_they_precede(clause: str, polarity: int) -> None:
    assert aspects.lexicon_polarity(clause) == polarity


def test_clauses_are_cut_at_punctuation_contrast_and_a_new_topic() -> None:
    assert aspects.clauses("质量很好但是物流慢！客服态度好价格便宜") == [
        "质量很好",
        "物流慢",
        "客服态度好",
        "价格便宜",
    ]


def test_mixed_verdict_on_one_aspect_counts_as_a_complaint() -> None:
    (found,) = aspects.aspects_of(["质量很好，质量也有问题"])

    assert found == {"quality": NEG}


def test_a_clause_without_opinion_words_is_scored_by_the_model() -> None:
    found = aspects.aspects_of(["物流，垃圾，再也不买了", "物流，超级棒，下次还来"])

    assert found == [{"logistics": NEG}, {"logistics": POS}]


class TestQualityPraiseRate:
    def test_counts_paraphrases_of_good_quality_and_not_their_negations(self) -> None:
        praise = ["质量好", "质量不错", "质量很好", "做工精细", "品质好", "质量没得说"]
        not_praise = ["质量不好", "质量一般", "质量不太好", "物流很快", "质量差，做工粗糙"]

        rate = aspects.quality_praise_rate(praise + not_praise)

        assert rate == pytest.approx(len(praise) / (len(praise) + len(not_praise)))

    def test_no_reviews_no_rate(self) -> None:
        assert aspects.quality_praise_rate([]) == 0.0


class CountingModel:
    """Unsure of every text (so each undecided clause falls back to its review), and keeps what
    it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def probabilities(self, texts: list[str]) -> np.ndarray:
        self.asked += texts
        return np.full(len(texts), 0.5)


def test_a_repeated_review_is_read_once_and_answered_for_each() -> None:
    model = CountingModel()
    reviews = ["做工如何呢", "物流很快", "做工如何呢", "做工如何呢"]

    found = aspects.aspects_of(reviews, model=model)

    assert found == [{"quality": POS}, {"logistics": POS}, {"quality": POS}, {"quality": POS}]
    assert model.asked == ["做工如何呢", "做工如何呢"]  # the clause, then its whole review


def test_quality_praise_is_counted_per_review() -> None:
    reviews = ["质量很好", "质量不好", "", "质量很好"]

    praised = aspects.praises_quality(reviews)

    assert praised == [True, False, False, True]
    assert aspects.quality_praise_rate(reviews) == 0.5
