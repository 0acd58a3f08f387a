"""`pinzhi privacy export|erase` and `pinzhi keys rotate|generate` from the server's shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner, Result

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.privacy import queries
from pinzhi.interfaces.cli.main import app
from pinzhi.store.field_cipher import KeyRing


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "cli-var"))
    monkeypatch.setenv("PINZHI_SECRET_KEY", "test-secret")


@pytest.fixture
def shop(platform: Platform) -> Platform:
    with platform.uow() as uow:
        f.merchant(uow.session, "m1")
        f.consumer(uow.session, "c1")
        f.consumer(uow.session, "c2")
        f.order(uow.session, "o1", consumer_id="c1")
        f.order(uow.session, "o2", consumer_id="c2")
        uow.commit()
    return platform


def run(platform: Platform, *arguments: str) -> Result:
    return CliRunner().invoke(app, [*arguments, "--db", platform.database_url])


class TestPrivacyCommands:
    def test_export_writes_the_consumers_data_and_logs_the_access(
        self, shop: Platform, tmp_path: Path
    ) -> None:
        out = tmp_path / "c1.json"

        result = run(shop, "privacy", "export", "--consumer", "c1", "--out", str(out))

        assert result.exit_code == 0, result.output
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [o["id"] for o in data["records"]["orders"]] == ["o1"]
        with shop.uow() as uow:
            assert queries.count_accesses(uow=uow, record_kind="consumer") == 1

    def test_erase_clears_the_profile_and_verify_still_passes(self, shop: Platform) -> None:
        result = run(shop, "privacy", "erase", "--consumer", "c1", "--yes")

        assert result.exit_code == 0, result.output
        with shop.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, name FROM consumers")).all()
        names = {row[0]: row[1] for row in rows}
        assert names["c1"] is None and names["c2"] is not None
        verified = run(shop, "verify")
        assert verified.exit_code == 0, verified.output

    def test_an_unknown_consumer_exits_not_found(self, shop: Platform) -> None:
        result = run(shop, "privacy", "erase", "--consumer", "nobody", "--yes")

        assert result.exit_code == 3


class TestKeyCommands:
    def test_generate_prints_a_usable_ring_entry(self) -> None:
        result = CliRunner().invoke(app, ["keys", "generate", "--id", "k9"])

        assert KeyRing.parse(result.output.strip()).current == "k9"

    def test_rotate_moves_every_value_to_the_current_key(
        self, shop: Platform, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        new = CliRunner().invoke(app, ["keys", "generate", "--id", "k2"]).output.strip()
        monkeypatch.setenv("PINZHI_FIELD_KEYS", f"{new},{shop.settings.field_keys}")

        result = run(shop, "keys", "rotate")

        assert result.exit_code == 0, result.output
        assert "now under key k2" in result.output
        with shop.engine.connect() as connection:
            phones = connection.execute(text("SELECT phone FROM consumers")).scalars().all()
        assert phones and all(phone.startswith("v1:k2:") for phone in phones)
