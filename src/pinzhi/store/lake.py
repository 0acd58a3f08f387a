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
from sqlalchemy.sql.selectable import FromClause, NamedFromClause
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
class Carried:
    """A column of the row a fact refers to, copied onto the fact as `name` when it is exported —
    e.g. the order's placement time on its after-sales cases, reviews and complaints, so that
    windows over orders need no join of the whole order table. Only for parent columns that never
    change once written: the fact's day file is not rewritten when its parent changes."""

    name: str
    key: str
    """The fact's column that holds the parent's primary key."""
    parent: str
    column: str


@dataclass(frozen=True)
class LakeTable:
    """A store table in the lake: a fact split by the local day of `day_column`, or a dimension."""

    name: str
    day_column: str | None = None
    carried: tuple[Carried, ...] = ()


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
        source = _Source.of(spec, metadata)
        entry = {"day_column": spec.day_column, "columns": source.schema.names}
        unchanged = previous.get(spec.name) == entry
        refresh_from = since - timedelta(days=look_back_days) if unchanged else None
        if spec.day_column is None:
            result = _export_whole(engine, source, lake_dir)
        else:
            result = _export_days(
                engine, source, day_column=spec.day_column, lake_dir=lake_dir, tz=tz,
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


def read_table(engine: Engine, table: Table) -> pa.Table:
    """A store table's exported columns as one Arrow table, converted as the lake converts."""
    columns = exported_columns(table)
    schema = arrow_schema(columns)
    query = select(*_raw(columns)).select_from(table)
    return pa.concat_tables([schema.empty_table(), *_batches(engine, query, schema)])


def lake_schema(spec: LakeTable, metadata: MetaData) -> pa.Schema:
    """The columns of a lake table: its exported columns, then the carried ones."""
    return _Source.of(spec, metadata).schema


@dataclass(frozen=True)
class _Source:
    """What one lake table is read from: a store table, joined to the parents it carries from."""

    table: Table
    columns: list[Any]
    from_clause: FromClause
    schema: pa.Schema

    @classmethod
    def of(cls, spec: LakeTable, metadata: MetaData) -> _Source:
        table = metadata.tables[spec.name]
        own = exported_columns(table)
        columns, fields = _raw(own), list(arrow_schema(own))
        from_clause: FromClause = table
        parents: dict[tuple[str, str], NamedFromClause] = {}
        for carry in spec.carried:
            if (carry.key, carry.parent) not in parents:
                referenced = metadata.tables[carry.parent]
                (key,) = referenced.primary_key.columns
                parent = referenced.alias(f"{carry.parent}_by_{carry.key}")
                on = table.c[carry.key] == parent.c[key.name]
                from_clause = from_clause.outerjoin(parent, on)
                parents[carry.key, carry.parent] = parent
            value = parents[carry.key, carry.parent].c[carry.column]
            kind = metadata.tables[carry.parent].c[carry.column]
            columns.append(type_coerce(value, NullType()).label(carry.name))
            fields.append(pa.field(carry.name, _arrow_type(kind)))
        return cls(table, columns, from_clause, pa.schema(fields))

    @property
    def name(self) -> str:
        return self.table.name

    def select(self) -> Any:
        return select(*self.columns).select_from(self.from_clause)


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


def _export_whole(engine: Engine, source: _Source, lake_dir: Path) -> TableExport:
    folder = table_dir(lake_dir, source.name)
    staging = _fresh_dir(lake_dir / f".staging-{source.name}")
    rows = 0
    with pq.ParquetWriter(staging / WHOLE_FILE, source.schema) as writer:
        for batch in _batches(engine, source.select(), source.schema):
            writer.write_table(batch)
            rows += batch.num_rows
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return TableExport(source.name, rows, 1, 0, None)


def _export_days(
    engine: Engine,
    source: _Source,
    *,
    day_column: str,
    lake_dir: Path,
    tz: ZoneInfo,
    refresh_from: date | None,
) -> TableExport:
    folder = table_dir(lake_dir, source.name)
    folder.mkdir(parents=True, exist_ok=True)
    staging = _fresh_dir(lake_dir / f".staging-{source.name}")
    schema = source.schema
    day = source.table.c[day_column]
    query = source.select().order_by(day)
    if refresh_from is not None:
        query = query.where(day >= day_bounds(refresh_from, tz)[0])
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
    return TableExport(source.name, rows, written, len(stale), refresh_from)


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
