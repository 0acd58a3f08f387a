"""Analytics engines behind one interface: the lake's tables as Ibis expressions.

DuckDB is the default (one process, no server); PySpark runs the same expressions on any
Spark master when the data outgrows one machine (ADR 0002).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pinzhi.adapters.analytics.engine import Analytics

EngineName = Literal["duckdb", "spark"]
ENGINES: tuple[EngineName, ...] = ("duckdb", "spark")


def connect(
    engine: EngineName, *, lake_dir: Path, spark_master: str = "local[2]", session: Any = None
) -> Analytics:
    """Open an engine on the lake; `session` reuses a running SparkSession (tests)."""
    if engine == "duckdb":
        from pinzhi.adapters.analytics.duckdb_engine import connect_duckdb  # noqa: PLC0415

        return connect_duckdb(lake_dir)
    from pinzhi.adapters.analytics.spark_engine import connect_spark  # noqa: PLC0415

    return connect_spark(lake_dir, master=spark_master, session=session)


__all__ = ["ENGINES", "Analytics", "EngineName", "connect"]
