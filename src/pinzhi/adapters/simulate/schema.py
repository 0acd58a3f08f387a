"""The import format, derived from the table metadata: one Arrow schema per importable table.

Text and enums are strings (enum values, not names), integers and money (fen) int64,
booleans bool, timestamps aware UTC microseconds, dates date32. `table()` checks every batch
against this: exact column set, types, no null in a NOT NULL column, only valid enum values.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from pinzhi.adapters.ingest.coerce import CANONICAL
from pinzhi.adapters.ingest.schema import Kind, table_specs


@cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of importable table `name`, columns in table order."""
    return pa.schema(
        [
            pa.field(column.name, CANONICAL[column.kind], nullable=column.nullable)
            for column in table_specs()[name].columns
        ]
    )


@cache
def enum_domains(name: str) -> dict[str, pa.Array]:
    """Allowed values of each enum column of table `name`."""
    return {
        column.name: pa.array(column.enum_values)
        for column in table_specs()[name].columns
        if column.kind is Kind.ENUM
    }


@cache
def repetitive_columns(name: str) -> list[str]:
    """Text columns worth dictionary-encoding: all but keys, references and personal data."""
    spec = table_specs()[name]
    return [
        column.name
        for column in spec.columns
        if column.kind in (Kind.TEXT, Kind.ENUM)
        and not (column.name == spec.key or column.references or column.personal)
    ]


@cache
def text_limits(name: str) -> dict[str, int]:
    """Maximum length of each bounded text column of table `name`."""
    return {
        column.name: column.max_length
        for column in table_specs()[name].columns
        if column.kind is Kind.TEXT and column.max_length
    }


def table(name: str, columns: Mapping[str, pa.Array]) -> pa.Table:
    """Assemble and check one batch of table `name`; a mistake fails here, not at import.

    Checks the column set, types, NOT NULL, text lengths and enum values.
    """
    schema = arrow_schema(name)
    if set(columns) != set(schema.names):
        missing, extra = set(schema.names) - set(columns), set(columns) - set(schema.names)
        raise ValueError(f"{name}: missing columns {sorted(missing)}, unknown {sorted(extra)}")
    arrays = [columns[field.name].cast(field.type) for field in schema]
    for field, array in zip(schema, arrays, strict=True):
        if not field.nullable and array.null_count:
            raise ValueError(f"{name}.{field.name}: null in a NOT NULL column")
    for column, limit in text_limits(name).items():
        longest = pc.max(pc.utf8_length(columns[column])).as_py()
        if longest is not None and longest > limit:
            raise ValueError(f"{name}.{column}: text of {longest} characters, limit {limit}")
    for column, allowed in enum_domains(name).items():
        if not pc.all(
            pc.is_in(columns[column].drop_null(), value_set=allowed), min_count=0
        ).as_py():
            raise ValueError(f"{name}.{column}: value outside the enum")
    return pa.Table.from_arrays(arrays, schema=schema)
