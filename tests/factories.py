"""Test data through the ORM: small helpers that add one row with sensible defaults.

Use inside a unit of work and commit: `with platform.uow() as uow: order(uow.session, ...)`.
Shared by unit, integration and browser tests; add a helper here rather than a copy elsewhere.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta
from functools import cache

from sqlalchemy.orm import Session

from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.accounts.passwords import hash_password
from pinzhi.domain.catalog.models import Merchant, MerchantKind, PriceKind, PricePoint, Product, Sku
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.indicators.models import PLATFORM, IndicatorValue
from pinzhi.domain.orders.models import Order, OrderItem, OrderStatus

PASSWORD = "correct horse battery"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def merchant(session: Session, merchant_id: str = "m1", *, name: str = "示例旗舰店") -> Merchant:
    row = Merchant(
        id=merchant_id,
        name=name,
        kind=MerchantKind.THIRD_PARTY,
        main_category="家电",
        joined_at=T0 - timedelta(days=400),
    )
    session.add(row)
    session.flush()
    return row


def consumer(session: Session, consumer_id: str = "c1") -> Consumer:
    row = Consumer(
        id=consumer_id,
        name="张伟",
        phone="13812345678",
        address="广东省深圳市南山区科技园一路 8 号",
        registered_at=T0 - timedelta(days=100),
    )
    session.add(row)
    session.flush()
    return row


def order(
    session: Session,
    order_id: str,
    *,
    merchant_id: str | None = "m1",
    consumer_id: str = "c1",
    status: OrderStatus = OrderStatus.PAID,
    paid_fen: int = 12_900,
    placed_at: datetime = T0,
) -> Order:
    row = Order(
        id=order_id,
        merchant_id=merchant_id,
        consumer_id=consumer_id,
        status=status,
        goods_fen=paid_fen,
        paid_fen=paid_fen,
        placed_at=placed_at,
        paid_at=placed_at + timedelta(minutes=2),
        ship_by=placed_at + timedelta(hours=48),
        recipient_name="张伟",
        recipient_phone="13812345678",
        recipient_address="广东省深圳市南山区科技园一路 8 号",
    )
    session.add(row)
    session.flush()
    return row


def order_line(
    session: Session,
    order_id: str,
    *,
    merchant_id: str = "m1",
    category: str = "家电",
    paid_fen: int = 12_900,
    quantity: int = 1,
    premium: bool = False,
    price_protection_days: int = 0,
) -> OrderItem:
    """A product with one SKU (priced at what was paid) and the order's item of it."""
    product = Product(
        id=f"p_{order_id}",
        merchant_id=merchant_id,
        category=category,
        title="示例商品",
        premium=premium,
        price_protection_days=price_protection_days,
        listed_at=T0 - timedelta(days=30),
    )
    sku = Sku(id=f"k_{order_id}", product_id=product.id, spec="标准", list_price_fen=paid_fen)
    session.add_all([product, sku])
    session.flush()
    session.add(
        PricePoint(
            id=f"pp_{order_id}_0",
            sku_id=sku.id,
            price_fen=paid_fen // quantity,
            kind=PriceKind.LIST,
            effective_at=T0 - timedelta(days=30),
        )
    )
    item = OrderItem(
        id=f"i_{order_id}",
        order_id=order_id,
        sku_id=sku.id,
        product_id=product.id,
        quantity=quantity,
        unit_price_fen=paid_fen // quantity,
        paid_fen=paid_fen,
    )
    session.add(item)
    session.flush()
    return item


def user(
    session: Session,
    username: str,
    *,
    role: Role,
    merchant_id: str | None = None,
    consumer_id: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    row = User(
        id=f"usr_{username}",
        username=username,
        password_hash=_hashed(password),
        role=role,
        merchant_id=merchant_id,
        consumer_id=consumer_id,
        active=active,
        created_at=T0,
    )
    session.add(row)
    session.flush()
    return row


@cache
def _hashed(password: str) -> str:
    """Hash each test password once: Argon2 is slow on purpose."""
    return hash_password(password)


def indicator_history(
    session: Session, *, end: date, days: int = 60, merchant_id: str = PLATFORM, seed: int = 7
) -> None:
    """Plausible daily values of the seven core indicators: a weekly rhythm, a slow rise, noise."""
    rng = random.Random(seed)
    scale = 1.0 if merchant_id == PLATFORM else 0.02
    for n in range(days):
        day = end - timedelta(days=days - 1 - n)
        weekly = 1 + 0.18 * math.sin(2 * math.pi * day.weekday() / 7)
        orders = round(12_000 * scale * weekly * (1 + 0.004 * n) * rng.uniform(0.92, 1.08))
        due = round(orders * 0.92)
        reviews = round(orders * 0.3)
        counts = {
            "orders": (orders, 1),
            "gmv_fen": (orders * rng.randint(15_000, 17_500), 1),
            "cancellation_rate": (round(orders * rng.uniform(0.03, 0.05)), orders),
            "late_shipment_rate": (round(due * rng.uniform(0.04, 0.07) * (1 - n / 200)), due),
            "late_delivery_rate": (round(due * rng.uniform(0.06, 0.09)), due),
            "refund_rate": (round(orders * rng.uniform(0.05, 0.07)), orders),
            "avg_review_score": (round(reviews * rng.uniform(4.45, 4.75)), reviews),
        }
        for metric, (numerator, denominator) in counts.items():
            total = denominator == 1
            session.add(
                IndicatorValue(
                    day=day,
                    merchant_id=merchant_id,
                    metric=metric,
                    value=float(numerator) if total else numerator / denominator,
                    numerator=numerator,
                    denominator=denominator,
                    run_id="run_test",
                )
            )
    session.flush()
