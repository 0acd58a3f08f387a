"""Listings for search, fee and advertising tests: rows added through the ORM.

`search_world(session)` builds a small catalogue of rice cookers (电饭煲) from a self-operated
shop and three third-party shops, with sales, and two consumers whose past orders differ: c1
bought kitchenware (厨具), c2 household appliances (家电).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

import factories as f
from pinzhi.domain.catalog.models import Merchant, MerchantKind, Product, Sku

__all__ = ["Product"]
from pinzhi.domain.listings.models import AdStatus, Advertisement, BundledItem, FeeKind, ListingFee
from pinzhi.domain.orders.models import OrderItem, OrderStatus

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
_serial = count(1)


def shop(session: Session, merchant_id: str, *, self_operated: bool = False) -> Merchant:
    row = Merchant(
        id=merchant_id,
        name="品质自营" if self_operated else f"店铺{merchant_id}",
        kind=MerchantKind.SELF_OPERATED if self_operated else MerchantKind.THIRD_PARTY,
        main_category="家电",
        joined_at=NOW - timedelta(days=400),
    )
    session.add(row)
    session.flush()
    return row


def listing(
    session: Session,
    product_id: str,
    *,
    merchant_id: str,
    title: str = "智能电饭煲 4L",
    category: str = "家电",
    price_fen: int = 29_900,
    premium: bool = False,
) -> Product:
    row = Product(
        id=product_id,
        merchant_id=merchant_id,
        category=category,
        title=title,
        premium=premium,
        listed_at=NOW - timedelta(days=30),
    )
    session.add(row)
    session.flush()
    session.add(
        Sku(id=f"k_{product_id}", product_id=product_id, spec="标准", list_price_fen=price_fen)
    )
    session.flush()
    return row


def fee(session: Session, product_id: str, kind: FeeKind, amount_fen: int) -> None:
    session.add(
        ListingFee(
            id=f"fee_{next(_serial)}", product_id=product_id, kind=kind, amount_fen=amount_fen
        )
    )
    session.flush()


def bundle(
    session: Session, product_id: str, *, title: str = "不粘内胆", price_fen: int = 5_900
) -> None:
    session.add(
        BundledItem(
            id=f"b_{next(_serial)}", product_id=product_id, title=title, price_fen=price_fen
        )
    )
    session.flush()


def ad(
    session: Session,
    product_id: str,
    *,
    merchant_id: str,
    headline: str = "智能电饭煲",
    starts_at: datetime = NOW - timedelta(days=1),
    ends_at: datetime = NOW + timedelta(days=7),
) -> Advertisement:
    row = Advertisement(
        id=f"ad_{product_id}",
        product_id=product_id,
        merchant_id=merchant_id,
        headline=headline,
        starts_at=starts_at,
        ends_at=ends_at,
        status=AdStatus.LIVE,
        created_at=starts_at,
    )
    session.add(row)
    session.flush()
    return row


def sale(
    session: Session,
    product_id: str,
    *,
    merchant_id: str,
    consumer_id: str = "c0",
    quantity: int = 1,
) -> None:
    order_id = f"o_{next(_serial)}"
    f.order(
        session,
        order_id,
        merchant_id=merchant_id,
        consumer_id=consumer_id,
        status=OrderStatus.COMPLETED,
    )
    session.add(
        OrderItem(
            id=f"i_{order_id}",
            order_id=order_id,
            sku_id=f"k_{product_id}",
            product_id=product_id,
            quantity=quantity,
            unit_price_fen=10_000,
            paid_fen=10_000 * quantity,
        )
    )
    session.flush()


def search_world(session: Session) -> None:
    """Rice cookers: kitchen-aisle p_kitchen and appliance p_appliance tie on every public
    criterion; c1's history is kitchenware, c2's appliances; c0 bought the best sellers."""
    shop(session, "self", self_operated=True)
    for merchant_id in ("m1", "m2", "m3"):
        shop(session, merchant_id)
    for consumer_id in ("c0", "c1", "c2"):
        f.consumer(session, consumer_id)
    listing(session, "p_kitchen", merchant_id="m2", category="厨具")
    listing(session, "p_appliance", merchant_id="m3", category="家电")
    listing(session, "p_self", merchant_id="self", premium=True, title="自营 电饭煲 3L")
    for n in range(5):
        listing(session, f"p_m1_{n}", merchant_id="m1", title=f"电饭煲 型号{n}")
        sale(session, f"p_m1_{n}", merchant_id="m1", quantity=10 - n)
    listing(session, "p_spoon", merchant_id="m2", category="厨具", title="饭勺 木质")
    listing(session, "p_kettle", merchant_id="m3", category="家电", title="电水壶 1.7L")
    sale(session, "p_spoon", merchant_id="m2", consumer_id="c1", quantity=3)
    sale(session, "p_kettle", merchant_id="m3", consumer_id="c2", quantity=3)


def shop_window(session: Session) -> None:
    """On top of the web-test world (shops m1, m2; consumers c1, c2): a self-operated shop's
    rice cooker, m1's with two fees and a bundle, and m2's with a live ad."""
    shop(session, "self", self_operated=True)
    listing(session, "p_self", merchant_id="self", title="自营 电饭煲 3L", premium=True)
    listing(session, "p_fees", merchant_id="m1", title="电饭煲 带安装", price_fen=19_990)
    fee(session, "p_fees", FeeKind.SHIPPING, 800)
    fee(session, "p_fees", FeeKind.SERVICE, 1_050)
    bundle(session, "p_fees", title="蒸笼", price_fen=2_500)
    listing(session, "p_ad", merchant_id="m2", title="电饭煲 迷你")
    ad(session, "p_ad", merchant_id="m2")
