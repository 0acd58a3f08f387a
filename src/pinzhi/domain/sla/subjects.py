"""What the SLA engine may measure: a registry of subject kinds and how to look one up.

The engine is generic over subjects: a kind maps to a lookup that says whether the subject
exists, which policy measures it by default, who it concerns (for priority tiers, S1 9.2.1 and
9.4.3) and who handles it. A new capability (complaints) plugs in by adding its kind here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason
from pinzhi.domain.catalog.models import Product
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order, OrderItem
from pinzhi.domain.service.models import Channel, ServiceSession
from pinzhi.domain.service.sla import Measure, PriorityTier, priority_tier

AFTERSALES_CASE = "aftersales_case"
SERVICE_SESSION = "service_session"


@dataclass(frozen=True)
class Subject:
    kind: str
    id: str
    policy: Measure
    """The policy a clock measures this subject by unless the event names another."""
    priority: PriorityTier
    assignee_staff_id: str | None = None


Lookup = Callable[[Session, str], Subject | None]


def case_policy(kind: CaseKind, reason: CaseReason) -> Measure:
    """Which S1 9.2.3 limit answers a case: 1 h before shipment, 36 h for a quality problem or a
    re-send, 24 h for the other return and refund requests after shipment."""
    if kind is CaseKind.REFUND_BEFORE_SHIPMENT:
        return Measure.REFUND_BEFORE_SHIPMENT
    quality = reason in (CaseReason.QUALITY, CaseReason.DAMAGED, CaseReason.MISSING_PART)
    if kind in (CaseKind.RESEND, CaseKind.REPAIR, CaseKind.EXCHANGE) or quality:
        return Measure.QUALITY_OR_RESEND
    return Measure.RETURN_AFTER_SHIPMENT


def tier_of(session: Session, *, consumer_id: str, order_id: str | None) -> PriorityTier:
    """Elderly or disabled consumers first (S1 9.4.3), then quality-service (品质) goods and
    the consumers who buy them (S1 9.2.1): premium products mark the quality-service range."""
    consumer = session.get(Consumer, consumer_id)
    premium = (
        select(OrderItem.id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Product.premium.is_(True))
    )
    goods = order_id is not None and bool(
        session.scalar(select(exists(premium.where(OrderItem.order_id == order_id))))
    )
    buyer = not goods and bool(
        session.scalar(
            select(
                exists(
                    premium.join(Order, Order.id == OrderItem.order_id).where(
                        Order.consumer_id == consumer_id
                    )
                )
            )
        )
    )
    return priority_tier(
        elderly_or_disabled=bool(consumer and (consumer.elderly or consumer.disabled)),
        quality_service_goods=goods,
        quality_service_buyer=buyer,
    )


def _case(session: Session, subject_id: str) -> Subject | None:
    case = session.get(AftersalesCase, subject_id)
    if case is None:
        return None
    tier = tier_of(session, consumer_id=case.consumer_id, order_id=case.order_id)
    return Subject(AFTERSALES_CASE, case.id, case_policy(case.kind, case.reason), tier)


def _session(session: Session, subject_id: str) -> Subject | None:
    row = session.get(ServiceSession, subject_id)
    if row is None:
        return None
    tier = tier_of(session, consumer_id=row.consumer_id, order_id=row.order_id)
    policy = (
        Measure.PHONE_AVERAGE_QUEUE if row.channel is Channel.PHONE else Measure.CHAT_FIRST_RESPONSE
    )
    return Subject(SERVICE_SESSION, row.id, policy, tier, row.agent_id)


SUBJECTS: Mapping[str, Lookup] = {AFTERSALES_CASE: _case, SERVICE_SESSION: _session}


def lookup(session: Session, *, kind: str, subject_id: str) -> Subject | None:
    """The subject, or None when no such one exists; an unknown kind is bad input."""
    if kind not in SUBJECTS:
        raise ValidationFailed(f"subject kind {kind!r} is not one of {sorted(SUBJECTS)}")
    return SUBJECTS[kind](session, subject_id)
