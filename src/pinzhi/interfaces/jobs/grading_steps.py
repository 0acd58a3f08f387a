"""The daily run's merchant grading (S1 6.1.1, 6.1.2): measure on the lake, grade, store.

Measurements run on the run's analytics engine over the lake; the catalog's licence and brand
tables are small dimensions read from the store. Every merchant gets a row for the as-of day —
graded, or not graded with the reason — so a merchant page can always say where it stands.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
from sqlalchemy import Engine

from pinzhi.adapters.analytics import Analytics
from pinzhi.domain import tables
from pinzhi.domain.grading import operations
from pinzhi.domain.grading.grade_records import grade_records
from pinzhi.domain.grading.measurements import Sources, Window, measurement_table
from pinzhi.domain.grading.operations import GradeRecord
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step
from pinzhi.store.lake import read_table

STORE_DIMENSIONS = ("brands", "brand_authorisations", "merchant_qualifications")
"""Read from the store: not in the lake (`lake_tables.LAKE_TABLES`)."""
WORST_SHOWN = 10


def grading_sources(analytics: Analytics, engine: Engine) -> Sources:
    """The lake's tables on the engine, plus the catalog dimensions from the store."""
    lake = {
        name: analytics.table(name)
        for name in Sources.__dataclass_fields__
        if name not in STORE_DIMENSIONS
    }
    return Sources(**lake, **{name: store_table(engine, name) for name in STORE_DIMENSIONS})


def store_table(engine: Engine, name: str) -> ir.Table:
    return ibis.memtable(read_table(engine, tables.metadata.tables[name]))


@step("merchant_grades", order=40)
def merchant_grades_step(ctx: RunContext) -> Summary:
    """Grade every merchant as of the run's day and store the grades with their explanations."""
    analytics = ctx.analytics()
    window = Window(as_of=ctx.as_of, tz=ctx.tz)
    expression = measurement_table(grading_sources(analytics, ctx.platform.engine), window)
    counts = analytics.to_arrow(expression.order_by("merchant_id"))
    records = grade_records(counts)
    with ctx.platform.uow() as uow:
        stored = operations.replace_merchant_grades(
            uow=uow, run_id=ctx.run_id, as_of=ctx.as_of, grades=records
        )
        uow.commit()
    return {
        "engine": analytics.name,
        "window_days": window.days,
        "odr_window_days": window.odr_days,
        "merchants": len(records),
        "graded": sum(1 for r in records if r.tier is not None),
        "tiers": tier_distribution(records),
        "worst": worst(records),
        **stored._asdict(),
    }


def tier_distribution(records: list[GradeRecord]) -> dict[str, int]:
    found = {t: 0 for t in ("S", "A", "B", "C", "D")}
    for record in records:
        if record.tier is not None:
            found[record.tier.value] += 1
    return found


def worst(records: list[GradeRecord]) -> list[dict[str, Any]]:
    """The lowest-graded merchants with what weighs on them, for the run's log."""
    graded = [r for r in records if r.total_cents is not None and r.tier is not None]
    graded.sort(key=lambda r: (r.total_cents, r.merchant_id))
    return [
        {
            "merchant_id": r.merchant_id,
            "tier": r.tier.value if r.tier else None,
            "total": f"{(r.total_cents or 0) / 100:.2f}",
            "explanation": r.explanation,
        }
        for r in graded[:WORST_SHOWN]
    ]
