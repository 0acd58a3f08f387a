"""Small lakes for product-grade and trend tests: a shop's listings, orders and what followed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import ibis
from grading_lakes import arrow

from pinzhi.domain.insight.trend_measurements import TrendSources
from pinzhi.domain.products_quality.product_measurements import ProductSources

Rows = Sequence[Mapping[str, Any]]
LISTED = datetime(2025, 1, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int = 4) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def product(pid: str, **kw: Any) -> dict[str, Any]:
    return {"id": pid, "merchant_id": "m1", "category": "食品", "key_category": "none",
            "title": f"商品 {pid}", "description_length": 300, "photo_count": 5,
            "attribute_count": 8, "premium": False, "price_protection_days": 0,
            "listed_at": LISTED, **kw}  # fmt: skip


def order(oid: str, placed: datetime, **kw: Any) -> dict[str, Any]:
    return {"id": oid, "consumer_id": "c1", "merchant_id": "m1", "status": "delivered",
            "goods_fen": 100, "paid_fen": 100, "placed_at": placed, **kw}  # fmt: skip


def item(iid: str, oid: str, pid: str, *, price: int = 100, quantity: int = 1) -> dict[str, Any]:
    paid = price * quantity
    return {"id": iid, "order_id": oid, "sku_id": f"k_{pid}", "product_id": pid,
            "quantity": quantity, "unit_price_fen": price, "paid_fen": paid}  # fmt: skip


def case(cid: str, iid: str | None, kind: str, reason: str, at_: datetime) -> dict[str, Any]:
    return {"id": cid, "order_id": "o1", "order_item_id": iid, "consumer_id": "c1",
            "merchant_id": "m1", "kind": kind, "reason": reason, "status": "requested",
            "requested_at": at_}  # fmt: skip


def complaint(kid: str, oid: str, nature: str, at_: datetime) -> dict[str, Any]:
    return {"id": kid, "consumer_id": "c1", "merchant_id": "m1", "order_id": oid,
            "channel": "online_chat", "nature": nature, "status": "open", "filed_at": at_,
            "matter": "问题"}  # fmt: skip


def review(rid: str, pid: str, rating: int, at_: datetime) -> dict[str, Any]:
    return {"id": rid, "order_id": "o1", "product_id": pid, "consumer_id": "c1",
            "merchant_id": "m1", "rating": rating, "created_at": at_}  # fmt: skip


def inspection(xid: str, pid: str, result: str, at_: datetime) -> dict[str, Any]:
    return {"id": xid, "product_id": pid, "inspector": "第三方", "inspected_at": at_,
            "result": result}  # fmt: skip


def sku(pid: str, spec: str) -> dict[str, Any]:
    return {"id": f"k_{pid}", "product_id": pid, "spec": spec, "list_price_fen": 100}


def product_sources(**rows: Rows) -> ProductSources:
    return ProductSources(
        **{n: ibis.memtable(arrow(n, rows.get(n, ()))) for n in ProductSources.__dataclass_fields__}
    )


def trend_sources(**rows: Rows) -> TrendSources:
    return TrendSources(
        **{n: ibis.memtable(arrow(n, rows.get(n, ()))) for n in TrendSources.__dataclass_fields__}
    )
