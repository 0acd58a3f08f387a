"""Automatic 价保: the platform finds price drops and pays eligible buyers unasked (S3 6.8).

Each run looks at lines bought within the longest protection window that a later, lower price
of the same SKU undercuts, and pays each the difference still owed — through an ordinary
price-protection case opened, approved and paid by the system, so the money goes through the
ledger and the steps onto the record chain. What a line was already paid is subtracted, so a
run repeated, or a consumer's own claim, never pays twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select

from pinzhi.core.errors import PinzhiError
from pinzhi.domain.aftersales import case_operations, entitlements
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.catalog.models import PricePoint, Product
from pinzhi.domain.orders.models import Order, OrderItem
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class ScanRun:
    candidates: int
    paid: int
    paid_fen: int


def pay_price_drops(*, uow: UnitOfWork, now: datetime) -> ScanRun:
    """Pay every line owed a difference now; commits per line, so a failure loses nothing."""
    longest = uow.session.scalar(select(func.max(Product.price_protection_days))) or 0
    if longest <= 0:
        return ScanRun(0, 0, 0)
    lower_since_paid = exists().where(
        PricePoint.sku_id == OrderItem.sku_id,
        PricePoint.effective_at > Order.paid_at,
        PricePoint.effective_at <= now,
        PricePoint.price_fen * OrderItem.quantity < OrderItem.paid_fen,
    )
    candidates = uow.session.execute(
        select(OrderItem.order_id, OrderItem.id)
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(
            Product.price_protection_days > 0,
            Order.paid_at >= now - timedelta(days=longest),
            Order.cancelled_at.is_(None),
            Order.merchant_id.is_not(None),
            lower_since_paid,
        )
        .order_by(OrderItem.order_id, OrderItem.id)
    ).all()
    paid = paid_fen = 0
    system = case_operations.system_actor()
    for order_id, item_id in candidates:
        facts = entitlements.line_facts(uow=uow, order_id=order_id, order_item_id=item_id)
        if not entitlements.price_protection_due(uow=uow, facts=facts, now=now).claimable:
            continue
        request = CaseRequest(order_id, CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP, item_id)
        try:
            case_id = case_operations.open_case(uow=uow, actor=system, request=request, now=now)
            for event in (CaseEvent.APPROVE, CaseEvent.PAY_OUT):
                case_operations.act(uow=uow, actor=system, case_id=case_id, event=event, now=now)
            amount = uow.session.get_one(AftersalesCase, case_id).requested_fen
            uow.commit()
        except PinzhiError:
            uow.session.rollback()
            continue
        paid += 1
        paid_fen += amount
    return ScanRun(len(candidates), paid, paid_fen)
