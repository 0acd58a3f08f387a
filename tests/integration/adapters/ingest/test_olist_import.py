"""The real Olist marketplace imports completely, on both stores, and says what it adjusted."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pytest
from sqlalchemy import text

from pinzhi.adapters.ingest.olist.importer import import_olist
from pinzhi.bootstrap import Platform

OLIST_ORDERS = 15_000
WITHOUT_ITEMS = 115  # unavailable or cancelled before any item was allocated: no merchant
EXTRA_SELLER_ORDERS = 169  # 163 orders have several sellers: one order per seller


@pytest.fixture
def olist_dir(shared_data: Path) -> Path:
    return shared_data / "olist"


def _scalar(platform: Platform, sql: str) -> int:
    with platform.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def _received_cents(olist_dir: Path) -> int:
    """What Olist received, summed exactly from its files."""
    money = pa_csv.ConvertOptions(column_types={"payment_value": pa.decimal128(12, 2)})
    payments = pa_csv.read_csv(
        olist_dir / "olist_order_payments_dataset.csv", convert_options=money
    )
    return int(pc.sum(payments["payment_value"]).as_py() * 100)


@pytest.mark.slow
class TestOlistImport:
    def test_every_order_item_seller_product_and_review_arrives(
        self, platform: Platform, olist_dir: Path
    ) -> None:
        report = import_olist(engine=platform.engine, directory=olist_dir)

        tables = ["orders", "merchants", "products", "skus", "consumers", "order_items", "reviews"]
        counted = {table: _scalar(platform, f"SELECT count(*) FROM {table}") for table in tables}
        assert counted == {
            "orders": OLIST_ORDERS + EXTRA_SELLER_ORDERS,
            "merchants": 1_904,
            "products": 9_255,
            "skus": 9_255,
            "consumers": 14_904,
            "order_items": 17_071,
            "reviews": 14_944 - 112,  # reviews of orders no merchant took on name no one
        }
        assert counted == {table: report.imported.rows[table] for table in counted}
        assert _scalar(platform, "SELECT count(DISTINCT substr(id, 1, 32)) FROM orders") == (
            OLIST_ORDERS
        )
        assert _scalar(platform, "SELECT count(*) FROM orders WHERE merchant_id IS NULL") == (
            WITHOUT_ITEMS
        )

    def test_rows_join_and_split_payments_add_up(self, platform: Platform, olist_dir: Path) -> None:
        import_olist(engine=platform.engine, directory=olist_dir)

        orphan_items = """SELECT count(*) FROM order_items i
                          LEFT JOIN orders o ON o.id = i.order_id
                          LEFT JOIN products p ON p.id = i.product_id
                          WHERE o.id IS NULL OR p.id IS NULL"""
        orphan_reviews = """SELECT count(*) FROM reviews r LEFT JOIN orders o ON o.id = r.order_id
                            WHERE o.id IS NULL"""
        assert _scalar(platform, orphan_items) == 0
        assert _scalar(platform, orphan_reviews) == 0
        assert _scalar(platform, "SELECT sum(amount_fen) FROM payments") == _received_cents(
            olist_dir
        )

    def test_repairs_are_reported_and_a_reimport_changes_nothing(
        self, platform: Platform, olist_dir: Path
    ) -> None:
        adjusted = import_olist(engine=platform.engine, directory=olist_dir).adjustments
        checksum = "SELECT count(*) + sum(paid_fen) + count(shipped_at) FROM orders"
        before = _scalar(platform, checksum)

        import_olist(engine=platform.engine, directory=olist_dir)

        assert adjusted["carrier hand-over before the purchase: shipped time dropped"] == 31
        assert adjusted["carrier hand-over after delivery: shipped time dropped"] == 2
        assert adjusted["orders without items kept with no merchant (items unavailable)"] == (
            WITHOUT_ITEMS
        )
        assert _scalar(platform, checksum) == before
