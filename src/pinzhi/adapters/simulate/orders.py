"""A day's orders: items priced from the price history, money, and each order's planned
timeline (payment, ship-by, hand-over, estimated delivery) and fate (paid, cancelled …).

Times are planned epoch seconds; `NEVER` marks what does not happen. What lies beyond the
export instant is cut when rows are written, so in-flight orders look in flight.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import carriers, seasons
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.commitments import PROMOTION_SHIP_WINDOW
from pinzhi.adapters.simulate.demand import Demand
from pinzhi.adapters.simulate.timing import HOUR, NEVER, lognormal_seconds, over_limit
from pinzhi.adapters.simulate.world import World

UNPAID_SHARE = 0.008
"""Orders never paid: cancelled by the payment timeout or the buyer. The grade counts them as
cancellations, so they stay few; paid orders cancelled before hand-over (未发货退款) follow the
merchant (`Traits.cancellation`)."""
INTERCEPT_SHARE = 0.004
"""Shipped orders the buyer stops in transit; the parcel goes back."""
FREE_FREIGHT_FEN = 9900
PAYING_LATENESS = 0.4
"""Merchants that pay for every late shipment (延时交付必赔) ship late this much as often."""
GIFT_SHARE = 0.08
"""Orders sent to someone else's address."""


class Fate(IntEnum):
    DELIVERED = 0
    UNPAID = 1
    REFUNDED_BEFORE_SHIPMENT = 2
    INTERCEPTED = 3


@dataclass(frozen=True)
class Items:
    order: np.ndarray
    sku: np.ndarray
    product: np.ndarray
    quantity: np.ndarray
    unit_price: np.ndarray
    paid: np.ndarray
    """Line total less the item's share of the order discount; freight stays on the order."""


@dataclass(frozen=True)
class Orders:
    ids: pa.Array
    item_ids: pa.Array
    demand: Demand
    recipient: np.ndarray
    """Consumer whose name, phone and address the parcel goes to."""
    fate: np.ndarray
    paid_at: np.ndarray
    ship_by: np.ndarray
    handover: np.ndarray
    """When the merchant hands the parcel over (NEVER for orders that never ship)."""
    estimated_delivery: np.ndarray
    cancel_requested: np.ndarray
    carrier: np.ndarray
    goods: np.ndarray
    freight: np.ndarray
    discount: np.ndarray
    paid: np.ndarray
    first_item: np.ndarray
    items: Items
    promotion: bool

    @property
    def count(self) -> int:
        return int(self.fate.size)


def build_orders(rng: np.random.Generator, world: World, demand: Demand, *, chunk: Chunk) -> Orders:
    n = demand.placed.size
    merchant = demand.merchant
    promotion = seasons.is_promotion(chunk.date)
    count = np.where(demand.burst, 1, rng.choice([1, 2, 3, 4], size=n, p=[0.76, 0.17, 0.05, 0.02]))
    first_item = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    items = _items(rng, world, demand, np.repeat(np.arange(n), count))
    goods, discount, freight = _money(rng, world, demand, items, first_item, promotion=promotion)
    share = discount_shares(discount=discount, line=items.paid, first_item=first_item)
    fate = _fates(rng, world, demand)
    paid_at = _payment_times(rng, demand, fate)
    window = (
        np.full(n, PROMOTION_SHIP_WINDOW) if promotion else world.promises.ship_window[merchant]
    )
    handling = _handling(rng, world, demand, window)
    recipient = np.where(
        demand.burst | (rng.random(n) >= GIFT_SHARE),
        demand.consumer,
        rng.integers(0, world.consumers.activity.size, n),
    )
    carrier = np.where(
        rng.random(n) < 0.8,
        world.merchants.carrier[merchant],
        rng.choice(len(carriers.CARRIERS), size=n, p=carriers.SHARES),
    )
    unpaid = fate == Fate.UNPAID
    ship_by = np.where(unpaid, NEVER, paid_at + window)
    promised = ship_by + _promised_transit(world, merchant, recipient, carrier)
    ships = (fate == Fate.DELIVERED) | (fate == Fate.INTERCEPTED)
    return Orders(
        ids=chunk.ids("ORD", n),
        item_ids=chunk.ids("ITM", items.order.size),
        demand=demand,
        recipient=recipient,
        fate=fate,
        paid_at=paid_at,
        ship_by=ship_by,
        handover=np.where(ships, paid_at + handling, NEVER),
        estimated_delivery=np.where(unpaid, NEVER, promised),
        cancel_requested=_cancel_requests(rng, demand.placed, paid_at, handling, fate),
        carrier=carrier,
        goods=goods,
        freight=freight,
        discount=discount,
        paid=goods - discount + freight,
        first_item=first_item,
        items=replace(items, paid=items.paid - share),
        promotion=promotion,
    )


def _money(
    rng: np.random.Generator,
    world: World,
    demand: Demand,
    items: Items,
    first_item: np.ndarray,
    *,
    promotion: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Goods, discount and freight of each order, in fen."""
    goods = np.add.reduceat(items.paid, first_item)
    discount = _discount(rng, goods, demand.burst, promotion=promotion)
    free = world.merchants.self_operated[demand.merchant] | demand.burst
    free |= (goods >= FREE_FREIGHT_FEN) | (rng.random(goods.size) < 0.6)
    freight = np.where(free, 0, rng.choice([600, 800, 1000, 1200], goods.size))
    return goods, discount, freight


def _payment_times(rng: np.random.Generator, demand: Demand, fate: np.ndarray) -> np.ndarray:
    """Most pay within a minute or two; fake orders in seconds; some never."""
    n = demand.placed.size
    usual = np.clip(lognormal_seconds(rng, median=40, sigma=1.2, size=n), 3, 1500)
    delay = np.where(demand.burst, rng.integers(5, 30, n), usual)
    paid: np.ndarray = np.where(fate == Fate.UNPAID, NEVER, demand.placed + delay)
    return paid


def _handling(
    rng: np.random.Generator, world: World, demand: Demand, window: np.ndarray
) -> np.ndarray:
    """Payment to hand-over: past the ship-by window at the merchant's late-shipment rate;
    fake orders ship empty parcels within hours."""
    paying = world.promises.late_compensation[demand.merchant] > 0
    late = world.merchants.trait("late_shipment", demand.merchant)
    late = late * np.where(paying, PAYING_LATENESS, 1.0)
    handling = np.maximum(over_limit(rng, limit=window, share=late, sigma=0.8), 1200)
    fake = rng.integers(HOUR, 4 * HOUR, handling.size)
    seconds: np.ndarray = np.where(demand.burst, fake, handling)
    return seconds


def _items(rng: np.random.Generator, world: World, demand: Demand, order: np.ndarray) -> Items:
    """Products by popularity; fake orders cluster on a merchant's first listings.

    `paid` is the line total here; the order discount is shared out afterwards.
    """
    n = order.size
    burst = demand.burst[order]
    u = np.where(burst, rng.random(n) * 0.05, rng.random(n))
    product = world.catalog.draw_products(u, demand.merchant[order])
    sku = world.catalog.draw_skus(rng.random(n), product)
    quantity = np.where(burst, 1, rng.choice([1, 2, 3, 5], size=n, p=[0.82, 0.12, 0.04, 0.02]))
    prices = world.prices
    unit_price = prices.price[prices.point_at(sku, demand.placed[order])]
    return Items(order, sku, product, quantity, unit_price, quantity * unit_price)


def _discount(
    rng: np.random.Generator, goods: np.ndarray, burst: np.ndarray, *, promotion: bool
) -> np.ndarray:
    """Coupons and 满减 in whole yuan, at most a fifth of the goods; none on fake orders."""
    takes = ~burst & (rng.random(goods.size) < (0.7 if promotion else 0.3))
    cut = (goods * rng.uniform(0.05, 0.2, goods.size)) // 100 * 100
    return np.where(takes, cut, 0).astype(np.int64)


def discount_shares(
    *, discount: np.ndarray, line: np.ndarray, first_item: np.ndarray
) -> np.ndarray:
    """Each item's part of its order's discount, pro rata to its line total; the first item
    of an order takes the rounding. Items are grouped by order, each starting at `first_item`.
    """
    count = np.diff(np.append(first_item, line.size))
    order = np.repeat(np.arange(first_item.size), count)
    goods = np.add.reduceat(line, first_item)
    share: np.ndarray = discount[order] * line // goods[order]
    share[first_item] += discount - np.add.reduceat(share, first_item)
    return share


def _fates(rng: np.random.Generator, world: World, demand: Demand) -> np.ndarray:
    n = demand.placed.size
    refund = world.merchants.trait("cancellation", demand.merchant)
    u = rng.random(n)
    fate = np.select(
        [u < UNPAID_SHARE, u < UNPAID_SHARE + refund, u < UNPAID_SHARE + refund + INTERCEPT_SHARE],
        [Fate.UNPAID, Fate.REFUNDED_BEFORE_SHIPMENT, Fate.INTERCEPTED],
        Fate.DELIVERED,
    )
    return np.where(demand.burst, Fate.DELIVERED, fate)


def _cancel_requests(
    rng: np.random.Generator,
    placed: np.ndarray,
    paid_at: np.ndarray,
    handling: np.ndarray,
    fate: np.ndarray,
) -> np.ndarray:
    """Unpaid orders time out after 10–30 minutes; refunds come before the planned hand-over."""
    n = placed.size
    timeout = placed + rng.integers(600, 1800, n)
    before_handover = paid_at + np.maximum(60, (0.8 * rng.random(n) * handling).astype(np.int64))
    return np.select(
        [fate == Fate.UNPAID, fate == Fate.REFUNDED_BEFORE_SHIPMENT],
        [timeout, before_handover],
        NEVER,
    )


def _promised_transit(
    world: World, merchant: np.ndarray, recipient: np.ndarray, carrier: np.ndarray
) -> np.ndarray:
    same = world.merchants.province[merchant] == world.consumers.province[recipient]
    hours = carriers.TRANSIT_HOURS[carrier] * carriers.PROMISE_QUANTILE
    seconds: np.ndarray = (np.where(same, carriers.SAME_PROVINCE, 1.0) * hours * HOUR).astype(
        np.int64
    )
    return seconds
