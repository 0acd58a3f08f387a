"""Shipments and their tracking events: hand-over, transit by carrier and distance, and
anomalies (stuck, exception, damaged, intercepted and returned) (S3 6.2.1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import carriers, columns
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER
from pinzhi.adapters.simulate.world import World

ANOMALY_MIX = np.array([0.55, 0.3, 0.15])
"""Stuck, exception, damaged: how a merchant's mishaps (`Traits.mishap`) split."""
VALUABLE_FEN = 200_000
"""Parcels worth this much are signed for in person (S3 6.2.3.1) and usually insured."""


class Anomaly(IntEnum):
    NONE = 0
    STUCK = 1
    EXCEPTION = 2
    DAMAGED = 3
    RETURNED = 4


@dataclass(frozen=True)
class Shipments:
    ids: pa.Array
    order: np.ndarray
    """Position of each shipped order in the day's orders."""
    shipped_at: np.ndarray
    delivered_at: np.ndarray
    returned_at: np.ndarray
    anomaly: np.ndarray
    in_transit: np.ndarray
    """Number of in-transit scans."""

    def per_order(self, values: np.ndarray, orders: int) -> np.ndarray:
        """Spread shipment values over all orders; orders that never ship get NEVER."""
        spread = np.full(orders, NEVER)
        spread[self.order] = values
        return spread


def ship(rng: np.random.Generator, world: World, orders: Orders, *, chunk: Chunk) -> Shipments:
    order = np.flatnonzero(orders.handover != NEVER)
    n = order.size
    merchant, recipient = orders.demand.merchant[order], orders.recipient[order]
    carrier = orders.carrier[order]
    same = world.merchants.province[merchant] == world.consumers.province[recipient]
    median = carriers.TRANSIT_HOURS[carrier] * np.where(same, carriers.SAME_PROVINCE, 1.0) * HOUR
    transit = median * np.exp(carriers.SPREAD[carrier] * rng.standard_normal(n))
    mishap = world.merchants.trait("mishap", merchant)
    kind = np.searchsorted(np.cumsum(ANOMALY_MIX), rng.random(n) * ANOMALY_MIX.sum()) + 1
    anomaly = np.where(rng.random(n) < mishap, kind, Anomaly.NONE)
    transit += np.select(
        [anomaly == Anomaly.STUCK, anomaly == Anomaly.EXCEPTION],
        [rng.uniform(2, 5, n) * DAY, rng.uniform(1, 2, n) * DAY],
        0,
    )
    burst = orders.demand.burst[order]
    transit = np.where(burst, rng.uniform(3, 12, n) * HOUR, transit).astype(np.int64)
    anomaly = np.where(burst, Anomaly.NONE, anomaly)
    returned = orders.fate[order] == Fate.INTERCEPTED
    anomaly = np.where(returned, Anomaly.RETURNED, anomaly)
    shipped = orders.handover[order]
    return Shipments(
        ids=chunk.ids("SHP", n),
        order=order,
        shipped_at=shipped,
        delivered_at=np.where(returned, NEVER, shipped + transit),
        returned_at=np.where(returned, shipped + (transit * 1.3).astype(np.int64), NEVER),
        anomaly=anomaly,
        in_transit=rng.integers(1, 4, n),
    )


def shipment_rows(
    rng: np.random.Generator, orders: Orders, shipments: Shipments, *, as_of: int
) -> pa.Table:
    """Parcels handed over by the export instant."""
    sent = np.flatnonzero(shipments.shipped_at <= as_of)
    order = shipments.order[sent]
    value = orders.paid[order]
    carrier = orders.carrier[order]
    valuable = value >= VALUABLE_FEN
    return table(
        "shipments",
        {
            "id": shipments.ids.take(pa.array(sent)),
            "order_id": orders.ids.take(pa.array(order)),
            "carrier": columns.pick(carriers.NAMES, carrier),
            "tracking_number": columns.join(
                columns.pick(carriers.PREFIXES, carrier),
                columns.numbered("", rng.integers(0, 10**12, sent.size), width=12),
            ),
            "shipped_at": columns.utc(shipments.shipped_at[sent], horizon=as_of),
            "delivered_at": columns.utc(shipments.delivered_at[sent], horizon=as_of),
            "signature_required": pa.array(valuable),
            "insured_fen": pa.array(np.where(valuable & (rng.random(sent.size) < 0.8), value, 0)),
        },
    )
