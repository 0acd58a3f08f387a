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
        sent = scalar(database, "SELECT count(*) FROM satisfaction_surveys")
        answered = scalar(
            database, "SELECT count(*) FROM satisfaction_surveys WHERE answered_at IS NOT NULL"
        )
        assert 0 < answered < sent  # demo consumers answer some of their surveys

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

    def test_live_cases_leave_a_chain_that_verify_checks(self, data_dir: Path) -> None:
        CliRunner().invoke(app, ["demo", *SMALL])
        database = data_dir / "pinzhi.db"
        url = f"sqlite:///{database}"
        kinds = (
            "SELECT count(DISTINCT c.kind) FROM aftersales_cases c "
            "JOIN aftersales_steps s ON s.case_id = c.id"
        )

        intact = CliRunner().invoke(app, ["verify", "--db", url])
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("UPDATE record_entries SET payload = '{}' WHERE sequence = 2"))
        engine.dispose()
        broken = CliRunner().invoke(app, ["verify", "--db", url])

        assert scalar(database, kinds) >= 5
        assert intact.exit_code == 0, intact.output
        assert broken.exit_code == 1
        assert "entry 2" in broken.output
