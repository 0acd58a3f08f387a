"""Random streams: one per topic and chunk, so batching and other tables never shift numbers."""

from __future__ import annotations

import numpy as np

from pinzhi.adapters.simulate.streams import draw_by_row, stream


class TestStreams:
    def test_the_same_topic_and_chunk_give_the_same_numbers(self) -> None:
        first = stream(seed=7, topic="orders", chunk=(3, 0)).random(5)

        again = stream(seed=7, topic="orders", chunk=(3, 0)).random(5)

        assert first.tolist() == again.tolist()

    def test_topics_and_chunks_are_independent(self) -> None:
        base = stream(seed=7, topic="orders", chunk=(3, 0)).random(5)

        assert base.tolist() != stream(seed=7, topic="orders", chunk=(3, 1)).random(5).tolist()
        assert base.tolist() != stream(seed=7, topic="reviews", chunk=(3, 0)).random(5).tolist()

    def test_a_row_never_draws_a_column_without_weight(self) -> None:
        weights = np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]])

        drawn = draw_by_row(np.random.default_rng(1), weights, np.array([0, 1] * 500))

        assert set(drawn[::2]) == {1}
        assert set(drawn[1::2]) == {0, 2}
