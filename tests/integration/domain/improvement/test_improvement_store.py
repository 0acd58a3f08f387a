"""The catalogue reads the indicator stores; targets are versioned; the daily step drafts one
plan per missed indicator; plans move through PDCA with recorded effects and record entries."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from improvement_factories import AGENT, ANALYST, ASSESSOR, LAST_DAY, NOON, improvement_world
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, InvalidTransition, ValidationFailed
from pinzhi.domain.improvement import operations, queries
from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.domain.indicators import queries as indicators
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.records.models import RecordEntry
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.store.uow import UnitOfWork

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        improvement_world(uow.session)
        uow.commit()
    return platform


def _cards(uow: UnitOfWork, merchant_id: str = PLATFORM) -> dict[str, queries.IndicatorCard]:
    found = queries.indicator_cards(
        uow=uow, actor=ANALYST, tz=TZ, end=LAST_DAY, days=20, merchant_id=merchant_id
    )
    return {card.indicator.id: card for card in found}


def _open_plan(uow: UnitOfWork, indicator: str = "refund_rate") -> str:
    plan = operations.open_plan(
        uow=uow, actor=ANALYST, now=NOON, indicator_id=indicator, subject=PLATFORM,
        opening_value=0.06, opening_day=LAST_DAY, goal_value=0.05,
    )  # fmt: skip
    assert plan is not None
    return plan.id


class TestCatalogueValues:
    @pytest.mark.parametrize("merchant_id", [PLATFORM, "m1"])
    def test_store_indicators_are_the_stored_values(
        self, world: Platform, merchant_id: str
    ) -> None:
        with world.uow() as uow:
            cards = _cards(uow, merchant_id)
            stored = indicators.indicator_series(
                uow=uow, actor=ANALYST, start=LAST_DAY - timedelta(days=19), end=LAST_DAY,
                merchant_id=merchant_id,
            )  # fmt: skip

        by_metric = {s.metric: [p.value for p in s.points] for s in stored}
        assert list(cards["refund_rate"].values) == by_metric["refund_rate"]
        assert list(cards["late_shipment_rate"].values) == by_metric["late_shipment_rate"]
        assert list(cards["review_score"].values) == by_metric["avg_review_score"]
        assert cards["refund_rate"].current == by_metric["refund_rate"][-1]

    def test_attainment_indicators_read_the_attainment_store(self, world: Platform) -> None:
        with world.uow() as uow:
            cards = _cards(uow)

        # chat first response: 30 judged, 21 within, 900 s in all; phone 5/4; refunds 2/2
        assert cards["sla_attainment"].current == pytest.approx((21 + 4 + 2) / (30 + 5 + 2))
        assert cards["first_response_seconds"].current == pytest.approx(30.0)

    def test_complaint_and_return_figures_count_the_days_facts_over_its_orders(
        self, world: Platform
    ) -> None:
        with world.uow() as uow:
            cards = _cards(uow, "m1")
            orders = indicators.indicator_series(
                uow=uow, actor=ANALYST, start=LAST_DAY, end=LAST_DAY, merchant_id="m1",
                metrics=("orders",),
            )[0].points[0].value  # fmt: skip

        assert orders
        assert cards["complaint_rate"].current == pytest.approx(2 / orders)
        assert cards["return_rate"].current == pytest.approx(1 / orders)
        assert cards["complaint_resolution_hours"].current == pytest.approx(10.0)

    @pytest.mark.parametrize("merchant_id", [PLATFORM, "m1"])
    def test_satisfaction_is_the_share_of_satisfied_survey_answers_per_day(
        self, world: Platform, merchant_id: str
    ) -> None:
        with world.uow() as uow:
            cards = _cards(uow, merchant_id)
            rows = uow.session.execute(select(Survey.merchant_id, Survey.sent_at, Survey.overall))
            mine = [(at, o) for m, at, o in rows if merchant_id in (PLATFORM, m)]

        def share(day: date) -> float | None:
            answers = [o for at, o in mine if o is not None and at.astimezone(TZ).date() == day]
            return sum(a >= 4 for a in answers) / len(answers) if answers else None

        card = cards["satisfaction"]
        assert card.indicator.source == "satisfaction:survey"
        # the summary rounds shares to four decimals
        assert list(card.values) == pytest.approx([share(d) for d in card.days], abs=1e-4)
        assert card.current == pytest.approx(share(LAST_DAY), abs=1e-4)
        assert card.values[-2] == 0.0  # the day before: one answer, a 3
        assert card.values[-3] is None  # no survey sent: no figure rather than zero

    def test_a_merchant_subject_needs_the_any_merchant_right(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(Forbidden):
            queries.indicator_cards(uow=uow, actor=AGENT, tz=TZ, end=LAST_DAY)


class TestTargets:
    def test_a_target_change_is_a_new_version_with_who_and_why(self, world: Platform) -> None:
        with world.uow() as uow:
            operations.set_target(uow=uow, actor=ANALYST, now=NOON, indicator_id="refund_rate",
                                  value=0.07, reason="大促期间放宽")  # fmt: skip
            operations.set_target(
                uow=uow, actor=ANALYST, now=NOON + timedelta(days=1), indicator_id="refund_rate",
                value=0.06, reason="恢复",
            )  # fmt: skip
            uow.commit()
        with world.uow() as uow:
            history = queries.target_history(uow=uow, actor=ASSESSOR, indicator_id="refund_rate")
            card = _cards(uow)["refund_rate"]
            entries = uow.session.scalars(
                select(RecordEntry).where(RecordEntry.subject_kind == "indicator_target")
            ).all()

        assert [(t.version, t.value, t.reason) for t in history] == [
            (2, 0.06, "恢复"), (1, 0.07, "大促期间放宽"), (0, 0.08, ""),
        ]  # fmt: skip
        assert history[0].changed_by == ANALYST.user_id
        assert card.target.value == 0.06
        assert len(entries) == 2

    def test_an_assessor_reads_but_may_not_change_targets(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(Forbidden):
            operations.set_target(uow=uow, actor=ASSESSOR, now=NOON, indicator_id="refund_rate",
                                  value=0.01, reason="x")  # fmt: skip

    def test_a_change_without_a_reason_is_refused(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(ValidationFailed, match="why"):
            operations.set_target(uow=uow, actor=ANALYST, now=NOON, indicator_id="refund_rate",
                                  value=0.01, reason=" ")  # fmt: skip


class TestDailyDrafts:
    def test_one_plan_per_missed_indicator_even_when_run_twice(self, world: Platform) -> None:
        with world.uow() as uow:
            missed = {i for i, card in _cards(uow).items() if card.misses}
        assert missed  # the seeded refund rate (5–7 %) and attainment miss their defaults

        for _ in range(2):
            with world.uow() as uow:
                operations.open_plans_for_misses(uow=uow, actor=ANALYST, now=NOON, tz=TZ,
                                                  as_of=LAST_DAY, subjects=(PLATFORM,))  # fmt: skip
                uow.commit()
        with world.uow() as uow:
            plans = queries.list_plans(uow=uow, actor=ASSESSOR)

        assert sorted(p.indicator for p in plans) == sorted(missed)
        assert all(p.stage is PdcaStage.PLAN and p.subject == PLATFORM for p in plans)

    def test_a_closed_plan_lets_the_next_miss_open_a_new_one(self, world: Platform) -> None:
        with world.uow() as uow:
            plan_id = _open_plan(uow, "sla_attainment")
            for stage in (PdcaStage.DO, PdcaStage.CHECK):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)
            operations.record_effect(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, tz=TZ)
            for stage in (PdcaStage.ACT, PdcaStage.CLOSED):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)
            summary = operations.open_plans_for_misses(
                uow=uow, actor=ANALYST, now=NOON, tz=TZ, as_of=LAST_DAY, subjects=(PLATFORM,)
            )
            uow.commit()
            plans = queries.list_plans(uow=uow, actor=ANALYST)

        assert summary["opened"] == summary["missed"]
        assert [p.stage for p in plans if p.indicator == "sla_attainment"].count(
            PdcaStage.PLAN
        ) == 1


class TestPdca:
    def test_skipping_to_closed_is_refused(self, world: Platform) -> None:
        with world.uow() as uow:
            plan_id = _open_plan(uow)

            with pytest.raises(InvalidTransition, match="cannot move to closed"):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                                        to=PdcaStage.CLOSED)  # fmt: skip

    def test_leaving_check_needs_an_effect_recorded_at_it(self, world: Platform) -> None:
        with world.uow() as uow:
            plan_id = _open_plan(uow)
            operations.advance_plan(
                uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=PdcaStage.DO
            )
            operations.record_effect(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, tz=TZ)
            operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                                    to=PdcaStage.CHECK)  # fmt: skip

            with pytest.raises(InvalidTransition, match="record the effect"):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                                        to=PdcaStage.ACT)  # fmt: skip

    def test_effects_track_opening_now_and_goal_and_every_change_is_recorded(
        self, world: Platform
    ) -> None:
        later = NOON + timedelta(hours=1)
        with world.uow() as uow:
            plan_id = _open_plan(uow)
            operations.update_plan(
                uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, title="降低退款率",
                goal_value=0.05, goal_date=LAST_DAY + timedelta(days=60),
                due_date=LAST_DAY + timedelta(days=45), owner_id="u-owner",
                measures=["出库前质检", " ", "商品描述核对"],
            )  # fmt: skip
            operations.record_root_cause(
                uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                whys=["退款多", "商品与描述不符", "详情页未更新"],
                fishbone={"method": ["上架无核对流程"], "people": ["运营新人"]},
            )  # fmt: skip
            for stage in (PdcaStage.DO, PdcaStage.CHECK):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)
            checked = operations.record_effect(uow=uow, actor=ANALYST, now=later,
                                               plan_id=plan_id, tz=TZ, note="首轮检查")  # fmt: skip
            for stage in (PdcaStage.ACT, PdcaStage.CLOSED):
                operations.advance_plan(
                    uow=uow, actor=ANALYST, now=later, plan_id=plan_id, to=stage
                )
            uow.commit()
        with world.uow() as uow:
            plan = queries.get_plan(uow=uow, actor=ASSESSOR, plan_id=plan_id)
            stored = queries.current_value(uow=uow, actor=ANALYST, indicator_id="refund_rate",
                                           subject=PLATFORM, tz=TZ, end=LAST_DAY)  # fmt: skip
            actions = uow.session.scalars(
                select(RecordEntry.action).where(RecordEntry.subject_id == plan_id)
                .order_by(RecordEntry.sequence)
            ).all()  # fmt: skip

        (effect,) = checked.effects
        assert stored[1] is not None
        assert (effect.stage, effect.day, effect.value) == (PdcaStage.CHECK, *stored)
        assert effect.progress == pytest.approx((stored[1] - 0.06) / (0.05 - 0.06))
        assert plan.stage is PdcaStage.CLOSED and plan.closed_at is not None
        assert plan.measures == ["出库前质检", "商品描述核对"] and plan.owner_id == "u-owner"
        assert plan.whys[1] == "商品与描述不符" and plan.fishbone["method"] == ["上架无核对流程"]
        assert actions == [
            "plan_opened", "plan_updated", "root_cause_recorded", "stage_changed",
            "stage_changed", "effect_recorded", "stage_changed", "stage_changed",
        ]  # fmt: skip

    def test_a_closed_plan_is_not_edited(self, world: Platform) -> None:
        with world.uow() as uow:
            plan_id = _open_plan(uow)
            for stage in (PdcaStage.DO, PdcaStage.CHECK):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)
            operations.record_effect(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, tz=TZ)
            for stage in (PdcaStage.ACT, PdcaStage.CLOSED):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)

            with pytest.raises(InvalidTransition, match="closed"):
                operations.record_root_cause(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                                             whys=["x"], fishbone={})  # fmt: skip

    def test_act_can_start_another_cycle(self, world: Platform) -> None:
        with world.uow() as uow:
            plan_id = _open_plan(uow)
            for stage in (PdcaStage.DO, PdcaStage.CHECK):
                operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=stage)
            operations.record_effect(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, tz=TZ)
            operations.advance_plan(
                uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id, to=PdcaStage.ACT
            )

            again = operations.advance_plan(uow=uow, actor=ANALYST, now=NOON, plan_id=plan_id,
                                            to=PdcaStage.PLAN)  # fmt: skip

        assert (again.stage, again.cycle) == (PdcaStage.PLAN, 2)
