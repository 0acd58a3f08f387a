"""The foundation's steps: refresh the lake, then compute the core indicators (C13)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pinzhi.domain import tables
from pinzhi.domain.indicators import metrics, operations
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES, ORDER_LIFE_DAYS
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step
from pinzhi.store.lake import export_lake


@step("export_lake", order=10)
def export_lake_step(ctx: RunContext) -> Summary:
    """Snapshot the store into the Parquet lake: the days an order's life can still change."""
    exports = export_lake(
        engine=ctx.platform.engine,
        metadata=tables.metadata,
        layout=LAKE_TABLES,
        lake_dir=ctx.platform.lake_dir,
        as_of=ctx.as_of,
        now=ctx.now,
        tz=ctx.tz,
        look_back_days=ORDER_LIFE_DAYS,
    )
    return {
        e.name: {
            "rows": e.rows,
            "files_written": e.files_written,
            "files_removed": e.files_removed,
            "refreshed_from": e.refreshed_from and e.refreshed_from.isoformat(),
        }
        for e in exports
    }


@step("core_indicators", order=20)
def core_indicators_step(ctx: RunContext) -> Summary:
    """Compute every core metric for the look-back days and store what changed."""
    analytics = ctx.analytics()
    days = metrics.window(ctx.as_of, ctx.look_back_days)
    expression = metrics.indicator_values(
        orders=analytics.table("orders"),
        aftersales_cases=analytics.table("aftersales_cases"),
        reviews=analytics.table("reviews"),
        days=days,
        tz=ctx.tz,
        cutoff=ctx.cutoff,
    )
    rows = indicator_rows(analytics.to_arrow(expression))
    with ctx.platform.uow() as uow:
        stored = operations.replace_indicator_values(
            uow=uow,
            run_id=ctx.run_id,
            first_day=days[0],
            last_day=days[-1],
            metrics=[m.name for m in metrics.METRICS],
            rows=rows,
        )
        uow.commit()
    return {
        "engine": analytics.name,
        "days": len(days),
        "values": len(rows),
        **stored._asdict(),
        "platform": platform_values(rows, ctx),
    }


def indicator_rows(result: pa.Table) -> list[operations.IndicatorRow]:
    columns = [result.column(name).to_pylist() for name in operations.ROW_FIELDS]
    return list(zip(*columns, strict=True))


def platform_values(rows: list[operations.IndicatorRow], ctx: RunContext) -> dict[str, Any]:
    """The platform-wide values of the as-of day, for the run's log and `pinzhi run --json`."""
    return {
        metric: {"value": value, "numerator": numerator, "denominator": denominator}
        for day, merchant_id, metric, value, numerator, denominator in rows
        if merchant_id == PLATFORM and day == ctx.as_of
    }
