"""What a consumer may ask for on an order line, read from the store (S3 6.3.1.1).

Gathers the facts the pure rules need — shipment and receipt times, category, premium flag,
credit band, the merchant's fast-refund opt-in, price history — and asks `returns.py` and
`price_protection.py`. The result is also what the request page shows, reasons and clauses
included, and is snapshotted on the case when it is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func, select

from pinzhi.core.clock import CHINA
from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.aftersales import price_protection, returns, sanbao
from pinzhi.domain.aftersales.ledger import Movement
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    LedgerEntryRow,
    MerchantAftersalesOptions,
)
from pinzhi.domain.aftersales.returns import Entitlement, Reason
from pinzhi.domain.aftersales.sanbao_catalogue import DEFAULT_CATALOGUE
from pinzhi.domain.catalog.models import PricePoint, Product
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order, OrderItem
from pinzhi.store.uow import UnitOfWork

_SANBAO_REMEDIES = frozenset({CaseKind.RETURN_REFUND, CaseKind.EXCHANGE, CaseKind.REPAIR})

REVIEWED_KINDS = frozenset(
    {
        CaseKind.RETURN_REFUND,
        CaseKind.REFUND_ONLY,
        CaseKind.EXCHANGE,
        CaseKind.REPAIR,
        CaseKind.RESEND,
        CaseKind.COMPENSATION,
    }
)


@dataclass(frozen=True)
class LineFacts:
    order: Order
    item: OrderItem | None
    product: Product | None
    consumer: Consumer


def line_facts(*, uow: UnitOfWork, order_id: str, order_item_id: str | None) -> LineFacts:
    session = uow.session
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id!r} does not exist")
    item = None
    if order_item_id is not None:
        item = session.get(OrderItem, order_item_id)
        if item is None or item.order_id != order_id:
            raise NotFound(f"order {order_id!r} has no item {order_item_id!r}")
    product = session.get(Product, item.product_id) if item is not None else None
    consumer = session.get(Consumer, order.consumer_id)
    if consumer is None:  # pragma: no cover - the foreign key guarantees it
        raise NotFound(f"consumer {order.consumer_id!r} does not exist")
    return LineFacts(order=order, item=item, product=product, consumer=consumer)


def entitlement(*, uow: UnitOfWork, facts: LineFacts, now: datetime) -> Entitlement:
    """The no-reason return entitlement (or refund before shipment) of the line at `now`."""
    order, product = facts.order, facts.product
    options = (
        uow.session.get(MerchantAftersalesOptions, order.merchant_id) if order.merchant_id else None
    )
    line = returns.OrderLine(
        category=product.category if product is not None else "",
        paid_fen=facts.item.paid_fen if facts.item is not None else order.paid_fen,
        premium=product.premium if product is not None else False,
        shipped_at=order.shipped_at,
        received_at=order.delivered_at,
        merchant_fast_refund=options.fast_refund if options is not None else False,
    )
    return returns.return_entitlement(line=line, credit_level=facts.consumer.credit_level, now=now)


PERFORMANCE_FAULTS = frozenset({CaseReason.QUALITY})
"""A fault in how the goods work: what 三包 is about (damage in transit, wrong or missing items are
the seller's or carrier's failure and go to review instead)."""


def sanbao_entitlement(
    *, uow: UnitOfWork, facts: LineFacts, now: datetime
) -> sanbao.SanbaoOutcome | None:
    """The 三包 remedies for a performance fault found now (S3 6.5.2); None without 三包 terms.

    The unit's history comes from its earlier cases: a completed repair followed by this new
    fault counts as a failed repair, a completed exchange restarts the warranty.
    """
    product, received = facts.product, facts.order.delivered_at
    entry = DEFAULT_CATALOGUE.get(product.category) if product is not None else None
    if entry is None or facts.item is None or received is None:
        return None
    earlier = uow.session.scalars(
        select(AftersalesCase).where(
            AftersalesCase.order_item_id == facts.item.id,
            AftersalesCase.kind.in_((CaseKind.REPAIR, CaseKind.EXCHANGE)),
            AftersalesCase.resolved_at.is_not(None),
            AftersalesCase.status == CaseStatus.COMPLETED,
        )
    ).all()
    repairs = [
        sanbao.Repair(started=_day(c.requested_at), ended=_day(c.resolved_at), fixed=False)
        for c in earlier
        if c.kind is CaseKind.REPAIR and c.resolved_at is not None
    ]
    exchanges = [
        _day(c.resolved_at)
        for c in earlier
        if c.kind is CaseKind.EXCHANGE and c.resolved_at is not None
    ]
    return sanbao.sanbao_outcome(
        received_on=_day(received),
        fault_on=max(_day(now), _day(received)),
        fault_main_part=False,
        entry=entry,
        paid_fen=facts.item.paid_fen,
        repairs=repairs,
        exchanges=exchanges,
    )


def _day(instant: datetime) -> date:
    return instant.astimezone(CHINA).date()


def check_request(
    entitled: Entitlement,
    *,
    kind: CaseKind,
    reason: CaseReason,
    shipped: bool,
    fault: sanbao.SanbaoOutcome | None = None,
) -> None:
    """Refuse a request the consumer is not entitled to, saying why with the clause."""
    if not shipped:
        if kind not in (CaseKind.REFUND_BEFORE_SHIPMENT, CaseKind.COMPENSATION):
            raise ValidationFailed(
                "S3 6.3.2.2: the order has not shipped — ask for a refund before shipment"
            )
        return
    if kind is CaseKind.REFUND_BEFORE_SHIPMENT:
        raise ValidationFailed("the order has shipped: a refund before shipment is too late")
    if kind is CaseKind.COMPENSATION:
        return
    if kind is CaseKind.PRICE_PROTECTION:
        if reason is not CaseReason.PRICE_DROP:
            raise ValidationFailed("a price-protection request gives the reason price_drop")
        return
    if reason in PERFORMANCE_FAULTS and fault is not None and kind in _SANBAO_REMEDIES:
        if kind not in fault.choices:
            why = "; ".join(r.text for r in fault.reasons)
            raise ValidationFailed(f"S3 6.5.2: {kind} is not a 三包 remedy now ({why})")
        return
    if reason is CaseReason.NO_REASON and kind not in entitled.choices:
        why = "; ".join(f"{r.clause}: {r.text}" for r in entitled.reasons) or "no entitlement"
        raise ValidationFailed(f"no-reason {kind} is not available: {why}")
    if kind not in REVIEWED_KINDS:  # pragma: no cover - every kind is handled above
        raise ValidationFailed(f"{kind} cannot be requested")


def price_protection_due(
    *, uow: UnitOfWork, facts: LineFacts, now: datetime
) -> price_protection.PriceProtectionQuote:
    """The 价保 difference due on the line now, from the SKU's price history (S3 6.8)."""
    item, product = facts.item, facts.product
    if item is None or product is None:
        raise ValidationFailed("price protection is claimed on one order item")
    if product.price_protection_days <= 0:
        raise ValidationFailed(f"product {product.id!r} is not sold with price protection")
    paid_at = facts.order.paid_at or facts.order.placed_at
    purchase = price_protection.ProtectedPurchase(
        order_id=facts.order.id,
        sku_id=item.sku_id,
        unit_paid_fen=item.paid_fen // item.quantity,
        quantity=item.quantity,
        paid_at=paid_at,
        protection_days=product.price_protection_days,
        already_paid_fen=price_protection_paid(uow=uow, order_item_id=item.id),
        refunded=_line_refunded(uow, item.id),
    )
    history = [
        price_protection.PriceObservation(
            price_fen=row.price_fen, kind=row.kind, effective_at=row.effective_at
        )
        for row in uow.session.scalars(
            select(PricePoint)
            .where(PricePoint.sku_id == item.sku_id)
            .order_by(PricePoint.effective_at)
        )
    ]
    return price_protection.price_protection_quote(purchase=purchase, history=history, as_of=now)


def price_protection_paid(*, uow: UnitOfWork, order_item_id: str) -> int:
    """价保 paid out on the line so far, net of clawbacks: what a new claim must not repeat."""
    found = uow.session.scalar(
        select(func.sum(_net_price_protection_fen()))
        .select_from(LedgerEntryRow)
        .join(AftersalesCase, AftersalesCase.id == LedgerEntryRow.case_id)
        .where(AftersalesCase.order_item_id == order_item_id, _moves_price_protection())
    )
    return int(found or 0)


def price_protection_paid_by_line() -> Subquery:
    """(order_item_id, paid_fen): `price_protection_paid` of every line with a 价保 movement, in
    one query, for a scan over many lines."""
    return (
        select(
            AftersalesCase.order_item_id, func.sum(_net_price_protection_fen()).label("paid_fen")
        )
        .join(LedgerEntryRow, LedgerEntryRow.case_id == AftersalesCase.id)
        .where(AftersalesCase.order_item_id.is_not(None), _moves_price_protection())
        .group_by(AftersalesCase.order_item_id)
        .subquery()
    )


def _net_price_protection_fen() -> ColumnElement[int]:
    """A 价保 ledger entry's amount, signed: payouts add, clawbacks take away."""
    return case(
        (
            LedgerEntryRow.movement == Movement.PRICE_PROTECTION_PAYOUT.value,
            LedgerEntryRow.amount_fen,
        ),
        else_=-LedgerEntryRow.amount_fen,
    )


def _moves_price_protection() -> ColumnElement[bool]:
    return LedgerEntryRow.movement.in_(
        (Movement.PRICE_PROTECTION_PAYOUT.value, Movement.PRICE_PROTECTION_CLAWBACK.value)
    )


def _line_refunded(uow: UnitOfWork, order_item_id: str) -> bool:
    """A line whose money went back in full is no longer protected (S3 6.8)."""
    return (
        uow.session.scalar(
            select(func.count())
            .select_from(AftersalesCase)
            .where(
                AftersalesCase.order_item_id == order_item_id,
                AftersalesCase.kind.in_(REFUND_KINDS),
                AftersalesCase.refunded_fen > 0,
            )
        )
        or 0
    ) > 0


REFUND_KINDS = (CaseKind.REFUND_BEFORE_SHIPMENT, CaseKind.RETURN_REFUND, CaseKind.REFUND_ONLY)


def snapshot(entitled: Entitlement) -> dict[str, Any]:
    """The entitlement as JSON, kept on the case."""
    return {
        "choices": sorted(kind.value for kind in entitled.choices),
        "reasons": [{"clause": r.clause, "text": r.text} for r in entitled.reasons],
        "auto_approve": entitled.auto_approve,
        "fast_refund": entitled.fast_refund,
        "free_pickup": entitled.free_pickup,
        "priority": entitled.priority,
        "return_deadline": entitled.return_deadline.isoformat()
        if entitled.return_deadline
        else None,
    }


def restore(data: dict[str, Any]) -> Entitlement:
    """The entitlement a case was opened under, from its snapshot (empty: none recorded)."""
    if not data:
        return Entitlement(choices=frozenset(), reasons=())
    deadline = data.get("return_deadline")
    return Entitlement(
        choices=frozenset(CaseKind(kind) for kind in data["choices"]),
        reasons=tuple(Reason(r["clause"], r["text"]) for r in data["reasons"]),
        auto_approve=bool(data["auto_approve"]),
        fast_refund=bool(data["fast_refund"]),
        free_pickup=bool(data["free_pickup"]),
        priority=bool(data["priority"]),
        return_deadline=datetime.fromisoformat(deadline) if deadline else None,
    )
