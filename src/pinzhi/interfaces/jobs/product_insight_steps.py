"""The daily run's product grades (S1 7.1, 7.2) and trend insight with merchant briefs (S1 8).

Both run after the merchant grade. Counts come from Ibis expressions on the run's engine; the
catalog tables the lake does not hold yet (order lines, SKUs, certifications, inspections, brand
authorisations) are read from the store as small in-memory tables until the lake exports them.
Review and chat texts are read through the language module here, so the domain rules receive
numbers: the quality-praise rate per product, criticised aspects per category, wanted phrases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.types as ir
from sqlalchemy import select

from pinzhi.adapters.analytics import Analytics
from pinzhi.adapters.language.aspects import NEGATIVE, aspects_of, praises_quality
from pinzhi.adapters.language.sentiment import shipped_model
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.measurements import Window
from pinzhi.domain.insight.demand_gaps import demand_gaps, wanted_phrases
from pinzhi.domain.insight.models import PLATFORM_SCOPE
from pinzhi.domain.insight.operations import replace_trend_reports
from pinzhi.domain.insight.trend_measurements import (
    PREVIOUS,
    RECENT,
    TrendSources,
    TrendWindow,
    category_units,
    complaint_natures,
    merchant_units,
)
from pinzhi.domain.insight.trend_rules import (
    DEFAULT_TRENDS,
    UnitCount,
    merchant_brief,
    trend_report,
)
from pinzhi.domain.products_quality.models import ProductGradeRow
from pinzhi.domain.products_quality.operations import store_product_grades
from pinzhi.domain.products_quality.product_grade import ProductFacts, grade_product
from pinzhi.domain.products_quality.product_measurements import (
    ProductSources,
    product_measurement_table,
)
from pinzhi.domain.service.models import Sender
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step

WEAK_TIERS = (Tier.C, Tier.D)
NEGATIVE_REVIEW = 3
"""Reviews of at most this many stars are read for criticised aspects."""


def _table(ctx: RunContext, analytics: Analytics, name: str) -> ir.Table:
    """The lake's table when exported, else the store's."""
    if analytics.has(name):
        return analytics.table(name)
    return ctx.store_table(name)


def _at(instant: datetime) -> ir.TimestampScalar:
    return ibis.literal(instant, type="timestamp('UTC')")


def _between(column: ir.TimestampColumn, starts: datetime, cutoff: datetime) -> ir.BooleanColumn:
    return (column >= _at(starts)) & (column < _at(cutoff))


@step("product_grades", order=50)
def product_grades_step(ctx: RunContext) -> Summary:
    """Grade every live listing, designate premium products and decide traffic support."""
    analytics = ctx.analytics()
    window = Window(as_of=ctx.as_of, tz=ctx.tz)
    sources = ProductSources(
        **{name: _table(ctx, analytics, name) for name in ProductSources.__dataclass_fields__}
    )
    counts = analytics.to_arrow(
        product_measurement_table(sources, window).order_by("product_id")
    ).to_pylist()
    reviews = sources.reviews
    texts = analytics.to_arrow(
        reviews.filter(
            _between(reviews.created_at, window.starts, window.cutoff),
            reviews.product_id.notnull(),
        ).select("product_id", "body")
    ).to_pylist()
    praise = praise_rates(texts)
    graded = []
    for row in counts:
        facts = ProductFacts.from_counts(row, praise.get(row["product_id"], 0.0))
        graded.append((facts, grade_product(facts)))
    with ctx.platform.uow() as uow:
        stored = store_product_grades(
            uow=uow, run_id=ctx.run_id, as_of=ctx.as_of, decided_at=ctx.now, graded=graded
        )
        uow.commit()
    tiers = Counter(g.tier.value for _, g in graded)
    return {
        "engine": analytics.name,
        "products": len(graded),
        "tiers": {t.value: tiers.get(t.value, 0) for t in Tier},
        **stored._asdict(),
    }


def praise_rates(rows: Iterable[dict[str, Any]]) -> dict[str, float]:
    """product id → share of its reviews praising quality (reviews without text count too)."""
    rows = list(rows)
    if not rows:
        return {}
    praised = praises_quality([row["body"] or "" for row in rows], model=shipped_model())
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, praises in zip(rows, praised, strict=True):
        counted = counts[row["product_id"]]
        counted[0] += praises
        counted[1] += 1
    return {pid: praising / reviews for pid, (praising, reviews) in counts.items()}


@step("trends", order=55)
def trends_step(ctx: RunContext) -> Summary:
    """The platform's trend report and every selling merchant's brief for the as-of day."""
    analytics = ctx.analytics()
    window = TrendWindow(as_of=ctx.as_of, tz=ctx.tz)
    sources = TrendSources(
        **{name: _table(ctx, analytics, name) for name in TrendSources.__dataclass_fields__}
    )
    counts = [
        UnitCount(**r) for r in analytics.to_arrow(category_units(sources, window)).to_pylist()
    ]
    complaints: dict[str, dict[str, int]] = defaultdict(dict)
    for r in analytics.to_arrow(complaint_natures(sources, window)).to_pylist():
        complaints[r["category"]][r["nature"]] = r["complaints"]
    criticised, review_texts = _review_voice(analytics, sources, window)
    asked = wanted_phrases([*review_texts, *_consumer_turns(analytics, window)])
    titles = _live_titles(analytics, sources, window)
    report = trend_report(
        as_of=ctx.as_of,
        days=window.days,
        counts=counts,
        complaints=complaints,
        criticised=criticised,
        gaps=demand_gaps(asked, titles, min_mentions=DEFAULT_TRENDS.min_gap_mentions),
    )
    units: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for r in analytics.to_arrow(merchant_units(sources, window)).to_pylist():
        recent, previous = units[r["merchant_id"]].get(r["category"], (0, 0))
        if r["period"] == RECENT:
            recent += r["units"]
        elif r["period"] == PREVIOUS:
            previous += r["units"]
        units[r["merchant_id"]][r["category"]] = (recent, previous)
    with ctx.platform.uow() as uow:
        weak = _weak_products(uow.session, ctx)
        reports: dict[str, dict[str, Any]] = {PLATFORM_SCOPE: report.as_json()}
        for merchant_id, mine in sorted(units.items()):
            reports[merchant_id] = merchant_brief(
                report, merchant_id=merchant_id, units=mine, weak_products=weak[merchant_id]
            )
        stored = replace_trend_reports(uow=uow, run_id=ctx.run_id, as_of=ctx.as_of, reports=reports)
        uow.commit()
    return {
        "engine": analytics.name,
        "reports": stored,
        "rising_categories": [m.name for m in report.rising_categories],
        "falling_categories": [m.name for m in report.falling_categories],
        "price_shifts": len(report.price_shifts),
        "demand_gaps": [g.phrase for g in report.demand_gaps],
    }


def _review_voice(
    analytics: Analytics, s: TrendSources, w: TrendWindow
) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Criticised aspects per category from the recent negative reviews, and all recent texts."""
    reviews = analytics.table("reviews")
    recent = reviews.filter(_between(reviews.created_at, w.recent_starts, w.cutoff))
    products = s.products.select(product_id="id", category="category")
    rows = analytics.to_arrow(
        recent.left_join(products, recent.product_id == products.product_id).select(
            category=products.category, rating=recent.rating, body=recent.body
        )
    ).to_pylist()
    texts = [r["body"] for r in rows if r["body"]]
    negative = [r for r in rows if r["body"] and r["rating"] <= NEGATIVE_REVIEW and r["category"]]
    criticised: dict[str, dict[str, int]] = defaultdict(dict)
    if not negative:
        return criticised, texts
    found = aspects_of([r["body"] for r in negative], model=shipped_model())
    for row, aspects in zip(negative, found, strict=True):
        for aspect, polarity in aspects.items():
            if polarity == NEGATIVE:
                by = criticised[row["category"]]
                by[aspect] = by.get(aspect, 0) + 1
    return criticised, texts


def _consumer_turns(analytics: Analytics, w: TrendWindow) -> list[str]:
    messages = analytics.table("service_messages")
    turns = messages.filter(
        _between(messages.sent_at, w.recent_starts, w.cutoff),
        messages.sender == Sender.CONSUMER.value,
    ).select("body")
    return [r["body"] for r in analytics.to_arrow(turns).to_pylist() if r["body"]]


def _live_titles(analytics: Analytics, s: TrendSources, w: TrendWindow) -> list[str]:
    p = s.products
    cut = _at(w.cutoff)
    live = p.filter(p.listed_at < cut, p.delisted_at.isnull() | (p.delisted_at >= cut))
    return [r["title"] for r in analytics.to_arrow(live.select("title")).to_pylist()]


def _weak_products(session: Any, ctx: RunContext) -> dict[str, list[tuple[str, str, list[str]]]]:
    """merchant id → its listings graded C or D today, lowest first."""
    rows = session.execute(
        select(
            ProductGradeRow.merchant_id,
            ProductGradeRow.product_id,
            ProductGradeRow.tier,
            ProductGradeRow.reasons,
        )
        .where(ProductGradeRow.as_of == ctx.as_of, ProductGradeRow.tier.in_(WEAK_TIERS))
        .order_by(ProductGradeRow.total_cents, ProductGradeRow.product_id)
    ).all()
    weak: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for merchant_id, product_id, tier, reasons in rows:
        weak[merchant_id].append((product_id, Tier(tier).value, list(reasons)))
    return weak
