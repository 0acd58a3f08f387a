"""After-sales cases from the day's orders (S3 6.3): who asks for what, when, and how it ends.

Sources, one case per order at most, in priority: refunds before shipment and intercepted
parcels (by the order's fate), damaged parcels, ordinary returns at category rates times the
merchant's factor and slack, compensation for late shipment under a 延时交付必赔 commitment,
and 价保 claims where the price history shows a drop inside the protection period (S3 6.8).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.categories import CATEGORIES
from pinzhi.adapters.simulate.logistics import Anomaly, Shipments
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.streams import draw_by_row
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.aftersales.models import CaseKind, CaseReason

K, R = CaseKind, CaseReason
KIND_MIX = {
    K.RETURN_REFUND: (0.45, 0.55),
    K.REFUND_ONLY: (0.12, 0.14),
    K.EXCHANGE: (0.18, 0.23),
    K.REPAIR: (0.17, 0.0),
    K.RESEND: (0.08, 0.08),
}
"""Kinds of ordinary requests: (repairable category, other category)."""
REASON_MIX = {
    K.RETURN_REFUND: {R.NO_REASON: 0.5, R.QUALITY: 0.18, R.NOT_AS_DESCRIBED: 0.14,
                      R.WRONG_ITEM: 0.05, R.DAMAGED: 0.03, R.OTHER: 0.10},
    K.REFUND_ONLY: {R.MISSING_PART: 0.35, R.QUALITY: 0.25, R.NOT_AS_DESCRIBED: 0.2, R.OTHER: 0.2},
    K.EXCHANGE: {R.NO_REASON: 0.45, R.QUALITY: 0.25, R.WRONG_ITEM: 0.15, R.NOT_AS_DESCRIBED: 0.15},
    K.REPAIR: {R.QUALITY: 1.0},
    K.RESEND: {R.MISSING_PART: 0.6, R.WRONG_ITEM: 0.4},
}  # fmt: skip
NO_REASON_DAYS = 7
"""Statutory no-reason return window (S3 6.3.1.2): such requests come within it."""
CHANGE_OF_MIND = 0.5
"""Share of ordinary requests any merchant gets (buyers changing their mind); the rest follow the
merchant's slack (faulty, wrong or badly described goods)."""
PRICE_CLAIM_SHARE = 0.3
"""Buyers who notice a price drop inside the protection period and claim it."""
LATE_CLAIM_SHARE = 0.7


@dataclass(frozen=True)
class Requests:
    """Case requests before they are answered; `item` −1 where the case is about the order."""

    order: np.ndarray
    item: np.ndarray
    kind: np.ndarray
    reason: np.ndarray
    requested_at: np.ndarray
    amount: np.ndarray
    """Requested refund in fen."""


def requests(
    rng: np.random.Generator, world: World, orders: Orders, shipments: Shipments
) -> Requests:
    """At most one request per order, in the priority of the module docstring, by time."""
    delivered = shipments.per_order(shipments.delivered_at, orders.count)
    merged = _concat(
        [
            _before_shipment(rng, orders),
            _intercepted(rng, orders, shipments),
            _damaged(rng, orders, shipments, delivered),
            _ordinary(rng, world, orders, delivered),
            _late_compensation(rng, world, orders),
            _price_protection(rng, world, orders),
        ]
    )
    _, first = np.unique(merged.order, return_index=True)
    return _take(merged, first[np.argsort(merged.requested_at[first], kind="stable")])


def _before_shipment(rng: np.random.Generator, orders: Orders) -> Requests:
    order = np.flatnonzero(orders.fate == Fate.REFUNDED_BEFORE_SHIPMENT)
    at = orders.cancel_requested[order]
    reason = np.where(
        at > orders.ship_by[order],
        columns.code(R.LATE_DELIVERY),
        rng.choice([columns.code(R.NO_REASON), columns.code(R.OTHER)], order.size, p=[0.7, 0.3]),
    )
    return _of(
        K.REFUND_BEFORE_SHIPMENT, order, item=-1, reason=reason, at=at, amount=orders.paid[order]
    )


def _intercepted(rng: np.random.Generator, orders: Orders, shipments: Shipments) -> Requests:
    """The buyer stops the parcel in transit; it goes back and the order is refunded."""
    parcel = np.flatnonzero(shipments.anomaly == Anomaly.RETURNED)
    order = shipments.order[parcel]
    journey = shipments.returned_at[parcel] - shipments.shipped_at[parcel]
    at = shipments.shipped_at[parcel] + (journey * rng.uniform(0.05, 0.3, parcel.size)).astype(
        np.int64
    )
    return _of(
        K.RETURN_REFUND,
        order,
        item=-1,
        reason=columns.code(R.NO_REASON),
        at=at,
        amount=orders.paid[order],
    )


def _damaged(
    rng: np.random.Generator, orders: Orders, shipments: Shipments, delivered: np.ndarray
) -> Requests:
    parcel = np.flatnonzero(
        (shipments.anomaly == Anomaly.DAMAGED) & (rng.random(shipments.order.size) < 0.9)
    )
    order = shipments.order[parcel]
    item = orders.first_item[order]
    refund = rng.random(order.size) < 0.5
    kind = np.where(refund, columns.code(K.RETURN_REFUND), columns.code(K.RESEND))
    at = delivered[order] + rng.integers(HOUR, 20 * HOUR, order.size)
    amount = np.where(refund, orders.items.paid[item], 0)
    return _of(kind, order, item=item, reason=columns.code(R.DAMAGED), at=at, amount=amount)


def _ordinary(
    rng: np.random.Generator, world: World, orders: Orders, delivered: np.ndarray
) -> Requests:
    n = orders.count
    items = orders.items
    count = np.diff(np.append(orders.first_item, items.order.size))
    item = orders.first_item + (rng.random(n) * count).astype(np.int64)
    category = world.catalog.category[items.product[item]]
    rate = np.array([c.return_rate for c in CATEGORIES])[category]
    merchant = orders.demand.merchant
    slack = CHANGE_OF_MIND + (1 - CHANGE_OF_MIND) * world.merchants.slack[merchant]
    rate = rate * world.merchants.trait("aftersales_factor", merchant) * slack
    asks = (orders.fate == Fate.DELIVERED) & ~orders.demand.burst & (delivered != NEVER)
    order = np.flatnonzero(asks & (rng.random(n) < rate))
    item, category = item[order], category[order]
    repairable = np.array([c.repairable for c in CATEGORIES])[category]
    kinds = list(KIND_MIX)
    mix = np.array([[KIND_MIX[k][column] for k in kinds] for column in (0, 1)])
    kind = np.array([columns.code(k) for k in kinds])[
        draw_by_row(rng, mix, np.where(repairable, 0, 1))
    ]
    reasons = np.array([[REASON_MIX.get(k, {}).get(r, 0.0) for r in CaseReason] for k in CaseKind])
    reason = draw_by_row(rng, reasons, kind)
    wait = (2 * DAY * np.exp(0.7 * rng.standard_normal(order.size))).astype(np.int64)
    window = np.where(reason == columns.code(R.NO_REASON), NO_REASON_DAYS * DAY - HOUR, 30 * DAY)
    at = delivered[order] + np.minimum(wait, window)
    paid = items.paid[item]
    amount = np.select(
        [kind == columns.code(K.RETURN_REFUND), kind == columns.code(K.REFUND_ONLY)],
        [paid, (paid * rng.uniform(0.2, 1.0, order.size)).astype(np.int64)],
        0,
    )
    return _of(kind, order, item=item, reason=reason, at=at, amount=amount)


def _late_compensation(rng: np.random.Generator, world: World, orders: Orders) -> Requests:
    """Shipped after ship-by at a merchant promising 延时交付必赔: paid automatically."""
    owed = world.promises.late_compensation[orders.demand.merchant]
    late = (orders.handover != NEVER) & (orders.handover > orders.ship_by) & (owed > 0)
    order = np.flatnonzero(late & (rng.random(orders.count) < LATE_CLAIM_SHARE))
    at = orders.ship_by[order] + rng.integers(60, 2 * HOUR, order.size)
    amount = np.minimum(owed[order], orders.paid[order])
    return _of(
        K.COMPENSATION, order, item=-1, reason=columns.code(R.LATE_DELIVERY), at=at, amount=amount
    )


def _price_protection(rng: np.random.Generator, world: World, orders: Orders) -> Requests:
    """The lowest price inside the protection period, if lower than paid, may be claimed."""
    items = orders.items
    days = world.catalog.protection_days[items.product]
    order = items.order
    eligible = np.flatnonzero(
        (days > 0) & (orders.fate[order] == Fate.DELIVERED) & ~orders.demand.burst[order]
    )
    placed = orders.demand.placed[order[eligible]]
    until = np.minimum(placed + days[eligible] * DAY, world.scenario.as_of)
    point = world.prices.point_at(items.sku[eligible], placed)
    low, when = world.prices.lowest_after(point, until=until)
    claims = (low < items.unit_price[eligible]) & (rng.random(eligible.size) < PRICE_CLAIM_SHARE)
    item, low, when, until = eligible[claims], low[claims], when[claims], until[claims]
    notice = (8 * HOUR * np.exp(0.8 * rng.standard_normal(item.size))).astype(np.int64)
    at = np.maximum(np.minimum(when + notice, until), orders.paid_at[order[item]] + 60)
    amount = np.minimum((items.unit_price[item] - low) * items.quantity[item], items.paid[item])
    return _of(
        K.PRICE_PROTECTION,
        order[item],
        item=item,
        reason=columns.code(R.PRICE_DROP),
        at=at,
        amount=amount,
    )


def _of(
    kind: CaseKind | np.ndarray,
    order: np.ndarray,
    *,
    item: int | np.ndarray,
    reason: int | np.ndarray,
    at: np.ndarray,
    amount: np.ndarray,
) -> Requests:
    """Requests with scalar fields broadcast over the orders."""
    n = order.size
    code = columns.code(kind) if isinstance(kind, CaseKind) else kind
    return Requests(
        order=order,
        item=np.broadcast_to(item, n).astype(np.int64),
        kind=np.broadcast_to(code, n).astype(np.int64),
        reason=np.broadcast_to(reason, n).astype(np.int64),
        requested_at=at.astype(np.int64),
        amount=np.broadcast_to(amount, n).astype(np.int64),
    )


def _concat(parts: list[Requests]) -> Requests:
    return Requests(
        *(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Requests))
    )


def _take(requests: Requests, index: np.ndarray) -> Requests:
    return Requests(*(getattr(requests, f.name)[index] for f in fields(Requests)))
