"""`pinzhi simulate` writes the files and says what it wrote; bad sizes exit with code 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pinzhi.domain.tables import IMPORT_ORDER
from pinzhi.interfaces.cli.main import app


class TestSimulateCommand:
    def test_writes_csv_files_for_every_table(self, tmp_path: Path) -> None:
        out = tmp_path / "platform"

        result = CliRunner().invoke(
            app,
            ["simulate", "--out", str(out), "--merchants", "4", "--days", "2", "--seed", "9",
             "--start", "2025-11-10", "--orders-per-day", "80", "--format", "csv"],
        )  # fmt: skip

        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in IMPORT_ORDER)
        assert "total" in result.output

    def test_a_platform_without_merchants_is_refused(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(
            app, ["simulate", "--out", str(tmp_path), "--merchants", "0", "--days", "2"]
        )

        assert result.exit_code == 2
        assert not any(tmp_path.iterdir())
