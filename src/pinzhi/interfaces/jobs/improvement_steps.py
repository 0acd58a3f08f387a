"""Improvement in the daily run (S3 7.4): a draft PDCA plan for each missed indicator.

Runs after every step that fills the indicator stores. It judges the platform-wide catalogue as
of the run's day and opens a draft plan for each indicator missing its target, unless a plan for
that indicator is already open — so running it twice opens nothing more. Merchant-level plans are
opened by analysts from a merchant's catalogue; opening them for every shop each day would bury
the list.
"""

from __future__ import annotations

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.improvement.operations import open_plans_for_misses
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step

STEP_ACTOR = Actor(user_id="system:improvement", role=Role.QUALITY_ANALYST)
"""The daily run acts with the quality analyst's rights (it drafts what an analyst would)."""


@step("improvement_plans", order=60)
def improvement_step(ctx: RunContext) -> Summary:
    with ctx.platform.uow() as uow:
        counts = open_plans_for_misses(
            uow=uow, actor=STEP_ACTOR, now=ctx.now, tz=ctx.tz, as_of=ctx.as_of, subjects=(PLATFORM,)
        )
        uow.commit()
    return counts
