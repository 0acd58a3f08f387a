"""PostgreSQL: COPY into a temporary staging table, then one INSERT … ON CONFLICT per table.

COPY is fed CSV that Arrow writes in C++ (nulls as empty unquoted fields, text always
quoted), so no Python loop touches the rows. Everything runs on the caller's connection,
inside its transaction.

A table that is still empty has nothing to conflict with (keys are unique within a file), so
its rows are COPYed straight in; measured, that halves the load of a first import. Should
another session fill the table meanwhile, the key clash aborts the import, which can rerun.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import Cursor
from sqlalchemy import Connection

from pinzhi.adapters.ingest.progress import Phase, Progress, ProgressHook
from pinzhi.adapters.ingest.schema import TableSpec
from pinzhi.adapters.ingest.upsert import quoted, upsert_sql

BATCH_ROWS = 100_000


def load(
    *, connection: Connection, spec: TableSpec, table: pa.Table, progress: ProgressHook
) -> int:
    """Upsert `table`; return the rows inserted or changed."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor:
        cursor.execute(f'SELECT EXISTS (SELECT FROM "{spec.name}")')
        if not cursor.fetchone()[0]:
            _copy(cursor, spec.name, spec, table, progress)
            return int(table.num_rows)
        stage = f"import_stage_{spec.name}"
        cursor.execute(f'CREATE TEMPORARY TABLE "{stage}" (LIKE "{spec.name}")')
        _copy(cursor, stage, spec, table, progress)
        staged = f'SELECT {quoted(spec.column_names)} FROM "{stage}"'
        cursor.execute(upsert_sql(spec, rows=staged, differs="IS DISTINCT FROM"))
        written: int = cursor.rowcount
        cursor.execute(f'DROP TABLE "{stage}"')
    return written


def _copy(
    cursor: Cursor[object], target: str, spec: TableSpec, table: pa.Table, progress: ProgressHook
) -> None:
    done = 0
    with cursor.copy(
        f'COPY "{target}" ({quoted(spec.column_names)}) FROM STDIN (FORMAT csv)'
    ) as copy:
        for batch in table.to_batches(max_chunksize=BATCH_ROWS):
            copy.write(csv_bytes(batch))
            done += batch.num_rows
            progress(Progress(Phase.LOAD, spec.name, done, table.num_rows))


def csv_bytes(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(batch, sink, pa_csv.WriteOptions(include_header=False))
    return sink.getvalue().to_pybytes()  # type: ignore[no-any-return]
