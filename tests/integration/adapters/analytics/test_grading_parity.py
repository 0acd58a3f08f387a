"""The whole merchant grading gives identical results on DuckDB and on Spark."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from pinzhi.adapters.analytics import EngineName, connect
from pinzhi.domain.grading.grade_records import grade_records
from pinzhi.domain.grading.measurements import Sources, measurement_table
from pinzhi.domain.grading.operations import GradeRecord

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "benchmarks"))
import grading as bench

pytestmark = pytest.mark.spark

ORDERS = 40_000


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lake_dir = tmp_path_factory.mktemp("grading-lake")
    bench.generate_lake(lake_dir, orders=ORDERS, seed=3)
    return lake_dir


def whole_grading(
    engine: EngineName, lake_dir: Path, **kw: Any
) -> tuple[pa.Table, list[GradeRecord]]:
    with connect(engine, lake_dir=lake_dir, **kw) as analytics:
        sources = Sources(**{name: analytics.table(name) for name in Sources.__dataclass_fields__})
        counts = bench.sorted_counts(analytics.to_arrow(measurement_table(sources, bench.window())))
    return counts, grade_records(counts)


class TestGradingParity:
    def test_duckdb_and_spark_grade_every_merchant_identically(
        self, lake: Path, spark: Any
    ) -> None:
        duck_counts, duck_grades = whole_grading("duckdb", lake)
        spark_counts, spark_grades = whole_grading("spark", lake, session=spark)

        assert duck_counts.num_rows == 100
        assert spark_counts.equals(duck_counts)
        assert spark_grades == duck_grades
        tiers = {g.tier for g in duck_grades if g.tier is not None}
        assert len(tiers) >= 3  # the data spreads merchants over several tiers
        assert sum(duck_counts.column("chats_answered").to_pylist()) > 0
        assert sum(duck_counts.column("defect_orders").to_pylist()) > 0
