"""Shipments and their scans for tests: one row each, with sensible defaults.

Use inside a unit of work next to `factories` (orders need their merchant and consumer).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pinzhi.domain.logistics.models import LogisticsEvent, Shipment, TrackingNode
from pinzhi.domain.orders.models import Order


def shipment(
    session: Session,
    shipment_id: str,
    *,
    order_id: str,
    shipped_at: datetime,
    promised_in: timedelta | None = timedelta(days=4),
    carrier: str = "顺丰速运",
) -> Shipment:
    """A parcel handed over at `shipped_at`; its order promises delivery `promised_in` later."""
    order = session.get(Order, order_id)
    assert order is not None, f"create order {order_id} first"
    order.shipped_at = shipped_at
    order.estimated_delivery_at = None if promised_in is None else shipped_at + promised_in
    row = Shipment(
        id=shipment_id,
        order_id=order_id,
        carrier=carrier,
        tracking_number=f"SF{shipment_id.upper()}",
        shipped_at=shipped_at,
    )
    session.add(row)
    session.flush()
    return row


def scan(
    session: Session,
    event_id: str,
    *,
    shipment_id: str,
    node: TrackingNode,
    at: datetime,
    location: str = "杭州转运中心",
    note: str | None = None,
) -> LogisticsEvent:
    row = LogisticsEvent(
        id=event_id,
        shipment_id=shipment_id,
        node=node,
        occurred_at=at,
        location=location,
        note=note,
    )
    session.add(row)
    session.flush()
    return row
