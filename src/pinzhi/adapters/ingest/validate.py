"""Checks of one table on its own: header, cell types, required values, lengths, CHECK
ranges and duplicate keys. Relations to other tables are checked in `relations`.

A column with a default may be left out of a file, and an empty cell in it takes the default;
every other non-null column must be present and filled.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pinzhi.adapters.ingest.coerce import CANONICAL, coerce
from pinzhi.adapters.ingest.problems import Problems
from pinzhi.adapters.ingest.schema import ColumnSpec, Kind, TableSpec


def canonical_table(*, spec: TableSpec, raw: pa.Table, source: str, problems: Problems) -> pa.Table:
    """`raw` in canonical types and table column order; every problem goes to `problems`."""
    for name in raw.column_names:
        if name not in spec.column_names:
            problems.add(source, f"unknown column: {spec.name} has no such column", column=name)
    columns = [_column(column, raw, source, problems) for column in spec.columns]
    table = pa.table(columns, names=list(spec.column_names))
    _check_ranges(spec, table, source, problems)
    _check_duplicate_keys(spec, table, source, problems)
    return table


def _column(spec: ColumnSpec, raw: pa.Table, source: str, problems: Problems) -> pa.ChunkedArray:
    empty = pa.chunked_array([pa.nulls(raw.num_rows, CANONICAL[spec.kind])])
    if spec.name not in raw.column_names:
        if spec.required:
            problems.add(source, "missing column: it is required", column=spec.name)
        return _with_default(empty, spec)
    given = raw.column(spec.name)
    coerced = coerce(given, spec=spec)
    if coerced.wrong_type:
        problems.add(source, coerced.wrong_type, column=spec.name)
        return empty
    refused = pa.chunked_array([pa.repeat(False, raw.num_rows)])
    for mask, reason in coerced.refused:
        problems.add_rows(source, spec.name, reason, mask=mask, values=given)
        refused = pc.or_(refused, mask.fill_null(False))
    values = _with_default(coerced.values, spec)
    if not spec.nullable:
        missing = pc.and_(pc.is_null(values), pc.invert(refused))
        problems.add_rows(source, spec.name, "empty, but a value is required", mask=missing)
    if spec.kind in (Kind.TEXT, Kind.ENUM):
        _check_text(spec, values, source, problems)
    return values


def _check_text(spec: ColumnSpec, values: pa.ChunkedArray, source: str, problems: Problems) -> None:
    # PostgreSQL text cannot hold NUL; refusing it everywhere keeps both stores alike.
    nul = pc.match_substring(values, "\x00")
    problems.add_rows(source, spec.name, "contains a NUL character", mask=nul)
    if spec.max_length is not None:
        too_long = pc.greater(pc.utf8_length(values), spec.max_length)
        reason = f"longer than {spec.max_length} characters"
        problems.add_rows(source, spec.name, reason, mask=too_long, values=values)


def _with_default(values: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
    if not spec.has_default or values.null_count == 0:
        return values
    return pc.fill_null(values, pa.scalar(spec.default, values.type))


def _check_ranges(spec: TableSpec, table: pa.Table, source: str, problems: Problems) -> None:
    for rule in spec.ranges:
        values = table.column(rule.column)
        outside = pc.or_(pc.less(values, rule.low), pc.greater(values, rule.high))
        problems.add_rows(source, rule.column, f"breaks {rule.rule}", mask=outside, values=values)


def _check_duplicate_keys(
    spec: TableSpec, table: pa.Table, source: str, problems: Problems
) -> None:
    keys = table.column(spec.key)
    counts = pc.value_counts(keys.drop_null())
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    duplicate = pc.is_in(keys, value_set=repeated)
    reason = "duplicate key: other rows of this file carry it too"
    problems.add_rows(source, spec.key, reason, mask=duplicate, values=keys)
