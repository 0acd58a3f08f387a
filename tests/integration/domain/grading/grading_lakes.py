"""Small lakes for grading tests: rows by table, every other column null, as Ibis memtables.

Columns the lake export carries onto a fact from the row it refers to (`lake_tables.ORDER_FACTS`)
are filled in here the same way, from the parent rows given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis
import pyarrow as pa

from pinzhi.domain import tables
from pinzhi.domain.grading.measurements import Sources
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES
from pinzhi.store.lake import LakeTable, lake_schema

Rows = Sequence[Mapping[str, Any]]
LAYOUT = {spec.name: spec for spec in LAKE_TABLES}


def arrow(name: str, rows: Rows, parents: Mapping[str, Rows] | None = None) -> pa.Table:
    spec = LAYOUT.get(name, LakeTable(name))
    schema = lake_schema(spec, tables.metadata)
    found = [{f.name: r.get(f.name) for f in schema} for r in rows]
    for carry in spec.carried:
        by_id = {p["id"]: p for p in (parents or {}).get(carry.parent, ())}
        for row in found:
            parent = by_id.get(row[carry.key], {})
            row[carry.name] = parent.get(carry.column)
    return pa.Table.from_pylist(found, schema)


def memtable_sources(**rows: Rows) -> Sources:
    """Sources over in-memory tables; a table not given is empty."""
    unknown = set(rows) - set(Sources.__dataclass_fields__)
    if unknown:
        raise ValueError(f"not a grading source: {sorted(unknown)}")
    return Sources(
        **{
            name: ibis.memtable(arrow(name, rows.get(name, ()), rows))
            for name in Sources.__dataclass_fields__
        }
    )
