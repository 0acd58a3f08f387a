"""Daily-run step: start SLA clocks for open cases and sessions that arrived without events
(imports, simulations), so every open one is measured and queued (issue 3 part 4)."""

from __future__ import annotations

from pinzhi.domain.sla.sync import sync_clocks
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step

SYNC_BATCH = 1000


@step("sla_clocks", order=25)
def sla_clocks_step(ctx: RunContext) -> Summary:
    """Idempotent: a subject that has a clock is never started twice."""
    started = 0
    while True:
        with ctx.platform.uow() as uow:
            batch = sync_clocks(uow=uow, now=ctx.now, limit=SYNC_BATCH)
            uow.commit()
        started += batch
        if batch < SYNC_BATCH:
            return {"clocks_started": started}
