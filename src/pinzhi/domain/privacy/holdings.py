"""Where a consumer's data lives: found from the schema, so a new table is never missed.

Every table with a `consumer_id` column holds the consumer's rows; every table with a foreign
key into one of those holds rows about them (an order's items, a session's messages, a case's
steps). Personal columns are the `PersonalText` ones; free text is any other long text column.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, Text, false, or_, select
from sqlalchemy import String as SqlString

from pinzhi.domain import tables
from pinzhi.store.personal import PersonalText

PROFILE = "consumers"
FREE_TEXT_MIN_LENGTH = 500
_SECRET_MARKS = ("password", "hash", "secret", "token")
"""Columns never exported, even to their owner: credentials are not personal data to hand out."""


def of_consumer(consumer_id: str) -> list[tuple[Table, ColumnElement[bool]]]:
    """(table, rows of the consumer) for the profile, owned tables and their children."""
    metadata = tables.metadata
    profile = metadata.tables[PROFILE]
    found: list[tuple[Table, ColumnElement[bool]]] = [(profile, profile.c.id == consumer_id)]
    owned = [t for t in metadata.sorted_tables if "consumer_id" in t.c and t is not profile]
    found += [(table, table.c.consumer_id == consumer_id) for table in owned]
    for table in metadata.sorted_tables:
        if table is profile or table in owned:
            continue
        links = [
            fk.parent.in_(select(fk.column).where(fk.column.table.c.consumer_id == consumer_id))
            for fk in table.foreign_keys
            if fk.column.table in owned
        ]
        if links:
            found.append((table, or_(false(), *links)))
    return found


def exportable(table: Table) -> list[str]:
    return [c.name for c in table.columns if not any(m in c.name for m in _SECRET_MARKS)]


def erasable(table: Table) -> dict[str, bool]:
    """Column name → True when personal (set to NULL), False when free text (overwritten)."""
    keys = {c.name for c in table.primary_key.columns} | {
        fk.parent.name for fk in table.foreign_keys
    }
    found = {}
    for column in table.columns:
        if column.name in keys:
            continue
        if isinstance(column.type, PersonalText):
            found[column.name] = True
        elif isinstance(column.type, Text) or (
            isinstance(column.type, SqlString) and (column.type.length or 0) >= FREE_TEXT_MIN_LENGTH
        ):
            found[column.name] = False
    return found
