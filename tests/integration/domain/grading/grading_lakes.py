"""Small lakes for grading tests: rows by table, every other column null, as Ibis memtables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis
import pyarrow as pa

from pinzhi.domain import tables
from pinzhi.domain.grading.measurements import Sources
from pinzhi.store.lake import arrow_schema, exported_columns

Rows = Sequence[Mapping[str, Any]]


def arrow(name: str, rows: Rows) -> pa.Table:
    schema = arrow_schema(exported_columns(tables.metadata.tables[name]))
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema)


def memtable_sources(**rows: Rows) -> Sources:
    """Sources over in-memory tables; a table not given is empty."""
    unknown = set(rows) - set(Sources.__dataclass_fields__)
    if unknown:
        raise ValueError(f"not a grading source: {sorted(unknown)}")
    return Sources(
        **{
            name: ibis.memtable(arrow(name, rows.get(name, ())))
            for name in Sources.__dataclass_fields__
        }
    )
