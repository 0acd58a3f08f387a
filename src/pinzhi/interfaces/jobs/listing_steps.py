"""The daily run's listing checks (S2 7.7): expired ads come down, changed wording is re-read.

Idempotent: an ad is taken down (and its finding written) once; a listing's wording is checked
again only when its text changed, and each finding is stored once per text version.
"""

from __future__ import annotations

from pinzhi.adapters.language.listing_text import check_listing_text
from pinzhi.domain.listings import operations
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step


@step("listing_checks", order=58)
def listing_checks_step(ctx: RunContext) -> Summary:
    """Take down ads whose window closed by the run's moment, then re-check changed texts."""
    at = min(ctx.now, ctx.cutoff)  # a back-dated run must not end ads that were still running
    with ctx.platform.uow() as uow:
        expired = operations.take_down_expired_ads(uow=uow, now=at)
        counts = operations.recheck_listing_texts(uow=uow, now=at, checker=check_listing_text)
        uow.commit()
    return {"ads_taken_down": expired, **counts._asdict()}
