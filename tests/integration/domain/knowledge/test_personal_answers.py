"""Answers filled with the asking consumer's own orders and cases, and nobody else's (S3 7.2.2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    CaseStepRow,
)
from pinzhi.domain.knowledge import operations
from pinzhi.domain.knowledge.answers import PersonalAnswer, answer_question
from pinzhi.domain.knowledge.seed import seed_entries
from pinzhi.domain.logistics.models import LogisticsEvent, Shipment, TrackingNode
from pinzhi.domain.orders.models import OrderStatus

NOW = datetime(2026, 11, 5, 4, tzinfo=UTC)
APPROVED_AT = datetime(2026, 11, 3, 10, 30, tzinfo=UTC)  # 18:30 in China
BUYER = Actor(user_id="usr_buyer1", role=Role.CONSUMER, consumer_id="c1")
OTHER_BUYER = Actor(user_id="usr_buyer2", role=Role.CONSUMER, consumer_id="c2")
NEW_BUYER = Actor(user_id="usr_buyer3", role=Role.CONSUMER, consumer_id="c3")
AGENT = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
ADMIN = Actor(user_id="usr_admin", role=Role.PLATFORM_ADMIN)
USED = {"refund-timing", "refund-progress", "logistics-query", "price-protection", "order-status"}


def _case(session: Session, case_id: str, order_id: str, consumer_id: str) -> None:
    session.add(
        AftersalesCase(
            id=case_id,
            order_id=order_id,
            consumer_id=consumer_id,
            merchant_id="m1",
            kind=CaseKind.REFUND_ONLY,
            reason=CaseReason.DAMAGED,
            status=CaseStatus.APPROVED,
            requested_at=APPROVED_AT - timedelta(hours=20),
            first_response_at=APPROVED_AT - timedelta(hours=2),
            requested_fen=12_900,
        )
    )
    session.flush()
    session.add(
        CaseStepRow(
            case_id=case_id,
            occurred_at=APPROVED_AT,
            actor_id="usr_shop1",
            event="approve",
            from_state="requested",
            to_state="approved",
        )
    )


@pytest.fixture
def shop(platform: Platform) -> Platform:
    """c1 owns o1 (shipped, tracked, 30-day 价保, a refund approved at APPROVED_AT); c2 owns o2."""
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        for consumer in ("c1", "c2", "c3"):
            f.consumer(s, consumer)
        f.order(s, "o1", consumer_id="c1", status=OrderStatus.SHIPPED)
        f.order(s, "o2", consumer_id="c2", placed_at=f.T0 + timedelta(days=1))
        f.order_line(s, "o1", price_protection_days=30)
        s.add(
            Shipment(
                id="s1",
                order_id="o1",
                carrier="顺丰速运",
                tracking_number="SF1234567890",
                shipped_at=f.T0 + timedelta(days=1),
            )
        )
        s.flush()
        events = (
            (26, TrackingNode.PICKED_UP, "深圳"),
            (40, TrackingNode.IN_TRANSIT, "杭州转运中心"),
        )
        for hours, node, place in events:
            s.add(
                LogisticsEvent(
                    id=f"e{hours}",
                    shipment_id="s1",
                    node=node,
                    occurred_at=f.T0 + timedelta(hours=hours),
                    location=place,
                )
            )
        _case(s, "as1", "o1", "c1")
        _case(s, "as2", "o2", "c2")
        for entry in seed_entries():
            if entry.id in USED:
                operations.create_entry(
                    uow=uow, actor=ADMIN, now=NOW, entry_id=entry.id, draft=entry.draft
                )
        uow.commit()
    return platform


def _answer(
    platform: Platform, actor: Actor, entry_id: str, order_id: str | None = None
) -> PersonalAnswer:
    with platform.uow() as uow:
        return answer_question(
            uow=uow, actor=actor, now=NOW, entry_id=entry_id, score=0.9, order_id=order_id
        )


class TestPersonalAnswers:
    def test_a_refund_answer_gives_the_real_approval_time(self, shop: Platform) -> None:
        reply = _answer(shop, BUYER, "refund-timing")

        assert reply.personal_line is not None
        assert "2026-11-03 18:30 审核通过" in reply.personal_line
        assert reply.order_id == "o1"
        assert reply.answer.startswith(reply.personal_line)
        assert reply.general_answer in reply.answer

    def test_logistics_names_the_carrier_and_the_latest_event(self, shop: Platform) -> None:
        reply = _answer(shop, BUYER, "logistics-query")

        assert reply.personal_line is not None
        assert "顺丰速运" in reply.personal_line
        assert "SF1234567890" in reply.personal_line
        assert "杭州转运中心 运输中" in reply.personal_line

    def test_price_protection_window_runs_from_payment(self, shop: Platform) -> None:
        reply = _answer(shop, BUYER, "price-protection")

        paid = f.T0 + timedelta(minutes=2)
        ends = (paid + timedelta(days=30)).astimezone(CHINA)
        assert reply.facts["protection_ends_at"] == ends.strftime("%Y-%m-%d %H:%M")
        assert "仍在价保期内" in (reply.personal_line or "")

    def test_an_order_status_answer_uses_the_order_state(self, shop: Platform) -> None:
        reply = _answer(shop, BUYER, "order-status", order_id="o1")

        assert reply.personal_line is not None
        assert "o1" in reply.personal_line
        assert "已发货" in reply.personal_line


class TestScope:
    def test_a_consumer_cannot_read_another_consumers_order(self, shop: Platform) -> None:
        with pytest.raises(NotFound, match="o2"):
            _answer(shop, BUYER, "refund-timing", order_id="o2")

    def test_without_an_order_a_consumer_hears_only_their_own(self, shop: Platform) -> None:
        mine = _answer(shop, BUYER, "refund-progress")
        theirs = _answer(shop, OTHER_BUYER, "refund-progress")

        assert (mine.order_id, mine.facts["case_id"]) == ("o1", "as1")
        assert (theirs.order_id, theirs.facts["case_id"]) == ("o2", "as2")

    def test_a_consumer_without_records_gets_the_general_answer(self, shop: Platform) -> None:
        reply = _answer(shop, NEW_BUYER, "refund-timing")

        assert reply.personal_line is None
        assert reply.answer == reply.general_answer

    def test_staff_must_name_the_order(self, shop: Platform) -> None:
        unnamed = _answer(shop, AGENT, "logistics-query")
        named = _answer(shop, AGENT, "logistics-query", order_id="o1")

        assert unnamed.personal_line is None
        assert named.personal_line is not None and "SF1234567890" in named.personal_line


class TestEntries:
    def test_a_withdrawn_entry_does_not_answer(self, shop: Platform) -> None:
        with shop.uow() as uow:
            operations.set_entry_active(
                uow=uow,
                actor=ADMIN,
                now=NOW,
                entry_id="refund-timing",
                active=False,
                base_version=1,
            )
            uow.commit()

        with pytest.raises(NotFound, match="not active"):
            _answer(shop, BUYER, "refund-timing")

    def test_an_unknown_entry_is_not_found(self, shop: Platform) -> None:
        with pytest.raises(NotFound, match="nothing-here"):
            _answer(shop, BUYER, "nothing-here")
