"""The daily run grades every merchant, stores the grades once, and reports tiers and the worst."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from jobs_factories import consumer, merchant, order, review
from sqlalchemy import func, select

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.domain.grading.queries import grades_on, latest_as_of, merchant_grade_history
from pinzhi.interfaces.jobs.daily_run import run_daily

AS_OF = date(2026, 6, 30)
FIRST = datetime(2026, 6, 1, 2, tzinfo=UTC)
ANALYST = Actor(user_id="u-analyst", role=Role.QUALITY_ANALYST)


def seed(platform: Platform) -> None:
    """good: 40 punctual orders, 5-star reviews; sloppy: 40 orders, half shipped and delivered
    late, 2-star reviews; tiny: 3 orders (below the minimum volume)."""
    with platform.uow() as uow:
        session = uow.session
        for name in ("good", "sloppy", "tiny"):
            merchant(session, name)
        consumer(session)
        session.flush()
        for n in range(40):
            placed = FIRST + timedelta(hours=12 * n)
            kept = order(session, merchant_id="good", placed_at=placed)
            late = n % 2 == 0
            slow = order(
                session,
                merchant_id="sloppy",
                placed_at=placed,
                shipped_after=timedelta(days=3 if late else 1),
                delivered_after=timedelta(days=8 if late else 3),
            )
            if n % 4 == 0:
                session.flush()
                review(session, kept, rating=5, created_at=placed + timedelta(days=4))
                review(session, slow, rating=2, created_at=placed + timedelta(days=9))
        for n in range(3):
            order(session, merchant_id="tiny", placed_at=FIRST + timedelta(days=n))
        uow.commit()


class TestGradingStep:
    def test_tiers_worst_merchants_and_stored_explanations(self, platform: Platform) -> None:
        seed(platform)

        report = run_daily(platform, as_of=AS_OF)

        summary = report.summary("merchant_grades")
        assert (summary["merchants"], summary["graded"], summary["inserted"]) == (3, 2, 3)
        assert summary["tiers"] == {"S": 0, "A": 1, "B": 0, "C": 1, "D": 0}
        assert [w["merchant_id"] for w in summary["worst"]] == ["sloppy", "good"]
        with platform.uow() as uow:
            views = {
                v.merchant_id: v for v in grades_on(uow=uow, actor=ANALYST, as_of=AS_OF, limit=10)
            }
        good, sloppy, tiny = views["good"], views["sloppy"], views["tiny"]
        assert good.tier is not None and sloppy.tier is not None
        assert good.total is not None and sloppy.total is not None
        assert sloppy.total < good.total
        assert (Tier(good.tier), Tier(sloppy.tier)) == (Tier.A, Tier.C)
        assert tiny.tier is None and "too few orders (3 < 30)" in tiny.explanation
        counts = sloppy.measurements["counts"]
        assert (counts["orders"], counts["shipped_late"], counts["delivered_late"]) == (40, 20, 20)
        assert counts["defect_orders"] == 10  # every 2-star review is a defect
        scores = {s["measure"]: s for s in sloppy.measurements["scores"]}
        assert scores["late_shipment_rate"]["raw"] == "0.5"
        # two graded peers in 家电: the sloppy one beats nobody and ties itself (half)
        assert scores["late_shipment_rate"]["peer_percentile"] == "25.0"
        assert {s["peer_percentile"] for s in good.measurements["scores"]} >= {"75.0"}
        assert "weakest: operations" in sloppy.explanation
        assert good.measurements["improvements"][0]["measure"] == "verified_licence_share"
        assert "to reach the next tier: verified licence share" in good.explanation
        assert report.run_id == sloppy.run_id

    def test_running_again_writes_nothing(self, platform: Platform) -> None:
        seed(platform)
        first = run_daily(platform, as_of=AS_OF)

        again = run_daily(platform, as_of=AS_OF).summary("merchant_grades")

        assert (again["inserted"], again["updated"], again["deleted"]) == (0, 0, 0)
        assert again["unchanged"] == 3
        with platform.uow() as uow:
            rows = uow.session.scalars(select(MerchantGradeRow)).all()
            assert {r.run_id for r in rows} == {first.run_id}
            assert uow.session.scalar(select(func.count()).select_from(MerchantGradeRow)) == 3

    def test_a_merchant_reads_only_its_own_grades(self, sqlite_platform: Platform) -> None:
        seed(sqlite_platform)
        run_daily(sqlite_platform, as_of=AS_OF)
        run_daily(sqlite_platform, as_of=AS_OF + timedelta(days=1))
        owner = Actor(user_id="u-good", role=Role.MERCHANT, merchant_id="good")

        with sqlite_platform.uow() as uow:
            history = merchant_grade_history(uow=uow, actor=owner, merchant_id="good")
            assert [g.as_of for g in history] == [AS_OF + timedelta(days=1), AS_OF]
            assert latest_as_of(uow=uow, actor=owner) == AS_OF + timedelta(days=1)
            listed = grades_on(uow=uow, actor=owner, as_of=AS_OF)
            assert [g.merchant_id for g in listed] == ["good"]
            with pytest.raises(NotFound):
                merchant_grade_history(uow=uow, actor=owner, merchant_id="sloppy")
            with pytest.raises(Forbidden):
                grades_on(uow=uow, actor=Actor(user_id="c", role=Role.CONSUMER), as_of=AS_OF)
