"""Read the Olist CSV files into DuckDB, times converted from São Paulo local time to UTC."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.core.errors import NotFound

OLIST_ZONE = "America/Sao_Paulo"
FILES = {
    "olist_orders": "olist_orders_dataset.csv",
    "olist_items": "olist_order_items_dataset.csv",
    "olist_payments": "olist_order_payments_dataset.csv",
    "olist_reviews": "olist_order_reviews_dataset.csv",
    "olist_customers": "olist_customers_dataset.csv",
    "olist_products": "olist_products_dataset.csv",
    "olist_sellers": "olist_sellers_dataset.csv",
    "olist_categories": "product_category_name_translation.csv",
}
LOCAL_TIMES = (
    "order_purchase_timestamp",
    "order_approved_at",
    "order_delivered_carrier_date",
    "order_delivered_customer_date",
    "order_estimated_delivery_date",
    "shipping_limit_date",
    "review_creation_date",
    "review_answer_timestamp",
)
MONEY = ("price", "freight_value", "payment_value")
TEXT = ("customer_zip_code_prefix", "seller_zip_code_prefix", "review_comment_title")


def load_olist(directory: Path, *, adjustments: Adjustments) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding the Olist files as tables named after `FILES`' keys."""
    missing = [file for file in FILES.values() if not (directory / file).is_file()]
    if missing:
        raise NotFound(f"not an Olist directory: {directory} lacks {', '.join(missing)}")
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    for name, file in FILES.items():
        table = _read(directory / file)
        for column in table.column_names:
            if column in LOCAL_TIMES:
                utc = to_utc(table.column(column), adjustments=adjustments)
                table = table.set_column(table.column_names.index(column), column, utc)
        db.register(name, table)
    return db


def _read(path: Path) -> pa.Table:
    types: dict[str, pa.DataType] = {
        **dict.fromkeys(LOCAL_TIMES, pa.timestamp("s")),
        **dict.fromkeys(MONEY, pa.decimal128(12, 2)),  # exact: cents never pass through float
        **dict.fromkeys(TEXT, pa.string()),
    }
    options = pa_csv.ConvertOptions(column_types=types, strings_can_be_null=True)
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    return pa_csv.read_csv(path, parse_options=parse, convert_options=options)


def to_utc(local: pa.ChunkedArray, *, adjustments: Adjustments) -> pa.ChunkedArray:
    """São Paulo wall-clock times as UTC instants.

    A time in the spring-forward gap does not exist: it moves to the first instant after
    the gap. A time in the repeated autumn hour is read as its first, daylight occurrence.
    """
    chosen = pc.assume_timezone(
        local, timezone=OLIST_ZONE, ambiguous="earliest", nonexistent="latest"
    )
    for ambiguous, nonexistent, reason in (
        ("latest", "latest", "local time in the repeated hour read as daylight time"),
        ("earliest", "earliest", "local time in the daylight-saving gap moved forward"),
    ):
        other = pc.assume_timezone(
            local, timezone=OLIST_ZONE, ambiguous=ambiguous, nonexistent=nonexistent
        )
        adjustments.note(reason, pc.sum(pc.not_equal(chosen, other)).as_py() or 0)
    return chosen.cast(pa.timestamp("us", tz="UTC"))
