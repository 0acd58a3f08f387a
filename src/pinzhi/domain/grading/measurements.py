"""What the merchant grade measures, defined once as Ibis expressions over the lake (S1 6.1.1).

One row per merchant of integer counts — numerators and denominators, never ratios — so DuckDB
and Spark give bit-identical results and every rate is recomputed exactly from its parts
(`measure_values`). The same expression runs on either engine; nothing here knows which.

Windows. Everything is as of `cutoff`, the end of the as-of day: an event stamped at or after it
has not happened yet. Orders count when **placed** in the rolling window (default 90 days, as
`metrics.order_facts` judges a day's cohort) and carry what happened to them by the cutoff:

- cancellation, late shipment, late delivery: judged as in `metrics.order_facts` (an order is
  judged at its ship-by or delivery estimate, not when it happens to ship);
- refund rate: an order with a refund or return-and-refund case (`metrics.REFUND_KINDS`);
- return rate: an order with goods sent back (return-and-refund or exchange);
- order defect rate (Amazon's ODR, over the orders placed in the shorter ODR window, default
  60 days): an order with a negative review (≤ 2 stars), an upheld complaint, or a compensation
  case (先行赔付 / 赔付) — an order with several defects counts once.

Reviews, complaints, chats and violations count when they were **written, filed, started or
detected** in the window. Complaint closure: filed complaints resolved by the cutoff. Service
response (S1 9.2.2): from the raw turns of online chats — the first agent or merchant turn at or
after the consumer's first turn to a person (at or after `queued_at`; the bot before it is not
human service), within `sla_seconds` (30 s). Credit: confirmed violations by severity (minor,
serious = major, severe), and confirmed key-control offences (S1 6.4).

Qualifications and brand (dimension tables): listings live at the cutoff, whether their brand is
well known and the merchant holds an authorisation valid on the as-of day; licences valid on the
as-of day and verified; licence kinds whose latest licence has lapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from pinzhi.core.clock import day_bounds
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.governance.models import Severity, ViolationKind, ViolationStatus
from pinzhi.domain.indicators.metrics import REFUND_KINDS, count_where
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.service.models import Channel, Sender

RETURN_KINDS = (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE)
"""After-sales kinds that send goods back (退货): return-and-refund and exchange."""
DEFECT_KINDS = (CaseKind.COMPENSATION,)
"""After-sales kinds that mean the platform or merchant paid for a failure (先行赔付, 赔付)."""
NEGATIVE_RATING = 2
SLA_SECONDS = 30
"""Human online chat, first response (S1 9.2.2)."""
REPLY_SENDERS = (Sender.AGENT, Sender.MERCHANT)
OFFENCE_KINDS = {
    "counterfeit": ViolationKind.COUNTERFEIT,
    "fake_orders": ViolationKind.FAKE_ORDERS,
    "false_advertising": ViolationKind.FALSE_ADVERTISING,
    "unsafe_goods": ViolationKind.UNSAFE_PRODUCT,
}
"""Offence column (named as `grading_config.Offence`) → the violation kind that proves it."""
SEVERITY_COLUMNS = {
    "minor_violations": Severity.MINOR,
    "serious_violations": Severity.MAJOR,
    "severe_violations": Severity.SEVERE,
}
COUNT_COLUMNS = (
    "orders",
    "cancelled",
    "shipment_due",
    "shipped_late",
    "delivery_due",
    "delivered_late",
    "refund_orders",
    "return_orders",
    "odr_orders",
    "defect_orders",
    "reviews",
    "rating_sum",
    "complaints",
    "complaints_closed",
    "chats",
    "chats_answered",
    *SEVERITY_COLUMNS,
    *(f"offence_{name}" for name in OFFENCE_KINDS),
    "listings",
    "well_known_listings",
    "branded_listings",
    "authorised_listings",
    "licences",
    "verified_licences",
    "lapsed_licence_kinds",
    "deposit_fen",
)
"""Every integer column of the measurement table, after merchant_id and main_category."""
COLUMNS = ("merchant_id", "main_category", *COUNT_COLUMNS)


@dataclass(frozen=True)
class Window:
    """The as-of day and the rolling windows that end with it."""

    as_of: date
    tz: ZoneInfo
    days: int = 90
    odr_days: int = 60

    def __post_init__(self) -> None:
        if not 1 <= self.odr_days <= self.days:
            raise ValueError("windows need 1 <= odr_days <= days")

    @property
    def cutoff(self) -> datetime:
        return day_bounds(self.as_of, self.tz)[1]

    @property
    def starts(self) -> datetime:
        return day_bounds(self.as_of - timedelta(days=self.days - 1), self.tz)[0]

    @property
    def odr_starts(self) -> datetime:
        return day_bounds(self.as_of - timedelta(days=self.odr_days - 1), self.tz)[0]


@dataclass(frozen=True)
class Sources:
    """The tables the grade reads: lake facts and dimensions, plus the catalog's licence and
    brand tables (not in the lake; the daily run reads them from the store)."""

    merchants: ir.Table
    orders: ir.Table
    aftersales_cases: ir.Table
    reviews: ir.Table
    complaints: ir.Table
    violations: ir.Table
    service_sessions: ir.Table
    service_messages: ir.Table
    products: ir.Table
    brands: ir.Table
    brand_authorisations: ir.Table
    merchant_qualifications: ir.Table


def measurement_table(
    sources: Sources, window: Window, *, sla_seconds: int = SLA_SECONDS
) -> ir.Table:
    """One row per merchant: `COLUMNS`, every count an int64 (0 where nothing happened)."""
    parts = [
        _order_counts(sources, window),
        _order_event_counts(sources, window),
        _review_counts(sources.reviews, window),
        _complaint_counts(sources.complaints, window),
        _chat_counts(sources.service_sessions, sources.service_messages, window, sla_seconds),
        _violation_counts(sources.violations, window),
        _listing_counts(sources, window),
        _licence_counts(sources.merchant_qualifications, window),
    ]
    m = sources.merchants
    joined = m
    for part in parts:
        joined = joined.left_join(part, m.id == part.merchant_id)
    owner = {c: part for part in parts for c in part.columns if c != "merchant_id"}
    return joined.select(
        merchant_id=m.id,
        main_category=m.main_category,
        **{c: owner[c][c].fill_null(0).cast("int64") for c in COUNT_COLUMNS if c in owner},
        deposit_fen=m.deposit_fen.cast("int64"),
    )


def _at(instant: datetime) -> ir.TimestampScalar:
    return ibis.literal(instant, type="timestamp('UTC')")


def _in(column: ir.TimestampColumn, starts: datetime, cutoff: datetime) -> ir.BooleanColumn:
    return (column >= _at(starts)) & (column < _at(cutoff))


def _values(kinds: tuple[CaseKind, ...] | tuple[Sender, ...]) -> list[str]:
    return [k.value for k in kinds]


def _order_counts(s: Sources, w: Window) -> ir.Table:
    """What happened to the orders placed in the window, judged at the cutoff."""
    cut = _at(w.cutoff)
    o = s.orders.filter(_in(s.orders.placed_at, w.starts, w.cutoff))
    cancelled = (o.status == OrderStatus.CANCELLED.value) & (
        o.cancelled_at.isnull() | (o.cancelled_at < cut)
    )
    judged = ~cancelled
    shipped = o.shipped_at.notnull() & (o.shipped_at < cut)
    delivered = o.delivered_at.notnull() & (o.delivered_at < cut)
    return o.group_by("merchant_id").aggregate(
        orders=o.count(),
        cancelled=count_where(o, cancelled),
        shipment_due=count_where(o, judged & (o.ship_by < cut)),
        shipped_late=count_where(
            o, judged & ((shipped & (o.shipped_at > o.ship_by)) | (~shipped & (o.ship_by < cut)))
        ),
        delivery_due=count_where(o, judged & (o.estimated_delivery_at < cut)),
        delivered_late=count_where(
            o,
            judged
            & (
                (delivered & (o.delivered_at > o.estimated_delivery_at))
                | (~delivered & (o.estimated_delivery_at < cut))
            ),
        ),
        odr_orders=count_where(o, o.placed_at >= _at(w.odr_starts)),
    )


def _order_event_counts(s: Sources, w: Window) -> ir.Table:
    """Orders placed in the window with a refund or a return, and orders placed in the ODR window
    with a defect — each order once, however many cases, reviews or complaints it has.

    Cases, reviews and complaints carry their order's placement time and merchant (the lake's
    `lake_tables.ORDER_FACTS`), so this reads them alone, never the whole order table."""
    cut = _at(w.cutoff)
    no = ibis.literal(False)
    yes = ibis.literal(True)
    c = s.aftersales_cases
    cases = c.filter(c.requested_at < cut, _in(c.order_placed_at, w.starts, w.cutoff)).select(
        merchant_id=c.order_merchant_id,
        order_id=c.order_id,
        refund=c.kind.isin(_values(REFUND_KINDS)),
        returned=c.kind.isin(_values(RETURN_KINDS)),
        defect=c.kind.isin(_values(DEFECT_KINDS)) & (c.order_placed_at >= _at(w.odr_starts)),
    )
    r = s.reviews
    reviews = r.filter(
        r.created_at < cut,
        r.rating <= NEGATIVE_RATING,
        _in(r.order_placed_at, w.odr_starts, w.cutoff),
    ).select(
        merchant_id=r.order_merchant_id, order_id=r.order_id, refund=no, returned=no, defect=yes
    )
    k = s.complaints
    complaints = k.filter(
        k.filed_at < cut, k.upheld.fill_null(False), _in(k.order_placed_at, w.odr_starts, w.cutoff)
    ).select(
        merchant_id=k.order_merchant_id, order_id=k.order_id, refund=no, returned=no, defect=yes
    )
    events = ibis.union(cases, reviews, complaints)
    orders = events.group_by("merchant_id", "order_id").aggregate(
        refund=events.refund.any(), returned=events.returned.any(), defect=events.defect.any()
    )
    return orders.group_by("merchant_id").aggregate(
        refund_orders=count_where(orders, orders.refund),
        return_orders=count_where(orders, orders.returned),
        defect_orders=count_where(orders, orders.defect),
    )


def _review_counts(reviews: ir.Table, w: Window) -> ir.Table:
    r = reviews.filter(_in(reviews.created_at, w.starts, w.cutoff))
    return r.group_by("merchant_id").aggregate(
        reviews=r.count(), rating_sum=r.rating.cast("int64").sum()
    )


def _complaint_counts(complaints: ir.Table, w: Window) -> ir.Table:
    c = complaints.filter(
        _in(complaints.filed_at, w.starts, w.cutoff), complaints.merchant_id.notnull()
    )
    return c.group_by("merchant_id").aggregate(
        complaints=c.count(), complaints_closed=count_where(c, c.resolved_at < _at(w.cutoff))
    )


def _chat_counts(sessions: ir.Table, messages: ir.Table, w: Window, sla_seconds: int) -> ir.Table:
    """Online chats started in the window whose consumer spoke to a person, and those answered
    in time. Only the human part counts: from `queued_at`, when the consumer reached a person
    (as `service_metrics` times it); talk with the bot before that is not human service."""
    chats = sessions.filter(
        _in(sessions.started_at, w.starts, w.cutoff),
        sessions.channel == Channel.ONLINE_CHAT.value,
        sessions.merchant_id.notnull(),
    ).select(session_id=sessions.id, merchant_id=sessions.merchant_id, queued_at=sessions.queued_at)
    turns = messages.filter(messages.sent_at < _at(w.cutoff)).select(
        "session_id", "sender", "sent_at"
    )
    turns = turns.join(chats, "session_id")
    turns = turns.filter(turns.queued_at.isnull() | (turns.sent_at >= turns.queued_at))
    asked = (
        turns.filter(turns.sender == Sender.CONSUMER.value)
        .group_by("session_id")
        .aggregate(merchant_id=turns.merchant_id.min(), asked_at=turns.sent_at.min())
    )
    replies = turns.filter(turns.sender.isin(_values(REPLY_SENDERS))).select(
        "session_id", replied_at=turns.sent_at
    )
    paired = asked.left_join(
        replies, (asked.session_id == replies.session_id) & (replies.replied_at >= asked.asked_at)
    )
    first = paired.group_by(paired.session_id, paired.merchant_id, paired.asked_at).aggregate(
        replied_at=paired.replied_at.min()
    )
    in_time = first.replied_at <= first.asked_at + ibis.interval(seconds=sla_seconds)
    return first.group_by("merchant_id").aggregate(
        chats=first.count(), chats_answered=count_where(first, in_time)
    )


def _violation_counts(violations: ir.Table, w: Window) -> ir.Table:
    v = violations.filter(
        _in(violations.detected_at, w.starts, w.cutoff),
        violations.status == ViolationStatus.CONFIRMED.value,
    )
    return v.group_by("merchant_id").aggregate(
        **{name: count_where(v, v.severity == s.value) for name, s in SEVERITY_COLUMNS.items()},
        **{
            f"offence_{name}": count_where(v, v.kind == k.value)
            for name, k in OFFENCE_KINDS.items()
        },
    )


def _listing_counts(s: Sources, w: Window) -> ir.Table:
    cut = _at(w.cutoff)
    day = ibis.literal(w.as_of, type="date")
    p = s.products
    live = p.filter(p.listed_at < cut, p.delisted_at.isnull() | (p.delisted_at >= cut)).select(
        "merchant_id", "brand_id"
    )
    famous = s.brands.filter(s.brands.well_known).select(famous_id=s.brands.id)
    a = s.brand_authorisations
    valid = (
        a.filter(a.valid_from <= day, a.valid_until.isnull() | (a.valid_until >= day))
        .select(held_by=a.merchant_id, held_brand=a.brand_id)
        .distinct()
    )
    joined = live.left_join(famous, live.brand_id == famous.famous_id).left_join(
        valid, (live.merchant_id == valid.held_by) & (live.brand_id == valid.held_brand)
    )
    return joined.group_by("merchant_id").aggregate(
        listings=joined.count(),
        well_known_listings=count_where(joined, joined.famous_id.notnull()),
        branded_listings=count_where(joined, joined.brand_id.notnull()),
        authorised_listings=count_where(
            joined, joined.brand_id.notnull() & joined.held_by.notnull()
        ),
    )


def _licence_counts(qualifications: ir.Table, w: Window) -> ir.Table:
    day = ibis.literal(w.as_of, type="date")
    q = qualifications.filter(qualifications.valid_from <= day)
    current = q.valid_until.isnull() | (q.valid_until >= day)
    valid = q.group_by("merchant_id").aggregate(
        licences=count_where(q, current), verified_licences=count_where(q, current & q.verified)
    )
    latest = q.group_by("merchant_id", "kind").aggregate(
        lapsed=(q.valid_until.notnull() & (q.valid_until < day)).min()
    )
    lapsed = latest.group_by("merchant_id").aggregate(
        lapsed_licence_kinds=count_where(latest, latest.lapsed)
    )
    return valid.left_join(lapsed, "merchant_id").drop("merchant_id_right")
