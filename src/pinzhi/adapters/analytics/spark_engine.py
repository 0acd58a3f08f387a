"""PySpark through Ibis: each lake table is a temporary view over its Parquet folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from pyspark.sql import SparkSession

from pinzhi.adapters.analytics.engine import Analytics
from pinzhi.store.lake import exported_tables, table_dir

SESSION_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
"""No web UI or progress bars; instants in UTC (Ibis expects it); few shuffle partitions,
which adaptive execution raises when the data needs more."""


def spark_session(master: str, *, app_name: str = "pinzhi") -> Any:
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in SESSION_CONFIG.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def connect_spark(lake_dir: Path, *, master: str, session: Any = None) -> Analytics:
    owned = session is None
    active = spark_session(master) if owned else session
    backend = ibis.pyspark.connect(active)

    def open_table(name: str) -> ir.Table:
        active.read.parquet(str(table_dir(lake_dir, name))).createOrReplaceTempView(name)
        return backend.table(name)

    return Analytics(
        "spark",
        backend,
        frozenset(exported_tables(lake_dir)),
        open_table,
        active.stop if owned else _keep,
    )


def _keep() -> None:
    """A session passed in belongs to the caller."""
