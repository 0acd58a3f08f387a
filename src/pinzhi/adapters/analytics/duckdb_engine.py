"""DuckDB through Ibis: each lake table is a view over its Parquet files."""

from __future__ import annotations

from pathlib import Path

import ibis
import ibis.expr.types as ir

from pinzhi.adapters.analytics.engine import Analytics
from pinzhi.store.lake import exported_tables, table_glob


def connect_duckdb(lake_dir: Path) -> Analytics:
    backend = ibis.duckdb.connect()

    def open_table(name: str) -> ir.Table:
        return backend.read_parquet(table_glob(lake_dir, name), table_name=name)

    return Analytics(
        "duckdb", backend, frozenset(exported_tables(lake_dir)), open_table, backend.disconnect
    )
