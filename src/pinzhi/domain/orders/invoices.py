"""Electronic invoices: issued, queried, downloaded, reversed by red-letter invoices (S3 6.9).

An order has at most one live electronic invoice for what the consumer finally paid. When money
goes back on a return or refund, a red-letter invoice reverses that amount in the same
transaction as the refund; the original is marked reversed once nothing of it remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pinzhi.core.errors import Conflict, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.orders import queries
from pinzhi.domain.orders.models import (
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    Order,
    OrderStatus,
    RedLetterInvoice,
)
from pinzhi.store.uow import UnitOfWork

TAX_NUMBER_LENGTHS = (15, 18, 20)
"""Unified social credit codes have 18 characters; older taxpayer numbers 15 or 20."""


@dataclass(frozen=True)
class RedLetterView:
    id: str
    amount_fen: int
    issued_at: datetime
    reason: str
    case_id: str | None


@dataclass(frozen=True)
class InvoiceView:
    id: str
    order_id: str
    kind: InvoiceKind
    title: str
    tax_number: str | None
    amount_fen: int
    issued_at: datetime
    status: InvoiceStatus
    reversed_fen: int
    red_letters: list[RedLetterView]

    @property
    def remaining_fen(self) -> int:
        return self.amount_fen - self.reversed_fen


def issue_invoice(
    *,
    uow: UnitOfWork,
    actor: Actor,
    order_id: str,
    title: str,
    tax_number: str | None,
    now: datetime,
) -> InvoiceView:
    """Issue the order's electronic invoice for what was paid (and not yet refunded)."""
    queries.get_order(uow=uow, actor=actor, order_id=order_id)  # 404 outside the actor's reach
    order = uow.session.get(Order, order_id)
    if order is None:  # pragma: no cover - checked just above
        raise NotFound(f"no order {order_id}")
    title = title.strip()
    if not title:
        raise ValidationFailed("an invoice needs a title (a person's name or a company name)")
    if tax_number is not None and len(tax_number.strip()) not in TAX_NUMBER_LENGTHS:
        raise ValidationFailed(f"tax number {tax_number!r} must have 15, 18 or 20 characters")
    if order.status is OrderStatus.CANCELLED or order.paid_at is None:
        raise ValidationFailed(f"order {order_id!r} was not paid for: there is nothing to invoice")
    live = uow.session.scalars(
        select(Invoice).where(
            Invoice.order_id == order_id,
            Invoice.kind == InvoiceKind.ELECTRONIC,
            Invoice.status == InvoiceStatus.ISSUED,
        )
    ).first()
    if live is not None:
        raise Conflict(f"order {order_id!r} already has electronic invoice {live.id!r}")
    invoice = Invoice(
        id=new_id("inv"),
        order_id=order_id,
        kind=InvoiceKind.ELECTRONIC,
        title=title,
        tax_number=tax_number.strip() if tax_number else None,
        amount_fen=order.paid_fen,
        issued_at=now,
        status=InvoiceStatus.ISSUED,
    )
    uow.session.add(invoice)
    uow.session.flush()
    return _view(uow, invoice)


def list_invoices(*, uow: UnitOfWork, actor: Actor, order_id: str) -> list[InvoiceView]:
    queries.get_order(uow=uow, actor=actor, order_id=order_id)
    rows = uow.session.scalars(
        select(Invoice).where(Invoice.order_id == order_id).order_by(Invoice.issued_at)
    )
    return [_view(uow, row) for row in rows]


def get_invoice(*, uow: UnitOfWork, actor: Actor, invoice_id: str) -> InvoiceView:
    invoice = uow.session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(f"no invoice {invoice_id}")
    try:
        queries.get_order(uow=uow, actor=actor, order_id=invoice.order_id)
    except NotFound:
        raise NotFound(f"no invoice {invoice_id}") from None
    return _view(uow, invoice)


def reverse_for_refund(
    *, uow: UnitOfWork, order_id: str, case_id: str | None, amount_fen: int, now: datetime
) -> list[str]:
    """Reverse `amount_fen` of the order's issued invoices with red-letter invoices."""
    left = amount_fen
    issued: list[str] = []
    invoices = uow.session.scalars(
        select(Invoice)
        .where(Invoice.order_id == order_id, Invoice.status == InvoiceStatus.ISSUED)
        .order_by(Invoice.issued_at)
    )
    for invoice in invoices:
        if left <= 0:
            break
        room = invoice.amount_fen - _reversed_fen(uow, invoice.id)
        amount = min(room, left)
        if amount <= 0:
            continue
        red = RedLetterInvoice(
            id=new_id("red"),
            invoice_id=invoice.id,
            case_id=case_id,
            amount_fen=amount,
            issued_at=now,
            reason="退货退款冲红" if case_id else "退款冲红",
        )
        uow.session.add(red)
        issued.append(red.id)
        left -= amount
        if amount == room:
            invoice.status = InvoiceStatus.REVERSED
    uow.session.flush()
    return issued


def _reversed_fen(uow: UnitOfWork, invoice_id: str) -> int:
    found = uow.session.scalar(
        select(func.coalesce(func.sum(RedLetterInvoice.amount_fen), 0)).where(
            RedLetterInvoice.invoice_id == invoice_id
        )
    )
    return int(found or 0)


def _view(uow: UnitOfWork, invoice: Invoice) -> InvoiceView:
    reds = [
        RedLetterView(r.id, r.amount_fen, r.issued_at, r.reason, r.case_id)
        for r in uow.session.scalars(
            select(RedLetterInvoice)
            .where(RedLetterInvoice.invoice_id == invoice.id)
            .order_by(RedLetterInvoice.issued_at, RedLetterInvoice.id)
        )
    ]
    return InvoiceView(
        id=invoice.id,
        order_id=invoice.order_id,
        kind=invoice.kind,
        title=invoice.title,
        tax_number=invoice.tax_number,
        amount_fen=invoice.amount_fen,
        issued_at=invoice.issued_at,
        status=invoice.status,
        reversed_fen=sum(r.amount_fen for r in reds),
        red_letters=reds,
    )
