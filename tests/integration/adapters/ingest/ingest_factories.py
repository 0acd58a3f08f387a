"""Import files for the ingest tests: a small, consistent platform as CSV-like cells.

`dataset()` is valid; tests break one cell and expect exactly that cell to be named.
Times carry a +08:00 offset (Beijing), as a Chinese platform would export them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, select

from pinzhi.adapters.ingest.coerce import CANONICAL
from pinzhi.adapters.ingest.schema import table_specs
from pinzhi.domain.tables import importable_tables

Rows = list[dict[str, str]]
Dataset = dict[str, Rows]


def at(day: int, hour: int = 10) -> str:
    return f"2026-03-{day:02d}T{hour:02d}:00:00+08:00"


def dataset() -> Dataset:
    return {
        "merchants": [
            {"id": "m1", "name": "好物旗舰店", "kind": "third_party", "main_category": "家电",
             "region": "浙江", "joined_at": at(1), "deposit_fen": "500000"},
            {"id": "m2", "name": "自营超市", "kind": "self_operated", "main_category": "食品",
             "region": "", "joined_at": at(1), "deposit_fen": "0"},
        ],
        "merchant_qualifications": [
            {"id": "q1", "merchant_id": "m1", "kind": "business_licence", "number": "913301",
             "valid_from": "2025-01-01", "valid_until": "2030-12-31", "verified": "true"},
        ],
        "products": [
            {"id": "p1", "merchant_id": "m1", "category": "家电", "key_category": "none",
             "title": "电热水壶", "listed_at": at(2), "photo_count": "5"},
            {"id": "p2", "merchant_id": "m2", "category": "食品", "key_category": "food",
             "title": "东北大米 5kg", "listed_at": at(2), "photo_count": ""},
        ],
        "skus": [
            {"id": "s1", "product_id": "p1", "spec": "1.7L 白色", "list_price_fen": "19900"},
            {"id": "s2", "product_id": "p2", "spec": "5kg", "list_price_fen": "5990"},
        ],
        "consumers": [
            {"id": "c1", "name": "张三", "phone": "13800000000", "address": "杭州市西湖区",
             "registered_at": at(1), "elderly": "false"},
            {"id": "c2", "name": "", "phone": "", "address": "", "registered_at": at(1),
             "elderly": "1"},
        ],
        "orders": [
            {"id": "o1", "consumer_id": "c1", "merchant_id": "m1", "status": "delivered",
             "goods_fen": "19900", "paid_fen": "19900", "placed_at": at(3, 9),
             "paid_at": at(3, 10), "shipped_at": at(4), "delivered_at": at(6),
             "recipient_name": "张三"},
            {"id": "o2", "consumer_id": "c2", "merchant_id": "m2", "status": "paid",
             "goods_fen": "5990", "paid_fen": "5990", "placed_at": at(5),
             "paid_at": at(5, 11), "shipped_at": "", "delivered_at": "", "recipient_name": ""},
        ],
        "order_items": [
            {"id": "i1", "order_id": "o1", "sku_id": "s1", "product_id": "p1", "quantity": "1",
             "unit_price_fen": "19900", "paid_fen": "19900"},
            {"id": "i2", "order_id": "o2", "sku_id": "s2", "product_id": "p2", "quantity": "1",
             "unit_price_fen": "5990", "paid_fen": "5990"},
        ],
        "payments": [
            {"id": "pay1", "order_id": "o1", "method": "alipay", "amount_fen": "19900",
             "paid_at": at(3, 10), "status": "paid"},
            {"id": "pay2", "order_id": "o2", "method": "wechat", "amount_fen": "5990",
             "paid_at": at(5, 11), "status": "paid"},
        ],
        "shipments": [
            {"id": "sh1", "order_id": "o1", "carrier": "顺丰", "tracking_number": "SF1001",
             "shipped_at": at(4), "delivered_at": at(6)},
        ],
        "logistics_events": [
            {"id": "e1", "shipment_id": "sh1", "node": "picked_up", "occurred_at": at(4),
             "location": "杭州"},
            {"id": "e2", "shipment_id": "sh1", "node": "signed", "occurred_at": at(6),
             "location": "杭州"},
        ],
        "reviews": [
            {"id": "r1", "order_id": "o1", "product_id": "p1", "consumer_id": "c1",
             "merchant_id": "m1", "rating": "5", "title": "好", "body": "烧水很快",
             "created_at": at(7), "replied_at": ""},
        ],
    }  # fmt: skip


def many_orders(count: int) -> Dataset:
    """`dataset()` with `count` more paid orders of consumer c1 at merchant m1."""
    rows = dataset()
    rows["orders"] += [
        {**rows["orders"][0], "id": f"bulk{n:06d}", "status": "paid", "shipped_at": "",
         "delivered_at": ""}
        for n in range(count)
    ]  # fmt: skip
    return rows


def write_csv(directory: Path, rows: Dataset) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, table in rows.items():
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)
    return directory


def write_parquet(directory: Path, rows: Dataset) -> Path:
    """Typed Parquet, each column cast by Arrow itself (not by the importer's parser)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, table in rows.items():
        spec = table_specs()[name]
        columns = {
            column: pa.array([row[column] or None for row in table], pa.string()).cast(
                CANONICAL[spec.column(column).kind]
            )
            for column in table[0]
        }
        pq.write_table(pa.table(columns), directory / f"{name}.parquet")
    return directory


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every importable table, sorted: equal snapshots mean an unchanged store."""
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(row) for row in connection.execute(select(table)))
            for table in importable_tables()
        }
