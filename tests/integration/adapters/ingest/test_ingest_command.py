"""`pinzhi import`: one bad row among thousands exits non-zero, names the row, writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_factories import dataset, many_orders, snapshot, write_csv
from typer.testing import CliRunner

from pinzhi.adapters.ingest.format_doc import render_format
from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.bootstrap import Platform
from pinzhi.interfaces.cli.common import EXIT_CODES
from pinzhi.interfaces.cli.main import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PINZHI_SECRET_KEY", "test-secret")
    return CliRunner()


class TestImportCommand:
    def test_one_bad_row_among_thousands_fails_the_import(
        self, platform: Platform, runner: CliRunner, tmp_path: Path
    ) -> None:
        import_directory(engine=platform.engine, directory=write_csv(tmp_path / "a", dataset()))
        before = snapshot(platform.engine)
        rows = many_orders(5000)
        rows["orders"][3456]["paid_fen"] = "-1"
        directory = write_csv(tmp_path / "b", rows)

        result = runner.invoke(app, ["import", str(directory), "--db", platform.database_url])

        assert result.exit_code == EXIT_CODES["validation_failed"]
        assert "orders.csv, row 3457, column paid_fen: breaks paid_fen >= 0: -1" in result.output
        assert snapshot(platform.engine) == before

    def test_a_good_import_reports_its_rows(
        self, platform: Platform, runner: CliRunner, tmp_path: Path
    ) -> None:
        directory = write_csv(tmp_path, many_orders(3000))

        result = runner.invoke(app, ["import", str(directory), "--db", platform.database_url])

        assert result.exit_code == 0, result.output
        assert "3,002" in result.output
        assert len(snapshot(platform.engine)["orders"]) == 3002


class TestImportFormatCommand:
    def test_prints_the_generated_format(self, runner: CliRunner) -> None:
        result = runner.invoke(app, ["import-format"])

        assert result.exit_code == 0
        assert result.output == render_format()
