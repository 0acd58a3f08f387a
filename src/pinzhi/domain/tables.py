"""Every table of the domain in one place: the metadata for migrations and bulk import.

Each domain package keeps its tables in its `models` module; all of them are loaded here.

`IMPORT_ORDER` lists the importable tables parents-first, so loads satisfy foreign keys.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData, Table

import pinzhi.domain
from pinzhi.store.base import Base


def _load_models() -> None:
    """Import every domain package's `models` module, so its tables join the metadata."""
    for package in pkgutil.iter_modules(pinzhi.domain.__path__):
        if package.ispkg:
            try:
                importlib.import_module(f"pinzhi.domain.{package.name}.models")
            except ModuleNotFoundError as missing:
                if missing.name != f"pinzhi.domain.{package.name}.models":
                    raise


_load_models()

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
    "staff_trainings",
    "staff_exams",
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
