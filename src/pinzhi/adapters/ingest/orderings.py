"""The timestamp orderings every import checks: events cannot happen before their cause.

A rule compares two timestamps of one row, or (with `via`) a row's timestamp with one of the
parent row its foreign key `via` points to, wherever that parent lives: in the files being
imported or already in the database. A null on either side skips the comparison.

Payment and shipment are deliberately not ordered against each other: cash on delivery ships
before it is paid.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ordering:
    table: str
    earlier: str
    later: str
    via: str | None = None
    """Foreign-key column of `table`; `earlier` is then a column of the referenced row."""


def _after_placing(*later: str) -> list[Ordering]:
    return [Ordering("orders", "placed_at", column) for column in later]


ORDERINGS: tuple[Ordering, ...] = (
    *_after_placing(
        "paid_at", "ship_by", "shipped_at", "estimated_delivery_at", "delivered_at", "cancelled_at"
    ),
    Ordering("orders", "shipped_at", "delivered_at"),
    Ordering("shipments", "placed_at", "shipped_at", via="order_id"),
    Ordering("shipments", "shipped_at", "delivered_at"),
    Ordering("logistics_events", "shipped_at", "occurred_at", via="shipment_id"),
    Ordering("aftersales_cases", "requested_at", "first_response_at"),
    Ordering("aftersales_cases", "requested_at", "resolved_at"),
    Ordering("service_sessions", "started_at", "ended_at"),
    Ordering("service_sessions", "queued_at", "agent_joined_at"),
    Ordering("complaints", "filed_at", "responded_at"),
    Ordering("complaints", "filed_at", "resolved_at"),
    Ordering("reviews", "created_at", "replied_at"),
    Ordering("products", "listed_at", "delisted_at"),
    Ordering("service_commitments", "published_at", "withdrawn_at"),
    Ordering("merchant_qualifications", "valid_from", "valid_until"),
    Ordering("brand_authorisations", "valid_from", "valid_until"),
)


def orderings_of(table: str) -> list[Ordering]:
    return [ordering for ordering in ORDERINGS if ordering.table == table]
