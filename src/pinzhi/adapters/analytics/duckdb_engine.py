"""DuckDB through Ibis: each lake table is a view over its Parquet files."""

from __future__ import annotations

from pathlib import Path

import ibis

from pinzhi.adapters.analytics.engine import Analytics
from pinzhi.store.lake import exported_tables, table_glob


def connect_duckdb(lake_dir: Path) -> Analytics:
    backend = ibis.duckdb.connect()
    tables = {
        name: backend.read_parquet(table_glob(lake_dir, name), table_name=name)
        for name in exported_tables(lake_dir)
    }
    return Analytics("duckdb", backend, tables, backend.disconnect)
