"""The simulator's output (a realistic platform, every table) imports completely."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_factories import snapshot
from typer.testing import CliRunner

from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.adapters.simulate.writer import Format
from pinzhi.bootstrap import Platform
from pinzhi.domain.tables import IMPORT_ORDER
from pinzhi.interfaces.cli.main import app

SCENARIO = Scenario(merchants=20, days=10, seed=1)


@pytest.mark.slow
class TestImportSimulatedPlatform:
    def test_simulate_then_import_lands_every_row(
        self, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("PINZHI_SECRET_KEY", "test-secret")
        out = tmp_path / "platform"
        runner = CliRunner()
        scale = ["--merchants", "20", "--days", "10", "--seed", "1"]
        assert runner.invoke(app, ["simulate", "--out", str(out), *scale]).exit_code == 0

        result = runner.invoke(app, ["import", str(out), "--db", platform.database_url])

        assert result.exit_code == 0, result.output
        simulated = simulate(scenario=SCENARIO, out=tmp_path / "again")
        stored = {name: len(rows) for name, rows in snapshot(platform.engine).items()}
        assert stored == {name: simulated.get(name, 0) for name in IMPORT_ORDER}

    def test_the_csv_export_of_the_same_platform_changes_nothing(
        self, platform: Platform, tmp_path: Path
    ) -> None:
        simulate(scenario=SCENARIO, out=tmp_path / "parquet")
        simulate(scenario=SCENARIO, out=tmp_path / "csv", fmt=Format.CSV)
        import_directory(engine=platform.engine, directory=tmp_path / "parquet")

        again = import_directory(engine=platform.engine, directory=tmp_path / "csv")

        assert set(again.written.values()) == {0}
