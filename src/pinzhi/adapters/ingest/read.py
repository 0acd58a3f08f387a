"""Read an import directory: one `<table>.csv` or `<table>.parquet` per importable table.

CSV cells are read as bytes and checked to be UTF-8 column by column, so a bad byte is
reported with its row and column; the rest of the parsing happens in `coerce`. A directory
whose files cannot even be read is refused before any validation.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pinzhi.adapters.ingest.coerce import cast_failures
from pinzhi.adapters.ingest.problems import Problems
from pinzhi.core.errors import NotFound
from pinzhi.domain.tables import IMPORT_ORDER

FORMATS = (".csv", ".parquet")


def read_directory(directory: Path) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """The tables found in `directory` and the file name each came from."""
    if not directory.is_dir():
        raise NotFound(f"no such directory: {directory}")
    problems = Problems()
    paths = _table_files(directory, problems)
    tables = {name: _read(path, problems) for name, path in paths.items()}
    problems.raise_if_any(sources=[path.name for path in paths.values()])
    return {name: table for name, table in tables.items() if table is not None}, {
        name: path.name for name, path in paths.items()
    }


def _table_files(directory: Path, problems: Problems) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix in FORMATS):
        if path.stem not in IMPORT_ORDER:
            problems.add(path.name, "not an importable table (see docs/import-format.md)")
        elif path.stem in found:
            problems.add(path.name, f"{found[path.stem].name} holds the same table")
        else:
            found[path.stem] = path
    return {name: found[name] for name in IMPORT_ORDER if name in found}


def _read(path: Path, problems: Problems) -> pa.Table | None:
    if path.suffix == ".parquet":
        try:
            return pq.read_table(path)
        except (pa.ArrowInvalid, OSError) as exc:
            problems.add(path.name, f"not a readable Parquet file: {exc}")
            return None
    return _read_csv(path, problems)


def _read_csv(path: Path, problems: Problems) -> pa.Table | None:
    header = _header(path, problems)
    if header is None:
        return None
    malformed: list[pa_csv.InvalidRow] = []

    def skip(row: pa_csv.InvalidRow) -> str:
        malformed.append(row)
        return "skip"

    table = _csv_bytes(path, header, skip, threads=True)
    if malformed:
        _report_malformed(path, header, problems)
        return None
    return pa.table([_utf8(table, name, path.name, problems) for name in header], names=header)


def _header(path: Path, problems: Problems) -> list[str] | None:
    with path.open("rb") as file:
        first = file.readline()
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]), [])
    except UnicodeDecodeError:
        problems.add(path.name, "header is not valid UTF-8")
        return None
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if not header:
        problems.add(path.name, "empty file: a header row is required")
    for name in duplicated:
        problems.add(path.name, "appears more than once in the header", column=name)
    return header if header and not duplicated else None


def _csv_bytes(
    path: Path, header: list[str], handler: Callable[[pa_csv.InvalidRow], str], *, threads: bool
) -> pa.Table:
    return pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(use_threads=threads),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=handler),
        convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(header, pa.binary())),
    )


def _report_malformed(path: Path, header: list[str], problems: Problems) -> None:
    """Error path: read again on one thread, which numbers each bad record (header = 1)."""

    def report(row: pa_csv.InvalidRow) -> str:
        fields = f"{row.actual_columns} fields where the header has {row.expected_columns}"
        problems.add(path.name, fields, row=row.number - 1)
        return "skip"

    _csv_bytes(path, header, report, threads=False)


def _utf8(table: pa.Table, name: str, source: str, problems: Problems) -> pa.ChunkedArray:
    raw = table.column(name)
    try:
        return raw.cast(pa.string())
    except pa.ArrowInvalid:
        bad = np.zeros(len(raw), dtype=bool)
        bad[cast_failures(raw, target=pa.string())] = True
        problems.add_rows(source, name, "invalid UTF-8", mask=pa.array(bad))
        return pa.chunked_array([pa.nulls(len(raw), pa.string())])
