"""The Parquet lake: a snapshot of the store that analytics read instead of the OLTP tables.

Layout under `lake_dir` (ADR 0002):

    manifest.json                  what was exported, when, with which columns
    <fact>/YYYY-MM-DD.parquet      rows whose `day_column` falls on that local day
    <fact>/schema.parquet          zero rows: keeps an empty table readable by every engine
    <dimension>/all.parquet        the whole table

A fact day can keep changing while its orders live (shipment, delivery, after-sales, review),
so each export rewrites the days from `look_back_days` before the earlier of `as_of` and the
previous export's day, and keeps older days as they are. A table that is new to the manifest,
or whose columns changed, is exported whole. Personal columns are never exported.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    select,
    type_coerce,
)
from sqlalchemy.types import NullType

from pinzhi.core.clock import day_bounds, local_day
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import UtcDateTime

MANIFEST = "manifest.json"
SCHEMA_FILE = "schema.parquet"
WHOLE_FILE = "all.parquet"
CHUNK_ROWS = 100_000
UTC_MICROS = pa.timestamp("us", "UTC")


@dataclass(frozen=True)
class LakeTable:
    """A store table in the lake: a fact split by the local day of `day_column`, or a dimension."""

    name: str
    day_column: str | None = None


@dataclass(frozen=True)
class TableExport:
    name: str
    rows: int
    files_written: int
    files_removed: int
    refreshed_from: date | None
    """First day rewritten; None means the whole table was rewritten."""


def table_glob(lake_dir: Path, name: str) -> str:
    """Every Parquet file of a lake table (what DuckDB reads)."""
    return str(lake_dir / name / "*.parquet")


def table_dir(lake_dir: Path, name: str) -> Path:
    return lake_dir / name


def read_manifest(lake_dir: Path) -> dict[str, Any]:
    path = lake_dir / MANIFEST
    if not path.exists():
        return {"tables": {}}
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def exported_tables(lake_dir: Path) -> list[str]:
    return sorted(read_manifest(lake_dir)["tables"])


def export_lake(
    *,
    engine: Engine,
    metadata: MetaData,
    layout: Sequence[LakeTable],
    lake_dir: Path,
    as_of: date,
    now: datetime,
    tz: ZoneInfo,
    look_back_days: int,
) -> list[TableExport]:
    """Bring the lake up to date with the store; running it twice rewrites the same files."""
    lake_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(lake_dir)
    previous = manifest["tables"]
    since = min(as_of, local_day(now, tz))
    if "exported_at" in manifest:
        since = min(since, local_day(datetime.fromisoformat(manifest["exported_at"]), tz))
    results = []
    for spec in layout:
        table = metadata.tables[spec.name]
        columns = exported_columns(table)
        entry = {"day_column": spec.day_column, "columns": [c.name for c in columns]}
        unchanged = previous.get(spec.name) == entry
        refresh_from = since - timedelta(days=look_back_days) if unchanged else None
        if spec.day_column is None:
            result = _export_whole(engine, table, columns, lake_dir)
        else:
            result = _export_days(
                engine, table, columns, day_column=spec.day_column, lake_dir=lake_dir, tz=tz,
                refresh_from=refresh_from,
            )  # fmt: skip
        previous[spec.name] = entry
        results.append(result)
    manifest.update(exported_at=now.isoformat(), as_of=as_of.isoformat(), tables=previous)
    _write_atomically(lake_dir / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    return results


def exported_columns(table: Table) -> list[Column[Any]]:
    """The columns analytics may read: everything but personal fields (and JSON blobs)."""
    return [c for c in table.columns if not isinstance(c.type, PersonalText | JSON)]


def arrow_schema(columns: Sequence[Column[Any]]) -> pa.Schema:
    return pa.schema([pa.field(c.name, _arrow_type(c)) for c in columns])


def _arrow_type(column: Column[Any]) -> pa.DataType:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return UTC_MICROS
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Date):
        return pa.date32()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, String):
        return pa.string()
    raise TypeError(f"no lake type for {column.table.name}.{column.name}: {kind!r}")


def _export_whole(
    engine: Engine, table: Table, columns: list[Column[Any]], lake_dir: Path
) -> TableExport:
    folder = table_dir(lake_dir, table.name)
    staging = _fresh_dir(lake_dir / f".staging-{table.name}")
    schema = arrow_schema(columns)
    rows = 0
    with pq.ParquetWriter(staging / WHOLE_FILE, schema) as writer:
        for batch in _batches(engine, select(*_raw(columns)), schema):
            writer.write_table(batch)
            rows += batch.num_rows
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return TableExport(table.name, rows, 1, 0, None)


def _export_days(
    engine: Engine,
    table: Table,
    columns: list[Column[Any]],
    *,
    day_column: str,
    lake_dir: Path,
    tz: ZoneInfo,
    refresh_from: date | None,
) -> TableExport:
    folder = table_dir(lake_dir, table.name)
    folder.mkdir(parents=True, exist_ok=True)
    staging = _fresh_dir(lake_dir / f".staging-{table.name}")
    schema = arrow_schema(columns)
    query = select(*_raw(columns)).order_by(table.c[day_column])
    if refresh_from is not None:
        query = query.where(table.c[day_column] >= day_bounds(refresh_from, tz)[0])
    rows, written = _write_day_files(_batches(engine, query, schema), day_column, tz, staging)
    pq.write_table(schema.empty_table(), staging / SCHEMA_FILE)
    fresh = {path.name for path in staging.iterdir()}
    stale = [
        old
        for old in folder.glob("*.parquet")
        if old.name not in fresh and (refresh_from is None or _file_day(old) >= refresh_from)
    ]
    for old in stale:
        old.unlink()
    for name in fresh:
        os.replace(staging / name, folder / name)
    staging.rmdir()
    return TableExport(table.name, rows, written, len(stale), refresh_from)


def _write_day_files(
    batches: Iterator[pa.Table], day_column: str, tz: ZoneInfo, staging: Path
) -> tuple[int, int]:
    """Split day-ordered batches into one file per local day; returns (rows, files)."""
    rows = files = 0
    current: date | None = None
    writer: pq.ParquetWriter | None = None
    try:
        for batch in batches:
            days = _local_days(batch.column(day_column), tz)
            for day, piece in _runs(batch, days):
                if day != current:
                    if writer is not None:
                        writer.close()
                    writer = pq.ParquetWriter(staging / f"{day.isoformat()}.parquet", batch.schema)
                    current, files = day, files + 1
                assert writer is not None
                writer.write_table(piece)
            rows += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    return rows, files


def _local_days(instants: pa.ChunkedArray, tz: ZoneInfo) -> pa.Array:
    zoned = instants.cast(pa.timestamp("us", tz.key))
    return pc.local_timestamp(zoned).cast(pa.date32()).combine_chunks()


def _runs(batch: pa.Table, days: pa.Array) -> Iterator[tuple[date, pa.Table]]:
    """Consecutive slices of `batch` that share a day (the batch is ordered by day)."""
    numbers = days.cast(pa.int32()).to_numpy(zero_copy_only=False)
    edges = [0, *(np.flatnonzero(np.diff(numbers)) + 1).tolist(), len(numbers)]
    for start, end in itertools.pairwise(edges):
        yield days[start].as_py(), batch.slice(start, end - start)


def _raw(columns: Sequence[Column[Any]]) -> list[Any]:
    """Select columns without SQLAlchemy's per-value conversion: Arrow converts whole columns."""
    return [type_coerce(c, NullType()).label(c.name) for c in columns]


def _batches(engine: Engine, query: Any, schema: pa.Schema) -> Iterator[pa.Table]:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(query)
        for rows in result.partitions(CHUNK_ROWS):
            values = zip(*rows, strict=True)
            yield pa.table(
                [_to_arrow(v, f.type) for v, f in zip(values, schema, strict=True)],
                schema=schema,
            )


def _to_arrow(values: Sequence[Any], target: pa.DataType) -> pa.Array:
    """Whole-column conversion; SQLite gives timestamps as UTC text, PostgreSQL as datetimes."""
    array = pa.array(values)
    if pa.types.is_string(array.type) and pa.types.is_timestamp(target):
        array = array.cast(pa.timestamp("us"))
    return array.cast(target)


def _file_day(path: Path) -> date:
    return date.fromisoformat(path.stem)


def _fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)
