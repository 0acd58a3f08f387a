"""After-sales steps of the daily run: commitments kept, price drops paid, the chain signed."""

from __future__ import annotations

from pinzhi.domain.aftersales import commitments, price_protection_scan
from pinzhi.domain.records.operations import write_checkpoint
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step


@step("commitment_compensation", order=30)
def commitment_compensation_step(ctx: RunContext) -> Summary:
    """Pay 延时交付必赔 for every order shipped later than promised (S3 6.10; S1 9.7.6)."""
    with ctx.platform.uow() as uow:
        run = commitments.compensate_late_shipments(uow=uow, now=ctx.cutoff)
    return {"checked": run.checked, "compensated": run.compensated, "paid_fen": run.paid_fen}


@step("price_protection", order=31)
def price_protection_step(ctx: RunContext) -> Summary:
    """Automatic 价保 (S3 6.8): pay each price drop found, unless the platform takes claims only."""
    if not ctx.platform.settings.price_protection_automatic:
        return {"mode": "claims only"}
    with ctx.platform.uow() as uow:
        run = price_protection_scan.pay_price_drops(uow=uow, now=ctx.cutoff)
    return {"mode": "automatic", "candidates": run.candidates, "paid": run.paid,
            "paid_fen": run.paid_fen}  # fmt: skip


@step("record_checkpoint", order=1000)
def record_checkpoint_step(ctx: RunContext) -> Summary:
    """Sign the head of the record chain, last, so everything the run wrote is vouched for."""
    with ctx.platform.uow() as uow:
        checkpoint = write_checkpoint(uow=uow, key=ctx.platform.secret_key, now=ctx.now)
    if checkpoint is None:
        return {"signed": None}
    return {"signed": checkpoint.sequence, "entry_hash": checkpoint.entry_hash}
