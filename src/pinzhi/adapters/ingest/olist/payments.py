"""Olist payments, split across the seller orders of a split Olist order.

Each seller's order carries its share of every payment, in proportion to its goods plus
freight; rounding is floored and the remainder goes to the first seller, so shares add up
to the paid amount exactly.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.sql import case_of, count, table

METHOD = {
    "credit_card": "card",
    "debit_card": "card",
    "voucher": "voucher",
    "boleto": "other",  # bank slip paid at a bank or lottery outlet
    "not_defined": "other",
}

_PAYMENTS = f"""
CREATE TEMP TABLE payments AS
WITH shares AS (
    SELECT p.order_id AS olist_order_id, p.payment_sequential AS seq, s.sub_id, s.seller_id,
           s.sellers, s.seller_rank, p.payment_type, p.payment_installments,
           CAST(p.payment_value * 100 AS BIGINT) AS total_fen,
           CASE WHEN s.sellers = 1 THEN CAST(p.payment_value * 100 AS BIGINT)
                ELSE CAST(p.payment_value * 100 AS BIGINT) * (s.goods_fen + s.freight_fen)
                     // sum(s.goods_fen + s.freight_fen) OVER payment END AS floor_fen
    FROM olist_payments p JOIN sub_orders s ON s.order_id = p.order_id
    WINDOW payment AS (PARTITION BY p.order_id, p.payment_sequential)
)
SELECT CASE WHEN sellers = 1 THEN olist_order_id || '-' || seq
            ELSE olist_order_id || '-' || seq || '-' || left(seller_id, 8) END AS id,
       sub_id AS order_id, {case_of("payment_type", METHOD)} AS method, 'BRL' AS currency,
       CAST(floor_fen + CASE WHEN seller_rank = 1 THEN total_fen - sum(floor_fen) OVER payment
                             ELSE 0 END AS BIGINT) AS amount_fen,
       greatest(payment_installments, 1) AS installments,
       o.paid AS paid_at,
       CASE WHEN o.paid IS NULL THEN 'failed'
            WHEN o.olist_status IN ('canceled', 'unavailable') THEN 'refunded'
            ELSE 'paid' END AS status
FROM shares JOIN orders o ON o.order_id = olist_order_id
WINDOW payment AS (PARTITION BY olist_order_id, seq)
"""


def build_payments(db: duckdb.DuckDBPyConnection, adjustments: Adjustments) -> None:
    db.execute(_PAYMENTS)
    no_term = "SELECT count(*) FROM olist_payments WHERE payment_installments < 1"
    adjustments.note("payments with 0 instalments counted as 1", count(db, no_term))


def payments(db: duckdb.DuckDBPyConnection) -> pa.Table:
    return table(db, "SELECT * FROM payments ORDER BY id")
