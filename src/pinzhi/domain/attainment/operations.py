"""Writes of attainment values: a run replaces every value of the days it computed.

Rows that did not change are left alone, with the run id that produced them, so running the
same computation twice writes nothing the second time (as `indicators.operations` does).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, insert, select, update

from pinzhi.domain.attainment.models import AttainmentValue
from pinzhi.domain.indicators.operations import DELETE_CHUNK, StoreSummary
from pinzhi.store.uow import UnitOfWork

AttainmentRow = tuple[date, str, str, str, str, str, float, int, int, int]
"""(day, channel, merchant_id, agent_id, measure, statistic, value, numerator, denominator,
samples): plain tuples, as many arrive."""
KEY_FIELDS = ("day", "channel", "merchant_id", "agent_id", "measure", "statistic")
FIGURE_FIELDS = ("value", "numerator", "denominator", "samples")
ROW_FIELDS = KEY_FIELDS + FIGURE_FIELDS


def replace_attainment_values(
    *,
    uow: UnitOfWork,
    run_id: str,
    first_day: date,
    last_day: date,
    rows: Iterable[AttainmentRow],
) -> StoreSummary:
    """Make the stored values on [first_day, last_day] equal to `rows`."""
    if first_day > last_day:
        raise ValueError("first_day comes after last_day")
    c = AttainmentValue.__table__.c
    keys = [c[name] for name in KEY_FIELDS]
    figures = [c[name] for name in FIGURE_FIELDS]
    found = uow.session.execute(
        select(*keys, c.id, *figures).where(c.day.between(first_day, last_day))
    )
    width = len(KEY_FIELDS)
    stored = {tuple(row[:width]): tuple(row[width:]) for row in found.all()}
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    unchanged = 0
    for row in rows:
        if not first_day <= row[0] <= last_day:
            raise ValueError(f"a value for {row[0]} is outside [{first_day}, {last_day}]")
        existing = stored.pop(tuple(row[:width]), None)
        if existing is None:
            inserts.append({**dict(zip(ROW_FIELDS, row, strict=True)), "run_id": run_id})
        elif existing[1:] != tuple(row[width:]):
            change = dict(zip(FIGURE_FIELDS, row[width:], strict=True))
            updates.append({"id": existing[0], "run_id": run_id, **change})
        else:
            unchanged += 1
    if inserts:
        uow.session.execute(insert(AttainmentValue), inserts)
    if updates:
        uow.session.execute(update(AttainmentValue), updates)
    stale = [existing[0] for existing in stored.values()]
    for start in range(0, len(stale), DELETE_CHUNK):
        chunk = stale[start : start + DELETE_CHUNK]
        uow.session.execute(delete(AttainmentValue).where(AttainmentValue.id.in_(chunk)))
    return StoreSummary(len(inserts), len(updates), len(stale), unchanged)
