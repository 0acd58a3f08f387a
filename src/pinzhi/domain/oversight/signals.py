"""What the early warnings read from the lake, as one Ibis expression (S1 6.1.2).

One row per merchant of integer counts, never ratios, so DuckDB and Spark agree exactly:

- sudden shifts: orders placed, complaints filed, reviews written and negative reviews (≤ 2
  stars) in the recent window (default the last 7 days up to the cutoff) and in the baseline
  window just before it (default the 30 days before);
- fake-order bursts (刷单), over the fake-order window (default 14 days): orders, distinct
  buyers, orders of buyers who bought from the merchant at least `repeat_orders` times within
  one 24-hour bucket, the most orders of one buyer in one bucket, and five-star reviews written
  within `instant_minutes` of delivery.

Addresses are personal data and are not in the lake; buyer concentration stands in for them
(the simulator's rings share one address across a few accounts, so both signals agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import ibis
import ibis.expr.types as ir

from pinzhi.domain.indicators.metrics import count_where
from pinzhi.domain.oversight.warning_rules import MonitorConfig

NEGATIVE_RATING = 2
FIVE_STARS = 5
SECONDS_PER_DAY = 86_400
COUNT_COLUMNS = (
    "recent_orders",
    "base_orders",
    "recent_complaints",
    "base_complaints",
    "recent_reviews",
    "recent_negative",
    "base_reviews",
    "base_negative",
    "window_orders",
    "window_buyers",
    "repeat_buyer_orders",
    "top_buyer_orders",
    "window_reviews",
    "instant_five_star",
)
COLUMNS = ("merchant_id", "main_category", *COUNT_COLUMNS)


@dataclass(frozen=True)
class SignalSources:
    merchants: ir.Table
    orders: ir.Table
    reviews: ir.Table
    complaints: ir.Table


def signal_table(sources: SignalSources, *, cutoff: datetime, config: MonitorConfig) -> ir.Table:
    """One row per merchant: `COLUMNS`, every count an int64 (0 where nothing happened)."""
    recent = cutoff - timedelta(days=config.recent_days)
    base = recent - timedelta(days=config.baseline_days)
    fake = cutoff - timedelta(days=config.fake_window_days)
    parts = [
        *_shift_counts(sources, recent=recent, base=base, cutoff=cutoff),
        *_buyer_counts(sources.orders, starts=fake, cutoff=cutoff, repeat=config.repeat_orders),
        _instant_reviews(sources, starts=fake, cutoff=cutoff, minutes=config.instant_minutes),
    ]
    m = sources.merchants
    joined = m
    for part in parts:
        joined = joined.left_join(part, m.id == part.merchant_id)
    owner = {c: part for part in parts for c in part.columns if c != "merchant_id"}
    return joined.select(
        merchant_id=m.id,
        main_category=m.main_category,
        **{c: owner[c][c].fill_null(0).cast("int64") for c in COUNT_COLUMNS},
    )


def _at(instant: datetime) -> ir.TimestampScalar:
    return ibis.literal(instant, type="timestamp('UTC')")


def _between(column: ir.TimestampColumn, starts: datetime, ends: datetime) -> ir.BooleanColumn:
    return (column >= _at(starts)) & (column < _at(ends))


def _shift_counts(
    s: SignalSources, *, recent: datetime, base: datetime, cutoff: datetime
) -> list[ir.Table]:
    o = s.orders.filter(_between(s.orders.placed_at, base, cutoff))
    orders = o.group_by("merchant_id").aggregate(
        recent_orders=count_where(o, o.placed_at >= _at(recent)),
        base_orders=count_where(o, o.placed_at < _at(recent)),
    )
    c = s.complaints.filter(
        _between(s.complaints.filed_at, base, cutoff), s.complaints.merchant_id.notnull()
    )
    complaints = c.group_by("merchant_id").aggregate(
        recent_complaints=count_where(c, c.filed_at >= _at(recent)),
        base_complaints=count_where(c, c.filed_at < _at(recent)),
    )
    r = s.reviews.filter(_between(s.reviews.created_at, base, cutoff))
    negative = r.rating <= NEGATIVE_RATING
    reviews = r.group_by("merchant_id").aggregate(
        recent_reviews=count_where(r, r.created_at >= _at(recent)),
        recent_negative=count_where(r, (r.created_at >= _at(recent)) & negative),
        base_reviews=count_where(r, r.created_at < _at(recent)),
        base_negative=count_where(r, (r.created_at < _at(recent)) & negative),
    )
    return [orders, complaints, reviews]


def _buyer_counts(
    orders: ir.Table, *, starts: datetime, cutoff: datetime, repeat: int
) -> list[ir.Table]:
    """Orders per buyer and 24-hour bucket (UTC epoch days, the same on every engine)."""
    o = orders.filter(_between(orders.placed_at, starts, cutoff), orders.merchant_id.notnull())
    o = o.mutate(bucket=o.placed_at.epoch_seconds() // SECONDS_PER_DAY)
    daily = o.group_by("merchant_id", "consumer_id", "bucket").aggregate(n=o.count().cast("int64"))
    concentration = daily.group_by("merchant_id").aggregate(
        window_orders=daily.n.sum(),
        repeat_buyer_orders=ibis.ifelse(daily.n >= repeat, daily.n, 0).cast("int64").sum(),
        top_buyer_orders=daily.n.max(),
    )
    buyers = o.group_by("merchant_id").aggregate(
        window_buyers=o.consumer_id.nunique().cast("int64")
    )
    return [concentration, buyers]


def _instant_reviews(
    s: SignalSources, *, starts: datetime, cutoff: datetime, minutes: int
) -> ir.Table:
    r = s.reviews.filter(_between(s.reviews.created_at, starts, cutoff)).select(
        "merchant_id", "order_id", "rating", "created_at"
    )
    delivered = s.orders.select(order_ref=s.orders.id, delivered_at=s.orders.delivered_at)
    j = r.left_join(delivered, r.order_id == delivered.order_ref)
    instant = (
        (j.rating == FIVE_STARS)
        & j.delivered_at.notnull()
        & (j.created_at >= j.delivered_at)
        & (j.created_at <= j.delivered_at + ibis.interval(minutes=minutes))
    )
    return j.group_by("merchant_id").aggregate(
        window_reviews=j.count().cast("int64"), instant_five_star=count_where(j, instant)
    )
