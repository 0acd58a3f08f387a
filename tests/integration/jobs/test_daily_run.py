"""The daily quality run on both stores: values stored once, runs logged, replays efficient."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from jobs_factories import consumer, merchant, order, refund_case, review
from sqlalchemy import delete, select, update

from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.indicators.models import PLATFORM, IndicatorValue, QualityRun, RunStatus
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.interfaces.jobs import registry
from pinzhi.interfaces.jobs.daily_run import run_daily, run_days

DAY = date(2026, 6, 10)
NOON = datetime(2026, 6, 10, 4, tzinfo=UTC)
AS_OF = date(2026, 6, 20)

Stored = dict[tuple[date, str, str], tuple[float | None, int, int, str]]


def seed(platform: Platform) -> None:
    """m1: two orders on DAY, one shipped late, one refunded, one reviewed; m2: one order."""
    with platform.uow() as uow:
        session = uow.session
        merchant(session, "m1")
        merchant(session, "m2")
        consumer(session)
        session.flush()
        late = order(session, merchant_id="m1", placed_at=NOON, shipped_after=timedelta(days=3))
        on_time = order(session, merchant_id="m1", placed_at=NOON, paid_fen=5_000)
        order(session, merchant_id="m2", placed_at=NOON + timedelta(hours=1))
        session.flush()
        refund_case(
            session, late, requested_at=NOON + timedelta(days=5), kind=CaseKind.RETURN_REFUND
        )
        review(session, on_time, rating=5, created_at=NOON + timedelta(days=4))
        uow.commit()


def stored(platform: Platform) -> Stored:
    with platform.uow() as uow:
        rows = uow.session.scalars(select(IndicatorValue)).all()
        return {
            (r.day, r.merchant_id, r.metric): (r.value, r.numerator, r.denominator, r.run_id)
            for r in rows
        }


class TestDailyRun:
    def test_values_are_stored_by_merchant_and_platform_wide(self, platform: Platform) -> None:
        seed(platform)

        report = run_daily(platform, as_of=AS_OF)

        values = stored(platform)
        assert values[DAY, "m1", "orders"] == (2.0, 2, 1, report.run_id)
        assert values[DAY, "m1", "gmv_fen"][:3] == (15_000.0, 15_000, 1)
        assert values[DAY, "m1", "late_shipment_rate"][:3] == (0.5, 1, 2)
        assert values[DAY, "m1", "refund_rate"][:3] == (0.5, 1, 2)
        assert values[DAY + timedelta(days=4), "m1", "avg_review_score"][:3] == (5.0, 5, 1)
        assert values[DAY, PLATFORM, "orders"][:3] == (3.0, 3, 1)
        assert values[DAY, PLATFORM, "late_shipment_rate"][:3] == (1 / 3, 1, 3)

    def test_running_twice_changes_nothing_more(self, platform: Platform) -> None:
        seed(platform)
        run_daily(platform, as_of=AS_OF)
        before = stored(platform)

        again = run_daily(platform, as_of=AS_OF)

        assert stored(platform) == before
        summary = again.summary("core_indicators")
        assert (summary["inserted"], summary["updated"], summary["deleted"]) == (0, 0, 0)
        assert summary["unchanged"] == len(before)

    def test_a_change_in_the_store_rewrites_only_the_values_it_moves(
        self, platform: Platform
    ) -> None:
        seed(platform)
        first = run_daily(platform, as_of=AS_OF)
        with platform.uow() as uow:
            uow.session.execute(
                update(Order)
                .where(Order.merchant_id == "m2")
                .values(status=OrderStatus.CANCELLED, cancelled_at=NOON + timedelta(hours=2))
            )
            uow.commit()

        second = run_daily(platform, as_of=AS_OF)

        values = stored(platform)
        assert values[DAY, "m2", "cancellation_rate"] == (1.0, 1, 1, second.run_id)
        assert values[DAY, PLATFORM, "cancellation_rate"][1:] == (1, 3, second.run_id)
        assert values[DAY, "m1", "orders"][3] == first.run_id
        assert second.summary("core_indicators")["inserted"] == 0

    def test_values_of_rows_gone_from_the_store_are_removed(self, platform: Platform) -> None:
        seed(platform)
        run_daily(platform, as_of=AS_OF)
        with platform.uow() as uow:
            uow.session.execute(delete(Order).where(Order.merchant_id == "m2"))
            uow.commit()

        again = run_daily(platform, as_of=AS_OF)

        assert not [key for key in stored(platform) if key[1] == "m2"]
        assert again.summary("core_indicators")["deleted"] == 6

    def test_each_run_is_logged_with_its_steps_and_timing(self, platform: Platform) -> None:
        seed(platform)

        report = run_daily(platform, as_of=AS_OF)

        with platform.uow() as uow:
            run = uow.session.get(QualityRun, report.run_id)
            assert run is not None
            steps: dict[str, Any] = run.steps
            assert (run.as_of, run.status) == (AS_OF, RunStatus.SUCCEEDED)
            assert list(steps) == [step.name for step in registry.registered_steps()]
            assert list(steps)[:2] == ["export_lake", "core_indicators"]
            assert list(steps)[-1] == "record_checkpoint"  # signs what every other step wrote
            assert steps["export_lake"]["summary"]["orders"]["rows"] == 3
            assert steps["core_indicators"]["seconds"] >= 0
            assert run.finished_at is not None

    def test_a_failing_step_is_logged_and_raised(
        self, platform: Platform, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def explode(ctx: registry.RunContext) -> registry.Summary:
            raise RuntimeError("lake on fire")

        monkeypatch.setitem(registry._STEPS, "explode", registry.Step("explode", 99, explode))

        with pytest.raises(RuntimeError, match="lake on fire"):
            run_daily(platform, as_of=AS_OF)

        with platform.uow() as uow:
            (run,) = uow.session.scalars(select(QualityRun)).all()
            steps: dict[str, Any] = run.steps
            assert run.status is RunStatus.FAILED
            assert steps["explode"]["error"] == "RuntimeError: lake on fire"
            assert "summary" in steps["core_indicators"]


class TestRunDays:
    def test_replay_runs_each_day_exports_once_and_ends_as_a_daily_run_would(
        self, platform: Platform
    ) -> None:
        seed(platform)
        seen: list[date] = []

        reports = run_days(
            platform,
            first=AS_OF - timedelta(days=2),
            last=AS_OF,
            on_progress=lambda report: seen.append(report.as_of),
        )

        assert seen == [AS_OF - timedelta(days=2), AS_OF - timedelta(days=1), AS_OF]
        assert [next(iter(r.steps)) for r in reports] == [
            "export_lake", "core_indicators", "core_indicators",
        ]  # fmt: skip
        assert all("export_lake" not in r.steps for r in reports[1:])  # the lake is exported once
        after = run_daily(platform, as_of=AS_OF).summary("core_indicators")
        assert (after["inserted"], after["updated"], after["deleted"]) == (0, 0, 0)
