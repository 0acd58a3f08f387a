"""What trend insight counts, as Ibis expressions over the lake (S1 8).

Two consecutive periods end with the as-of day: *recent* (the last `days`, default 30) and
*previous* (the `days` before). Order lines count in the period their order was placed, unless the
order was cancelled by the cutoff. Each result is a small aggregate the pure rules in
`trend_rules` read: units by category, SKU spec and price band; units by merchant and category;
complaints by category and nature in the recent period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from pinzhi.core.clock import day_bounds
from pinzhi.domain.orders.models import OrderStatus

RECENT, PREVIOUS = "recent", "previous"
PRICE_BANDS_FEN = (0, 5_000, 10_000, 20_000, 50_000, 100_000)
"""Lower bounds of the price bands of a unit (fen): <50, 50–100, 100–200, 200–500, 500–1000,
≥1000 yuan."""


@dataclass(frozen=True)
class TrendWindow:
    as_of: date
    tz: ZoneInfo
    days: int = 30

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("a trend period needs at least one day")

    @property
    def cutoff(self) -> datetime:
        return day_bounds(self.as_of, self.tz)[1]

    @property
    def recent_starts(self) -> datetime:
        return day_bounds(self.as_of - timedelta(days=self.days - 1), self.tz)[0]

    @property
    def previous_starts(self) -> datetime:
        return day_bounds(self.as_of - timedelta(days=2 * self.days - 1), self.tz)[0]


@dataclass(frozen=True)
class TrendSources:
    orders: ir.Table
    order_items: ir.Table
    products: ir.Table
    skus: ir.Table
    complaints: ir.Table


def _at(value: datetime) -> ir.TimestampScalar:
    return ibis.literal(value, type="timestamp('UTC')")


def _lines(s: TrendSources, w: TrendWindow) -> ir.Table:
    o = s.orders
    cut = _at(w.cutoff)
    cancelled = (o.status == OrderStatus.CANCELLED.value) & (
        o.cancelled_at.isnull() | (o.cancelled_at < cut)
    )
    placed = o.filter(
        o.placed_at >= _at(w.previous_starts), o.placed_at < cut, ~cancelled.fill_null(False)
    ).select(
        order_id=o.id,
        period=ibis.ifelse(o.placed_at >= _at(w.recent_starts), RECENT, PREVIOUS),
    )
    items = s.order_items.join(placed, "order_id")
    products = s.products.select(product_id="id", category="category", owner="merchant_id")
    skus = s.skus.select(sku_id="id", spec="spec")
    lines = items.join(products, "product_id").left_join(skus, "sku_id")
    band = ibis.literal(0, "int64")
    for index, floor in enumerate(PRICE_BANDS_FEN[1:], start=1):
        band = ibis.ifelse(lines.unit_price_fen >= floor, index, band)
    return lines.select(
        merchant_id=lines.owner,
        category=lines.category,
        spec=lines.spec.fill_null(""),
        band=band.cast("int64"),
        period=lines.period,
        quantity=lines.quantity.cast("int64"),
    )


def category_units(s: TrendSources, w: TrendWindow) -> ir.Table:
    """category, spec, band, period → units (quantities summed)."""
    lines = _lines(s, w)
    return lines.group_by("category", "spec", "band", "period").aggregate(
        units=lines.quantity.sum()
    )


def merchant_units(s: TrendSources, w: TrendWindow) -> ir.Table:
    """merchant_id, category, period → units."""
    lines = _lines(s, w)
    return lines.group_by("merchant_id", "category", "period").aggregate(units=lines.quantity.sum())


def complaint_natures(s: TrendSources, w: TrendWindow) -> ir.Table:
    """category, nature → complaints filed in the recent period on orders of the category."""
    c = s.complaints.filter(
        s.complaints.filed_at >= _at(w.recent_starts),
        s.complaints.filed_at < _at(w.cutoff),
        s.complaints.order_id.notnull(),
    )
    products = s.products.select(product_id="id", category="category")
    held = s.order_items.join(products, "product_id").select("order_id", "category").distinct()
    joined = c.join(held, "order_id")
    return joined.group_by("category", "nature").aggregate(complaints=joined.count())
