"""Writes of indicator values and of the quality-run log.

Values are replaced per window: a run owns every (day, merchant, metric) of the days and metrics
it computed. Rows that did not change are left alone — together with the run id that produced
them — so running the same computation twice writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import delete, insert, select, update

from pinzhi.domain.indicators.models import IndicatorValue, QualityRun, RunStatus
from pinzhi.store.uow import UnitOfWork

DELETE_CHUNK = 5_000


IndicatorRow = tuple[date, str, str, float | None, int, int]
"""(day, merchant_id, metric, value, numerator, denominator): plain tuples, as many arrive."""
ROW_FIELDS = ("day", "merchant_id", "metric", "value", "numerator", "denominator")


class StoreSummary(NamedTuple):
    inserted: int
    updated: int
    deleted: int
    unchanged: int


def replace_indicator_values(
    *,
    uow: UnitOfWork,
    run_id: str,
    first_day: date,
    last_day: date,
    metrics: Sequence[str],
    rows: Iterable[IndicatorRow],
) -> StoreSummary:
    """Make the stored values of `metrics` on [first_day, last_day] equal to `rows`."""
    session = uow.session
    values = IndicatorValue.__table__.c
    found = session.execute(
        select(values.day, values.merchant_id, values.metric, values.id, values.value)
        .add_columns(values.numerator, values.denominator)
        .where(values.day.between(first_day, last_day), values.metric.in_(list(metrics)))
    )
    stored = {(day, merchant, metric): rest for day, merchant, metric, *rest in found.all()}
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    unchanged = 0
    for row in rows:
        day, merchant, metric, value, numerator, denominator = row
        existing = stored.pop((day, merchant, metric), None)
        if existing is None:
            inserts.append({**dict(zip(ROW_FIELDS, row, strict=True)), "run_id": run_id})
        elif existing[1:] != [value, numerator, denominator]:
            change = {"id": existing[0], "value": value, "run_id": run_id}
            updates.append({**change, "numerator": numerator, "denominator": denominator})
        else:
            unchanged += 1
    if inserts:
        session.execute(insert(IndicatorValue), inserts)
    if updates:
        session.execute(update(IndicatorValue), updates)
    stale = [existing[0] for existing in stored.values()]
    for start in range(0, len(stale), DELETE_CHUNK):
        chunk = stale[start : start + DELETE_CHUNK]
        session.execute(delete(IndicatorValue).where(IndicatorValue.id.in_(chunk)))
    return StoreSummary(len(inserts), len(updates), len(stale), unchanged)


def start_quality_run(*, uow: UnitOfWork, run_id: str, as_of: date, now: datetime) -> None:
    uow.session.add(
        QualityRun(id=run_id, as_of=as_of, status=RunStatus.RUNNING, started_at=now, steps={})
    )


def finish_quality_run(
    *,
    uow: UnitOfWork,
    run_id: str,
    status: RunStatus,
    steps: dict[str, object],
    now: datetime,
) -> None:
    run = uow.session.get_one(QualityRun, run_id)
    run.status = status
    run.steps = steps
    run.finished_at = now
