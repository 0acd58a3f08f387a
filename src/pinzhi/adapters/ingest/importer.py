"""Bulk import: validate every row of every table, then load all of it in one transaction.

`import_tables` is the one entry point (files, the Olist mapping and the event API all end
here); `import_directory` reads a directory of files into it. Nothing is written unless
every row of every table passes (S1 5.3 data integrity; C1: a failed import changes nothing).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from sqlalchemy import Engine

from pinzhi.adapters.ingest.load import load_tables
from pinzhi.adapters.ingest.problems import Problems
from pinzhi.adapters.ingest.progress import Phase, Progress, ProgressHook, ignore
from pinzhi.adapters.ingest.read import read_directory
from pinzhi.adapters.ingest.relations import check_relations
from pinzhi.adapters.ingest.schema import table_specs
from pinzhi.adapters.ingest.validate import canonical_table
from pinzhi.core.errors import ValidationFailed


@dataclass(frozen=True)
class ImportReport:
    rows: dict[str, int]
    """Rows validated and upserted per table, in import order."""
    written: dict[str, int]
    """Rows inserted or changed per table: a re-import of unchanged rows writes none."""
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds > 0 else 0.0


def import_tables(
    *,
    engine: Engine,
    tables: Mapping[str, pa.Table],
    source_names: Mapping[str, str] | None = None,
    progress: ProgressHook | None = None,
) -> ImportReport:
    """Validate and upsert in-memory tables (keyed by table name) in one transaction.

    `source_names` names each table's origin in error messages (default: the table name).
    Raises `ValidationFailed` listing the bad rows; then nothing has been written.
    """
    started = time.perf_counter()
    report = progress or ignore
    sources = {name: (source_names or {}).get(name, name) for name in tables}
    problems = Problems()
    for name in tables.keys() - table_specs().keys():
        problems.add(sources[name], "not an importable table (see docs/import-format.md)")
    canonical: dict[str, pa.Table] = {}
    for name, spec in table_specs().items():
        if name in tables:
            canonical[name] = canonical_table(
                spec=spec, raw=tables[name], source=sources[name], problems=problems
            )
            report(Progress(Phase.VALIDATE, name, tables[name].num_rows, tables[name].num_rows))
    with engine.begin() as connection:
        check_relations(tables=canonical, sources=sources, connection=connection, problems=problems)
        problems.raise_if_any(sources=list(sources.values()))
        written = load_tables(connection=connection, tables=canonical, progress=report)
    rows = {name: table.num_rows for name, table in canonical.items()}
    return ImportReport(rows=rows, written=written, seconds=time.perf_counter() - started)


def import_directory(
    *, engine: Engine, directory: Path, progress: ProgressHook | None = None
) -> ImportReport:
    """Import each `<table>.csv` or `<table>.parquet` in `directory` (docs/import-format.md)."""
    tables, source_names = read_directory(directory)
    if not tables:
        raise ValidationFailed(
            f"nothing to import: no <table>.csv or <table>.parquet in {directory}"
        )
    return import_tables(engine=engine, tables=tables, source_names=source_names, progress=progress)
