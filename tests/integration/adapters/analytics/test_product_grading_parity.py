"""Product measurements and trend counts give identical results on DuckDB and on Spark."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa
import pytest

from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.domain.grading.measurements import Window
from pinzhi.domain.insight.trend_measurements import (
    TrendSources,
    TrendWindow,
    category_units,
    complaint_natures,
    merchant_units,
)
from pinzhi.domain.products_quality.product_grade import ProductFacts, grade_product
from pinzhi.domain.products_quality.product_measurements import (
    ProductSources,
    product_measurement_table,
)

pytestmark = pytest.mark.spark

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2025, 8, 8)
TABLES = sorted(set(ProductSources.__dataclass_fields__) | set(TrendSources.__dataclass_fields__))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("product-sim")
    scenario = Scenario(merchants=8, days=70, seed=5, start=date(2025, 6, 1), orders_per_day=8)
    simulate(scenario=scenario, out=out)
    return out


def backend_tables(engine: str, files: Path, spark: Any) -> tuple[Any, dict[str, ibis.Table]]:
    if engine == "duckdb":
        duck = ibis.duckdb.connect()
        return duck, {n: duck.read_parquet(files / f"{n}.parquet", table_name=n) for n in TABLES}
    for name in TABLES:
        spark.read.parquet(str(files / f"{name}.parquet")).createOrReplaceTempView(name)
    backend = ibis.pyspark.connect(spark)
    return backend, {name: backend.table(name) for name in TABLES}


def computed(engine: str, files: Path, spark: Any) -> dict[str, pa.Table]:
    backend, tables = backend_tables(engine, files, spark)
    products = ProductSources(**{n: tables[n] for n in ProductSources.__dataclass_fields__})
    trends = TrendSources(**{n: tables[n] for n in TrendSources.__dataclass_fields__})
    window = TrendWindow(AS_OF, TZ)
    expressions = {
        "products": product_measurement_table(products, Window(AS_OF, TZ)),
        "categories": category_units(trends, window),
        "merchants": merchant_units(trends, window),
        "complaints": complaint_natures(trends, window),
    }
    return {
        name: backend.to_pyarrow(expr).sort_by([(c, "ascending") for c in expr.columns])
        for name, expr in expressions.items()
    }


class TestProductGradingParity:
    def test_duckdb_and_spark_agree(self, files: Path, spark: Any) -> None:
        duck = computed("duckdb", files, spark)
        on_spark = computed("spark", files, spark)

        assert duck["products"].num_rows > 100
        assert sum(duck["categories"]["units"].to_pylist()) > 1000
        for name, table in duck.items():
            assert on_spark[name].equals(table), name
        graded = {
            name: [
                grade_product(ProductFacts.from_counts(r, 0.0)) for r in t["products"].to_pylist()
            ]
            for name, t in (("duckdb", duck), ("spark", on_spark))
        }
        assert graded["spark"] == graded["duckdb"]
        assert len({g.tier for g in graded["spark"]}) >= 2
