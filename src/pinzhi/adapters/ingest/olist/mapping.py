"""The whole Olist mapping: Olist files in, pinzhi import tables and adjustments out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pinzhi.adapters.ingest.olist import catalog, customers, orders, payments
from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.source import load_olist


@dataclass(frozen=True)
class OlistTables:
    tables: dict[str, pa.Table]
    """pinzhi table name → rows, ready for `import_tables`."""
    adjustments: Adjustments


def olist_tables(directory: Path) -> OlistTables:
    adjustments = Adjustments()
    with load_olist(directory, adjustments=adjustments) as db:
        orders.build_orders(db, adjustments)
        catalog.build_catalog(db, adjustments)
        payments.build_payments(db, adjustments)
        tables = {
            "merchants": catalog.merchants(db),
            "products": catalog.products(db),
            "skus": catalog.skus(db),
            "consumers": customers.consumers(db),
            "orders": orders.orders(db),
            "order_items": orders.order_items(db),
            "payments": payments.payments(db),
            "shipments": orders.shipments(db, adjustments),
            "reviews": customers.reviews(db, adjustments),
        }
    return OlistTables(tables=tables, adjustments=adjustments)
