"""Cells are parsed into canonical types, vectorised; every refused cell is flagged with why."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from pinzhi.adapters.ingest.coerce import NAIVE_TIMESTAMP, Coerced, coerce
from pinzhi.adapters.ingest.schema import table_specs


def _coerce(table: str, column: str, values: list[object] | pa.Array) -> Coerced:
    return coerce(pa.chunked_array([values]), spec=table_specs()[table].column(column))


def _refused(coerced: Coerced) -> dict[str, list[int]]:
    """Reason → 0-based rows refused for it."""
    found = {
        reason: [row for row, flag in enumerate(mask.to_pylist()) if flag]
        for mask, reason in coerced.refused
    }
    return {reason: rows for reason, rows in found.items() if rows}


class TestCoerceTimestamps:
    def test_offsets_are_converted_to_utc(self) -> None:
        coerced = _coerce(
            "orders", "placed_at", ["2026-03-01T09:30:00+08:00", "2026-03-01 01:30:00.5Z"]
        )

        assert coerced.values.to_pylist() == [
            datetime(2026, 3, 1, 1, 30, tzinfo=UTC),
            datetime(2026, 3, 1, 1, 30, 0, 500_000, tzinfo=UTC),
        ]
        assert _refused(coerced) == {}

    def test_naive_and_malformed_timestamps_are_refused(self) -> None:
        coerced = _coerce(
            "orders", "placed_at", ["2026-03-01 09:30:00", "2026-13-01T00:00:00Z", "soon", None]
        )

        assert coerced.values.to_pylist() == [None] * 4
        assert _refused(coerced) == {
            NAIVE_TIMESTAMP: [0],
            "not an ISO-8601 timestamp with offset": [1, 2],
        }

    def test_a_typed_column_without_zone_is_refused(self) -> None:
        naive = pa.array([datetime(2026, 3, 1), None], pa.timestamp("s"))  # noqa: DTZ001

        coerced = _coerce("orders", "placed_at", naive)

        assert _refused(coerced) == {NAIVE_TIMESTAMP: [0]}


class TestCoerceOtherKinds:
    def test_integers_are_digits_only(self) -> None:
        coerced = _coerce("orders", "goods_fen", ["12", "-3", "12.30", "1e3", ""])

        assert coerced.values.to_pylist() == [12, -3, None, None, None]
        assert _refused(coerced) == {"not an integer": [2, 3]}

    def test_32_bit_columns_refuse_larger_values(self) -> None:
        coerced = _coerce("order_items", "quantity", ["2", "3000000000"])

        assert _refused(coerced) == {"integer out of range -2147483648..2147483647": [1]}

    def test_booleans_accept_true_false_one_zero_in_any_case(self) -> None:
        coerced = _coerce("consumers", "elderly", ["TRUE", "false", "1", "0", "yes", None])

        assert coerced.values.to_pylist() == [True, False, True, False, None, None]
        assert _refused(coerced) == {"not a boolean (true, false, 1 or 0)": [4]}

    def test_dates_must_exist(self) -> None:
        coerced = _coerce("merchant_qualifications", "valid_from", ["2028-02-29", "2026-02-30"])

        assert coerced.values.to_pylist() == [date(2028, 2, 29), None]
        assert _refused(coerced) == {"not a date (YYYY-MM-DD)": [1]}

    def test_enums_accept_only_their_values(self) -> None:
        coerced = _coerce("orders", "status", ["paid", "PAID", None])

        assert coerced.values.to_pylist() == ["paid", None, None]
        assert list(_refused(coerced).values()) == [[1]]

    @pytest.mark.parametrize(
        ("column", "values"),
        [("goods_fen", pa.array([1.5])), ("id", pa.array([1])), ("placed_at", pa.array([1]))],
    )
    def test_a_typed_column_of_another_kind_is_refused_whole(
        self, column: str, values: pa.Array
    ) -> None:
        coerced = _coerce("orders", column, values)

        assert coerced.wrong_type is not None
        assert coerced.wrong_type.startswith(f"wrong type: {values.type} given")
