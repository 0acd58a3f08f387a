"""Olist orders split per seller, their items and shipments; out-of-order times repaired.

Temporary tables built here and used by the other mappings:
`orders` (one row per Olist order, times in UTC and repaired), `items` (one per Olist item,
money in centavos, with the id of the seller's order) and `sub_orders` (one per seller of an
Olist order: pinzhi's orders).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.sql import case_of, count, table

STATUS = {
    "created": "placed",
    "approved": "paid",
    "invoiced": "paid",
    "processing": "paid",
    "shipped": "shipped",
    "delivered": "delivered",
    "canceled": "cancelled",
    "unavailable": "cancelled",
}
OUT_OF_ORDER = (
    ("paid", "paid < placed", "payment approved before the purchase: approval time dropped"),
    ("shipped", "shipped < placed", "carrier hand-over before the purchase: shipped time dropped"),
    ("delivered", "delivered < placed", "delivery before the purchase: delivery time dropped"),
    ("estimated", "estimated < placed", "estimate before the purchase: estimate dropped"),
    ("shipped", "shipped > delivered", "carrier hand-over after delivery: shipped time dropped"),
)

_ORDERS = """
CREATE TEMP TABLE orders AS
SELECT o.order_id, c.customer_unique_id AS consumer_id, o.order_status AS olist_status,
       o.order_purchase_timestamp AS placed, o.order_approved_at AS paid,
       o.order_delivered_carrier_date AS shipped, o.order_delivered_customer_date AS delivered,
       o.order_estimated_delivery_date AS estimated
FROM olist_orders o JOIN olist_customers c USING (customer_id)
"""
_ITEMS = """
CREATE TEMP TABLE items AS
WITH sellers AS (
    SELECT order_id, seller_id, count(*) OVER (PARTITION BY order_id) AS sellers,
           row_number() OVER (PARTITION BY order_id ORDER BY min(order_item_id)) AS seller_rank
    FROM olist_items GROUP BY order_id, seller_id
)
SELECT i.order_id, i.order_item_id AS seq, i.product_id, i.seller_id, s.sellers, s.seller_rank,
       i.shipping_limit_date AS ship_limit,
       CAST(i.price * 100 AS BIGINT) AS price_fen,
       CAST(i.freight_value * 100 AS BIGINT) AS freight_fen,
       CASE WHEN s.sellers = 1 THEN i.order_id
            ELSE i.order_id || '-' || left(i.seller_id, 8) END AS sub_id
FROM olist_items i JOIN sellers s USING (order_id, seller_id)
"""
_SUB_ORDERS = """
CREATE TEMP TABLE sub_orders AS
SELECT sub_id, order_id, seller_id, any_value(sellers) AS sellers,
       any_value(seller_rank) AS seller_rank, CAST(sum(price_fen) AS BIGINT) AS goods_fen,
       CAST(sum(freight_fen) AS BIGINT) AS freight_fen, min(ship_limit) AS ship_by,
       count(DISTINCT product_id) AS products, min(product_id) AS product_id
FROM items GROUP BY sub_id, order_id, seller_id
UNION ALL  -- orders whose items were unavailable: kept, owned by no merchant
SELECT order_id, order_id, NULL, 1, 1, 0, 0, NULL, 0, NULL
FROM orders WHERE order_id NOT IN (SELECT order_id FROM items)
"""


def build_orders(db: duckdb.DuckDBPyConnection, adjustments: Adjustments) -> None:
    db.execute(_ORDERS)
    for column, condition, reason in OUT_OF_ORDER:
        adjustments.note(reason, count(db, f"UPDATE orders SET {column} = NULL WHERE {condition}"))
    db.execute(_ITEMS)
    db.execute(_SUB_ORDERS)
    late_limit = """UPDATE sub_orders s SET ship_by = NULL FROM orders o
                    WHERE o.order_id = s.order_id AND s.ship_by < o.placed"""
    adjustments.note("shipping limit before the purchase: ship-by dropped", count(db, late_limit))
    without_items = "SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM items)"
    adjustments.note(
        "orders without items kept with no merchant (items unavailable)", count(db, without_items)
    )
    split = "SELECT count(DISTINCT order_id) FROM sub_orders WHERE sellers > 1"
    adjustments.note(
        "orders with several sellers split into one order per seller", count(db, split)
    )


def orders(db: duckdb.DuckDBPyConnection) -> pa.Table:
    return table(
        db,
        f"""
        SELECT s.sub_id AS id, o.consumer_id, s.seller_id AS merchant_id,
               {case_of("o.olist_status", STATUS)} AS status, 'BRL' AS currency,
               s.goods_fen, s.freight_fen, 0 AS discount_fen, coalesce(p.paid_fen, 0) AS paid_fen,
               o.placed AS placed_at, o.paid AS paid_at, s.ship_by, o.shipped AS shipped_at,
               o.estimated AS estimated_delivery_at, o.delivered AS delivered_at
        FROM sub_orders s JOIN orders o USING (order_id)
        LEFT JOIN (SELECT order_id, CAST(sum(amount_fen) AS BIGINT) AS paid_fen
                   FROM payments GROUP BY order_id) p
               ON p.order_id = s.sub_id
        ORDER BY id
        """,
    )


def order_items(db: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per Olist item (Olist repeats a row per unit, so each has quantity 1)."""
    return table(
        db,
        """
        SELECT order_id || '-' || seq AS id, sub_id AS order_id, product_id AS sku_id, product_id,
               1 AS quantity, price_fen AS unit_price_fen, price_fen AS paid_fen
        FROM items ORDER BY id
        """,
    )


def shipments(db: duckdb.DuckDBPyConnection, adjustments: Adjustments) -> pa.Table:
    """A shipment per seller's order handed to the carrier; Olist names no carrier."""
    unshipped = """SELECT count(*) FROM sub_orders s JOIN orders o USING (order_id)
                   WHERE o.shipped IS NULL AND o.delivered IS NOT NULL"""
    adjustments.note(
        "delivered orders without a carrier hand-over: no shipment", count(db, unshipped)
    )
    return table(
        db,
        """
        SELECT s.sub_id AS id, s.sub_id AS order_id, 'olist' AS carrier,
               s.sub_id AS tracking_number, o.shipped AS shipped_at, o.delivered AS delivered_at
        FROM sub_orders s JOIN orders o USING (order_id)
        WHERE o.shipped IS NOT NULL ORDER BY id
        """,
    )
