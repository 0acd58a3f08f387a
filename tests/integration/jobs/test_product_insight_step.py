"""The daily run grades products, designates premium ones with a logged decision, and stores
the trend report and each merchant's brief (S1 7.1, 7.2, 8)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from jobs_factories import consumer, merchant, order
from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.catalog.models import Inspection, InspectionResult, KeyCategory, Product, Sku
from pinzhi.domain.feedback.models import Review
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.insight.queries import latest_report
from pinzhi.domain.orders.models import OrderItem
from pinzhi.domain.products_quality.models import ProductDecision, ProductDecisionKind
from pinzhi.domain.products_quality.queries import product_decisions, product_grades_on
from pinzhi.domain.service.models import Channel, Sender, ServiceMessage, ServiceSession
from pinzhi.interfaces.jobs import product_insight_steps, registry
from pinzhi.interfaces.jobs.daily_run import run_daily

AS_OF = date(2026, 6, 30)
RECENT = datetime(2026, 6, 5, 2, tzinfo=UTC)
PREVIOUS = datetime(2026, 5, 5, 2, tzinfo=UTC)
ANALYST = Actor(user_id="u-analyst", role=Role.QUALITY_ANALYST)
GOOD_SHOP = Actor(user_id="u-good", role=Role.MERCHANT, merchant_id="good")


class UnsureModel:
    """Stands in for the shipped sentiment model, which is trained elsewhere: the reviews here
    carry lexicon opinions (质量很好), so the model is never the one that decides."""

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return np.full(len(texts), 0.5)


@pytest.fixture(autouse=True)
def unsure_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(product_insight_steps, "shipped_model", UnsureModel)


def listing(session: Session, pid: str, shop: str, **kw: object) -> None:
    session.add(
        Product(
            id=pid, merchant_id=shop, category="食品", title=f"坚果 {pid}",
            description_length=400, photo_count=6, attribute_count=10,
            listed_at=datetime(2026, 1, 1, tzinfo=UTC), **kw,
        )
    )  # fmt: skip
    session.add(Sku(id=f"k_{pid}", product_id=pid, spec="规格:礼盒装", list_price_fen=8_000))


def sell(session: Session, pid: str, shop: str, placed: datetime, *, text: str | None) -> None:
    sold = order(session, merchant_id=shop, placed_at=placed)
    session.flush()
    session.add(
        OrderItem(id=f"i_{sold.id}", order_id=sold.id, sku_id=f"k_{pid}", product_id=pid,
                  quantity=1, unit_price_fen=8_000, paid_fen=8_000)
    )  # fmt: skip
    if text is not None:
        session.add(
            Review(id=f"r_{sold.id}", order_id=sold.id, product_id=pid, consumer_id="c1",
                   merchant_id=shop, rating=5, body=text, created_at=placed + timedelta(days=4))
        )  # fmt: skip


def seed(platform: Platform) -> None:
    """good sells 24 nuts in the recent period (8 before), half of the 12 reviews praising
    quality (质量很好), half about logistics; poor lists an
    uncertified infant food that failed its spot check; consumers ask three times for 无糖."""
    with platform.uow() as uow:
        s = uow.session
        merchant(s, "good")
        merchant(s, "poor")
        consumer(s)
        s.flush()
        listing(s, "nuts", "good")
        listing(s, "milk", "poor", key_category=KeyCategory.MOTHER_BABY)
        s.flush()
        s.add(
            Inspection(id="x1", product_id="milk", inspector="第三方检测",
                       inspected_at=datetime(2026, 5, 1, tzinfo=UTC),
                       result=InspectionResult.FAILED)
        )  # fmt: skip
        for n in range(24):
            text = ("质量很好，味道不错", None, "物流有点慢", None)[n % 4]
            sell(s, "nuts", "good", RECENT + timedelta(hours=n), text=text)
        for n in range(8):
            sell(s, "nuts", "good", PREVIOUS + timedelta(hours=n), text=None)
        for n in range(3):
            s.add(
                ServiceSession(id=f"chat{n}", consumer_id="c1", merchant_id="good",
                               channel=Channel.ONLINE_CHAT, started_at=RECENT)
            )  # fmt: skip
            s.flush()
            s.add(
                ServiceMessage(id=f"msg{n}", session_id=f"chat{n}", seq=1,
                               sender=Sender.CONSUMER, sent_at=RECENT, body="有没有无糖的？")
            )  # fmt: skip
        uow.commit()


class TestProductInsightSteps:
    def test_grades_premium_decisions_and_briefs(self, platform: Platform) -> None:
        seed(platform)

        report = run_daily(platform, as_of=AS_OF)

        graded = report.summary("product_grades")
        assert graded["products"] == 2
        assert (graded["premium_granted"], graded["premium_revoked"]) == (1, 0)
        assert graded["traffic_decisions"] == 2
        trends = report.summary("trends")
        assert trends["reports"] == 2  # the platform and the one shop that sold
        assert trends["rising_categories"] == ["食品"]
        assert trends["demand_gaps"] == ["无糖"]
        with platform.uow() as uow:
            grades = {
                g.product_id: g for g in product_grades_on(uow=uow, actor=ANALYST, as_of=AS_OF)
            }
            nuts, milk = grades["nuts"], grades["milk"]
            assert nuts.tier in (Tier.S, Tier.A) and nuts.premium and nuts.traffic == "boost"
            assert nuts.measurements["units"] == 32
            assert nuts.measurements["reviews"] == 12
            assert nuts.measurements["quality_praise_rate"] == pytest.approx(6 / 12)
            assert milk.tier is Tier.D and milk.traffic == "withhold"
            assert "the latest inspection failed" in milk.reasons
            assert uow.session.get(Product, "nuts").premium is True  # type: ignore[union-attr]
            kinds = {(d.product_id, d.kind) for d in product_decisions(uow=uow, actor=ANALYST)}
            assert kinds == {
                ("nuts", ProductDecisionKind.PREMIUM_GRANTED),
                ("nuts", ProductDecisionKind.TRAFFIC_BOOST),
                ("milk", ProductDecisionKind.TRAFFIC_WITHHELD),
            }
            assert [
                g.product_id for g in product_grades_on(uow=uow, actor=GOOD_SHOP, as_of=AS_OF)
            ] == ["nuts"]
            brief = latest_report(uow=uow, actor=GOOD_SHOP).content
            assert brief["merchant_id"] == "good"
            assert {"kind": "fill_gap", "phrase": "无糖", "mentions": 3} in brief["actions"]
            assert brief["actions"][0]["kind"] == "grow_category"
            with pytest.raises(NotFound):
                latest_report(uow=uow, actor=GOOD_SHOP, merchant_id="poor")
            platform_report = latest_report(uow=uow, actor=ANALYST).content
            assert platform_report["rising_categories"][0]["name"] == "食品"

        again = run_daily(platform, as_of=AS_OF)

        assert again.summary("product_grades")["premium_granted"] == 0
        with platform.uow() as uow:
            logged = uow.session.scalars(
                select(ProductDecision.kind).where(ProductDecision.product_id == "nuts")
            ).all()
            assert sorted(logged) == [
                ProductDecisionKind.PREMIUM_GRANTED,
                ProductDecisionKind.TRAFFIC_BOOST,
            ]

    def test_a_store_table_both_steps_read_is_read_once_per_run(
        self, platform: Platform, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        seed(platform)
        read: list[str] = []
        read_table = registry.read_table

        def counted(engine: Engine, table: Table) -> Any:
            read.append(table.name)
            return read_table(engine, table)

        monkeypatch.setattr(registry, "read_table", counted)

        run_daily(platform, as_of=AS_OF)

        assert read.count("order_items") == 1  # product grades and trends both read the lines
