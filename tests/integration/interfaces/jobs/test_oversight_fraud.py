"""On a simulated platform, the daily run's early warnings catch the merchants the simulator
made fraudulent (fake-order rings) and leave honest ones alone; their key control is published.

The simulator knows the truth (`Profile.FRAUD`); the warnings only see the lake. Precision and
recall of the fake-order warning are printed for the run's log (`pytest -s`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from pinzhi import bootstrap
from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.adapters.simulate.world import build_world
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.indicators.models import RunStatus
from pinzhi.domain.oversight import queries
from pinzhi.domain.oversight.models import MeasureKind, MerchantWarning, WarningKind
from pinzhi.interfaces.jobs.daily_run import RunReport, run_daily
from pinzhi.interfaces.jobs.registry import registered_steps
from pinzhi.settings import Settings

SCENARIO = Scenario(
    merchants=100, days=21, seed=8, start=date(2025, 6, 1), orders_per_day=1500, consumers=6000
)
AS_OF = SCENARIO.start + timedelta(days=SCENARIO.days - 1)
OURS = {"export_lake", "merchant_grades", "oversight"}
ANALYST = Actor(user_id="u-analyst", role=Role.QUALITY_ANALYST)


@pytest.fixture(scope="module")
def fraudulent() -> set[str]:
    world, _ = build_world(SCENARIO)
    return {f"MER{i + 1:08d}" for i in np.flatnonzero(world.merchants.profile == Profile.FRAUD)}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    home = tmp_path_factory.mktemp("oversight-platform")
    simulate(scenario=SCENARIO, out=home / "files")
    settings = Settings(data_dir=home / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=f"sqlite:///{home / 'p.db'}")
    bootstrap.migrate_to_head(wired)
    import_directory(engine=wired.engine, directory=home / "files")
    yield wired
    wired.engine.dispose()


def run(platform: Platform) -> RunReport:
    others = {s.name for s in registered_steps()} - OURS
    return run_daily(platform, as_of=AS_OF, engine="duckdb", skip=others)


@pytest.fixture(scope="module")
def report(imported: Platform) -> RunReport:
    return run(imported)


def flagged(platform: Platform) -> set[str]:
    with platform.uow() as uow:
        return set(
            uow.session.scalars(
                select(MerchantWarning.merchant_id).where(
                    MerchantWarning.kind == WarningKind.FAKE_ORDERS, MerchantWarning.as_of == AS_OF
                )
            )
        )


class TestFraudDetection:
    def test_fraudulent_merchants_are_caught_and_honest_ones_are_not(
        self, report: RunReport, imported: Platform, fraudulent: set[str]
    ) -> None:
        caught = flagged(imported)
        true_positives = len(caught & fraudulent)
        precision = true_positives / len(caught) if caught else 0.0
        recall = true_positives / len(fraudulent)
        print(f"\nfake-order warnings: precision {precision:.2f}, recall {recall:.2f}")

        assert report.status is RunStatus.SUCCEEDED
        assert len(fraudulent) >= 3
        assert recall == 1.0
        assert precision >= 0.75

    def test_the_run_summary_lists_warnings_decisions_and_flagged_merchants(
        self, report: RunReport, fraudulent: set[str]
    ) -> None:
        summary = report.summary("oversight")

        assert summary["warnings"]["fake_orders"] == len(fraudulent)
        assert set(summary["warnings"]) == {k.value for k in WarningKind}
        assert summary["decisions"]["key_control"] >= len(fraudulent)
        flagged_ids = {f["merchant_id"] for f in summary["flagged"]}
        assert fraudulent <= flagged_ids
        assert fraudulent <= set(summary["key_control"])

    def test_caught_merchants_are_under_published_key_control(
        self, report: RunReport, imported: Platform, fraudulent: set[str]
    ) -> None:
        with imported.uow() as uow:
            published = queries.public_measures(uow=uow, limit=500)
        faked = {p.merchant_id for p in published if p.offence == "fake_orders"}

        assert fraudulent <= faked
        assert all(p.shop_name and p.restrictions for p in published)

    def test_running_the_day_again_changes_nothing(
        self, report: RunReport, imported: Platform
    ) -> None:
        again = run(imported).summary("oversight")

        assert again["warnings_raised"] == again["warnings_withdrawn"] == 0
        assert again["warnings_unchanged"] == sum(again["warnings"].values())
        assert again["measures_imposed"] == again["measures_ended"] == 0
        with imported.uow() as uow:
            controlled = queries.list_measures(
                uow=uow,
                actor=ANALYST,
                kind=MeasureKind.KEY_CONTROL,
                active_only=True,
                limit=500,
            )
        assert len(controlled) == again["decisions"]["key_control"]
        assert again["measures_kept"] == sum(again["decisions"].values())
