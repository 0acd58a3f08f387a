"""Column builders: ids, timestamps cut at the export instant, phrase pools."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.chunks import Chunk


class TestNumbered:
    @given(
        prefix=st.sampled_from(["", "ORD", "MER", "SHP20250618"]),
        numbers=st.lists(st.integers(0, 10**8 - 1), max_size=50),
    )
    def test_writes_the_prefix_and_the_zero_padded_number(
        self, prefix: str, numbers: list[int]
    ) -> None:
        ids = columns.numbered(prefix, np.array(numbers, dtype=np.int64), width=8)

        assert ids.to_pylist() == [f"{prefix}{n:08d}" for n in numbers]

    def test_chunk_ids_name_the_day_and_part_and_count_from_one(self) -> None:
        chunk = Chunk(seed=1, day=10, date=date(2025, 11, 11), part=2)

        ids = chunk.ids("ORD", 3)

        assert ids.to_pylist() == [
            "ORD20251111020000001",
            "ORD20251111020000002",
            "ORD20251111020000003",
        ]


class TestUtc:
    def test_instants_after_the_horizon_are_null(self) -> None:
        seconds = np.array([1_750_000_000, 1_750_000_100])

        stamps = columns.utc(seconds, horizon=1_750_000_050)

        assert stamps.type == pa.timestamp("us", tz="UTC")
        assert stamps.to_pylist() == [datetime.fromtimestamp(1_750_000_000, UTC), None]

    def test_a_known_promise_is_kept_even_after_the_horizon(self) -> None:
        seconds = np.array([1_750_000_100, 1_750_000_100])

        stamps = columns.utc(seconds, horizon=0, known=np.array([True, False]))

        assert stamps.to_pylist() == [datetime.fromtimestamp(1_750_000_100, UTC), None]


class TestPools:
    def test_each_row_draws_from_its_own_group(self) -> None:
        pools = columns.Pools.of([("好",), ("差", "坏")])
        group = np.array([0, 1, 1, 0] * 20)

        drawn = pools.draw(np.random.default_rng(1), group).to_pylist()

        assert {d for d, g in zip(drawn, group, strict=True) if g == 0} == {"好"}
        assert {d for d, g in zip(drawn, group, strict=True) if g == 1} == {"差", "坏"}

    def test_an_empty_group_is_refused(self) -> None:
        with pytest.raises(ValueError, match="at least one phrase"):
            columns.Pools.of([("好",), ()])
