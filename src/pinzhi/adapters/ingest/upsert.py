"""The upsert both stores share: INSERT … ON CONFLICT (key) DO UPDATE, skipping equal rows.

A row whose every column already holds the same value is not rewritten, so a re-import of
unchanged rows writes nothing (no dead tuples, no index churn) and reports zero changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from pinzhi.adapters.ingest.schema import TableSpec


def upsert_sql(spec: TableSpec, *, rows: str, differs: str) -> str:
    """`rows` is a VALUES or a SELECT; `differs` the store's null-safe inequality operator
    (`IS DISTINCT FROM` in PostgreSQL, `IS NOT` in SQLite)."""
    table, others = f'"{spec.name}"', [c for c in spec.column_names if c != spec.key]
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in others)
    changed = " OR ".join(f'{table}."{c}" {differs} excluded."{c}"' for c in others)
    return (
        f"INSERT INTO {table} ({quoted(spec.column_names)}) {rows} "
        f'ON CONFLICT ("{spec.key}") DO UPDATE SET {updates} WHERE {changed}'
    )


def quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)
