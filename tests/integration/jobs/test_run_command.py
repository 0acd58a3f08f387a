"""`pinzhi run`: the daily run from the command line, with a machine-readable summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jobs_factories import consumer, merchant, order
from typer.testing import CliRunner

from pinzhi.bootstrap import Platform
from pinzhi.core.clock import local_day, utcnow
from pinzhi.interfaces.cli import run as run_command
from pinzhi.interfaces.cli.main import app


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "cli-var"))
    return CliRunner()


def seed(platform: Platform) -> None:
    with platform.uow() as uow:
        merchant(uow.session, "m1")
        consumer(uow.session)
        uow.session.flush()
        for hour in (1, 2, 3):
            order(uow.session, merchant_id="m1", placed_at=datetime(2026, 6, 20, hour, tzinfo=UTC))
        uow.commit()


class TestRunCommand:
    def test_json_summary_names_the_run_its_steps_and_platform_values(
        self, cli: CliRunner, sqlite_platform: Platform
    ) -> None:
        seed(sqlite_platform)

        result = cli.invoke(
            app, ["run", "--db", sqlite_platform.database_url, "--as-of", "2026-06-20", "--json"]
        )

        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["as_of"] == "2026-06-20"
        assert summary["status"] == "succeeded"
        assert summary["run_id"].startswith("run_")
        assert list(summary["steps"])[:2] == ["export_lake", "core_indicators"]
        assert list(summary["steps"])[-1] == "record_checkpoint"
        assert summary["steps"]["export_lake"]["summary"]["orders"]["rows"] == 3
        assert summary["platform_indicators"]["orders"] == {
            "value": 3.0, "numerator": 3, "denominator": 1,
        }  # fmt: skip

    def test_table_output_lists_steps_and_indicators(
        self, cli: CliRunner, sqlite_platform: Platform
    ) -> None:
        seed(sqlite_platform)

        result = cli.invoke(
            app, ["run", "--db", sqlite_platform.database_url, "--as-of", "2026-06-20"]
        )

        assert result.exit_code == 0, result.output
        assert "core_indicators" in result.stdout
        assert "late_shipment_rate" in result.stdout

    def test_bad_day_is_refused(self, cli: CliRunner, sqlite_platform: Platform) -> None:
        result = cli.invoke(app, ["run", "--db", sqlite_platform.database_url, "--as-of", "June"])

        assert result.exit_code == 2

    def test_default_day_is_yesterday_in_the_platform_zone(self) -> None:
        today = local_day(utcnow(), ZoneInfo("Asia/Shanghai"))

        assert run_command.yesterday("Asia/Shanghai") == today - timedelta(days=1)
