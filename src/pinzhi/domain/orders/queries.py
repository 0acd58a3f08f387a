"""Reads of orders, limited to what the actor may see (C7, C16).

A merchant sees its own orders, a consumer their own, staff what their role allows. An order
outside the actor's scope is reported as missing, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, Scope, read_scope
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.privacy.disclosure import show_personal
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True)
class Recipient:
    """Where the order goes; masked for roles without personal-data access (S3 4.3.2)."""

    name: str | None
    phone: str | None
    address: str | None
    masked: bool


@dataclass(frozen=True)
class OrderView:
    id: str
    merchant_id: str | None
    consumer_id: str
    status: OrderStatus
    currency: str
    goods_fen: int
    freight_fen: int
    discount_fen: int
    paid_fen: int
    placed_at: datetime
    paid_at: datetime | None
    ship_by: datetime | None
    shipped_at: datetime | None
    estimated_delivery_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    cross_border: bool
    recipient: Recipient


def get_order(*, uow: UnitOfWork, actor: Actor, order_id: str) -> OrderView:
    scope = _order_scope(actor)
    order = uow.session.scalars(_within(select(Order), scope).where(Order.id == order_id)).first()
    if order is None:
        raise NotFound(f"no order {order_id}")
    return _view(uow, order, actor)


def list_orders(
    *,
    uow: UnitOfWork,
    actor: Actor,
    merchant_id: str | None = None,
    status: OrderStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[OrderView]:
    """Newest first; filters narrow the actor's scope, never widen it."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = _within(select(Order), _order_scope(actor))
    if merchant_id is not None:
        query = query.where(Order.merchant_id == merchant_id)
    if status is not None:
        query = query.where(Order.status == status)
    query = query.order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit).offset(offset)
    return [_view(uow, order, actor) for order in uow.session.scalars(query)]


def _order_scope(actor: Actor) -> Scope:
    return read_scope(
        actor,
        any_row=Permission.READ_ANY_ORDER,
        own_merchant=Permission.READ_OWN_MERCHANT_ORDERS,
        own_consumer=Permission.READ_OWN_CONSUMER_ORDERS,
    )


def _within(query: Select[Order], scope: Scope) -> Select[Order]:
    if scope.merchant_id is not None:
        query = query.where(Order.merchant_id == scope.merchant_id)
    if scope.consumer_id is not None:
        query = query.where(Order.consumer_id == scope.consumer_id)
    return query


def _view(uow: UnitOfWork, order: Order, actor: Actor) -> OrderView:
    # the owners see their own recipient: the merchant ships to it, the consumer is it
    shown = show_personal(
        uow=uow,
        actor=actor,
        record_kind="order",
        record_id=order.id,
        values={
            "name": order.recipient_name,
            "phone": order.recipient_phone,
            "address": order.recipient_address,
        },
        merchant_id=order.merchant_id,
        consumer_id=order.consumer_id,
    )
    values = shown.values
    recipient = Recipient(values["name"], values["phone"], values["address"], shown.masked)
    return OrderView(
        id=order.id,
        merchant_id=order.merchant_id,
        consumer_id=order.consumer_id,
        status=order.status,
        currency=order.currency,
        goods_fen=order.goods_fen,
        freight_fen=order.freight_fen,
        discount_fen=order.discount_fen,
        paid_fen=order.paid_fen,
        placed_at=order.placed_at,
        paid_at=order.paid_at,
        ship_by=order.ship_by,
        shipped_at=order.shipped_at,
        estimated_delivery_at=order.estimated_delivery_at,
        delivered_at=order.delivered_at,
        cancelled_at=order.cancelled_at,
        cross_border=order.cross_border,
        recipient=recipient,
    )
