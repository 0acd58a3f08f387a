"""A small after-sales world: one shop, two consumers, orders at each stage of their life."""

from __future__ import annotations

from datetime import datetime, timedelta

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import MerchantAftersalesOptions
from pinzhi.domain.customers.models import CreditLevel
from pinzhi.domain.orders.models import OrderStatus

T0 = f.T0
SHIPPED = T0 + timedelta(hours=20)
DELIVERED = T0 + timedelta(days=3)
BUYER = Actor(user_id="usr_buyer1", role=Role.CONSUMER, consumer_id="c1")
STRANGER = Actor(user_id="usr_buyer2", role=Role.CONSUMER, consumer_id="c2")
SHOP = Actor(user_id="usr_shop1", role=Role.MERCHANT, merchant_id="m1")
AGENT = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
MEDIATOR = Actor(user_id="usr_mediator", role=Role.MEDIATOR)


def build(platform: Platform, *, fast_refund: bool = False) -> None:
    """Orders: `unshipped` (paid), `delivered` (received 3 days after T0), `protected`
    (delivered, sold with 30-day price protection), each with one line of 129 yuan."""
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.consumer(s, "c1").credit_level = CreditLevel.GOOD
        f.consumer(s, "c2")
        for order_id in ("unshipped", "delivered", "protected", "second"):
            order = f.order(s, order_id)
            f.order_line(s, order_id, price_protection_days=30 if order_id == "protected" else 0)
            if order_id != "unshipped":
                order.status = OrderStatus.DELIVERED
                order.shipped_at = SHIPPED
                order.delivered_at = DELIVERED
        s.add(MerchantAftersalesOptions(merchant_id="m1", fast_refund=fast_refund, updated_at=T0))
        uow.commit()


def at(days: float) -> datetime:
    """An instant `days` after delivery."""
    return DELIVERED + timedelta(days=days)
