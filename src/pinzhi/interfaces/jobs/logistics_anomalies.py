"""The logistics-anomaly pass as a daily-run step (C9); the worker can call `run_pass` too."""

from __future__ import annotations

from datetime import datetime

from pinzhi.bootstrap import Platform
from pinzhi.domain.logistics.anomalies import PassReport, detect_anomalies
from pinzhi.domain.logistics.queries import count_open_anomalies
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step


@step("logistics_anomalies", order=35)
def logistics_anomalies_step(ctx: RunContext) -> Summary:
    """Detect as of the end of the run's day (or now, if the day is not over yet)."""
    return run_pass(ctx.platform, now=min(ctx.now, ctx.cutoff))


def run_pass(platform: Platform, *, now: datetime) -> Summary:
    """One detection pass in one transaction; counts by anomaly kind."""
    with platform.uow() as uow:
        report = detect_anomalies(uow=uow, now=now)
        uow.commit()
    with platform.uow() as uow:
        still_open = count_open_anomalies(uow=uow)
    return summary(report, still_open)


def summary(report: PassReport, still_open: dict[str, int]) -> Summary:
    return {
        "examined": report.examined,
        "opened": dict(report.opened),
        "resolved": dict(report.resolved),
        "recorded_over": dict(report.recorded_over),
        "notices": report.notices,
        "open": still_open,
    }
