"""The import format comes from the table metadata, and every batch is checked against it."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pytest

from pinzhi.adapters.simulate.schema import arrow_schema, table


def brand(**overrides: pa.Array) -> dict[str, pa.Array]:
    columns = {
        "id": pa.array(["BRA1"]),
        "name": pa.array(["澜途"]),
        "origin_country": pa.array([None], pa.string()),
        "well_known": pa.array([False]),
    }
    return {**columns, **overrides}


class TestArrowSchema:
    def test_maps_each_column_kind_to_its_import_type(self) -> None:
        orders = arrow_schema("orders")
        qualifications = arrow_schema("merchant_qualifications")

        assert orders.field("id").type == pa.string()
        assert orders.field("status").type == pa.string()
        assert orders.field("goods_fen").type == pa.int64()
        assert orders.field("cross_border").type == pa.bool_()
        assert orders.field("placed_at").type == pa.timestamp("us", tz="UTC")
        assert orders.field("recipient_name").type == pa.string()
        assert qualifications.field("valid_from").type == pa.date32()

    def test_nullable_follows_the_table(self) -> None:
        orders = arrow_schema("orders")

        assert not orders.field("placed_at").nullable
        assert orders.field("paid_at").nullable


class TestTable:
    def test_assembles_a_valid_batch_in_table_order(self) -> None:
        rows = table("brands", dict(reversed(brand().items())))

        assert rows.schema.names == ["id", "name", "origin_country", "well_known"]

    def test_refuses_a_missing_column(self) -> None:
        columns = brand()
        del columns["well_known"]

        with pytest.raises(ValueError, match="missing columns"):
            table("brands", columns)

    def test_refuses_null_in_a_required_column(self) -> None:
        with pytest.raises(ValueError, match="NOT NULL"):
            table("brands", brand(name=pa.array([None], pa.string())))

    def test_refuses_text_longer_than_the_column(self) -> None:
        with pytest.raises(ValueError, match="limit 200"):
            table("brands", brand(name=pa.array(["名" * 201])))

    def test_refuses_a_value_outside_the_enum(self) -> None:
        columns = {
            "id": pa.array(["INS1"]),
            "product_id": pa.array(["PRO1"]),
            "inspector": pa.array(["平台抽检"]),
            "inspected_at": pa.array([datetime(2025, 6, 1, tzinfo=UTC)]),
            "result": pa.array(["maybe"]),
            "note": pa.array([None], pa.string()),
        }

        with pytest.raises(ValueError, match="outside the enum"):
            table("inspections", columns)
