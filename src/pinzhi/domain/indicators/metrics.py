"""Core quality indicators (C13: S1 10.1.1, S3 7.3), defined once as Ibis expressions.

The same expressions run on DuckDB and on PySpark; nothing here knows which.

Day. Every value belongs to one local calendar day of the platform's zone, [00:00, 24:00) as
given by `pinzhi.core.clock.day_bounds`. Order indicators belong to the day the order was
**placed** (a cohort: how Monday's orders fared is reported on Monday, and keeps changing while
they ship, arrive and come back); the review score belongs to the day the review was **written**.

As of. A value is what was known at `cutoff`, the end of the as-of day: an event stamped at or
after the cutoff has not happened yet. A run for a past day therefore reproduces what that day's
run saw, and running it again changes nothing.

Roll-ups. Each metric is a numerator and, for rates, a denominator, both sums over facts. The
platform-wide row (`merchant_id == PLATFORM`) is the sum over merchants, and any roll-up over days
or merchants recomputes value = numerator / denominator instead of averaging averages. A total
(orders, GMV) has denominator 1 and value = numerator.

Minimum volume. A rate whose denominator is below `min_volume` has value null (too few orders to
judge); its numerator and denominator are still kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from pinzhi.core.clock import day_bounds
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.orders.models import OrderStatus

KEYS = ("day", "merchant_id")
BUCKET_SECONDS = 15 * 60
REFUND_KINDS = (CaseKind.REFUND_BEFORE_SHIPMENT, CaseKind.RETURN_REFUND, CaseKind.REFUND_ONLY)
"""After-sales kinds that take money back: 退款 before shipment, 退货退款, 仅退款."""


class Kind(StrEnum):
    TOTAL = "total"
    RATE = "rate"


class Facts(StrEnum):
    ORDERS = "orders"
    REVIEWS = "reviews"


@dataclass(frozen=True)
class Measure:
    numerator: ir.IntegerScalar
    denominator: ir.IntegerScalar | None = None
    """None for a total."""


@dataclass(frozen=True)
class Metric:
    name: str
    kind: Kind
    facts: Facts
    measure: Callable[[ir.Table], Measure]

    @property
    def description(self) -> str:
        return (self.measure.__doc__ or "").strip()


# --- facts: one row per order or review, already assigned to its day -------------------------


@dataclass(frozen=True)
class Calendar:
    """The days to compute: their UTC span [starts, ends) and a table of (bucket, day).

    A bucket is a quarter hour of UTC time. Zone offsets and their changes fall on quarter
    hours, so a bucket never straddles two local days; assigning instants to days is then an
    equality join on the bucket number, which both engines run as a small hash join and which
    needs no time-zone support from either.
    """

    starts: datetime
    ends: datetime
    buckets: ir.Table


def calendar(days: Sequence[date], tz: ZoneInfo) -> Calendar:
    numbers: list[int] = []
    labels: list[date] = []
    for day in days:
        starts, ends = (int(b.timestamp()) // BUCKET_SECONDS for b in day_bounds(day, tz))
        numbers.extend(range(starts, ends))
        labels.extend([day] * (ends - starts))
    table = pa.table(
        {"bucket": pa.array(numbers, pa.int64()), "day": pa.array(labels, pa.date32())}
    )
    return Calendar(
        day_bounds(min(days), tz)[0], day_bounds(max(days), tz)[1], ibis.memtable(table)
    )


def on_days(facts: ir.Table, instant: str, days: Calendar) -> ir.Table:
    """Rows of `facts` whose `instant` falls on one of the days, with that day.

    The range filter is implied by the join; it lets the engines skip files and row groups.
    """
    at = facts[instant]
    spanned = facts.filter(at >= utc_literal(days.starts), at < utc_literal(days.ends))
    bucket = (spanned[instant].epoch_seconds() // BUCKET_SECONDS).cast("int64")
    return spanned.mutate(bucket=bucket).join(days.buckets, "bucket").drop("bucket")


def utc_literal(instant: datetime) -> ir.TimestampScalar:
    return ibis.literal(instant, type="timestamp('UTC')")


def window(as_of: date, look_back_days: int) -> list[date]:
    """The as-of day and the `look_back_days` days before it."""
    return [as_of - timedelta(days=n) for n in range(look_back_days, -1, -1)]


def order_facts(
    orders: ir.Table, aftersales_cases: ir.Table, *, days: Calendar, cutoff: datetime
) -> ir.Table:
    """Orders placed on `days`, with what had happened to each by `cutoff`.

    - cancelled: status cancelled, at a time before the cutoff (or at an unrecorded time).
    - shipment_due: not cancelled, and its ship-by has passed. An order is judged at its
      ship-by, not when it ships: judging early shipments at once would make the youngest
      days look better than they are (only the fast shipments would be in).
    - shipped_late: shipped after its ship-by, or not shipped and its ship-by has passed.
    - delivery_due / delivered_late: the same against the estimated delivery time; an order
      without an estimate is not judged.
    - refund_requested: a refund or return-and-refund case was requested before the cutoff,
      whatever became of it.
    """
    at = utc_literal(cutoff)
    placed = on_days(orders, "placed_at", days)
    refunds = (
        aftersales_cases.filter(
            aftersales_cases.kind.isin([k.value for k in REFUND_KINDS]),
            aftersales_cases.requested_at < at,
        )
        .select("order_id")
        .distinct()
    )
    o = placed.left_join(refunds, placed.id == refunds.order_id)
    cancelled = (o.status == OrderStatus.CANCELLED.value) & (
        o.cancelled_at.isnull() | (o.cancelled_at < at)
    )
    shipped = o.shipped_at.notnull() & (o.shipped_at < at)
    ship_overdue = ~shipped & (o.ship_by < at)
    delivered = o.delivered_at.notnull() & (o.delivered_at < at)
    delivery_overdue = ~delivered & (o.estimated_delivery_at < at)
    judged = ~cancelled
    return o.select(
        "day",
        "merchant_id",
        "paid_fen",
        cancelled=flag(cancelled),
        shipment_due=flag(judged & (o.ship_by < at)),
        shipped_late=flag(judged & ((shipped & (o.shipped_at > o.ship_by)) | ship_overdue)),
        delivery_due=flag(judged & (o.estimated_delivery_at < at)),
        delivered_late=flag(
            judged & ((delivered & (o.delivered_at > o.estimated_delivery_at)) | delivery_overdue)
        ),
        refund_requested=flag(o.order_id.notnull()),
    )


def review_facts(reviews: ir.Table, *, days: Calendar) -> ir.Table:
    """Reviews written on `days`, by the merchant reviewed."""
    return on_days(reviews, "created_at", days).select("day", "merchant_id", "rating")


def flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 or 0; a condition that is null (a missing timestamp) counts as 0."""
    return ibis.ifelse(condition.fill_null(False), 1, 0).cast("int64")


def count_where(table: ir.Table, condition: ir.BooleanValue) -> ir.IntegerScalar:
    """How many rows of `table` meet `condition` (COUNT … FILTER); a null condition (a missing
    timestamp) does not, and the count is 0, never null, on every engine."""
    return table.count(where=condition.fill_null(False))


# --- the metrics -------------------------------------------------------------------------------


def orders_placed(o: ir.Table) -> Measure:
    """Orders placed that day (下单量), cancelled ones included."""
    return Measure(o.count())


def gmv_fen(o: ir.Table) -> Measure:
    """GMV (成交额) in integer fen: paid for that day's orders, cancelled ones excluded."""
    return Measure(ibis.ifelse(o.cancelled == 1, 0, o.paid_fen).sum().cast("int64"))


def cancellation_rate(o: ir.Table) -> Measure:
    """Share of that day's orders cancelled by the cutoff (取消率)."""
    return Measure(o.cancelled.sum(), o.count())


def late_shipment_rate(o: ir.Table) -> Measure:
    """Share of that day's due shipments that went out after the promised ship-by (发货超时率).

    An order not shipped when its ship-by passes counts as late at once.
    """
    return Measure(o.shipped_late.sum(), o.shipment_due.sum())


def late_delivery_rate(o: ir.Table) -> Measure:
    """Share of that day's due deliveries that arrived after the estimate (配送超时率).

    A parcel not delivered when its estimate passes counts as late at once.
    """
    return Measure(o.delivered_late.sum(), o.delivery_due.sum())


def refund_rate(o: ir.Table) -> Measure:
    """Share of that day's orders with a refund or return request (退款率)."""
    return Measure(o.refund_requested.sum(), o.count())


def avg_review_score(r: ir.Table) -> Measure:
    """Average rating (1-5) of the reviews written that day (平均评分)."""
    return Measure(r.rating.sum().cast("int64"), r.count())


METRICS: tuple[Metric, ...] = (
    Metric("orders", Kind.TOTAL, Facts.ORDERS, orders_placed),
    Metric("gmv_fen", Kind.TOTAL, Facts.ORDERS, gmv_fen),
    Metric("cancellation_rate", Kind.RATE, Facts.ORDERS, cancellation_rate),
    Metric("late_shipment_rate", Kind.RATE, Facts.ORDERS, late_shipment_rate),
    Metric("late_delivery_rate", Kind.RATE, Facts.ORDERS, late_delivery_rate),
    Metric("refund_rate", Kind.RATE, Facts.ORDERS, refund_rate),
    Metric("avg_review_score", Kind.RATE, Facts.REVIEWS, avg_review_score),
)
"""The registry: every core indicator, by the name stored in `indicator_values.metric`."""


# --- assembling the values ---------------------------------------------------------------------


def indicator_values(
    *,
    orders: ir.Table,
    aftersales_cases: ir.Table,
    reviews: ir.Table,
    days: Sequence[date],
    tz: ZoneInfo,
    cutoff: datetime,
    metrics: Sequence[Metric] = METRICS,
    min_volume: int = 1,
) -> ir.Table:
    """Every metric for every day and merchant, plus the platform-wide rows.

    Columns: day, merchant_id, metric, value (float, null for a rate below `min_volume`),
    numerator, denominator (integers). A merchant has a row for a day only when it has facts
    (orders, or reviews for the review score) that day.
    """
    spans = calendar(days, tz)
    facts = {
        Facts.ORDERS: order_facts(orders, aftersales_cases, days=spans, cutoff=cutoff),
        Facts.REVIEWS: review_facts(reviews, days=spans),
    }
    parts = []
    for source, table in facts.items():
        chosen = [m for m in metrics if m.facts is source]
        if chosen:
            parts.append(_long(table, chosen, min_volume))
    return ibis.union(*parts)


def _long(facts: ir.Table, metrics: Sequence[Metric], min_volume: int) -> ir.Table:
    """One aggregation for all `metrics` of these facts, by merchant and platform-wide, then
    one row per metric (a cross join with the metric names: every engine runs it in one pass)."""
    sums: dict[str, Any] = {}
    for metric in metrics:
        measure = metric.measure(facts)
        if (measure.denominator is None) != (metric.kind is Kind.TOTAL):
            raise ValueError(f"{metric.name}: a total has no denominator, a rate has one")
        sums[f"{metric.name}__n"] = measure.numerator.cast("int64")
        if measure.denominator is not None:
            sums[f"{metric.name}__d"] = measure.denominator.cast("int64")
    by_merchant = facts.group_by(list(KEYS)).aggregate(**sums)
    by_platform = by_merchant.group_by("day").aggregate(
        merchant_id=ibis.literal(PLATFORM), **{k: by_merchant[k].sum() for k in sums}
    )
    # Orders no merchant took on (merchant_id null) count for the platform only.
    merchants_only = by_merchant.filter(by_merchant.merchant_id.notnull())
    wide = ibis.union(merchants_only, by_platform.select(*KEYS, *sums))
    names = ibis.memtable(pa.table({"metric": [m.name for m in metrics]}))
    rows = wide.cross_join(names)
    one = ibis.literal(1, "int64")
    numerator = ibis.cases(*((rows.metric == m.name, rows[f"{m.name}__n"]) for m in metrics))
    denominator = ibis.cases(
        *(
            (rows.metric == m.name, rows[f"{m.name}__d"] if m.kind is Kind.RATE else one)
            for m in metrics
        )
    )
    long = rows.select(*KEYS, "metric", numerator=numerator, denominator=denominator)
    totals = [m.name for m in metrics if m.kind is Kind.TOTAL]
    judged = long.denominator >= max(min_volume, 1)
    ratio = ibis.ifelse(
        judged, long.numerator.cast("float64") / long.denominator, ibis.null("float64")
    )
    value = ibis.ifelse(long.metric.isin(totals), long.numerator.cast("float64"), ratio)
    return long.select(
        *KEYS, "metric", value=value, numerator="numerator", denominator="denominator"
    )
