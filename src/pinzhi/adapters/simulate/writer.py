"""Table files: one `<table>.parquet` or `<table>.csv` per importable table, written in batches.

Parquet batches are buffered into row groups of `ROW_GROUP_ROWS`, so row groups (and the
bytes of the file) depend only on the rows, not on how the simulator batched them. CSV
timestamps are ISO-8601 with an explicit `+00:00`.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pinzhi.adapters.simulate.schema import arrow_schema, repetitive_columns
from pinzhi.domain.tables import IMPORT_ORDER

ROW_GROUP_ROWS = 1 << 18
CSV_TIMESTAMP = "%Y-%m-%dT%H:%M:%S+00:00"


class Format(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


class _ParquetFile:
    def __init__(self, path: Path, name: str) -> None:
        # Dictionary-encoding ids only costs time: they never repeat within a file.
        self._writer = pq.ParquetWriter(
            path, arrow_schema(name), compression="zstd", use_dictionary=repetitive_columns(name)
        )
        self._pending: list[pa.Table] = []
        self._rows = 0

    def write(self, batch: pa.Table) -> None:
        self._pending.append(batch)
        self._rows += batch.num_rows
        while self._rows >= ROW_GROUP_ROWS:
            combined = pa.concat_tables(self._pending)
            self._writer.write_table(combined.slice(0, ROW_GROUP_ROWS))
            rest = combined.slice(ROW_GROUP_ROWS)
            self._pending, self._rows = [rest], rest.num_rows

    def close(self) -> None:
        if self._rows:
            self._writer.write_table(pa.concat_tables(self._pending))
        self._writer.close()


class _CsvFile:
    def __init__(self, path: Path, name: str) -> None:
        schema = arrow_schema(name)
        self._times = [i for i, field in enumerate(schema) if pa.types.is_timestamp(field.type)]
        for i in self._times:
            schema = schema.set(i, pa.field(schema.field(i).name, pa.string()))
        self._writer = pa_csv.CSVWriter(path, schema)

    def write(self, batch: pa.Table) -> None:
        for i in self._times:
            seconds = batch.column(i).cast(pa.timestamp("s", tz="UTC"))
            text = pc.strftime(seconds, format=CSV_TIMESTAMP)
            batch = batch.set_column(i, batch.schema.field(i).name, text)
        self._writer.write_table(batch)

    def close(self) -> None:
        self._writer.close()


class TableFiles:
    """Open files for every importable table in `out`; use as a context manager.

    Batches are encoded and written on a background thread (Arrow releases the GIL), so
    the next day is simulated meanwhile. At most one batch waits, which bounds memory;
    batches are written in the order given, so files do not depend on timing.
    """

    def __init__(self, out: Path, *, fmt: Format) -> None:
        out.mkdir(parents=True, exist_ok=True)
        opener = _ParquetFile if fmt is Format.PARQUET else _CsvFile
        self._files = {name: opener(out / f"{name}.{fmt.value}", name) for name in IMPORT_ORDER}
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="simulate-writer")
        self._pending: Future[None] | None = None

    def write(self, tables: dict[str, pa.Table]) -> None:
        self._wait()
        self._pending = self._thread.submit(self._write, tables)

    def _write(self, tables: dict[str, pa.Table]) -> None:
        for name, batch in tables.items():
            if batch.num_rows:
                self._files[name].write(batch)

    def _wait(self) -> None:
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def __enter__(self) -> TableFiles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self._wait()
        finally:
            self._thread.shutdown()
            for file in self._files.values():
                file.close()
