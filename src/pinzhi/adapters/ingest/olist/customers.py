"""Olist customers (as consumers) and their reviews.

Olist gives a new `customer_id` to every order; the person is `customer_unique_id`. Nobody's
name, phone or address is in the data. A consumer's registration is taken as their first
purchase. A review of a split order belongs to the order of the seller of its first item.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.sql import count, table


def consumers(db: duckdb.DuckDBPyConnection) -> pa.Table:
    return table(
        db,
        """
        SELECT c.customer_unique_id AS id, arg_min(c.customer_state, o.placed) AS region,
               min(o.placed) AS registered_at, 'pt-BR' AS locale
        FROM olist_customers c JOIN orders o ON o.consumer_id = c.customer_unique_id
        GROUP BY c.customer_unique_id ORDER BY id
        """,
    )


def reviews(db: duckdb.DuckDBPyConnection, adjustments: Adjustments) -> pa.Table:
    orphans = (
        "SELECT count(*) FROM olist_reviews WHERE order_id NOT IN (SELECT order_id FROM items)"
    )
    adjustments.note("reviews of orders no merchant took on: dropped", count(db, orphans))
    split = """SELECT count(*) FROM olist_reviews r JOIN sub_orders s USING (order_id)
               WHERE s.sellers > 1 AND s.seller_rank = 1"""
    adjustments.note("reviews of split orders given to the first seller's order", count(db, split))
    early = """SELECT count(*) FROM olist_reviews
               WHERE review_answer_timestamp < review_creation_date"""
    adjustments.note("review answered before it was written: answer time dropped", count(db, early))
    # One Olist review may answer several orders, so the id carries the order too.
    return table(
        db,
        """
        SELECT r.review_id || '-' || left(r.order_id, 8) AS id, s.sub_id AS order_id,
               CASE WHEN s.products = 1 THEN s.product_id END AS product_id,
               o.consumer_id, s.seller_id AS merchant_id, r.review_score AS rating,
               r.review_comment_title AS title, r.review_comment_message AS body,
               r.review_creation_date AS created_at,
               CASE WHEN r.review_answer_timestamp >= r.review_creation_date
                    THEN r.review_answer_timestamp END AS replied_at
        FROM olist_reviews r
        JOIN sub_orders s ON s.order_id = r.order_id AND s.seller_rank = 1
                          AND s.seller_id IS NOT NULL
        JOIN orders o ON o.order_id = r.order_id
        ORDER BY id
        """,
    )
