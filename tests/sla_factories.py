"""Rows the SLA tests need: after-sales cases, service sessions and staff (one helper each)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
import service_factories as sf
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.catalog.models import Product, Sku
from pinzhi.domain.orders.models import OrderItem
from pinzhi.domain.service.models import Channel, ServiceSession, Staff, StaffPost, TrainingKind


def base(session: Session) -> None:
    """Merchant m1, consumer c1 and their order o1."""
    f.merchant(session, "m1")
    f.consumer(session, "c1")
    f.order(session, "o1")


def case(
    session: Session,
    case_id: str,
    *,
    kind: CaseKind = CaseKind.REFUND_BEFORE_SHIPMENT,
    reason: CaseReason = CaseReason.NO_REASON,
    status: CaseStatus = CaseStatus.REQUESTED,
    requested_at: datetime = f.T0,
    first_response_at: datetime | None = None,
    order_id: str = "o1",
    consumer_id: str = "c1",
) -> AftersalesCase:
    row = AftersalesCase(
        id=case_id,
        order_id=order_id,
        consumer_id=consumer_id,
        merchant_id="m1",
        kind=kind,
        reason=reason,
        status=status,
        requested_at=requested_at,
        first_response_at=first_response_at,
    )
    session.add(row)
    session.flush()
    return row


def chat(
    session: Session,
    session_id: str,
    *,
    started_at: datetime = f.T0,
    agent_id: str | None = None,
    agent_joined_at: datetime | None = None,
    channel: Channel = Channel.ONLINE_CHAT,
) -> ServiceSession:
    row = ServiceSession(
        id=session_id,
        consumer_id="c1",
        merchant_id="m1",
        order_id="o1",
        agent_id=agent_id,
        channel=channel,
        started_at=started_at,
        queued_at=started_at,
        agent_joined_at=agent_joined_at,
    )
    session.add(row)
    session.flush()
    return row


def staff(
    session: Session,
    staff_id: str,
    *,
    post: StaffPost = StaffPost.AGENT,
    quality_service: bool = False,
    active: bool = True,
    trained: bool = True,
) -> Staff:
    """A member of staff hired long ago; `trained`: pre-duty training done and its exam passed."""
    row = Staff(
        id=staff_id,
        name=f"客服{staff_id}",
        post=post,
        hired_at=f.T0 - timedelta(days=800),
        prior_experience_months=0,
        quality_service=quality_service,
        active=active,
    )
    session.add(row)
    session.flush()
    if trained:
        sf.training(session, staff_id, TrainingKind.PRE_DUTY, row.hired_at - timedelta(days=5))
        sf.exam(
            session, staff_id, TrainingKind.PRE_DUTY, row.hired_at - timedelta(days=4), score=90
        )
    return row


def premium_item(session: Session, order_id: str) -> OrderItem:
    """A quality-service (品质) product bought on `order_id`."""
    product = Product(
        id=f"p_{order_id}",
        merchant_id="m1",
        category="家电",
        title="品质商品",
        premium=True,
        listed_at=f.T0 - timedelta(days=30),
    )
    sku = Sku(id=f"k_{order_id}", product_id=product.id, spec="标准", list_price_fen=9_900)
    session.add_all([product, sku])
    session.flush()
    item = OrderItem(
        id=f"i_{order_id}",
        order_id=order_id,
        sku_id=sku.id,
        product_id=product.id,
        quantity=1,
        unit_price_fen=9_900,
        paid_fen=9_900,
    )
    session.add(item)
    session.flush()
    return item
