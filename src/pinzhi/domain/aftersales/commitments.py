"""Watching merchants' published service commitments and paying when one is broken (S3 6.10).

延时交付必赔 (late-delivery compensation) is checked automatically: an order of a merchant whose
commitment was in force when the order was placed, shipped after its promised ship-by time (or
still unshipped past it), gets the promised sum at once — paid first from the compensation fund
(先行赔付, S1 9.7.6) and then recovered from the merchant's settlement. The merchant may appeal
the recovery; a mediator decides it.

The check is idempotent: an order is compensated once per commitment, however often it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from pinzhi.domain.aftersales import case_operations
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.governance.models import CommitmentKind, ServiceCommitment
from pinzhi.domain.orders.models import Order
from pinzhi.store.uow import UnitOfWork

LATE_SHIPMENT_NOTE = "延时交付必赔: shipped after the promised time"


@dataclass(frozen=True)
class Breach:
    order_id: str
    commitment_id: str
    amount_fen: int
    promised_by: datetime | None
    shipped_at: datetime | None


@dataclass(frozen=True)
class CompensationRun:
    checked: int
    compensated: int
    paid_fen: int


def late_shipments(*, uow: UnitOfWork, since: datetime, now: datetime) -> Iterator[Breach]:
    """Orders placed since `since` that broke a 延时交付必赔 commitment in force at checkout."""
    commitment = ServiceCommitment
    late = or_(
        Order.shipped_at > Order.ship_by,
        and_(Order.shipped_at.is_(None), Order.cancelled_at.is_(None), Order.ship_by < now),
    )
    query = (
        select(
            Order.id, Order.ship_by, Order.shipped_at, commitment.id, commitment.compensation_fen
        )
        .join(commitment, commitment.merchant_id == Order.merchant_id)
        .where(
            Order.placed_at >= since,
            Order.ship_by.is_not(None),
            late,
            commitment.kind == CommitmentKind.LATE_DELIVERY_COMPENSATION,
            commitment.product_id.is_(None),
            commitment.compensation_fen > 0,
            commitment.published_at <= Order.placed_at,
            or_(commitment.withdrawn_at.is_(None), commitment.withdrawn_at > Order.placed_at),
        )
        .order_by(Order.placed_at, Order.id)
    )
    for order_id, ship_by, shipped_at, commitment_id, amount in uow.session.execute(query):
        yield Breach(order_id, commitment_id, amount, ship_by, shipped_at)


def compensate_late_shipments(
    *, uow: UnitOfWork, now: datetime, look_back: timedelta = timedelta(days=60)
) -> CompensationRun:
    """Open, pay and recover a compensation case for every new breach; commits per order."""
    checked = compensated = paid = 0
    already = _compensated_orders(uow, since=now - look_back)
    breaches = list(late_shipments(uow=uow, since=now - look_back, now=now))
    system = case_operations.system_actor()
    for breach in breaches:
        checked += 1
        if breach.order_id in already:
            continue
        request = CaseRequest(
            order_id=breach.order_id,
            kind=CaseKind.COMPENSATION,
            reason=CaseReason.LATE_DELIVERY,
            amount_fen=breach.amount_fen,
            note=f"{LATE_SHIPMENT_NOTE} ({breach.commitment_id})",
        )
        case_id = case_operations.open_case(uow=uow, actor=system, request=request, now=now)
        for event in (CaseEvent.APPROVE, CaseEvent.PAY_OUT, CaseEvent.RECOVER_FROM_MERCHANT):
            case_operations.act(uow=uow, actor=system, case_id=case_id, event=event, now=now)
        uow.commit()
        already.add(breach.order_id)
        compensated += 1
        paid += breach.amount_fen
    return CompensationRun(checked=checked, compensated=compensated, paid_fen=paid)


def _compensated_orders(uow: UnitOfWork, *, since: datetime) -> set[str]:
    rows = uow.session.scalars(
        select(AftersalesCase.order_id).where(
            AftersalesCase.kind == CaseKind.COMPENSATION,
            AftersalesCase.reason == CaseReason.LATE_DELIVERY,
            AftersalesCase.requested_at >= since - timedelta(days=365),
        )
    )
    return set(rows)
