"""A bad import names the file, row, column and reason, and leaves the store exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_factories import Dataset, at, dataset, snapshot, write_csv

from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import ValidationFailed


@dataclass(frozen=True)
class BadInput:
    name: str
    breaks: Callable[[Dataset], None]
    where: str
    reason: str

    def __str__(self) -> str:
        return self.name


def _set(table: str, row: int, **cells: str) -> Callable[[Dataset], None]:
    def change(rows: Dataset) -> None:
        rows[table][row - 1].update(cells)

    return change


def _drop_column(table: str, column: str) -> Callable[[Dataset], None]:
    def change(rows: Dataset) -> None:
        for row in rows[table]:
            del row[column]

    return change


def _add_column(table: str, column: str) -> Callable[[Dataset], None]:
    def change(rows: Dataset) -> None:
        for row in rows[table]:
            row[column] = "红色"

    return change


BAD_INPUTS = [
    BadInput("missing_column", _drop_column("orders", "placed_at"),
             "orders.csv, column placed_at", "missing column"),
    BadInput("unknown_column", _add_column("skus", "colour"),
             "skus.csv, column colour", "unknown column"),
    BadInput("wrong_type", _set("orders", 2, goods_fen="59.90"),
             "orders.csv, row 2, column goods_fen", "not an integer: '59.90'"),
    BadInput("null_in_required_column", _set("merchants", 1, name=""),
             "merchants.csv, row 1, column name", "a value is required"),
    BadInput("unknown_enum_value", _set("orders", 1, status="lost"),
             "orders.csv, row 1, column status", "unknown value"),
    BadInput("negative_money", _set("payments", 2, amount_fen="-100"),
             "payments.csv, row 2, column amount_fen", "breaks amount_fen >= 0"),
    BadInput("zero_quantity", _set("order_items", 1, quantity="0"),
             "order_items.csv, row 1, column quantity", "breaks quantity > 0"),
    BadInput("rating_out_of_range", _set("reviews", 1, rating="6"),
             "reviews.csv, row 1, column rating", "breaks rating BETWEEN 1 AND 5"),
    BadInput("duplicate_key", _set("consumers", 2, id="c1"),
             "consumers.csv, row 2, column id", "duplicate key"),
    BadInput("unknown_foreign_key", _set("order_items", 2, sku_id="s9"),
             "order_items.csv, row 2, column sku_id", "no skus row has this id"),
    BadInput("naive_timestamp", _set("consumers", 1, registered_at="2026-03-01 10:00:00"),
             "consumers.csv, row 1, column registered_at", "naive"),
    BadInput("not_a_timestamp", _set("products", 2, listed_at="2026/03/02"),
             "products.csv, row 2, column listed_at", "not an ISO-8601 timestamp"),
    BadInput("not_a_date", _set("merchant_qualifications", 1, valid_until="2030-02-30"),
             "merchant_qualifications.csv, row 1, column valid_until", "not a date"),
    BadInput("not_a_boolean", _set("consumers", 2, elderly="yes"),
             "consumers.csv, row 2, column elderly", "not a boolean"),
    BadInput("text_too_long", _set("skus", 1, spec="大" * 201),
             "skus.csv, row 1, column spec", "longer than 200 characters"),
    BadInput("order_delivered_before_shipped", _set("orders", 1, delivered_at=at(4, 8)),
             "orders.csv, row 1, column delivered_at", "before shipped_at"),
    BadInput("order_shipped_before_placed", _set("orders", 1, shipped_at=at(3, 8)),
             "orders.csv, row 1, column shipped_at", "before placed_at"),
    BadInput("shipment_delivered_before_shipped", _set("shipments", 1, delivered_at=at(4, 8)),
             "shipments.csv, row 1, column delivered_at", "before shipped_at"),
    BadInput("shipment_shipped_before_order_placed", _set("shipments", 1, shipped_at=at(3, 8)),
             "shipments.csv, row 1, column shipped_at", "before orders.placed_at"),
    BadInput("logistics_event_before_shipment", _set("logistics_events", 1, occurred_at=at(3)),
             "logistics_events.csv, row 1, column occurred_at", "before shipments.shipped_at"),
]  # fmt: skip


def _changed_dataset() -> Dataset:
    """Valid rows that would change the store if written: renamed rows and a new merchant."""
    rows = dataset()
    for merchant in rows["merchants"]:
        merchant["name"] += "（新）"
    rows["merchants"].append({**rows["merchants"][0], "id": "m3"})
    return rows


def _assert_named(refused: ValidationFailed, where: str, reason: str) -> None:
    named = [line for line in refused.details if line.startswith(f"{where}: ")]
    assert named, f"nothing names {where!r} in {refused.details}"
    assert any(reason in line for line in named), named


@pytest.fixture
def stored(platform: Platform, tmp_path: Path) -> Platform:
    """A store already holding `dataset()`, so that 'unchanged' means something."""
    import_directory(engine=platform.engine, directory=write_csv(tmp_path / "first", dataset()))
    return platform


class TestImportRefusesBadInput:
    @pytest.mark.parametrize("bad", BAD_INPUTS, ids=str)
    def test_bad_input_is_named_and_nothing_is_written(
        self, stored: Platform, tmp_path: Path, bad: BadInput
    ) -> None:
        before = snapshot(stored.engine)
        rows = _changed_dataset()
        bad.breaks(rows)

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=stored.engine, directory=write_csv(tmp_path / "bad", rows))

        _assert_named(refused.value, bad.where, bad.reason)
        assert snapshot(stored.engine) == before

    def test_invalid_utf8_is_named_and_nothing_is_written(
        self, stored: Platform, tmp_path: Path
    ) -> None:
        before = snapshot(stored.engine)
        directory = write_csv(tmp_path / "bad", _changed_dataset())
        path = directory / "merchants.csv"
        path.write_bytes(path.read_bytes().replace("自营超市".encode(), b"\xff\xfe"))

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=stored.engine, directory=directory)

        _assert_named(refused.value, "merchants.csv, row 2, column name", "invalid UTF-8")
        assert snapshot(stored.engine) == before

    def test_a_record_with_too_many_fields_is_named_by_its_row(
        self, stored: Platform, tmp_path: Path
    ) -> None:
        before = snapshot(stored.engine)
        directory = write_csv(tmp_path / "bad", _changed_dataset())
        with (directory / "skus.csv").open("a", encoding="utf-8") as file:
            file.write("s3,p1,大号,100,surplus\n")

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=stored.engine, directory=directory)

        assert "skus.csv, row 3: 5 fields where the header has 4" in refused.value.details
        assert snapshot(stored.engine) == before

    def test_a_bad_child_keeps_its_valid_parents_out_too(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        rows = dataset()
        rows["reviews"][0]["rating"] = "0"

        with pytest.raises(ValidationFailed):
            import_directory(engine=platform.engine, directory=write_csv(tmp_path / "d", rows))

        assert all(rows == [] for rows in snapshot(platform.engine).values())

    def test_every_problem_is_counted_but_only_the_first_thousand_listed(
        self, sqlite_platform: Platform, tmp_path: Path
    ) -> None:
        rows = dataset()
        rows["skus"] = [
            {**rows["skus"][0], "id": f"s{n}", "list_price_fen": "-1"} for n in range(1500)
        ]

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=sqlite_platform.engine, directory=write_csv(tmp_path, rows))

        assert len(refused.value.details) == 1000
        assert "1500 problem(s)" in refused.value.message
        assert refused.value.details[0].startswith("skus.csv, row 1, column list_price_fen")
