"""GET /api/v1/orders and /api/v1/orders/{order_id}: only orders the caller may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pinzhi.domain.orders import queries
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.orders.queries import OrderView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/orders", tags=["orders"])


class OrderPage(BaseModel):
    """A page of orders; amounts are integer minor units (fen for CNY)."""

    items: list[OrderView]
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
    return OrderPage(items=found, limit=limit, offset=offset)


@router.get("/{order_id}", responses=problem_responses(401, 403, 404), summary="One order")
def get_order(*, order_id: str, actor: CurrentActor, uow: DbUow) -> OrderView:
    return queries.get_order(uow=uow, actor=actor, order_id=order_id)
