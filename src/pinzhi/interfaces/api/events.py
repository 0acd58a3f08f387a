"""POST /api/v1/events/{table}: the event API of C1, rows pushed by the platform's systems.

A batch goes through the same validation and loader as a file import: every row checked, the
whole batch in one transaction, upserts by natural key (re-sending a batch is harmless).
"""

from __future__ import annotations

from typing import Annotated, Any

import pyarrow as pa
from fastapi import APIRouter, Body
from pydantic import BaseModel

from pinzhi.adapters.ingest.importer import import_tables
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.interfaces.api.deps import CurrentActor, PlatformDep
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/events", tags=["events"])

MAX_BATCH = 10_000

Rows = Annotated[
    list[dict[str, Any]],
    Body(
        max_length=MAX_BATCH,
        description="rows of the table, columns as in docs/import-format.md; "
        "timestamps ISO-8601 with offset, money integer fen",
    ),
]


class Accepted(BaseModel):
    table: str
    rows: int
    written: int


@router.post(
    "/{table}",
    responses=problem_responses(401, 403, 422),
    summary="Upsert a batch of rows into one table, all or nothing",
)
def post_events(*, table: str, rows: Rows, actor: CurrentActor, platform: PlatformDep) -> Accepted:
    require(actor, Permission.INGEST_DATA)
    report = import_tables(
        engine=platform.engine,
        tables={table: _as_text_table(rows)},
        source_names={table: f"events/{table}"},
    )
    return Accepted(
        table=table, rows=report.rows.get(table, 0), written=report.written.get(table, 0)
    )


def _as_text_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Every value as text, so JSON rows are parsed exactly like CSV cells (one rule set)."""
    columns: dict[str, list[str | None]] = {}
    for index, row in enumerate(rows):
        for name in row.keys() - columns.keys():
            columns[name] = [None] * index
        for name, cells in columns.items():
            cells.append(_text(row.get(name)))
    return pa.table({name: pa.array(cells, pa.string()) for name, cells in columns.items()})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
