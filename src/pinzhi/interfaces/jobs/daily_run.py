"""The daily quality run: every registered step for one as-of day, logged as a `QualityRun`.

`run_daily` is what `pinzhi run` (and a scheduler) calls once a day; `run_days` replays a range
of days the same way — exporting the lake once, then computing day by day on one open engine —
for the demo and for back-fills.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pinzhi.adapters.analytics import EngineName
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import utcnow
from pinzhi.core.ids import new_id
from pinzhi.domain.indicators import operations
from pinzhi.domain.indicators.lake_tables import ORDER_LIFE_DAYS
from pinzhi.domain.indicators.models import RunStatus
from pinzhi.interfaces.jobs import (
    aftersales_steps,
    attainment_steps,
    core_steps,
    grading_steps,
    improvement_steps,
    listing_steps,
    logistics_anomalies,
    oversight_steps,
    product_insight_steps,
    satisfaction_steps,
    sla_steps,
)
from pinzhi.interfaces.jobs.registry import (
    Engines,
    RunContext,
    Step,
    Summary,
    registered_steps,
)

REPLAY_SETTLE_DAYS = 31
"""Days a replayed day recomputes before it (see `run_days`)."""

STEP_MODULES = (
    aftersales_steps,
    core_steps,
    logistics_anomalies,
    grading_steps,
    improvement_steps,
    oversight_steps,
    product_insight_steps,
    attainment_steps,
    sla_steps,
    satisfaction_steps,
    listing_steps,
)
"""Importing a step module registers its steps; later capabilities add theirs here."""


@dataclass(frozen=True)
class RunReport:
    run_id: str
    as_of: date
    status: RunStatus
    steps: dict[str, Any]

    def summary(self, name: str) -> Summary:
        found: Summary = self.steps[name]["summary"]
        return found


def run_daily(
    platform: Platform,
    *,
    as_of: date,
    engine: EngineName | None = None,
    engines: Engines | None = None,
    skip: Collection[str] = (),
    look_back_days: int = ORDER_LIFE_DAYS,
) -> RunReport:
    """Run every registered step (but `skip`) for `as_of` and log it; a failed step stops the run
    and is re-raised after the log records it."""
    owned = engines is None
    shared = engines or Engines(platform, engine or platform.settings.analytics_engine)
    run_id = new_id("run")
    ctx = RunContext(platform, run_id, as_of, utcnow(), shared, look_back_days)
    with platform.uow() as uow:
        operations.start_quality_run(uow=uow, run_id=run_id, as_of=as_of, now=ctx.now)
        uow.commit()
    status = RunStatus.FAILED
    try:
        for registered in registered_steps():
            if registered.name not in skip:
                _run_step(registered, ctx)
        status = RunStatus.SUCCEEDED
    finally:
        if owned:
            shared.close()
        with platform.uow() as uow:
            operations.finish_quality_run(
                uow=uow, run_id=run_id, status=status, steps=dict(ctx.results), now=utcnow()
            )
            uow.commit()
    return RunReport(run_id, as_of, status, ctx.results)


def _run_step(registered: Step, ctx: RunContext) -> None:
    started = time.perf_counter()
    try:
        summary = registered.run(ctx)
    except Exception as exc:
        seconds = round(time.perf_counter() - started, 3)
        ctx.results[registered.name] = {"seconds": seconds, "error": f"{type(exc).__name__}: {exc}"}
        raise
    seconds = round(time.perf_counter() - started, 3)
    ctx.results[registered.name] = {"seconds": seconds, "summary": summary}


def run_days(
    platform: Platform,
    *,
    first: date,
    last: date,
    engine: EngineName | None = None,
    on_progress: Callable[[RunReport], None] | None = None,
    settle_days: int = REPLAY_SETTLE_DAYS,
) -> list[RunReport]:
    """Run the daily run for each day of [first, last], as each day's own run would have.

    The first day exports the lake — every day from `first - ORDER_LIFE_DAYS` on, so the whole
    range — and later days reuse it on one open engine. Days before `last` recompute only the
    `settle_days` before them (what later steps' monthly windows read, and almost all that one
    day changes); `last` recomputes the full look-back, so the stored values end up exactly as
    a daily run for `last` leaves them.
    """
    engines = Engines(platform, engine or platform.settings.analytics_engine)
    reports = []
    try:
        day = first
        while day <= last:
            report = run_daily(
                platform,
                as_of=day,
                engines=engines,
                skip=() if day == first else ("export_lake",),
                look_back_days=ORDER_LIFE_DAYS if day == last else settle_days,
            )
            reports.append(report)
            if on_progress is not None:
                on_progress(report)
            day += timedelta(days=1)
    finally:
        engines.close()
    return reports
