"""Service-response attainment in the daily run (S1 9.2.2–9.2.3; issue 3, item 5)."""

from __future__ import annotations

from typing import Any

from pinzhi.domain.attainment import operations
from pinzhi.domain.attainment.measures import ALL, CHANNEL_OF, Stat
from pinzhi.domain.attainment.queries import Day, Figure, MeasureSeries, limits
from pinzhi.domain.indicators import metrics, service_metrics
from pinzhi.domain.service.sla import Measure
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step


@step("service_attainment", order=25)
def service_attainment_step(ctx: RunContext) -> Summary:
    """Compute first-response, response, queue and after-sales attainment for the look-back
    days from the lake's raw timestamps, store what changed, and report the as-of day."""
    analytics = ctx.analytics()
    days = metrics.window(ctx.as_of, ctx.look_back_days)
    expression = service_metrics.attainment_values(
        service_sessions=analytics.table("service_sessions"),
        service_messages=analytics.table("service_messages"),
        aftersales_cases=analytics.table("aftersales_cases"),
        days=days,
        tz=ctx.tz,
        cutoff=min(ctx.cutoff, ctx.now),
    )
    result = analytics.to_arrow(expression)
    columns = [result.column(name).to_pylist() for name in operations.ROW_FIELDS]
    rows: list[operations.AttainmentRow] = list(zip(*columns, strict=True))
    with ctx.platform.uow() as uow:
        stored = operations.replace_attainment_values(
            uow=uow, run_id=ctx.run_id, first_day=days[0], last_day=days[-1], rows=rows
        )
        uow.commit()
    return {
        "engine": analytics.name,
        "days": len(days),
        "values": len(rows),
        **stored._asdict(),
        "per_channel": per_channel(rows, ctx),
    }


def per_channel(rows: list[operations.AttainmentRow], ctx: RunContext) -> dict[str, Any]:
    """The platform's attainment on the as-of day, by channel, each figure beside its limit."""
    figures: dict[str, dict[str, Figure]] = {}
    for day, _channel, merchant, agent, measure, stat, value, num, den, samples in rows:
        if day == ctx.as_of and merchant == ALL and agent == ALL:
            figures.setdefault(measure, {})[stat] = Figure(value, num, den, samples)
    known = limits()
    out: dict[str, Any] = {}
    for measure in Measure:
        series = MeasureSeries(
            channel=CHANNEL_OF[measure],
            measure=measure,
            merchant_id=ALL,
            agent_id=ALL,
            limit=known[measure],
            days=(Day(ctx.as_of, figures.get(measure.value, {})),),
        )
        out.setdefault(series.channel, {})[measure.value] = describe(series)
    return out


def describe(series: MeasureSeries) -> dict[str, Any]:
    total = series.total()

    def seconds(stat: Stat) -> float | None:
        found = total.get(stat.value)
        return None if found is None else round(found.value / 1000, 3)

    within, breaches = total.get(Stat.WITHIN.value), total.get(Stat.BREACHES.value)
    return {
        "limit_seconds": series.limit.seconds,
        "limit_applies_to": series.limit.basis.value,
        "policy_version": series.limit.version,
        "samples": within.samples if within else 0,
        "mean_seconds": seconds(Stat.MEAN),
        "p50_seconds": seconds(Stat.P50),
        "p90_seconds": seconds(Stat.P90),
        "within_limit": None if within is None else round(within.value, 4),
        "breaches": None if breaches is None else breaches.numerator,
        "meets_limit": series.meets_limit(),
    }
