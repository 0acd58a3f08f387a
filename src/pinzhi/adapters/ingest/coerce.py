"""Turn one input column into its canonical Arrow type, flagging every cell that does not fit.

Text input (every CSV column, string Parquet columns) is parsed; typed Parquet columns are
checked and cast. All of it is vectorised: regular expressions and casts run in Arrow's C++
kernels. Only when a cast fails does a bisection find the offending cells.

Canonical types: text and enums `string`, integers and money `int64`, booleans `bool`, dates
`date32`, timestamps `timestamp[us, UTC]`. An empty cell is null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pinzhi.adapters.ingest.schema import INT64, ColumnSpec, Kind

UTC_MICROS = pa.timestamp("us", tz="UTC")
CANONICAL: dict[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.ENUM: pa.string(),
    Kind.INTEGER: pa.int64(),
    Kind.BOOLEAN: pa.bool_(),
    Kind.DATE: pa.date32(),
    Kind.TIMESTAMP: UTC_MICROS,
}

_INTEGER = r"^-?[0-9]{1,18}$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_CLOCK = r"[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
_AWARE = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_CLOCK}(Z|[+-][0-9]{{2}}(:?[0-9]{{2}})?)$"
_NAIVE = rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}({_CLOCK})?$"
NAIVE_TIMESTAMP = "timestamp without a time zone offset (naive timestamps are refused)"


@dataclass
class Coerced:
    """A column in its canonical type; refused cells are null and listed in `refused`."""

    values: pa.ChunkedArray
    refused: list[tuple[pa.ChunkedArray, str]] = field(default_factory=list)
    wrong_type: str | None = None


def coerce(column: pa.ChunkedArray, *, spec: ColumnSpec) -> Coerced:
    source = _plain(column)
    if pa.types.is_string(source.type):
        return _PARSE[spec.kind](source, spec)
    if pa.types.is_null(source.type):  # a column with no value at all
        return Coerced(pa.chunked_array([pa.nulls(len(source), CANONICAL[spec.kind])]))
    return _native(source, spec)


def _plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if pa.types.is_large_string(column.type) or pa.types.is_string_view(column.type):
        column = column.cast(pa.string())
    return column


def _text(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    values = _null_where(pc.equal(source, ""), source)
    if spec.kind is not Kind.ENUM:
        return Coerced(values)
    unknown = _outside(values, pa.array(spec.enum_values))
    reason = f"unknown value (allowed: {', '.join(spec.enum_values)})"
    return Coerced(_null_where(unknown, values), [(unknown, reason)])


def _integer(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    text = _text(source, spec).values
    fits = pc.match_substring_regex(text, _INTEGER)
    values = _null_where(pc.invert(fits), text).cast(pa.int64())
    return _within_bounds(values, spec, [(pc.invert(fits), "not an integer")])


def _boolean(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    lower = pc.utf8_lower(_text(source, spec).values)
    refused = _outside(lower, pa.array(["true", "1", "false", "0"]))
    truth = pc.or_(pc.equal(lower, "true"), pc.equal(lower, "1"))  # null stays null
    values = _null_where(refused, truth)
    return Coerced(values, [(refused, "not a boolean (true, false, 1 or 0)")])


def _date(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    text = _text(source, spec).values
    shaped = pc.match_substring_regex(text, _DATE)
    values, invalid = _cast_flagging(_null_where(pc.invert(shaped), text), pa.date32())
    return Coerced(values, [(pc.or_(pc.invert(shaped), invalid), "not a date (YYYY-MM-DD)")])


def _timestamp(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    text = _text(source, spec).values
    aware = pc.match_substring_regex(text, _AWARE)
    naive = pc.match_substring_regex(text, _NAIVE)
    values, invalid = _cast_flagging(_null_where(pc.invert(aware), text), UTC_MICROS)
    malformed = pc.or_(pc.and_(pc.invert(aware), pc.invert(naive)), invalid)
    return Coerced(
        values,
        [(naive, NAIVE_TIMESTAMP), (malformed, "not an ISO-8601 timestamp with offset")],
    )


_PARSE: dict[Kind, Callable[[pa.ChunkedArray, ColumnSpec], Coerced]] = {
    Kind.TEXT: _text,
    Kind.ENUM: _text,
    Kind.INTEGER: _integer,
    Kind.BOOLEAN: _boolean,
    Kind.DATE: _date,
    Kind.TIMESTAMP: _timestamp,
}


def _native_integer(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    values, invalid = _cast_flagging(source, pa.int64())
    return _within_bounds(values, spec, [(invalid, "integer too large")])


def _native_zero_one(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    refused = _outside(source, pa.array([0, 1], source.type))
    return Coerced(_null_where(refused, source).cast(pa.bool_()), [(refused, "not 0 or 1")])


def _native_timestamp(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    if source.type.tz is not None:
        return Coerced(source.cast(UTC_MICROS, safe=False))
    refused = pc.is_valid(source)
    return Coerced(_null_where(refused, source).cast(UTC_MICROS), [(refused, NAIVE_TIMESTAMP)])


_Accepts = Callable[[pa.DataType], bool]
_NATIVE: list[tuple[Kind, _Accepts, Callable[[pa.ChunkedArray, ColumnSpec], Coerced]]] = [
    (Kind.INTEGER, pa.types.is_integer, _native_integer),
    (Kind.BOOLEAN, pa.types.is_boolean, lambda source, _: Coerced(source)),
    (Kind.BOOLEAN, pa.types.is_integer, _native_zero_one),
    (Kind.DATE, pa.types.is_date, lambda source, _: Coerced(source.cast(pa.date32()))),
    (Kind.TIMESTAMP, pa.types.is_timestamp, _native_timestamp),
]


def _native(source: pa.ChunkedArray, spec: ColumnSpec) -> Coerced:
    """A typed (Parquet or in-memory) column: accepted when its type means the same thing."""
    for kind, accepts, convert in _NATIVE:
        if kind is spec.kind and accepts(source.type):
            return convert(source, spec)
    wrong = f"wrong type: {source.type} given, {spec.kind.value} expected"
    empty = pa.nulls(len(source), CANONICAL[spec.kind])
    return Coerced(pa.chunked_array([empty]), wrong_type=wrong)


def _within_bounds(
    values: pa.ChunkedArray, spec: ColumnSpec, refused: list[tuple[pa.ChunkedArray, str]]
) -> Coerced:
    low, high = spec.bounds or INT64
    outside = pc.or_(pc.less(values, low), pc.greater(values, high))
    reason = f"integer out of range {low}..{high}"
    return Coerced(_null_where(outside, values), [*refused, (outside, reason)])


def _outside(values: pa.ChunkedArray, allowed: pa.Array) -> pa.ChunkedArray:
    return pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=allowed)))


def _null_where(mask: pa.ChunkedArray, values: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(mask.fill_null(False), pa.scalar(None, values.type), values)


def _cast_flagging(
    values: pa.ChunkedArray, target: pa.DataType
) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Cast; cells that cannot be cast become null and are flagged in the returned mask."""
    try:
        return values.cast(target), pa.chunked_array([np.zeros(len(values), dtype=bool)])
    except (pa.ArrowInvalid, OverflowError):
        flags = np.zeros(len(values), dtype=bool)
        flags[cast_failures(values, target=target)] = True
        mask = pa.chunked_array([flags])
        return _null_where(mask, values).cast(target), mask


def cast_failures(values: pa.ChunkedArray, *, target: pa.DataType) -> list[int]:
    """Positions whose cast fails, found by bisection (the error path only)."""
    try:
        values.cast(target)
    except (pa.ArrowInvalid, OverflowError):
        if len(values) == 1:
            return [0]
        half = len(values) // 2
        rest = cast_failures(values.slice(half), target=target)
        return cast_failures(values.slice(0, half), target=target) + [half + r for r in rest]
    return []
