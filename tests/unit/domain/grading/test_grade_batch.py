"""The vectorised grading equals the exact rules, merchant for merchant."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pinzhi.domain.grading.grade_batch import grade_columns, measure_arrays, merchant_measurements
from pinzhi.domain.grading.grade_records import grade_records
from pinzhi.domain.grading.measurements import COUNT_COLUMNS, OFFENCE_KINDS
from pinzhi.domain.grading.merchant_grade import merchant_grade

RATE_PAIRS = {
    "cancelled": "orders",
    "refund_orders": "orders",
    "return_orders": "orders",
    "shipped_late": "shipment_due",
    "delivered_late": "delivery_due",
    "defect_orders": "odr_orders",
    "chats_answered": "chats",
    "complaints_closed": "complaints",
    "well_known_listings": "listings",
    "authorised_listings": "branded_listings",
    "verified_licences": "licences",
}


@st.composite
def merchant_counts(draw: st.DrawFn, n: int) -> dict[str, Any]:
    row: dict[str, Any] = {"merchant_id": f"m{n}", "main_category": draw(st.sampled_from("ab"))}
    row["orders"] = draw(st.integers(0, 400))
    row["shipment_due"] = draw(st.integers(0, row["orders"]))
    row["delivery_due"] = draw(st.integers(0, row["orders"]))
    row["odr_orders"] = draw(st.integers(0, row["orders"]))
    row["reviews"] = draw(st.integers(0, 200))
    row["rating_sum"] = draw(st.integers(row["reviews"], 5 * row["reviews"]))
    row["chats"] = draw(st.integers(0, 50))
    row["complaints"] = draw(st.integers(0, 20))
    row["listings"] = draw(st.integers(0, 30))
    row["branded_listings"] = draw(st.integers(0, row["listings"]))
    row["licences"] = draw(st.integers(0, 4))
    for part, whole in RATE_PAIRS.items():
        row[part] = draw(st.integers(0, row[whole]))
    for name in ("minor_violations", "serious_violations", "severe_violations",
                 "lapsed_licence_kinds"):  # fmt: skip
        row[name] = draw(st.integers(0, 3))
    for name in OFFENCE_KINDS:
        row[f"offence_{name}"] = draw(st.sampled_from([0, 0, 0, 1]))
    row["deposit_fen"] = draw(st.integers(0, 3_000_000))
    assert set(row) == {"merchant_id", "main_category", *COUNT_COLUMNS}
    return row


@st.composite
def platforms(draw: st.DrawFn) -> pa.Table:
    size = draw(st.integers(1, 12))
    return pa.Table.from_pylist([draw(merchant_counts(n)) for n in range(size)])


class TestGradeBatch:
    @settings(max_examples=60, deadline=None)
    @given(platforms())
    def test_tiers_and_totals_equal_the_exact_rules(self, counts: pa.Table) -> None:
        columns = grade_columns(counts)
        exact = grade_records(counts)

        assert columns.tier == [None if r.tier is None else r.tier.value for r in exact]
        totals = [None if math.isnan(t) else round(t * 100) for t in columns.total.tolist()]
        assert totals == [r.total_cents for r in exact]

    @settings(max_examples=40, deadline=None)
    @given(platforms())
    def test_peer_percentiles_are_the_rules_own(self, counts: pa.Table) -> None:
        """Stored percentiles equal `merchant_grade`'s when it is handed every graded peer."""
        rows = counts.to_pylist()
        inputs = [merchant_measurements(row) for row in rows]
        arrays = measure_arrays(counts)
        exact = grade_records(counts)
        for index, (row, measured, record) in enumerate(zip(rows, inputs, exact, strict=True)):
            if record.tier is None:
                continue
            peers = {
                measure: [
                    other.values[measure]
                    for other, other_row in zip(inputs, rows, strict=True)
                    if other.orders >= 30 and other_row["main_category"] == row["main_category"]
                ]
                for measure in arrays
            }
            pure = merchant_grade(measurements=measured, peers=peers)
            expected = {m.measure.value: m.peer_percentile for m in pure.measurements}
            stored = {
                s["measure"]: None
                if s["peer_percentile"] is None
                else Decimal(s["peer_percentile"])
                for s in record.measurements["scores"]
            }
            assert stored == expected, index
