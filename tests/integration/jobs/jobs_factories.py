"""Rows for the daily-run tests, written through the ORM (so personal fields pass the seam)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.catalog.models import Merchant, MerchantKind
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.feedback.models import Review
from pinzhi.domain.orders.models import Order, OrderStatus

JOINED = datetime(2025, 1, 1, tzinfo=UTC)
_serial = count(1)


def merchant(session: Session, merchant_id: str) -> Merchant:
    row = Merchant(
        id=merchant_id,
        name=f"店铺 {merchant_id}",
        kind=MerchantKind.THIRD_PARTY,
        main_category="家电",
        joined_at=JOINED,
    )
    session.add(row)
    return row


def consumer(session: Session, consumer_id: str = "c1") -> Consumer:
    row = Consumer(id=consumer_id, name="张三", phone="13800000000", registered_at=JOINED)
    session.add(row)
    return row


def order(
    session: Session,
    *,
    merchant_id: str,
    placed_at: datetime,
    status: OrderStatus = OrderStatus.DELIVERED,
    paid_fen: int = 10_000,
    ship_within: timedelta | None = timedelta(days=2),
    shipped_after: timedelta | None = timedelta(days=1),
    estimate_within: timedelta | None = timedelta(days=5),
    delivered_after: timedelta | None = timedelta(days=3),
    cancelled_at: datetime | None = None,
    consumer_id: str = "c1",
) -> Order:
    """An order whose promises and events are offsets from `placed_at` (None: not set)."""

    def after(offset: timedelta | None) -> datetime | None:
        return None if offset is None else placed_at + offset

    row = Order(
        id=f"o{next(_serial)}",
        consumer_id=consumer_id,
        merchant_id=merchant_id,
        status=status,
        goods_fen=paid_fen,
        paid_fen=paid_fen,
        placed_at=placed_at,
        paid_at=placed_at,
        ship_by=after(ship_within),
        shipped_at=after(shipped_after),
        estimated_delivery_at=after(estimate_within),
        delivered_at=after(delivered_after),
        cancelled_at=cancelled_at,
        recipient_name="李四",
        recipient_phone="13900000000",
        recipient_address="上海市",
    )
    session.add(row)
    return row


def refund_case(
    session: Session, placed: Order, *, requested_at: datetime, kind: CaseKind
) -> AftersalesCase:
    row = AftersalesCase(
        id=f"a{next(_serial)}",
        order_id=placed.id,
        consumer_id=placed.consumer_id,
        merchant_id=placed.merchant_id,
        kind=kind,
        reason=CaseReason.NO_REASON,
        status=CaseStatus.REQUESTED,
        requested_at=requested_at,
    )
    session.add(row)
    return row


def review(session: Session, placed: Order, *, rating: int, created_at: datetime) -> Review:
    row = Review(
        id=f"r{next(_serial)}",
        order_id=placed.id,
        consumer_id=placed.consumer_id,
        merchant_id=placed.merchant_id,
        rating=rating,
        body="质量好",
        created_at=created_at,
    )
    session.add(row)
    return row
