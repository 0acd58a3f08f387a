"""A valid import lands every row, in UTC, sealed where personal, and re-imports idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from ingest_factories import at, dataset, snapshot, write_csv, write_parquet
from sqlalchemy import select, text

from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.catalog.models import KeyCategory, MerchantQualification, Product
from pinzhi.domain.customers.models import Consumer, CreditLevel
from pinzhi.domain.orders.models import Order
from pinzhi.domain.tables import IMPORT_ORDER
from pinzhi.store import migrate, personal


class _MarkingCipher:
    def seal(self, plain: str, column: str) -> str:
        return f"sealed:{plain}"

    def open(self, sealed: str, column: str) -> str:
        return sealed.removeprefix("sealed:")


@pytest.fixture
def marking_cipher() -> Iterator[None]:
    previous = personal.installed_cipher()
    personal.install_cipher(_MarkingCipher())
    yield
    personal.install_cipher(previous)


class TestImportLoads:
    def test_every_row_arrives(self, platform: Platform, tmp_path: Path) -> None:
        rows = dataset()

        report = import_directory(engine=platform.engine, directory=write_csv(tmp_path, rows))

        assert report.rows == report.written == {name: len(rows[name]) for name in report.rows}
        assert list(report.rows) == [name for name in IMPORT_ORDER if name in rows]
        assert {name: len(found) for name, found in snapshot(platform.engine).items() if found} == {
            name: len(table) for name, table in rows.items()
        }

    def test_values_read_back_through_the_models(self, platform: Platform, tmp_path: Path) -> None:
        import_directory(engine=platform.engine, directory=write_csv(tmp_path, dataset()))

        with platform.uow() as uow:
            order = uow.session.get_one(Order, "o1")
            consumer = uow.session.get_one(Consumer, "c2")
            product = uow.session.get_one(Product, "p2")
            qualification = uow.session.get_one(MerchantQualification, "q1")

            assert order.placed_at == datetime(2026, 3, 3, 1, tzinfo=UTC)
            assert (order.recipient_name, order.currency, order.freight_fen) == ("张三", "CNY", 0)
            assert (consumer.name, consumer.elderly, consumer.credit_level) == (
                None,
                True,
                CreditLevel.GOOD,
            )
            assert (product.key_category, product.photo_count) == (KeyCategory.FOOD, 0)
            assert (qualification.valid_until, qualification.verified) == (
                date(2030, 12, 31),
                True,
            )

    def test_personal_fields_are_sealed_on_the_way_in(
        self, platform: Platform, tmp_path: Path, marking_cipher: None
    ) -> None:
        import_directory(engine=platform.engine, directory=write_csv(tmp_path, dataset()))

        with platform.engine.connect() as connection:
            stored = connection.execute(text("SELECT name, phone FROM consumers WHERE id = 'c1'"))
            row = stored.one()
        with platform.uow() as uow:
            consumer = uow.session.get_one(Consumer, "c1")
            opened = (consumer.name, consumer.phone)

        assert tuple(row) == ("sealed:张三", "sealed:13800000000")
        assert opened == ("张三", "13800000000")

    def test_reimporting_the_same_files_changes_nothing(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        directory = write_csv(tmp_path, dataset())
        import_directory(engine=platform.engine, directory=directory)
        first = snapshot(platform.engine)

        again = import_directory(engine=platform.engine, directory=directory)

        assert snapshot(platform.engine) == first
        assert set(again.written.values()) == {0}

    def test_a_changed_row_replaces_the_stored_one(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        import_directory(engine=platform.engine, directory=write_csv(tmp_path / "a", dataset()))
        rows = dataset()
        rows["orders"][1].update(status="shipped", shipped_at=at(6))

        report = import_directory(engine=platform.engine, directory=write_csv(tmp_path / "b", rows))

        assert report.written == dict.fromkeys(report.rows, 0) | {"orders": 1}
        with platform.uow() as uow:
            changed = uow.session.execute(select(Order.status, Order.shipped_at)).all()
        assert sorted(changed) == [
            ("delivered", datetime(2026, 3, 4, 2, tzinfo=UTC)),
            ("shipped", datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ]

    def test_csv_and_parquet_give_the_same_store(self, platform: Platform, tmp_path: Path) -> None:
        import_directory(engine=platform.engine, directory=write_csv(tmp_path / "c", dataset()))
        from_csv = snapshot(platform.engine)
        migrate.downgrade(platform.engine, "base")
        migrate.upgrade(platform.engine)

        import_directory(engine=platform.engine, directory=write_parquet(tmp_path / "p", dataset()))

        assert snapshot(platform.engine) == from_csv


class TestImportRelations:
    def test_foreign_keys_resolve_against_rows_already_stored(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        rows = dataset()
        parents = {name: rows[name] for name in ("merchants", "products", "skus")}
        import_directory(engine=platform.engine, directory=write_csv(tmp_path / "a", parents))
        children = {name: table for name, table in rows.items() if name not in parents}

        report = import_directory(
            engine=platform.engine, directory=write_csv(tmp_path / "b", children)
        )

        assert report.rows["order_items"] == 2

    def test_time_order_is_checked_against_a_stored_parent(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        rows = dataset()
        events = rows.pop("logistics_events")
        import_directory(engine=platform.engine, directory=write_csv(tmp_path / "a", rows))
        events[1]["occurred_at"] = at(3)

        with pytest.raises(ValidationFailed) as refused:
            import_directory(
                engine=platform.engine,
                directory=write_csv(tmp_path / "b", {"logistics_events": events}),
            )

        assert refused.value.details[0].startswith(
            "logistics_events.csv, row 2, column occurred_at: out of order"
        )


class TestImportDirectory:
    def test_a_file_that_names_no_table_is_refused(
        self, sqlite_platform: Platform, tmp_path: Path
    ) -> None:
        directory = write_csv(tmp_path, {"merchant": dataset()["merchants"]})

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=sqlite_platform.engine, directory=directory)

        assert refused.value.details == [
            "merchant.csv: not an importable table (see docs/import-format.md)"
        ]

    def test_two_files_for_one_table_are_refused(
        self, sqlite_platform: Platform, tmp_path: Path
    ) -> None:
        rows = {"merchants": dataset()["merchants"]}
        write_parquet(write_csv(tmp_path, rows), rows)

        with pytest.raises(ValidationFailed) as refused:
            import_directory(engine=sqlite_platform.engine, directory=tmp_path)

        assert refused.value.details == ["merchants.parquet: merchants.csv holds the same table"]

    def test_a_directory_without_import_files_is_refused(
        self, sqlite_platform: Platform, tmp_path: Path
    ) -> None:
        (tmp_path / "README.txt").write_text("nothing here")

        with pytest.raises(ValidationFailed, match="nothing to import"):
            import_directory(engine=sqlite_platform.engine, directory=tmp_path)

    def test_a_missing_directory_is_not_found(
        self, sqlite_platform: Platform, tmp_path: Path
    ) -> None:
        with pytest.raises(NotFound):
            import_directory(engine=sqlite_platform.engine, directory=tmp_path / "absent")
