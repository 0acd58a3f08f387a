"""GET /api/v1/orders and /api/v1/orders/{order_id}: only orders the caller may see."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from pinzhi.domain.orders import queries
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.interfaces.api.deps import CurrentActor, DbUow
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/orders", tags=["orders"])


class Recipient(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str | None
    phone: str | None
    address: str | None
    masked: bool


class Order(BaseModel):
    """An order; amounts are integer minor units (fen for CNY)."""

    model_config = ConfigDict(from_attributes=True)

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


class OrderPage(BaseModel):
    items: list[Order]
    limit: int
    offset: int


@router.get("", responses=problem_responses(401, 403, 422), summary="Orders, newest first")
def list_orders(
    *,
    actor: CurrentActor,
    uow: DbUow,
    merchant_id: str | None = None,
    status: OrderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OrderPage:
    found = queries.list_orders(
        uow=uow,
        actor=actor,
        merchant_id=merchant_id,
        status=status,
        limit=limit,
        offset=offset,
    )
    return OrderPage(
        items=[Order.model_validate(order) for order in found], limit=limit, offset=offset
    )


@router.get("/{order_id}", responses=problem_responses(401, 403, 404), summary="One order")
def get_order(*, order_id: str, actor: CurrentActor, uow: DbUow) -> Order:
    return Order.model_validate(queries.get_order(uow=uow, actor=actor, order_id=order_id))
