"""Automatic 价保: the platform finds price drops and pays eligible buyers unasked (S3 6.8).

Each run pays every line the rule (`entitlements.price_protection_due`) finds owed a difference
now — through an ordinary price-protection case opened, approved and paid by the system, so the
money goes through the ledger and the steps onto the record chain. What a line was already paid
is subtracted, so a run repeated, or a consumer's own claim, never pays twice.

The rule reads one line at a time; one set-based query first keeps only the lines it could find
owed: still inside their own product's window, not refunded, and undercut by a price counted
since payment by more than their 价保 paid so far. A line paid for the drops so far is not
looked at again until a deeper price appears, so a day's scan reads the few lines a new price
touched rather than every protected line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, exists, false, func, or_, select

from pinzhi.core.errors import PinzhiError
from pinzhi.domain.aftersales import case_operations, entitlements
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason
from pinzhi.domain.aftersales.price_protection import PriceProtectionPolicy
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.catalog.models import PriceKind, PricePoint, Product
from pinzhi.domain.orders.models import Order, OrderItem
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class ScanRun:
    candidates: int
    paid: int
    paid_fen: int


def pay_price_drops(*, uow: UnitOfWork, now: datetime) -> ScanRun:
    """Pay every line owed a difference now; commits per line, so a failure loses nothing."""
    candidates = uow.session.execute(_lines_maybe_owed(uow, now)).all()
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


def _lines_maybe_owed(uow: UnitOfWork, now: datetime) -> Select[str, str]:
    """(order id, item id) of every line `price_protection_due` could find claimable at `now`.

    Each condition is one the rule needs (S3 6.8): the window, as long as the line's own
    product's, still open; no refund; a price counted by the rule's policy, effective after
    payment, at which the line is owed more than already paid — (unit paid − price) × quantity
    never exceeds paid − price × quantity, so a line failing this is owed nothing more.
    """
    windows = uow.session.scalars(
        select(Product.price_protection_days).where(Product.price_protection_days > 0).distinct()
    ).all()
    paid = entitlements.price_protection_paid_by_line()
    refunded = select(AftersalesCase.order_item_id).where(
        AftersalesCase.order_item_id.is_not(None),
        AftersalesCase.kind.in_(entitlements.REFUND_KINDS),
        AftersalesCase.refunded_fen > 0,
    )
    counted = (
        [] if PriceProtectionPolicy().coupon_drops_count else [PricePoint.kind != PriceKind.COUPON]
    )
    undercut = exists().where(
        PricePoint.sku_id == OrderItem.sku_id,
        PricePoint.effective_at > Order.paid_at,
        PricePoint.effective_at <= now,
        *counted,
        PricePoint.price_fen * OrderItem.quantity + func.coalesce(paid.c.paid_fen, 0)
        < OrderItem.paid_fen,
    )
    in_window = [
        and_(Product.price_protection_days == days, Order.paid_at >= now - timedelta(days=days))
        for days in windows
    ]
    return (
        select(OrderItem.order_id, OrderItem.id)
        .join(Order, Order.id == OrderItem.order_id)
        .join(Product, Product.id == OrderItem.product_id)
        .outerjoin(paid, paid.c.order_item_id == OrderItem.id)
        .where(
            or_(false(), *in_window),
            Order.cancelled_at.is_(None),
            Order.merchant_id.is_not(None),
            OrderItem.id.not_in(refunded),
            undercut,
        )
        .order_by(OrderItem.order_id, OrderItem.id)
    )
