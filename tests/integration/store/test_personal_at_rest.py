"""Personal fields are unreadable in the database yet read back through the models (C7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select, text

import factories as f
import service_factories as sf
from pinzhi import bootstrap
from pinzhi.bootstrap import Platform
from pinzhi.domain import tables
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order
from pinzhi.settings import Settings
from pinzhi.store import key_rotation, personal
from pinzhi.store.field_cipher import AesGcmCipher, KeyRing, UnreadableFieldError, new_key_ring

PLAIN = ("张伟", "13812345678", "5678", "科技园", "深圳", "李娜")
OLD = new_key_ring("old")
NEW = new_key_ring("new")
PERSONAL_TABLES = ("consumers", "orders", "staff")


def seeded(platform: Platform) -> None:
    with platform.uow() as uow:
        f.merchant(uow.session, "m1")
        f.consumer(uow.session, "c1")
        f.order(uow.session, "o1")
        sf.staff(uow.session, "STF_H", qualified=False)
        uow.commit()


def raw_cells(platform: Platform, table: str) -> list[object]:
    with platform.engine.connect() as connection:
        return [cell for row in connection.execute(text(f"SELECT * FROM {table}")) for cell in row]


def rewired(platform: Platform, tmp_path: Path, ring: KeyRing) -> Platform:
    """The same store opened by a process configured with another key ring."""
    settings = Settings(
        data_dir=tmp_path / "other", secret_key="test-secret", field_keys=ring.render()
    )
    return bootstrap.build(settings, database_url=platform.database_url)


class TestAtRest:
    def test_no_personal_text_is_readable_in_the_raw_rows(self, platform: Platform) -> None:
        seeded(platform)

        cells = [str(c) for table in PERSONAL_TABLES for c in raw_cells(platform, table)]

        assert cells
        assert not [(word, cell) for cell in cells for word in PLAIN if word in cell]

    def test_the_models_read_the_values_back(self, platform: Platform) -> None:
        seeded(platform)

        with platform.uow() as uow:
            consumer = uow.session.get_one(Consumer, "c1")
            order = uow.session.get_one(Order, "o1")
            read = (consumer.name, consumer.phone, order.recipient_address)

        assert read == ("张伟", "13812345678", "广东省深圳市南山区科技园一路 8 号")

    def test_a_value_copied_into_another_column_fails_loudly(self, platform: Platform) -> None:
        seeded(platform)
        with platform.engine.begin() as connection:
            connection.execute(
                text("UPDATE orders SET recipient_phone = (SELECT phone FROM consumers)")
            )

        with platform.uow() as uow, pytest.raises(UnreadableFieldError, match="recipient_phone"):
            uow.session.scalars(select(Order.recipient_phone)).all()

    def test_a_tampered_value_fails_loudly(self, platform: Platform) -> None:
        seeded(platform)
        with platform.engine.begin() as connection:
            connection.execute(text("UPDATE consumers SET phone = substr(phone, 1, 20) || 'AAAA'"))

        with platform.uow() as uow, pytest.raises(UnreadableFieldError, match=r"consumers\.phone"):
            uow.session.scalars(select(Consumer.phone)).all()


class TestRotation:
    def test_old_key_values_open_before_rotation_and_all_move_to_the_new_key(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        old = rewired(platform, tmp_path, OLD)
        seeded(old)
        both = KeyRing(keys={**NEW.keys, **OLD.keys}, current="new")
        rotating = rewired(platform, tmp_path, both)
        with rotating.uow() as uow:
            assert uow.session.get_one(Consumer, "c1").phone == "13812345678"

        report = rotate(rotating)

        sealed = [c for t in PERSONAL_TABLES for c in raw_cells(platform, t) if is_sealed(c)]
        assert sealed and all(str(c).startswith("v1:new:") for c in sealed)
        assert report.resealed == {"consumers": 3, "staff": 1, "orders": 3, "complaint_handling": 0}
        new_only = rewired(platform, tmp_path, NEW)
        with new_only.uow() as uow:
            assert uow.session.get_one(Order, "o1").recipient_name == "张伟"

    def test_a_second_run_changes_nothing(self, platform: Platform, tmp_path: Path) -> None:
        seeded(platform)
        rotating = rewired(platform, tmp_path, with_test_keys(NEW))
        rotate(rotating)

        again = rotate(rotating)

        assert set(again.resealed.values()) == {0}

    def test_text_stored_before_encryption_is_sealed_by_rotation(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        seeded(platform)
        with platform.engine.begin() as connection:
            connection.execute(text("UPDATE consumers SET name = '王芳'"))

        rotate(platform)

        with platform.uow() as uow:
            assert uow.session.get_one(Consumer, "c1").name == "王芳"
        assert "王芳" not in [str(c) for c in raw_cells(platform, "consumers")]


class TestDefaultKeys:
    def test_without_configured_keys_a_ring_is_made_once_and_kept_private(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("PINZHI_FIELD_KEYS")
        settings = Settings(data_dir=tmp_path / "var")

        first = bootstrap.field_key_ring(settings)
        second = bootstrap.field_key_ring(settings)

        path = tmp_path / "var" / "field.keys"
        assert first == second
        assert path.stat().st_mode & 0o777 == 0o600


def rotate(platform: Platform) -> key_rotation.RotationReport:
    bootstrap.build(platform.settings, database_url=platform.database_url)  # its ring installed
    cipher = personal.installed_cipher()
    assert isinstance(cipher, AesGcmCipher)
    return key_rotation.rotate(
        engine=platform.engine,
        metadata=tables.metadata,
        cipher=cipher,
        progress=lambda table, done, total: None,
        batch=2,
    )


def with_test_keys(ring: KeyRing) -> KeyRing:
    test_keys = KeyRing.parse(os.environ["PINZHI_FIELD_KEYS"])
    return KeyRing(keys={**ring.keys, **test_keys.keys}, current=ring.current)


def is_sealed(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith("v1:")
