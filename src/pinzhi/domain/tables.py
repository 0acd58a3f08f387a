"""Every table of the domain in one place: the metadata for migrations and bulk import.

`IMPORT_ORDER` lists the importable tables parents-first, so loads satisfy foreign keys.
"""

from __future__ import annotations

from sqlalchemy import MetaData, Table

from pinzhi.domain.accounts import models as _accounts
from pinzhi.domain.aftersales import models as _aftersales
from pinzhi.domain.catalog import models as _catalog
from pinzhi.domain.customers import models as _customers
from pinzhi.domain.feedback import models as _feedback
from pinzhi.domain.governance import models as _governance
from pinzhi.domain.indicators import models as _indicators
from pinzhi.domain.logistics import models as _logistics
from pinzhi.domain.orders import models as _orders
from pinzhi.domain.records import models as _records
from pinzhi.domain.service import models as _service
from pinzhi.store.base import Base

_LOADED = (
    _accounts, _aftersales, _catalog, _customers, _feedback, _governance, _indicators,
    _logistics, _orders, _records, _service,
)  # fmt: skip

metadata: MetaData = Base.metadata

IMPORT_ORDER: tuple[str, ...] = (
    "merchants",
    "merchant_qualifications",
    "brands",
    "brand_authorisations",
    "products",
    "skus",
    "certifications",
    "inspections",
    "price_history",
    "consumers",
    "staff",
    "orders",
    "order_items",
    "payments",
    "invoices",
    "shipments",
    "logistics_events",
    "aftersales_cases",
    "service_sessions",
    "service_messages",
    "complaints",
    "reviews",
    "violations",
    "service_commitments",
)


def importable_tables() -> list[Table]:
    return [metadata.tables[name] for name in IMPORT_ORDER]
