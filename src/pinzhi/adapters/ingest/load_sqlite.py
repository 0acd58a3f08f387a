"""SQLite: batched executemany upserts, values in the text forms SQLAlchemy itself stores."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection

from pinzhi.adapters.ingest.progress import Phase, Progress, ProgressHook
from pinzhi.adapters.ingest.schema import Kind, TableSpec
from pinzhi.adapters.ingest.upsert import upsert_sql

BATCH_ROWS = 20_000
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S"
"""With microsecond units Arrow prints seconds as SS.ffffff, which is SQLAlchemy's format."""


def load(
    *, connection: Connection, spec: TableSpec, table: pa.Table, progress: ProgressHook
) -> int:
    """Upsert `table`; return the rows inserted or changed."""
    values = f"VALUES ({', '.join('?' * len(spec.columns))})"
    sql = upsert_sql(spec, rows=values, differs="IS NOT")
    done = written = 0
    for batch in table.to_batches(max_chunksize=BATCH_ROWS):
        columns = [_values(batch.column(i), column.kind) for i, column in enumerate(spec.columns)]
        written += connection.exec_driver_sql(sql, list(zip(*columns, strict=True))).rowcount
        done += batch.num_rows
        progress(Progress(Phase.LOAD, spec.name, done, table.num_rows))
    return written


def _values(array: pa.Array, kind: Kind) -> list[object]:
    if kind is Kind.TIMESTAMP:
        return pc.strftime(array, format=SQLITE_DATETIME).to_pylist()  # type: ignore[no-any-return]
    if kind is Kind.DATE:
        return array.cast(pa.string()).to_pylist()  # type: ignore[no-any-return]
    return array.to_pylist()  # type: ignore[no-any-return]
