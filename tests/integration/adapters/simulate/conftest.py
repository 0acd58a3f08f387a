"""One small simulated platform, written once per test session in each format.

Eight days from 14 June 2025 include 618; 30 merchants include sloppy and fraudulent ones.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.adapters.simulate.world import World, build_world
from pinzhi.adapters.simulate.writer import Format
from pinzhi.domain.tables import IMPORT_ORDER

SCENARIO = Scenario(
    merchants=30, days=8, seed=11, start=date(2025, 6, 14), orders_per_day=1500, consumers=4000
)


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return SCENARIO


@pytest.fixture(scope="session")
def parquet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parquet")
    simulate(scenario=SCENARIO, out=out, fmt=Format.PARQUET)
    return out


@pytest.fixture(scope="session")
def csv_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    simulate(scenario=SCENARIO, out=out, fmt=Format.CSV)
    return out


@pytest.fixture(scope="session")
def frames(parquet_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of the simulated platform as a DataFrame."""
    return {
        name: pq.read_table(parquet_dir / f"{name}.parquet").to_pandas() for name in IMPORT_ORDER
    }


@pytest.fixture(scope="session")
def world() -> World:
    """The simulator's own view: which merchants are sloppy or fraudulent."""
    return build_world(SCENARIO)[0]
