"""Simulated pre-duty exams: consistent marks, passed by nearly everyone, and after import
they are what the staff gate reads (S1 9.3.2; S3 5.2.2.2)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.world import build_world
from pinzhi.bootstrap import Platform
from pinzhi.domain.service import staff_queries, staff_rules
from pinzhi.domain.service.models import TrainingKind
from pinzhi.domain.service.staff_rules import Duty, Training

Frames = dict[str, pd.DataFrame]
LARGE_STAFF = Scenario(
    merchants=30, days=8, seed=5, start=date(2025, 6, 14), orders_per_day=90_000, consumers=2000
)
"""300 staff: enough for failed first attempts and pending hires to show."""


@pytest.fixture(scope="module")
def large_staff() -> tuple[pd.DataFrame, pd.DataFrame]:
    tables = build_world(LARGE_STAFF)[1]
    return tables["staff"].to_pandas(), tables["staff_exams"].to_pandas()


def passed_by_staff(exams: pd.DataFrame) -> pd.Series:
    return exams[exams["passed"]].groupby("staff_id").size()


class TestExamRows:
    def test_passed_agrees_with_the_score_and_pass_mark(self, frames: Frames) -> None:
        exams = frames["staff_exams"]

        assert len(exams)
        assert ((exams["score"] >= exams["pass_mark"]) == exams["passed"]).all()
        assert exams["score"].between(0, 100).all()

    def test_every_exam_has_happened_by_the_export(
        self, frames: Frames, scenario: Scenario
    ) -> None:
        as_of = datetime.fromtimestamp(scenario.as_of, UTC)

        assert (frames["staff_exams"]["taken_at"] <= as_of).all()

    def test_exams_are_pre_duty_and_near_the_hiring_date(self, frames: Frames) -> None:
        exams = frames["staff_exams"].merge(
            frames["staff"][["id", "hired_at"]], left_on="staff_id", right_on="id"
        )
        offset = (exams["taken_at"] - exams["hired_at"]).dt.days

        assert (exams["kind"] == TrainingKind.PRE_DUTY.value).all()
        assert offset.between(-7, 11).all()

    def test_nobody_passes_twice_and_a_retake_follows_a_failure(
        self, large_staff: tuple[pd.DataFrame, pd.DataFrame]
    ) -> None:
        _, exams = large_staff
        attempts = exams.sort_values(["staff_id", "taken_at"]).groupby("staff_id")
        retakes = attempts.filter(lambda rows: len(rows) > 1).groupby("staff_id")

        assert passed_by_staff(exams).max() == 1
        assert retakes.ngroups >= 5
        assert retakes["passed"].agg(lambda p: not p.iloc[0] and p.iloc[-1]).all()

    def test_most_staff_passed_and_the_newest_hires_include_those_who_have_not(
        self, large_staff: tuple[pd.DataFrame, pd.DataFrame]
    ) -> None:
        staff, exams = large_staff
        passed = staff["id"].isin(passed_by_staff(exams).index)
        newest = staff["hired_at"].rank(ascending=False) <= len(staff) * 0.05

        assert passed.mean() > 0.9
        assert (~passed).sum() >= 5
        assert newest[~passed].all()
        assert not exams[exams["staff_id"].isin(staff["id"][~passed])]["passed"].any()


class TestStaffGateAfterImport:
    def test_the_gate_reads_the_imported_exams(
        self, platform: Platform, parquet_dir: Path, frames: Frames, scenario: Scenario
    ) -> None:
        import_directory(engine=platform.engine, directory=parquet_dir)
        now = datetime.fromtimestamp(scenario.as_of, UTC)
        passed = set(passed_by_staff(frames["staff_exams"]).index)

        with platform.uow() as uow:
            records = [
                staff_queries.staff_record(uow=uow, staff_id=staff_id)
                for staff_id in frames["staff"]["id"]
            ]
        # Pre-duty trainings are not importable yet: give everyone one, so only exams decide.
        trained = [
            dataclasses.replace(r, trainings=(Training(TrainingKind.PRE_DUTY, r.hired_at),))
            for r in records
        ]
        cleared = {r.staff_id for r in trained if staff_rules.passed_pre_duty(r, now)}
        refused = [r for r in trained if staff_rules.assignment_problems(r, Duty.CASE, now)]

        assert cleared == passed
        assert len(cleared) >= 0.8 * len(records)
        assert {r.staff_id for r in refused} == {r.staff_id for r in records} - passed
        assert refused
