"""What the indicators read from the Parquet lake, and how long an order's day can still change.

An order's day keeps changing while the order lives: it ships within days, is delivered within
weeks, and after-sales requests and reviews arrive within the 7-day no-reason return, the
15-day exchange window (S3 6.5.2) and the review period that follows. `ORDER_LIFE_DAYS` covers
all of that with room to spare; the lake re-exports, and the daily run recomputes, that many days
before the as-of day, and treats older days as settled.
"""

from __future__ import annotations

from pinzhi.store.lake import Carried, LakeTable

ORDER_LIFE_DAYS = 120
ORDER_FACTS = (
    Carried("order_placed_at", key="order_id", parent="orders", column="placed_at"),
    Carried("order_merchant_id", key="order_id", parent="orders", column="merchant_id"),
)
"""When, and with whom, the order a case, review or complaint is about was placed: windows over
orders (refund, return and defect rates) count these facts without joining the order table."""

LAKE_TABLES: tuple[LakeTable, ...] = (
    LakeTable("merchants"),
    LakeTable("products"),
    LakeTable("orders", day_column="placed_at"),
    LakeTable("aftersales_cases", day_column="requested_at", carried=ORDER_FACTS),
    LakeTable("reviews", day_column="created_at", carried=ORDER_FACTS),
    LakeTable("shipments", day_column="shipped_at"),
    LakeTable("complaints", day_column="filed_at", carried=ORDER_FACTS),
    LakeTable("violations", day_column="detected_at"),
    LakeTable("staff"),
    LakeTable("service_sessions", day_column="started_at"),
    LakeTable("service_messages", day_column="sent_at"),
)
"""Facts are split by the local day of their timestamp; dimensions are exported whole. A
capability that needs another table adds it here."""
