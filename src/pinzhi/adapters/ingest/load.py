"""Write validated tables into the store, parents first, inside the caller's transaction.

Every table is upserted on its primary key (the source's natural key, ADR 0001), so a
re-import of the same rows changes nothing. Personal columns are sealed here because these
paths bypass the ORM types that would otherwise seal them (ADR 0003).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
from sqlalchemy import Connection

from pinzhi.adapters.ingest import load_postgres, load_sqlite
from pinzhi.adapters.ingest.progress import ProgressHook
from pinzhi.adapters.ingest.schema import TableSpec, table_specs
from pinzhi.store.personal import seal


def load_tables(
    *, connection: Connection, tables: Mapping[str, pa.Table], progress: ProgressHook
) -> dict[str, int]:
    """Upsert every table; return the rows inserted or changed per table."""
    loader = load_postgres.load if connection.dialect.name == "postgresql" else load_sqlite.load
    written = {}
    for name, table in tables.items():
        spec = table_specs()[name]
        written[name] = loader(
            connection=connection, spec=spec, table=_sealed(spec, table), progress=progress
        )
    return written


def _sealed(spec: TableSpec, table: pa.Table) -> pa.Table:
    for column in spec.columns:
        if column.personal:
            plain = table.column(column.name).to_pylist()
            sealed = [seal(value, f"{spec.name}.{column.name}") for value in plain]
            values = pa.array(sealed, pa.string())
            table = table.set_column(table.column_names.index(column.name), column.name, values)
    return table
