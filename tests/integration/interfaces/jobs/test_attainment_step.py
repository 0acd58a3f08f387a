"""The daily run measures service attainment on a simulated platform, and what it reports for
the as-of day agrees with a plain pandas reading of the same raw turns."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pinzhi import bootstrap
from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import CHINA, day_bounds
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.attainment import queries
from pinzhi.domain.attainment.measures import ALL
from pinzhi.domain.indicators.models import RunStatus
from pinzhi.domain.service.sla import Measure
from pinzhi.interfaces.cli.main import app
from pinzhi.interfaces.jobs.daily_run import RunReport, run_daily
from pinzhi.interfaces.jobs.registry import registered_steps
from pinzhi.settings import Settings

SCENARIO = Scenario(merchants=8, days=5, seed=4, start=date(2025, 6, 14))
AS_OF = date(2025, 6, 17)
"""The day before the last: every reply to that day's chats is in the files."""
OURS = {"export_lake", "service_attainment"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("simulated")
    simulate(scenario=SCENARIO, out=out)
    return out


def run(platform: Platform) -> RunReport:
    others = {s.name for s in registered_steps()} - OURS
    return run_daily(platform, as_of=AS_OF, engine="duckdb", skip=others, look_back_days=3)


@pytest.fixture(scope="module")
def imported(files: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """One imported platform for the module: importing and running take most of the time."""
    home = tmp_path_factory.mktemp("platform")
    settings = Settings(data_dir=home / "var", secret_key="test-secret")
    wired = bootstrap.build(settings, database_url=f"sqlite:///{home / 'p.db'}")
    bootstrap.migrate_to_head(wired)
    import_directory(engine=wired.engine, directory=files)
    yield wired
    wired.engine.dispose()


@pytest.fixture(scope="module")
def report(imported: Platform) -> RunReport:
    return run(imported)


def first_responses(files: Path) -> pd.DataFrame:
    """Per chat started on AS_OF: seconds from the buyer's first message to a person to the
    first reply by an agent or merchant after it (NaN: never answered)."""
    sessions = pd.read_parquet(files / "service_sessions.parquet")
    messages = pd.read_parquet(files / "service_messages.parquet")
    starts, ends = day_bounds(AS_OF, CHINA)
    chats = sessions[
        (sessions["channel"] == "online_chat")
        & (sessions["started_at"] >= starts)
        & (sessions["started_at"] < ends)
    ].set_index("id")
    said = messages[messages["session_id"].isin(chats.index) & (messages["sent_at"] < ends)]
    said = said[said["sent_at"] >= said["session_id"].map(chats["queued_at"])]
    asked = said[said["sender"] == "consumer"].groupby("session_id")["sent_at"].min()
    human = said[said["sender"].isin(["agent", "merchant"])]
    human = human[human["sent_at"] >= human["session_id"].map(asked)]
    replied = human.groupby("session_id")["sent_at"].min()
    seconds = (replied.reindex(asked.index) - asked).dt.total_seconds()
    ended = chats["ended_at"].reindex(asked.index)
    return pd.DataFrame({"asked": asked, "seconds": seconds, "ended_at": ended})


def phone_queues(files: Path) -> pd.Series:
    sessions = pd.read_parquet(files / "service_sessions.parquet")
    starts, ends = day_bounds(AS_OF, CHINA)
    calls = sessions[
        (sessions["channel"] == "phone")
        & (sessions["started_at"] >= starts)
        & (sessions["started_at"] < ends)
    ]
    return (calls["agent_joined_at"] - calls["queued_at"]).dt.total_seconds().dropna()


@pytest.mark.slow
class TestAttainmentStep:
    def test_each_channel_is_reported_beside_its_s1_9_2_limit(self, report: RunReport) -> None:
        assert report.status is RunStatus.SUCCEEDED
        channels = report.summary("service_attainment")["per_channel"]

        limits = {
            measure: found["limit_seconds"]
            for by_measure in channels.values()
            for measure, found in by_measure.items()
        }
        assert limits == {
            "chat_first_response": 30,
            "chat_average_response": 60,
            "phone_average_queue": 20,
            "refund_before_shipment_response": 3_600,
            "return_refund_after_shipment_response": 24 * 3_600,
            "quality_or_resend_response": 36 * 3_600,
        }
        assert set(channels) == {"online_chat", "phone", "aftersales"}
        assert channels["phone"]["phone_average_queue"]["limit_applies_to"] == "mean"

    def test_first_responses_agree_with_a_pandas_reading_of_the_turns(
        self, report: RunReport, files: Path
    ) -> None:
        found = report.summary("service_attainment")["per_channel"]["online_chat"]
        first = found["chat_first_response"]
        reference = first_responses(files)
        answered = reference["seconds"].dropna()
        # never answered: judged once its 30 s ran out before the cutoff and before the buyer left
        cutoff = pd.Timestamp(day_bounds(AS_OF, CHINA)[1])
        waiting = reference[reference["seconds"].isna()]
        deadline = waiting["asked"] + pd.Timedelta(seconds=30)
        left = waiting["ended_at"].where(waiting["ended_at"] < cutoff)
        overdue = int(((deadline < cutoff) & (left.isna() | (deadline < left))).sum())

        assert len(answered) > 10, "the scenario has chats to measure"
        assert first["samples"] == len(answered) + overdue
        assert first["breaches"] == int((answered > 30).sum()) + overdue
        assert first["mean_seconds"] == pytest.approx(answered.mean(), abs=1e-3)
        assert first["p50_seconds"] == sorted(answered)[(len(answered) + 1) // 2 - 1]

    def test_the_phone_queue_agrees_with_the_sessions(self, report: RunReport, files: Path) -> None:
        queue = report.summary("service_attainment")["per_channel"]["phone"]["phone_average_queue"]
        reference = phone_queues(files)

        assert queue["mean_seconds"] == pytest.approx(reference.mean(), abs=1e-3)
        assert queue["meets_limit"] == (reference.mean() <= 20)
        assert queue["breaches"] == int((reference > 20).sum())

    def test_a_second_run_changes_nothing(self, report: RunReport, imported: Platform) -> None:
        first = report.summary("service_attainment")

        again = run(imported).summary("service_attainment")

        assert first["inserted"] == first["values"] > 0
        assert (again["inserted"], again["updated"], again["deleted"]) == (0, 0, 0)
        assert again["unchanged"] == first["values"]
        assert again["per_channel"] == first["per_channel"]

    def test_the_stored_values_read_back_for_an_analyst(
        self, report: RunReport, imported: Platform
    ) -> None:
        analyst = Actor("u1", Role.QUALITY_ANALYST)
        summary = report.summary("service_attainment")["per_channel"]["online_chat"]

        with imported.uow() as uow:
            found = queries.attainment_series(
                uow=uow, actor=analyst, start=AS_OF, end=AS_OF, channel="online_chat"
            )
            last = queries.latest_day(uow=uow, actor=analyst)

        first = next(s for s in found if s.measure is Measure.CHAT_FIRST_RESPONSE)
        assert last == AS_OF
        assert (first.merchant_id, first.agent_id) == (ALL, ALL)
        assert first.total()["breaches"].numerator == summary["chat_first_response"]["breaches"]
        assert first.meets_limit() is summary["chat_first_response"]["meets_limit"]


def test_run_json_reports_attainment_per_channel_with_the_limits(imported: Platform) -> None:
    answer = CliRunner().invoke(
        app, ["run", "--db", imported.database_url, "--as-of", AS_OF.isoformat(), "--json"]
    )

    assert answer.exit_code == 0, answer.output
    attainment = json.loads(answer.stdout)["sla_attainment"]
    chat = attainment["online_chat"]["chat_first_response"]
    assert (chat["limit_seconds"], chat["limit_applies_to"]) == (30.0, "each")
    assert attainment["online_chat"]["chat_average_response"]["limit_seconds"] == 60.0
    assert attainment["phone"]["phone_average_queue"]["limit_seconds"] == 20.0
    assert chat["samples"] > 0 and 0.0 <= chat["within_limit"] <= 1.0
