"""Warnings, measures and appeals on both stores: idempotent runs, notices, the record chain,
appeals lifting measures, and reads limited to what the actor may see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.domain.notices.models import Notice
from pinzhi.domain.oversight import appeals, queries
from pinzhi.domain.oversight.decision_rules import MerchantStanding, decide
from pinzhi.domain.oversight.measures import APPEAL_GRACE_DAYS, apply_decisions
from pinzhi.domain.oversight.models import (
    AppealStatus,
    AppealTarget,
    MeasureKind,
    MeasureStatus,
    WarningKind,
    WarningSeverity,
)
from pinzhi.domain.oversight.warning_rules import WarningDraft
from pinzhi.domain.oversight.warnings import store_warnings
from pinzhi.domain.records.queries import list_records

DAY = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 18, tzinfo=UTC)
ANALYST = Actor(user_id="u-analyst", role=Role.QUALITY_ANALYST)
SHOP1 = Actor(user_id="u-shop1", role=Role.MERCHANT, merchant_id="m1")
SHOP2 = Actor(user_id="u-shop2", role=Role.MERCHANT, merchant_id="m2")
BUYER = Actor(user_id="u-buyer", role=Role.CONSUMER, consumer_id="c1")
FAKE = WarningDraft(
    "m1",
    WarningKind.FAKE_ORDERS,
    WarningSeverity.CRITICAL,
    "possible fake orders: 90 of 200 orders came from repeat buyers",
    {"window_orders": "200", "repeat_buyer_orders": "90"},
)
SHIFT = WarningDraft(
    "m2", WarningKind.SUDDEN_SHIFT, WarningSeverity.NOTICE, "complaint_rate jumped", {"x": "1"}
)


@pytest.fixture
def shops(platform: Platform) -> Platform:
    with platform.uow() as uow:
        f.merchant(uow.session, "m1", name="一号店")
        f.merchant(uow.session, "m2", name="二号店")
        uow.commit()
    return platform


def warn(platform: Platform, *drafts: WarningDraft, run: str = "run1") -> tuple[int, ...]:
    with platform.uow() as uow:
        found = store_warnings(uow=uow, run_id=run, as_of=DAY, now=NOW, drafts=drafts)
        uow.commit()
    return tuple(found)


def impose(
    platform: Platform, *standings: MerchantStanding, now: datetime = NOW
) -> tuple[int, ...]:
    drafts = [d for s in standings for d in decide(s)]
    with platform.uow() as uow:
        found = apply_decisions(
            uow=uow,
            run_id="run1",
            as_of=now.date(),
            now=now,
            drafts=drafts,
            judged={s.merchant_id for s in standings},
        )
        uow.commit()
    return tuple(found)


class TestWarnings:
    def test_stored_once_and_sent_to_the_merchant_and_the_analysts(self, shops: Platform) -> None:
        assert warn(shops, FAKE, SHIFT) == (2, 0, 0, 0)
        assert warn(shops, FAKE, SHIFT, run="run2") == (0, 0, 0, 2)

        with shops.uow() as uow:
            notices = uow.session.execute(
                select(Notice.recipient_kind, Notice.recipient_id).where(
                    Notice.subject_kind == "merchant_warning"
                )
            ).all()
            chained = list_records(uow=uow, subject_kind="merchant", subject_id="m1")
            mine = queries.list_warnings(uow=uow, actor=SHOP1)
            every = queries.list_warnings(uow=uow, actor=ANALYST)
        assert sorted((k.value, i) for k, i in notices) == [
            ("merchant", "m1"),
            ("merchant", "m2"),
            ("role", "quality_analyst"),
            ("role", "quality_analyst"),
        ]
        assert [e.action for e in chained] == ["warning.fake_orders"]
        assert [(w.merchant_id, w.kind) for w in mine] == [("m1", WarningKind.FAKE_ORDERS)]
        assert [w.severity for w in every] == [WarningSeverity.CRITICAL, WarningSeverity.NOTICE]

    def test_a_warning_no_longer_raised_is_withdrawn(self, shops: Platform) -> None:
        warn(shops, FAKE, SHIFT)

        assert warn(shops, FAKE) == (0, 0, 1, 1)

    def test_a_consumer_may_not_read_warnings(self, shops: Platform) -> None:
        with shops.uow() as uow, pytest.raises(Forbidden):
            queries.list_warnings(uow=uow, actor=BUYER)


class TestMeasures:
    def test_decisions_are_imposed_once_and_incentives_end_with_the_tier(
        self, shops: Platform
    ) -> None:
        top = MerchantStanding("m2", "S", {"credit": "90"}, ())
        faker = MerchantStanding("m1", "D", {"credit": "10", "operations": "40"}, (), True)

        assert impose(shops, top, faker) == (4, 0, 0)
        assert impose(shops, top, faker) == (0, 0, 4)
        fallen = MerchantStanding("m2", "B", {"credit": "60"}, ())
        clean = MerchantStanding("m1", "B", {"credit": "60"}, ())
        assert impose(shops, fallen, clean) == (0, 3, 0)

        with shops.uow() as uow:
            log = queries.list_measures(uow=uow, actor=ANALYST)
            controlled = queries.list_measures(
                uow=uow, actor=ANALYST, kind=MeasureKind.KEY_CONTROL, active_only=True
            )
            published = queries.public_measures(uow=uow)
            own = queries.list_measures(uow=uow, actor=SHOP2)
        assert {(m.kind, m.status) for m in log} == {
            (MeasureKind.KEY_CONTROL, MeasureStatus.ACTIVE),
            (MeasureKind.TRAINING, MeasureStatus.ENDED),
            (MeasureKind.COMMISSION_REDUCTION, MeasureStatus.ENDED),
            (MeasureKind.FINANCING_ELIGIBILITY, MeasureStatus.ENDED),
        }
        assert [(m.merchant_id, m.topic) for m in controlled] == [("m1", "fake_orders")]
        assert [(p.shop_name, p.offence) for p in published] == [("一号店", "fake_orders")]
        assert {m.merchant_id for m in own} == {"m2"}


class TestAppeals:
    def _controlled(self, platform: Platform) -> str:
        impose(platform, MerchantStanding("m1", None, {}, (), fake_order_warning=True))
        with platform.uow() as uow:
            (measure,) = queries.list_measures(uow=uow, actor=SHOP1)
        return measure.id

    def test_an_upheld_appeal_lifts_the_measure_and_it_stays_lifted(self, shops: Platform) -> None:
        measure_id = self._controlled(shops)
        with shops.uow() as uow:
            filed = appeals.file_appeal(
                uow=uow,
                actor=SHOP1,
                target=AppealTarget.MEASURE,
                target_id=measure_id,
                reason="这些订单来自企业团购",
                now=NOW,
            )
            uow.commit()
        later = NOW + timedelta(hours=2)
        with shops.uow() as uow:
            appeals.review_appeal(uow=uow, actor=ANALYST, appeal_id=filed.id, now=later)
            decided = appeals.decide_appeal(
                uow=uow,
                actor=ANALYST,
                appeal_id=filed.id,
                upheld=True,
                note="团购合同已核实",
                now=later,
            )
            uow.commit()

        assert decided.status is AppealStatus.UPHELD
        with shops.uow() as uow:
            (measure,) = queries.list_measures(uow=uow, actor=SHOP1)
            trail = list_records(uow=uow, subject_kind="appeal", subject_id=filed.id)
            on_merchant = list_records(uow=uow, subject_kind="merchant", subject_id="m1")
        assert measure.status is MeasureStatus.LIFTED
        assert measure.end_reason is not None and "团购合同已核实" in measure.end_reason
        assert [e.action for e in trail] == [
            "appeal.filed",
            "appeal.under_review",
            "appeal.upheld",
        ]
        assert [e.action for e in on_merchant] == ["measure.key_control", "measure.lifted"]
        next_day = NOW + timedelta(days=1)
        warned_again = MerchantStanding("m1", None, {}, (), fake_order_warning=True)
        assert impose(shops, warned_again, now=next_day) == (0, 0, 0)
        confirmed = MerchantStanding("m1", None, {}, ("fake_orders",))
        assert impose(shops, confirmed, now=next_day) == (0, 0, 0)
        after_grace = NOW + timedelta(days=APPEAL_GRACE_DAYS + 1)
        assert impose(shops, confirmed, now=after_grace) == (1, 0, 0)

    def test_appeals_are_checked(self, shops: Platform) -> None:
        measure_id = self._controlled(shops)
        with shops.uow() as uow:
            with pytest.raises(NotFound):
                appeals.file_appeal(
                    uow=uow,
                    actor=SHOP2,
                    target=AppealTarget.MEASURE,
                    target_id=measure_id,
                    reason="not mine",
                    now=NOW,
                )
            with pytest.raises(Forbidden):
                appeals.file_appeal(
                    uow=uow,
                    actor=ANALYST,
                    target=AppealTarget.MEASURE,
                    target_id=measure_id,
                    reason="x",
                    now=NOW,
                )
            filed = appeals.file_appeal(
                uow=uow,
                actor=SHOP1,
                target=AppealTarget.MEASURE,
                target_id=measure_id,
                reason="first",
                now=NOW,
            )
            with pytest.raises(Conflict):
                appeals.file_appeal(
                    uow=uow,
                    actor=SHOP1,
                    target=AppealTarget.MEASURE,
                    target_id=measure_id,
                    reason="again",
                    now=NOW,
                )
            with pytest.raises(InvalidTransition):
                appeals.decide_appeal(
                    uow=uow, actor=ANALYST, appeal_id=filed.id, upheld=False, note="n", now=NOW
                )
            with pytest.raises(Forbidden):
                appeals.review_appeal(uow=uow, actor=SHOP1, appeal_id=filed.id, now=NOW)

    def test_an_upheld_grade_appeal_lifts_that_days_key_control(self, shops: Platform) -> None:
        self._controlled(shops)
        with shops.uow() as uow:
            row = MerchantGradeRow(
                as_of=DAY,
                merchant_id="m1",
                orders=40,
                total_cents=3000,
                tier=Tier.D,
                dimensions={},
                measurements={},
                explanation="D",
                run_id="run1",
            )
            uow.session.add(row)
            uow.commit()
            grade_id = str(row.id)
        with shops.uow() as uow:
            filed = appeals.file_appeal(
                uow=uow,
                actor=SHOP1,
                target=AppealTarget.GRADE,
                target_id=grade_id,
                reason="数据有误",
                now=NOW,
            )
            appeals.review_appeal(uow=uow, actor=ANALYST, appeal_id=filed.id, now=NOW)
            appeals.decide_appeal(
                uow=uow, actor=ANALYST, appeal_id=filed.id, upheld=True, note="已更正", now=NOW
            )
            uow.commit()
        with shops.uow() as uow:
            (measure,) = queries.list_measures(uow=uow, actor=SHOP1)
            mine = queries.list_appeals(uow=uow, actor=SHOP1)
        assert measure.status is MeasureStatus.LIFTED
        assert [a.status for a in mine] == [AppealStatus.UPHELD]
