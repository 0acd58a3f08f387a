"""Tracking events of each parcel, in order: picked up, one to three transit scans, an
exception where something went wrong, out for delivery and signed (or returned)."""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, places
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.logistics import Anomaly, Shipments
from pinzhi.adapters.simulate.orders import Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import HOUR
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.logistics.models import TrackingNode


class Note(IntEnum):
    """Groups of `NOTES`, in order."""

    PICKED_UP = 0
    IN_TRANSIT = 1
    STUCK = 2
    EXCEPTION = 3
    DAMAGED = 4
    OUT_FOR_DELIVERY = 5
    SIGNED = 6
    RETURNED = 7


NOTES = columns.Pools.of(
    [
        ("快递员已揽收", "已揽件，等待发往转运中心"),
        ("已到达转运中心", "已发往下一站", "运输中"),
        ("运输延误，包裹滞留中", "转运中心爆仓，延迟发出"),
        ("收件地址不详，待联系收件人", "天气原因延误", "收件人电话无法接通"),
        ("外包装破损，已拍照留存", "包裹破损，已联系寄件方"),
        ("快递员正在派送", "派送中，请保持电话畅通"),
        ("本人签收", "家人代收", "快递柜签收", "驿站代收", "门卫代收"),
        ("应买家要求拦截，已退回寄件人", "收件人拒收，已退回"),
    ]
)


PLACE_SUFFIXES = ("营业部", "转运中心")


def event_rows(
    rng: np.random.Generator, world: World, orders: Orders, shipments: Shipments, *, chunk: Chunk
) -> pa.Table:
    """Events up to the export instant; each parcel's events are in time order."""
    k = shipments.in_transit
    flagged = np.isin(shipments.anomaly, [Anomaly.EXCEPTION, Anomaly.DAMAGED]).astype(np.int64)
    returned = shipments.anomaly == Anomaly.RETURNED
    length = 1 + k + flagged + np.where(returned, 1, 2)
    parcel = np.repeat(np.arange(k.size), length)
    pos = np.arange(parcel.size) - np.repeat(np.cumsum(length) - length, length)
    node, note = _nodes(
        pos, k[parcel], flagged[parcel], returned[parcel], shipments.anomaly[parcel]
    )
    at = _times(rng, shipments, parcel, pos, node)
    kept = np.flatnonzero(at <= world.scenario.as_of)
    place = _places(rng, world, orders, shipments, parcel=parcel[kept], node=node[kept])
    return table(
        "logistics_events",
        {
            "id": chunk.ids("EVT", kept.size),
            "shipment_id": shipments.ids.take(pa.array(parcel[kept])),
            "node": columns.enum_values(TrackingNode, node[kept]),
            "occurred_at": columns.utc(at[kept], horizon=world.scenario.as_of),
            "location": place,
            "note": NOTES.draw(rng, note[kept]),
        },
    )


def _nodes(
    pos: np.ndarray, k: np.ndarray, flagged: np.ndarray, returned: np.ndarray, anomaly: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    tail = pos - k - 1 - flagged
    last_transit = (pos == k) & (anomaly == Anomaly.STUCK)
    code = columns.code
    node = np.select(
        [pos == 0, pos <= k, tail < 0, (tail == 0) & returned, tail == 0],
        [
            code(TrackingNode.PICKED_UP),
            code(TrackingNode.IN_TRANSIT),
            code(TrackingNode.EXCEPTION),
            code(TrackingNode.RETURNED),
            code(TrackingNode.OUT_FOR_DELIVERY),
        ],
        code(TrackingNode.SIGNED),
    )
    note = np.select(
        [pos == 0, last_transit, pos <= k, tail < 0, (tail == 0) & returned, tail == 0],
        [
            Note.PICKED_UP,
            Note.STUCK,
            Note.IN_TRANSIT,
            np.where(anomaly == Anomaly.DAMAGED, Note.DAMAGED, Note.EXCEPTION),
            Note.RETURNED,
            Note.OUT_FOR_DELIVERY,
        ],
        Note.SIGNED,
    )
    return node, note


def _times(
    rng: np.random.Generator,
    shipments: Shipments,
    parcel: np.ndarray,
    pos: np.ndarray,
    node: np.ndarray,
) -> np.ndarray:
    """Scans spread over the journey at increasing fractions, so order is guaranteed."""
    start = shipments.shipped_at[parcel]
    end = np.where(
        shipments.anomaly == Anomaly.RETURNED, shipments.returned_at, shipments.delivered_at
    )[parcel]
    span = end - start
    k = shipments.in_transit[parcel]
    transit = start + span * (0.05 + 0.75 * (pos - 1 + rng.random(pos.size)) / k)
    lead = np.minimum(rng.uniform(1, 5, pos.size) * HOUR, 0.12 * span)
    code = columns.code
    at = np.select(
        [
            node == code(TrackingNode.PICKED_UP),
            node == code(TrackingNode.IN_TRANSIT),
            node == code(TrackingNode.EXCEPTION),
            node == code(TrackingNode.OUT_FOR_DELIVERY),
        ],
        [start, transit, start + 0.82 * span, end - lead],
        end,
    )
    seconds: np.ndarray = at.astype(np.int64)
    return seconds


def _places(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    shipments: Shipments,
    *,
    parcel: np.ndarray,
    node: np.ndarray,
) -> pa.Array:
    """Origin city at hand-over, a hub city in transit, the buyer's city at the end."""
    origin = world.merchants.city[orders.demand.merchant[shipments.order]][parcel]
    province = world.consumers.province[orders.recipient[shipments.order]]
    destination = places.draw_cities(rng, province)[parcel]
    hub = rng.integers(0, len(places.CITIES), parcel.size)
    code = columns.code
    city = np.select(
        [
            node == code(TrackingNode.PICKED_UP),
            node == code(TrackingNode.RETURNED),
            node == code(TrackingNode.IN_TRANSIT),
        ],
        [origin, origin, hub],
        destination,
    )
    hub_scan = (node == code(TrackingNode.IN_TRANSIT)).astype(np.int64)
    return columns.join(columns.pick(places.CITIES, city), columns.pick(PLACE_SUFFIXES, hub_scan))
