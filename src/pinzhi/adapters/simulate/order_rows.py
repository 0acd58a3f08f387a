"""Order and order-item rows as of the export instant: status from the timeline reached."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.answers import REFUNDING, Cases
from pinzhi.adapters.simulate.logistics import Shipments
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.orders.models import OrderStatus

AUTO_CONFIRM = 10 * DAY
"""Receipt is confirmed automatically this long after delivery, unless the buyer does it."""
CROSS_BORDER_SHARE = 0.3
"""Orders of foreign-brand goods shipped cross-border."""


def order_rows(
    rng: np.random.Generator, world: World, orders: Orders, shipments: Shipments, cases: Cases
) -> pa.Table:
    as_of = world.scenario.as_of
    n = orders.count
    delivered = shipments.per_order(shipments.delivered_at, n)
    shipped = shipments.per_order(shipments.shipped_at, n)
    status = _status(rng, orders, cases, shipped=shipped, delivered=delivered, as_of=as_of)
    foreign = world.catalog.brand_foreign[np.maximum(world.catalog.brand, 0)]
    foreign &= world.catalog.brand >= 0
    cross_border = foreign[orders.items.product[orders.first_item]] & (
        rng.random(n) < CROSS_BORDER_SHARE
    )
    recipient = pa.array(orders.recipient)
    promised = orders.paid_at <= as_of
    consumers = world.consumers
    return table(
        "orders",
        {
            "id": orders.ids,
            "consumer_id": columns.static_ids("CON", orders.demand.consumer),
            "merchant_id": columns.static_ids("MER", orders.demand.merchant),
            "status": columns.enum_values(OrderStatus, status),
            "currency": columns.pick(["CNY"], np.zeros(n, dtype=np.int64)),
            "goods_fen": pa.array(orders.goods),
            "freight_fen": pa.array(orders.freight),
            "discount_fen": pa.array(orders.discount),
            "paid_fen": pa.array(orders.paid),
            "placed_at": columns.utc(orders.demand.placed, horizon=as_of),
            "paid_at": columns.utc(orders.paid_at, horizon=as_of),
            "ship_by": columns.utc(orders.ship_by, horizon=as_of, known=promised),
            "shipped_at": columns.utc(shipped, horizon=as_of),
            "estimated_delivery_at": columns.utc(
                orders.estimated_delivery, horizon=as_of, known=promised
            ),
            "delivered_at": columns.utc(delivered, horizon=as_of),
            "cancelled_at": columns.utc(_cancelled(orders, cases), horizon=as_of),
            "cross_border": pa.array(cross_border),
            "recipient_name": consumers.name.take(recipient),
            "recipient_phone": consumers.phone.take(recipient),
            "recipient_address": consumers.address.take(recipient),
        },
    )


def item_rows(orders: Orders) -> pa.Table:
    items = orders.items
    return table(
        "order_items",
        {
            "id": orders.item_ids,
            "order_id": orders.ids.take(pa.array(items.order)),
            "sku_id": columns.static_ids("SKU", items.sku),
            "product_id": columns.static_ids("PRO", items.product),
            "quantity": pa.array(items.quantity),
            "unit_price_fen": pa.array(items.unit_price),
            "paid_fen": pa.array(items.paid),
        },
    )


def _cancelled(orders: Orders, cases: Cases) -> np.ndarray:
    """Unpaid orders when they time out; refunded ones when the refund is paid."""
    refunded = np.isin(orders.fate, [Fate.REFUNDED_BEFORE_SHIPMENT, Fate.INTERCEPTED])
    cancelled: np.ndarray = np.select(
        [orders.fate == Fate.UNPAID, refunded],
        [orders.cancel_requested, cases.closing(orders.count, REFUNDING)],
        NEVER,
    )
    return cancelled


def _status(
    rng: np.random.Generator,
    orders: Orders,
    cases: Cases,
    *,
    shipped: np.ndarray,
    delivered: np.ndarray,
    as_of: int,
) -> np.ndarray:
    """How far each order got by the export instant; receipt is confirmed by the buyer
    within days, or automatically."""
    n = orders.count
    confirmed = delivered + np.where(
        rng.random(n) < 0.5, rng.integers(HOUR, 5 * DAY, n), AUTO_CONFIRM
    )
    code = columns.code
    status: np.ndarray = np.select(
        [_cancelled(orders, cases) <= as_of, confirmed <= as_of, delivered <= as_of,
         shipped <= as_of, orders.paid_at <= as_of],
        [code(OrderStatus.CANCELLED), code(OrderStatus.COMPLETED), code(OrderStatus.DELIVERED),
         code(OrderStatus.SHIPPED), code(OrderStatus.PAID)],
        code(OrderStatus.PLACED),
    )  # fmt: skip
    return status
