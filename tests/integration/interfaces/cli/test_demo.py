"""`pinzhi demo` builds a platform, runs every day, and leaves logins that really sign in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from pinzhi.domain.accounts.operations import authenticate
from pinzhi.interfaces.cli.main import app
from pinzhi.store.uow import UnitOfWork

SMALL = ["--merchants", "4", "--days", "5", "--orders-per-day", "40", "--no-serve"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "var"))
    return tmp_path / "var" / "demo"


def scalar(database: Path, sql: str) -> int:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        value = int(connection.execute(text(sql)).scalar_one())
    engine.dispose()
    return value


class TestDemo:
    def test_builds_imports_and_runs_every_simulated_day(self, data_dir: Path) -> None:
        result = CliRunner().invoke(app, ["demo", *SMALL])

        assert result.exit_code == 0, result.output
        database = data_dir / "pinzhi.db"
        assert scalar(database, "SELECT count(*) FROM orders") > 0
        assert scalar(database, "SELECT count(*) FROM quality_runs WHERE status='succeeded'") == 5
        days = "SELECT count(DISTINCT day) FROM indicator_values WHERE merchant_id = '*'"
        assert scalar(database, days) == 5
        assert not (data_dir / "files").exists()

    def test_printed_logins_sign_in_with_their_roles(self, data_dir: Path) -> None:
        result = CliRunner().invoke(app, ["demo", *SMALL])

        logins = [line.split("\t") for line in (data_dir / "logins.txt").read_text().splitlines()]
        engine = create_engine(f"sqlite:///{data_dir / 'pinzhi.db'}")
        with UnitOfWork(engine) as uow:
            roles = {
                authenticate(uow=uow, username=user, password=password).role.value
                for user, password, _ in logins
            }
        engine.dispose()
        assert all(password in result.output for _, password, _ in logins)
        assert len(roles) == 7

    def test_a_second_run_reuses_the_store(self, data_dir: Path) -> None:
        CliRunner().invoke(app, ["demo", *SMALL])
        built = (data_dir / "pinzhi.db").stat().st_mtime_ns

        again = CliRunner().invoke(app, ["demo", *SMALL])

        assert again.exit_code == 0, again.output
        assert "reusing" in again.output
        assert (data_dir / "pinzhi.db").stat().st_mtime_ns == built
