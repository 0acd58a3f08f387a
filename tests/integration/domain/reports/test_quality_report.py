"""The quality report's figures equal what the raw rows say (S1 10.1.2).

A small platform is stored, the daily run computes its indicators and attainment, and the
report's figures are recomputed here straight from the orders, cases and complaints.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.reports.case_figures import Aftersales, Complaints
from pinzhi.domain.reports.improvement_figures import Improvement
from pinzhi.domain.reports.indicator_figures import Attainment, KeyIndicators
from pinzhi.domain.reports.periods import parse_period
from pinzhi.domain.reports.queries import QualityReport, quality_report
from pinzhi.domain.reports.satisfaction_figures import Satisfaction
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.interfaces.jobs.daily_run import run_daily
from pinzhi.interfaces.jobs.registry import registered_steps
from pinzhi.interfaces.reports.render import report_document
from report_factories import (
    CONSUMER_NAME,
    CONSUMER_PHONE,
    PERIOD,
    PLAN_TITLE,
    SHOPS,
    World,
    report_world,
)

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 10, 5, tzinfo=UTC)
ANALYST = Actor(user_id="usr_analyst", role=Role.QUALITY_ANALYST)
STEPS = {"export_lake", "core_indicators", "service_attainment"}
LOOK_BACK = 45
"""Days the run recomputes: back to mid-August, over both periods."""


@pytest.fixture
def stored(platform: Platform) -> World:
    with platform.uow() as uow:
        found = report_world(uow.session)
        uow.commit()
    return found


@pytest.fixture
def world(platform: Platform, stored: World) -> World:
    """The stored rows with the indicators and attainment the daily run computes from them."""
    others = {s.name for s in registered_steps()} - STEPS
    run_daily(
        platform, as_of=date(2026, 10, 1), engine="duckdb", skip=others, look_back_days=LOOK_BACK
    )
    return stored


def build(
    platform: Platform, *, public: bool = False, actor: Actor | None = ANALYST
) -> QualityReport:
    with platform.uow() as uow:
        return quality_report(
            uow=uow, actor=actor, period=parse_period(PERIOD), tz=TZ, now=NOW, public=public
        )


def in_september(when: datetime) -> bool:
    return when.astimezone(TZ).date().month == 9


def hours(start: datetime, end: datetime | None) -> float:
    assert end is not None
    return (end - start).total_seconds() / 3600


class TestFiguresFromRawRows:
    def test_key_indicators_pool_the_days_of_the_period_and_the_one_before(
        self, platform: Platform, world: World
    ) -> None:
        september = [o for o in world.orders if in_september(o.placed_at)]
        cancelled = sum(1 for o in september if o.status is OrderStatus.CANCELLED)
        refunded = {c.order_id for c in world.cases if c.kind is not CaseKind.REPAIR}

        figures = build(platform).sections["indicators"]

        assert isinstance(figures, KeyIndicators)
        lines = {line.metric: line for line in figures.lines}
        assert lines["orders"].value == len(september)
        assert lines["orders"].previous == len(world.orders) - len(september)
        assert lines["cancellation_rate"].value == pytest.approx(cancelled / len(september))
        assert lines["cancellation_rate"].limit == pytest.approx(0.025)
        assert lines["cancellation_rate"].meets_limit is False
        assert lines["refund_rate"].value == pytest.approx(len(refunded) / len(september))
        assert lines["gmv_fen"].value == sum(
            o.paid_fen for o in september if o.status is not OrderStatus.CANCELLED
        )

    def test_aftersales_volumes_and_handling_times_by_kind(
        self, platform: Platform, world: World
    ) -> None:
        figures = build(platform).sections["aftersales"]

        assert isinstance(figures, Aftersales)
        assert figures.total == len(world.cases)
        lines = {line.kind: line for line in figures.lines}
        refunds = [c for c in world.cases if c.kind is CaseKind.REFUND_BEFORE_SHIPMENT]
        line = lines[CaseKind.REFUND_BEFORE_SHIPMENT.value]
        assert line.cases == len(refunds)
        assert line.resolved == sum(1 for c in refunds if c.resolved_at is not None)
        assert line.mean_first_response_hours == pytest.approx(
            statistics.fmean(hours(c.requested_at, c.first_response_at) for c in refunds)
        )
        assert line.refunded_fen == sum(c.refunded_fen for c in refunds)

    def test_sla_attainment_counts_responses_within_the_s1_9_2_limit(
        self, platform: Platform, world: World
    ) -> None:
        refunds = [c for c in world.cases if c.kind is CaseKind.REFUND_BEFORE_SHIPMENT]
        within = sum(1 for c in refunds if hours(c.requested_at, c.first_response_at) <= 1)

        figures = build(platform).sections["attainment"]

        assert isinstance(figures, Attainment)
        line = next(x for x in figures.lines if x.measure == "refund_before_shipment_response")
        assert line.channel == "aftersales"
        assert line.limit_seconds == 3600
        assert line.samples == len(refunds)
        assert line.within_share == pytest.approx(within / len(refunds))
        assert line.breaches == len(refunds) - within
        assert line.meets_limit is False

    def test_complaint_volumes_closure_times_and_hot_spots(
        self, platform: Platform, world: World
    ) -> None:
        september = [c for c in world.complaints if in_september(c.filed_at)]
        closures = [hours(c.filed_at, c.resolved_at) for c in september if c.resolved_at]
        per_merchant = Counter(c.merchant_id for c in september)

        figures = build(platform).sections["complaints"]

        assert isinstance(figures, Complaints)
        assert figures.total == len(september)
        assert figures.previous_total == len(world.complaints) - len(september)
        assert figures.closed == len(closures)
        assert figures.mean_closure_hours == pytest.approx(statistics.fmean(closures))
        assert figures.median_closure_hours == pytest.approx(statistics.median(closures))
        categories = {c.label: c.count for c in figures.by_category}
        assert categories == dict(Counter(c.nature.value for c in september))
        top = figures.by_merchant[0]
        assert top.label == f"{SHOPS['m1']} (m1)"
        assert top.count == per_merchant["m1"]
        assert sum(figures.daily) == len(september)


def satisfied_share(surveys: list[Survey]) -> float:
    answers = [s.overall for s in surveys if s.overall is not None]
    return sum(a >= 4 for a in answers) / len(answers)


class TestSatisfactionAndImprovement:
    def test_survey_figures_per_service_type_match_the_survey_rows(
        self, platform: Platform, stored: World
    ) -> None:
        september = [s for s in stored.surveys if in_september(s.sent_at)]
        august = [s for s in stored.surveys if not in_september(s.sent_at)]
        returns = [s for s in september if s.service_type.value == "return"]
        answered = [s for s in returns if s.overall is not None]

        figures = build(platform).sections["satisfaction"]

        assert isinstance(figures, Satisfaction)
        lines = {line.service_type: line for line in figures.lines}
        assert set(lines) == {s.service_type.value for s in stored.surveys}
        line = lines["return"]
        assert line.sent == len(returns)
        assert line.response_rate == pytest.approx(len(answered) / len(returns), abs=1e-4)
        assert line.mean_overall == pytest.approx(
            statistics.fmean(s.overall or 0 for s in answered), abs=1e-4
        )
        assert line.satisfied_share == pytest.approx(satisfied_share(returns), abs=1e-4)
        assert line.previous_satisfied_share == pytest.approx(satisfied_share(august))
        assert line.better is False
        assert figures.total.sent == len(september)
        assert figures.total.satisfied_share == pytest.approx(satisfied_share(september), abs=1e-4)

    def test_partners_themes_and_solution_gaps_of_the_period(
        self, platform: Platform, stored: World
    ) -> None:
        figures = build(platform).sections["satisfaction"]

        assert isinstance(figures, Satisfaction)
        assert [(p.respondent_kind, p.responses, p.mean_score) for p in figures.partners] == [
            ("logistics_provider", 1, 2.0), ("merchant", 1, 4.0),
        ]  # fmt: skip
        assert [(c.theme, c.items) for c in figures.themes] == [
            ("logistics", 3), ("quality", 2), ("service", 1),
        ]  # fmt: skip
        assert [(g.theme, g.items) for g in figures.gaps] == [("logistics", 3)]

    def test_plans_opened_or_closed_in_the_period_with_their_effect(
        self, platform: Platform, stored: World
    ) -> None:
        figures = build(platform).sections["improvement"]

        assert isinstance(figures, Improvement)
        assert (figures.opened, figures.closed) == (2, 1)
        by_indicator = {p.indicator: p for p in figures.plans}
        assert set(by_indicator) == {"refund_rate", "complaint_rate"}
        closed = by_indicator["refund_rate"]
        assert (closed.stage, closed.subject, closed.title) == (
            "closed", f"{SHOPS['m1']} (m1)", PLAN_TITLE,
        )  # fmt: skip
        assert closed.effect_value == 0.06
        assert closed.progress == pytest.approx((0.06 - 0.09) / (0.05 - 0.09))
        assert by_indicator["complaint_rate"].subject is None  # the platform


class TestPublicEdition:
    def test_names_no_merchant_and_no_consumer(self, platform: Platform, stored: World) -> None:
        html = report_document(build(platform, public=True), lang="zh-CN", tz=TZ)

        for secret in (*SHOPS.values(), CONSUMER_NAME, CONSUMER_PHONE, PLAN_TITLE):
            assert secret not in html
        assert not re.search(r"\bm[12]\b", html)
        assert "#1" in html

    def test_internal_edition_names_the_shops(self, platform: Platform, stored: World) -> None:
        html = report_document(build(platform), lang="zh-CN", tz=TZ)

        assert f"{SHOPS['m1']} (m1)" in html
        assert CONSUMER_PHONE not in html

    def test_a_role_without_every_merchants_figures_gets_the_public_edition(
        self, platform: Platform
    ) -> None:
        agent = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)

        assert build(platform, actor=agent).public is True

    def test_a_consumer_may_not_read_the_report(self, platform: Platform) -> None:
        with pytest.raises(Forbidden):
            build(platform, actor=Actor(user_id="usr_c", role=Role.CONSUMER, consumer_id="c1"))
