"""The benchmark compares like with like: its hand-written SQL and pandas give pinzhi's counts."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from pinzhi.domain.grading.grade_batch import grade_columns
from pinzhi.domain.grading.grade_records import grade_records

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "benchmarks"))
import grading as bench


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lake_dir = tmp_path_factory.mktemp("bench-lake")
    bench.generate_lake(lake_dir, orders=30_000, seed=5)
    return lake_dir


class TestBenchmarkVariants:
    def test_hand_sql_and_pandas_measure_what_pinzhi_measures(self, lake: Path) -> None:
        pinzhi = bench.sorted_counts(bench.pinzhi_counts(lake))

        assert pinzhi.num_rows == 75
        assert bench.sorted_counts(bench.hand_sql_counts(lake)).equals(pinzhi)
        assert bench.sorted_counts(bench.pandas_counts(lake)).equals(pinzhi)

    def test_vectorised_grades_equal_the_exact_rules(self, lake: Path) -> None:
        counts = bench.sorted_counts(bench.pinzhi_counts(lake))

        columns = grade_columns(counts)
        exact = grade_records(counts)

        assert columns.tier == [None if r.tier is None else r.tier.value for r in exact]
        assert [None if math.isnan(t) else round(t * 100) for t in columns.total.tolist()] == [
            r.total_cents for r in exact
        ]
        assert sum(columns.tier_counts().values()) == sum(1 for r in exact if r.tier)
