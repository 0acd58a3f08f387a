"""The import format, derived from the table metadata (the one source of truth).

Each importable table becomes a `TableSpec`: its columns with kind, nullability, default,
enum values, maximum length, foreign key and personal flag, plus the ranges its CHECK
constraints impose. A model change therefore changes the format, its validation and its
document together; a constraint this module cannot read fails loudly instead of being skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, Date, Integer, String, Table
from sqlalchemy import Enum as SAEnum

from pinzhi.domain.tables import IMPORT_ORDER, metadata
from pinzhi.store.field_cipher import MAX_PLAIN_BYTES
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import UtcDateTime


class Kind(StrEnum):
    TEXT = "text"
    ENUM = "enum"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    TIMESTAMP = "timestamp"


INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
PERSONAL_MAX_CHARACTERS = MAX_PLAIN_BYTES // 3
"""Personal text is sealed before storing (C7): 113 characters of Chinese fit once sealed."""


@dataclass(frozen=True)
class ForeignKey:
    table: str
    column: str


@dataclass(frozen=True)
class Range:
    """Inclusive bounds from a CHECK constraint, kept with its SQL text for messages."""

    column: str
    low: int
    high: int
    rule: str


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    nullable: bool
    default: str | int | bool | None
    has_default: bool
    enum_values: tuple[str, ...] = ()
    max_length: int | None = None
    bounds: tuple[int, int] | None = None
    references: ForeignKey | None = None
    personal: bool = False

    @property
    def required(self) -> bool:
        """A file must carry this column: it may not be null and has no default to fall back on."""
        return not self.nullable and not self.has_default


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    key: str
    """The primary key: one text column holding the source system's id (ADR 0001)."""
    ranges: tuple[Range, ...]

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every importable table's spec, in `IMPORT_ORDER` (parents first)."""
    return {name: _table_spec(metadata.tables[name]) for name in IMPORT_ORDER}


def _table_spec(table: Table) -> TableSpec:
    return TableSpec(
        name=table.name,
        columns=tuple(_column_spec(column) for column in table.columns),
        key=_key(table),
        ranges=tuple(
            _range(str(constraint.sqltext))
            for constraint in table.constraints
            if isinstance(constraint, CheckConstraint) and not _enum_bound(constraint)
        ),
    )


def _key(table: Table) -> str:
    names = [column.name for column in table.primary_key.columns]
    if len(names) != 1:
        raise ValueError(f"{table.name}: bulk import needs a one-column primary key, not {names}")
    return names[0]


def _column_spec(column: Column[object]) -> ColumnSpec:
    kind = _kind(column)
    default = column.default.arg if column.default is not None else None  # type: ignore[attr-defined]
    sql_type = column.type
    return ColumnSpec(
        name=column.name,
        kind=kind,
        nullable=bool(column.nullable),
        default=default.value if isinstance(default, StrEnum) else default,
        has_default=column.default is not None,
        enum_values=tuple(sql_type.enums) if isinstance(sql_type, SAEnum) else (),
        max_length=_max_length(column),
        bounds=_bounds(column) if kind is Kind.INTEGER else None,
        references=_reference(column),
        personal=isinstance(sql_type, PersonalText),
    )


def _kind(column: Column[object]) -> Kind:
    sql_type = column.type
    kinds: list[tuple[type[object], Kind]] = [
        (SAEnum, Kind.ENUM),  # before String: an Enum is a String
        (UtcDateTime, Kind.TIMESTAMP),
        (PersonalText, Kind.TEXT),
        (String, Kind.TEXT),
        (Boolean, Kind.BOOLEAN),
        (Integer, Kind.INTEGER),
        (Date, Kind.DATE),
    ]
    for sql_class, kind in kinds:
        if isinstance(sql_type, sql_class):
            return kind
    raise TypeError(f"{column.table.name}.{column.name}: no import kind for {sql_type!r}")


def _max_length(column: Column[object]) -> int | None:
    sql_type = column.type
    if isinstance(sql_type, PersonalText):
        return PERSONAL_MAX_CHARACTERS
    return sql_type.length if isinstance(sql_type, String) else None


def _bounds(column: Column[object]) -> tuple[int, int]:
    return INT64 if isinstance(column.type, BigInteger) else INT32


def _reference(column: Column[object]) -> ForeignKey | None:
    for foreign_key in column.foreign_keys:
        return ForeignKey(table=foreign_key.column.table.name, column=foreign_key.column.name)
    return None


def _enum_bound(constraint: CheckConstraint) -> bool:
    """The CHECK an `Enum` column creates for itself; its values are read from the type."""
    return bool(getattr(constraint, "_type_bound", False))


_AT_LEAST = re.compile(r"^(\w+) >= (-?\d+)$")
_ABOVE = re.compile(r"^(\w+) > (-?\d+)$")
_BETWEEN = re.compile(r"^(\w+) BETWEEN (-?\d+) AND (-?\d+)$")


def _range(rule: str) -> Range:
    if match := _AT_LEAST.match(rule):
        return Range(column=match[1], low=int(match[2]), high=INT64[1], rule=rule)
    if match := _ABOVE.match(rule):
        return Range(column=match[1], low=int(match[2]) + 1, high=INT64[1], rule=rule)
    if match := _BETWEEN.match(rule):
        return Range(column=match[1], low=int(match[2]), high=int(match[3]), rule=rule)
    raise ValueError(f"CHECK constraint the importer cannot validate: {rule!r}")
