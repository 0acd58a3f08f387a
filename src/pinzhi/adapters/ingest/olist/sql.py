"""Small helpers for the SQL the Olist mapping runs in DuckDB."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pyarrow as pa


def case_of(column: str, mapping: Mapping[str, str]) -> str:
    """A CASE translating Olist codes; an unknown code becomes NULL, which validation refuses."""
    whens = " ".join(f"WHEN '{source}' THEN '{target}'" for source, target in mapping.items())
    return f"CASE {column} {whens} END"


def count(db: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The row count of an UPDATE, or the single number a SELECT returns."""
    rows = db.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def table(db: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    return db.sql(sql).to_arrow_table()
