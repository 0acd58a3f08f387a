"""Olist sellers, products and SKUs.

Olist lists no titles, listing dates or joining dates: a product's title is its (English)
category and id, its listing time its first sale, and a seller's joining time its first sale.
A product several sellers sold belongs to the one who sold most of it.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.sql import case_of, count, table

UNCATEGORISED = "sem_categoria"
KEY_CATEGORY = {  # the categories where third-party checks weigh on the grade (S1 7.1.2)
    "bebes": "mother_baby",
    "alimentos": "food",
    "alimentos_bebidas": "food",
    "bebidas": "food",
    "beleza_saude": "beauty",
    "perfumaria": "beauty",
}

_CATALOG = f"""
CREATE TEMP TABLE catalog AS
WITH sales AS (
    SELECT i.product_id, i.seller_id, count(*) AS sold, min(o.placed) AS first_sale
    FROM items i JOIN orders o USING (order_id) GROUP BY i.product_id, i.seller_id
),
owners AS (
    SELECT product_id, arg_max(seller_id, (sold, seller_id)) AS merchant_id,
           min(first_sale) AS listed_at
    FROM sales GROUP BY product_id
)
SELECT p.product_id AS id, w.merchant_id,
       coalesce(p.product_category_name, '{UNCATEGORISED}') AS category,
       coalesce({case_of("p.product_category_name", KEY_CATEGORY)}, 'none') AS key_category,
       coalesce(t.product_category_name_english, p.product_category_name, 'product')
           || ' ' || left(p.product_id, 8) AS title,
       CAST(coalesce(p.product_description_lenght, 0) AS INTEGER) AS description_length,
       CAST(coalesce(p.product_photos_qty, 0) AS INTEGER) AS photo_count,
       w.listed_at
FROM olist_products p
JOIN owners w USING (product_id)
LEFT JOIN olist_categories t USING (product_category_name)
"""


def build_catalog(db: duckdb.DuckDBPyConnection, adjustments: Adjustments) -> None:
    db.execute(_CATALOG)
    unlisted = "SELECT count(*) FROM olist_products WHERE product_category_name IS NULL"
    adjustments.note(
        f"products without category or listing details: '{UNCATEGORISED}', 0 photos",
        count(db, unlisted),
    )
    shared = """SELECT count(*) FROM (SELECT product_id FROM items GROUP BY product_id
                                      HAVING count(DISTINCT seller_id) > 1)"""
    adjustments.note(
        "products sold by several sellers given to their main seller", count(db, shared)
    )


def merchants(db: duckdb.DuckDBPyConnection) -> pa.Table:
    return table(
        db,
        """
        WITH sold AS (
            SELECT i.seller_id, c.category, count(*) AS n
            FROM items i JOIN catalog c ON c.id = i.product_id GROUP BY i.seller_id, c.category
        ),
        main AS (
            SELECT seller_id, arg_max(category, (n, category)) AS main_category
            FROM sold GROUP BY seller_id
        ),
        firsts AS (
            SELECT i.seller_id, min(o.placed) AS joined_at
            FROM items i JOIN orders o USING (order_id) GROUP BY i.seller_id
        )
        SELECT s.seller_id AS id,
               'Olist seller ' || left(s.seller_id, 8) || ' (' || s.seller_city || ')' AS name,
               'third_party' AS kind, m.main_category, s.seller_state AS region, f.joined_at
        FROM olist_sellers s
        LEFT JOIN main m USING (seller_id) LEFT JOIN firsts f USING (seller_id)
        ORDER BY id
        """,
    )


def products(db: duckdb.DuckDBPyConnection) -> pa.Table:
    return table(db, "SELECT * FROM catalog ORDER BY id")


def skus(db: duckdb.DuckDBPyConnection) -> pa.Table:
    """One SKU per product, listed at the highest price it sold for."""
    return table(
        db,
        """
        SELECT product_id AS id, product_id, 'padrão' AS spec, max(price_fen) AS list_price_fen
        FROM items GROUP BY product_id ORDER BY id
        """,
    )
