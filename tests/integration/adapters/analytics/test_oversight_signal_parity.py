"""The early-warning signals (S1 6.1.2) are identical on DuckDB and on Spark, on the lake of a
simulated platform with fake-order rings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from pinzhi import bootstrap
from pinzhi.adapters.analytics import EngineName, connect
from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.core.clock import CHINA, day_bounds
from pinzhi.domain.oversight.signals import SignalSources, signal_table
from pinzhi.domain.oversight.warning_rules import DEFAULT_MONITOR
from pinzhi.interfaces.jobs.daily_run import run_daily
from pinzhi.interfaces.jobs.registry import registered_steps
from pinzhi.settings import Settings

pytestmark = pytest.mark.spark

SCENARIO = Scenario(
    merchants=30, days=21, seed=5, start=date(2025, 6, 1), orders_per_day=500, consumers=2000
)
AS_OF = SCENARIO.start + timedelta(days=SCENARIO.days - 1)


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("oversight-lake")
    simulate(scenario=SCENARIO, out=home / "files")
    settings = Settings(data_dir=home / "var", secret_key="test-secret")
    platform = bootstrap.build(settings, database_url=f"sqlite:///{home / 'p.db'}")
    bootstrap.migrate_to_head(platform)
    import_directory(engine=platform.engine, directory=home / "files")
    others = {s.name for s in registered_steps()} - {"export_lake"}
    run_daily(platform, as_of=AS_OF, engine="duckdb", skip=others)
    platform.engine.dispose()
    yield platform.lake_dir


def signals(engine: EngineName, lake_dir: Path, **kw: Any) -> pa.Table:
    cutoff = day_bounds(AS_OF, CHINA)[1]
    with connect(engine, lake_dir=lake_dir, **kw) as analytics:
        sources = SignalSources(
            **{name: analytics.table(name) for name in SignalSources.__dataclass_fields__}
        )
        expression = signal_table(sources, cutoff=cutoff, config=DEFAULT_MONITOR)
        return analytics.to_arrow(expression.order_by("merchant_id"))


class TestSignalParity:
    def test_duckdb_and_spark_give_identical_signals(self, lake: Path, spark: Any) -> None:
        duck = signals("duckdb", lake)
        on_spark = signals("spark", lake, session=spark)

        assert duck.num_rows == SCENARIO.merchants
        assert on_spark.equals(duck)
        assert sum(duck.column("repeat_buyer_orders").to_pylist()) > 0
        assert sum(duck.column("instant_five_star").to_pylist()) > 0
        assert sum(duck.column("recent_negative").to_pylist()) > 0
