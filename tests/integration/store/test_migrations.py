"""The schema migrates up and down on both stores, and column types keep their promises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, StatementError

from pinzhi.bootstrap import Platform
from pinzhi.domain import tables
from pinzhi.domain.catalog.models import Merchant, MerchantKind
from pinzhi.store import migrate


class TestMigrations:
    def test_head_creates_every_table(self, platform: Platform) -> None:
        present = set(inspect(platform.engine).get_table_names())

        assert set(tables.metadata.tables) <= present

    def test_migrations_match_the_models(self, platform: Platform) -> None:
        with platform.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, tables.metadata)

        assert differences == []

    def test_downgrade_to_base_removes_every_table(self, platform: Platform) -> None:
        migrate.downgrade(platform.engine, "base")

        present = set(inspect(platform.engine).get_table_names())
        assert present & set(tables.metadata.tables) == set()


class TestColumnTypes:
    def _merchant(self, **overrides: object) -> Merchant:
        values: dict[str, object] = {
            "id": "m1",
            "name": "好物旗舰店",
            "kind": MerchantKind.THIRD_PARTY,
            "main_category": "家电",
            "joined_at": datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))),
        }
        values.update(overrides)
        return Merchant(**values)

    def test_timestamps_come_back_aware_in_utc(self, platform: Platform) -> None:
        with platform.uow() as uow:
            uow.session.add(self._merchant())
            uow.commit()

        with platform.uow() as uow:
            joined = uow.session.scalars(select(Merchant.joined_at)).one()

        assert joined == datetime(2026, 1, 1, 0, tzinfo=UTC)
        assert joined.tzinfo is not None

    def test_naive_timestamp_is_refused(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(StatementError, match="naive datetime"):
            uow.session.add(self._merchant(joined_at=datetime(2026, 1, 1)))  # noqa: DTZ001
            uow.session.flush()

    def test_negative_money_is_refused_by_the_database(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(IntegrityError):
            uow.session.add(self._merchant(deposit_fen=-1))
            uow.session.flush()

    def test_unit_of_work_rolls_back_unless_committed(self, platform: Platform) -> None:
        with platform.uow() as uow:
            uow.session.add(self._merchant())
            uow.session.flush()

        with platform.uow() as uow:
            assert uow.session.scalars(select(Merchant)).all() == []
