"""The core indicators on tiny hand-built tables: every edge has a known answer.

Times are UTC; the platform zone is Asia/Shanghai (UTC+8), so a local day starts at 16:00 UTC
the day before. The as-of day is 2026-06-30: its run knows what happened before
2026-06-30 16:00 UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa
import pytest

from pinzhi.core.clock import day_bounds
from pinzhi.domain.indicators import metrics
from pinzhi.domain.indicators.models import PLATFORM

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)
CUTOFF = datetime(2026, 6, 30, 16, tzinfo=UTC)
DAY = date(2026, 6, 10)
NOON = datetime(2026, 6, 10, 4, tzinfo=UTC)
"""Local noon of DAY."""
INSTANT = pa.timestamp("us", "UTC")
ORDER_COLUMNS = {
    "id": pa.string(),
    "merchant_id": pa.string(),
    "status": pa.string(),
    "paid_fen": pa.int64(),
    "placed_at": INSTANT,
    "ship_by": INSTANT,
    "shipped_at": INSTANT,
    "estimated_delivery_at": INSTANT,
    "delivered_at": INSTANT,
    "cancelled_at": INSTANT,
}
Values = dict[tuple[date, str, str], tuple[float | None, int, int]]


@pytest.fixture(scope="module")
def duckdb() -> Iterator[Any]:
    con = ibis.duckdb.connect()
    yield con
    con.disconnect()


def order(
    number: int,
    *,
    merchant: str | None = "m1",
    placed: datetime = NOON,
    status: str = "delivered",
    paid_fen: int = 1_000,
    ship_by: timedelta | None = timedelta(days=2),
    shipped: timedelta | None = timedelta(days=1),
    estimate: timedelta | None = timedelta(days=5),
    delivered: timedelta | None = timedelta(days=3),
    cancelled: timedelta | None = None,
) -> dict[str, Any]:
    """An order on time by default; times are offsets from `placed` (None: never)."""

    def at(offset: timedelta | None) -> datetime | None:
        return None if offset is None else placed + offset

    return {
        "id": f"o{number}",
        "merchant_id": merchant,
        "status": status,
        "paid_fen": paid_fen,
        "placed_at": placed,
        "ship_by": at(ship_by),
        "shipped_at": at(shipped),
        "estimated_delivery_at": at(estimate),
        "delivered_at": at(delivered),
        "cancelled_at": at(cancelled),
    }


def compute(
    duckdb: Any,
    orders: list[dict[str, Any]],
    *,
    cases: Sequence[tuple[str, str, datetime]] = (),
    reviews: Sequence[tuple[str, int, datetime]] = (),
    as_of: date = AS_OF,
    min_volume: int = 1,
    registry: Sequence[metrics.Metric] = metrics.METRICS,
) -> Values:
    order_table = pa.Table.from_pylist(orders, schema=pa.schema(ORDER_COLUMNS))
    case_table = pa.table(
        {
            "order_id": pa.array([c[0] for c in cases], pa.string()),
            "kind": pa.array([c[1] for c in cases], pa.string()),
            "requested_at": pa.array([c[2] for c in cases], INSTANT),
        }
    )
    review_table = pa.table(
        {
            "merchant_id": pa.array([r[0] for r in reviews], pa.string()),
            "rating": pa.array([r[1] for r in reviews], pa.int64()),
            "created_at": pa.array([r[2] for r in reviews], INSTANT),
        }
    )
    expression = metrics.indicator_values(
        orders=ibis.memtable(order_table),
        aftersales_cases=ibis.memtable(case_table),
        reviews=ibis.memtable(review_table),
        days=metrics.window(as_of, 30),
        tz=TZ,
        cutoff=day_bounds(as_of, TZ)[1],
        min_volume=min_volume,
        metrics=registry,
    )
    result = duckdb.to_pyarrow(expression).to_pylist()
    return {
        (r["day"], r["merchant_id"], r["metric"]): (r["value"], r["numerator"], r["denominator"])
        for r in result
    }


class TestOrdersAndGmv:
    def test_orders_count_every_order_placed_that_day(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1), order(2), order(3, status="cancelled")])

        assert values[DAY, "m1", "orders"] == (3.0, 3, 1)

    def test_gmv_is_integer_fen_paid_for_orders_not_cancelled(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [
                order(1, paid_fen=1_999),
                order(2, paid_fen=501),
                order(3, paid_fen=7_000, status="cancelled", cancelled=timedelta(hours=1)),
            ],
        )

        assert values[DAY, "m1", "gmv_fen"] == (2_500.0, 2_500, 1)


class TestCancellationRate:
    def test_cancelled_orders_over_orders_placed(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [order(1), order(2), order(3), order(4, status="cancelled", cancelled=timedelta(1))],
        )

        assert values[DAY, "m1", "cancellation_rate"] == (0.25, 1, 4)

    def test_cancellation_after_the_cutoff_is_not_known_yet(self, duckdb: Any) -> None:
        late = order(1, status="cancelled", placed=datetime(2026, 6, 30, 4, tzinfo=UTC))
        late["cancelled_at"] = CUTOFF

        values = compute(duckdb, [late])

        assert values[AS_OF, "m1", "cancellation_rate"] == (0.0, 0, 1)


class TestLateShipmentRate:
    def test_shipped_after_ship_by_is_late(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [order(1, shipped=timedelta(days=3)), order(2, shipped=timedelta(days=1))],
        )

        assert values[DAY, "m1", "late_shipment_rate"] == (0.5, 1, 2)

    def test_unshipped_order_past_its_ship_by_counts_late_at_once(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, status="paid", shipped=None, delivered=None), order(2)])

        assert values[DAY, "m1", "late_shipment_rate"] == (0.5, 1, 2)

    def test_unshipped_order_before_its_ship_by_is_not_judged_yet(self, duckdb: Any) -> None:
        fresh = order(
            1, status="paid", placed=datetime(2026, 6, 30, 4, tzinfo=UTC), shipped=None,
            delivered=None,
        )  # fmt: skip

        values = compute(duckdb, [fresh])

        assert values[AS_OF, "m1", "late_shipment_rate"] == (None, 0, 0)

    def test_an_early_shipment_is_judged_only_once_its_ship_by_passes(self, duckdb: Any) -> None:
        placed = datetime(2026, 6, 30, 4, tzinfo=UTC)  # local noon of the as-of day
        early = order(1, status="shipped", placed=placed, shipped=timedelta(hours=2))

        values = compute(duckdb, [early])
        next_day = compute(duckdb, [early], as_of=AS_OF + timedelta(days=2))

        assert values[AS_OF, "m1", "late_shipment_rate"] == (None, 0, 0)
        assert next_day[AS_OF, "m1", "late_shipment_rate"] == (0.0, 0, 1)

    def test_cancelled_orders_are_not_judged(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [
                order(1, status="cancelled", shipped=None, delivered=None, cancelled=timedelta(1)),
                order(2),
            ],
        )

        assert values[DAY, "m1", "late_shipment_rate"] == (0.0, 0, 1)

    def test_order_without_ship_by_is_not_judged(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, ship_by=None)])

        assert values[DAY, "m1", "late_shipment_rate"] == (None, 0, 0)


class TestLateDeliveryRate:
    def test_delivered_after_estimate_is_late(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, delivered=timedelta(days=6)), order(2)])

        assert values[DAY, "m1", "late_delivery_rate"] == (0.5, 1, 2)

    def test_order_without_estimate_is_not_judged(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, estimate=None, delivered=timedelta(days=9)), order(2)])

        assert values[DAY, "m1", "late_delivery_rate"] == (0.0, 0, 1)

    def test_an_early_delivery_is_judged_only_once_its_estimate_passes(self, duckdb: Any) -> None:
        placed = datetime(2026, 6, 28, 4, tzinfo=UTC)
        early = order(1, placed=placed, delivered=timedelta(days=1), estimate=timedelta(days=5))

        values = compute(duckdb, [early])

        assert values[date(2026, 6, 28), "m1", "late_delivery_rate"] == (None, 0, 0)

    def test_parcel_still_out_after_its_estimate_counts_late(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, status="shipped", delivered=None)])

        assert values[DAY, "m1", "late_delivery_rate"] == (1.0, 1, 1)


class TestRefundRate:
    def test_orders_with_a_refund_or_return_request(self, duckdb: Any) -> None:
        asked = NOON + timedelta(days=4)

        values = compute(
            duckdb,
            [order(1), order(2), order(3), order(4)],
            cases=[
                ("o1", "return_refund", asked),
                ("o1", "refund_only", asked),
                ("o2", "refund_before_shipment", asked),
                ("o3", "repair", asked),
            ],
        )

        assert values[DAY, "m1", "refund_rate"] == (0.5, 2, 4)

    def test_request_after_the_cutoff_is_not_known_yet(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1)], cases=[("o1", "return_refund", CUTOFF)])

        assert values[DAY, "m1", "refund_rate"] == (0.0, 0, 1)

    def test_refund_counts_on_the_day_the_order_was_placed(self, duckdb: Any) -> None:
        values = compute(
            duckdb, [order(1)], cases=[("o1", "refund_only", NOON + timedelta(days=10))]
        )

        assert values[DAY, "m1", "refund_rate"] == (1.0, 1, 1)
        assert (DAY + timedelta(days=10), "m1", "refund_rate") not in values


class TestAverageReviewScore:
    def test_mean_rating_of_reviews_written_that_day(self, duckdb: Any) -> None:
        values = compute(duckdb, [], reviews=[("m1", 5, NOON), ("m1", 2, NOON)])

        assert values[DAY, "m1", "avg_review_score"] == (3.5, 7, 2)

    def test_review_belongs_to_the_day_it_was_written_not_the_order_day(self, duckdb: Any) -> None:
        written = NOON + timedelta(days=8)

        values = compute(duckdb, [order(1)], reviews=[("m1", 4, written)])

        assert values[DAY + timedelta(days=8), "m1", "avg_review_score"] == (4.0, 4, 1)
        assert (DAY, "m1", "avg_review_score") not in values


class TestLocalDays:
    def test_1600_utc_is_midnight_in_shanghai(self, duckdb: Any) -> None:
        before = datetime(2026, 6, 10, 15, 59, 59, 999_999, tzinfo=UTC)
        midnight = datetime(2026, 6, 10, 16, tzinfo=UTC)

        values = compute(duckdb, [order(1, placed=before), order(2, placed=midnight)])

        assert values[date(2026, 6, 10), "m1", "orders"][1] == 1
        assert values[date(2026, 6, 11), "m1", "orders"][1] == 1

    def test_days_outside_the_window_are_not_computed(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1, placed=datetime(2026, 5, 1, 4, tzinfo=UTC))])

        assert values == {}


class TestPlatformRows:
    def test_platform_sums_merchants_and_recomputes_the_ratio(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [
                order(1, merchant="m1", status="cancelled", cancelled=timedelta(1)),
                order(2, merchant="m2"),
                order(3, merchant="m2"),
                order(4, merchant="m2"),
            ],
        )

        assert values[DAY, "m1", "cancellation_rate"] == (1.0, 1, 1)
        assert values[DAY, "m2", "cancellation_rate"] == (0.0, 0, 3)
        assert values[DAY, PLATFORM, "cancellation_rate"] == (0.25, 1, 4)
        assert values[DAY, PLATFORM, "orders"] == (4.0, 4, 1)

    def test_an_order_no_merchant_took_on_counts_for_the_platform_only(self, duckdb: Any) -> None:
        values = compute(
            duckdb,
            [order(1, merchant="m1"), order(2, merchant=None, status="cancelled", cancelled=None)],
        )

        assert values[DAY, PLATFORM, "orders"] == (2.0, 2, 1)
        assert values[DAY, PLATFORM, "cancellation_rate"] == (0.5, 1, 2)
        assert {key[1] for key in values} == {"m1", PLATFORM}


class TestMinimumVolume:
    def test_rate_below_minimum_volume_has_no_value_but_keeps_counts(self, duckdb: Any) -> None:
        values = compute(duckdb, [order(1), order(2, status="cancelled")], min_volume=3)

        assert values[DAY, "m1", "cancellation_rate"] == (None, 1, 2)
        assert values[DAY, "m1", "orders"] == (2.0, 2, 1)


class TestRegistry:
    def test_names_are_unique_and_every_metric_is_documented(self) -> None:
        names = [m.name for m in metrics.METRICS]

        assert len(names) == len(set(names))
        assert all(m.description for m in metrics.METRICS)

    def test_a_rate_must_have_a_denominator(self, duckdb: Any) -> None:
        broken = metrics.Metric(
            "broken", metrics.Kind.RATE, metrics.Facts.ORDERS, metrics.orders_placed
        )

        with pytest.raises(ValueError, match="a rate has one"):
            compute(duckdb, [order(1)], registry=(broken,))

    def test_window_ends_on_the_as_of_day(self) -> None:
        days = metrics.window(AS_OF, 2)

        assert days == [date(2026, 6, 28), date(2026, 6, 29), AS_OF]
