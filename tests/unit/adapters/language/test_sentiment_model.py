"""The sentiment model's features, scoring and file format (no shared data needed)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinzhi.adapters.language import sentiment, sentiment_training
from pinzhi.core.errors import ValidationFailed

BITS = 12
FEATURES = sentiment.Features(bits=BITS, orders=(1, 2, 3, 4), negation_window=3)


def random_model(seed: int = 3) -> sentiment.SentimentModel:
    weights = np.random.default_rng(seed).normal(size=1 << BITS).astype(np.float16)
    return sentiment.SentimentModel(weights=weights, bias=0.25, meta=FEATURES.meta())


texts = st.lists(
    st.text(alphabet="好不差很快慢没质量物流！!，, 0123４５AaＡ😀\n", max_size=12), max_size=8
)


class TestScoring:
    @settings(max_examples=60, deadline=None)
    @given(texts)
    def test_a_batch_scores_each_text_as_if_it_were_alone(self, batch: list[str]) -> None:
        model = random_model()

        together = model.raw_scores(batch)
        alone = [model.raw_scores([text])[0] for text in batch]

        np.testing.assert_allclose(together, alone, rtol=1e-5, atol=1e-5)

    @settings(max_examples=60, deadline=None)
    @given(texts)
    def test_scores_are_the_training_features_times_the_weights(self, batch: list[str]) -> None:
        model = random_model()

        features = sentiment_training.design_matrix(batch, FEATURES)

        expected = features @ model.weights.astype(np.float64) + model.bias
        np.testing.assert_allclose(model.raw_scores(batch), expected, rtol=1e-5, atol=1e-5)

    def test_empty_text_gets_the_prior(self) -> None:
        model = random_model()

        (prediction,) = model.predict([""])

        assert prediction.score == pytest.approx(1 / (1 + np.exp(-0.25)))

    def test_width_case_and_digits_are_folded(self) -> None:
        model = random_model()

        a, b, c = model.raw_scores(
            ["质量好！ABC 3天到", "质量好!abc 7天到", "质量好！ＡＢＣ　５天到"]
        )

        assert a == pytest.approx(b) == pytest.approx(c)

    def test_an_ngram_after_a_negator_is_also_counted_as_negated(self) -> None:
        batch = sentiment.Batch.of(["不太好", "好不", "很好"])

        flags = batch.negated(2).tolist()

        # 不 太 好 | 好 不 | 很 好: 太 and 好 follow 不 within 2; the 不 of review 2 does not
        # reach into review 3
        assert flags == [False, True, True, False, False, False, False]

    def test_no_texts_no_scores(self) -> None:
        assert random_model().predict([]) == []

    def test_scores_are_probabilities_and_labels_follow_them(self) -> None:
        predictions = random_model().predict(["质量很好", "物流太慢了", "一般"])

        for p in predictions:
            assert 0.0 < p.score < 1.0
            assert p.label == int(p.score >= 0.5)


class TestModelFile:
    def test_round_trip_keeps_weights_bias_and_meta(self, tmp_path: Path) -> None:
        model = random_model()
        path = tmp_path / "m.npz"

        sentiment_training.save(model, path)
        loaded = sentiment.read_model(path)

        np.testing.assert_array_equal(loaded.weights, model.weights)
        assert loaded.bias == model.bias
        assert loaded.meta["format"] == sentiment.FORMAT
        assert loaded.features == FEATURES

    def test_file_holds_only_npy_arrays_and_json(self, tmp_path: Path) -> None:
        sentiment_training.save(random_model(), tmp_path / "m.npz")

        names = zipfile.ZipFile(tmp_path / "m.npz").namelist()

        assert sorted(names) == ["bias.npy", "meta.json", "weights.npy"]

    def test_missing_file_names_the_rebuild_command(self, tmp_path: Path) -> None:
        with pytest.raises(ValidationFailed, match="pinzhi train sentiment"):
            sentiment.read_model(tmp_path / "absent.npz")

    def test_foreign_file_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "other.npz"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("meta.json", '{"format": "something-else"}')

        with pytest.raises(ValidationFailed, match="not a pinzhi-sentiment/2 model"):
            sentiment.read_model(path)

    def test_weights_must_match_the_bucket_count(self) -> None:
        with pytest.raises(ValidationFailed, match="weights for 12 bits"):
            sentiment.SentimentModel(weights=np.zeros(10), bias=0.0, meta=FEATURES.meta())

    def test_meta_without_the_feature_recipe_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match="lacks a valid 'negation_window'"):
            sentiment.SentimentModel(
                weights=np.zeros(1 << BITS), bias=0.0, meta={"bits": BITS, "ngram_orders": [1]}
            )


class TestSplit:
    def test_split_depends_on_the_text_only(self) -> None:
        reviews = [f"评论{i}号，质量不错" for i in range(5000)]

        first = [sentiment_training.held_out(r) for r in reviews]
        again = [sentiment_training.held_out(r) for r in reversed(reviews)][::-1]

        assert first == again
        assert 0.18 < sum(first) / len(first) < 0.22

    def test_training_refuses_one_sided_labels(self) -> None:
        rows = [sentiment_training.Review("衣服", 1, "很好")] * 3

        with pytest.raises(ValidationFailed, match="both positive and negative"):
            sentiment_training.fit(rows, features=FEATURES)

    def test_cross_validation_scores_both_models_and_their_average(self) -> None:
        good = ["质量很好", "物流很快", "非常满意", "很喜欢", "好评", "不错不错"]
        bad = ["质量很差", "物流太慢", "非常失望", "不喜欢", "差评", "退货了"]
        rows = [
            sentiment_training.Review("衣服", label, f"{text}{i}")
            for i in range(20)
            for label, texts in ((1, good), (0, bad))
            for text in texts
        ]

        results = sentiment_training.cross_validate(rows, features=FEATURES, folds=3)

        assert [r.name for r in results] == [
            "IDF-weighted LR, C=32",
            "NB-weighted LR, C=4",
            "average of both",
        ]
        assert all(r.rows == len(rows) and r.accuracy > 0.9 for r in results)

    def test_cross_validation_folds_depend_on_the_text_only(self) -> None:
        folds = [sentiment_training.cv_fold(f"评论{i}", 5) for i in range(2000)]

        assert folds == [sentiment_training.cv_fold(f"评论{i}", 5) for i in range(2000)]
        assert set(folds) == {0, 1, 2, 3, 4}
        assert max(folds.count(k) for k in range(5)) < 480

    def test_bad_label_is_named_with_its_line(self, tmp_path: Path) -> None:
        path = tmp_path / "r.csv"
        path.write_text("cat,label,review\n衣服,1,很好\n衣服,x,很差\n", encoding="utf-8")

        with pytest.raises(ValidationFailed, match=r"r\.csv:3: label must be 0 or 1"):
            sentiment_training.read_reviews(path)

    def test_missing_columns_are_named(self, tmp_path: Path) -> None:
        path = tmp_path / "r.csv"
        path.write_text("text,stars\n很好,5\n", encoding="utf-8")

        with pytest.raises(ValidationFailed, match="needs columns label,review"):
            sentiment_training.read_reviews(path)
