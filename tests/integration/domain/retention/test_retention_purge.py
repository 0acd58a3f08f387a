"""Purging removes personal data only past three years from completion; the chain verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.records.queries import verify_chain
from pinzhi.domain.retention import operations
from pinzhi.domain.retention.operations import REDACTED
from pinzhi.domain.service.models import Channel, Sender, ServiceMessage, ServiceSession

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
OLD = datetime(2022, 6, 1, tzinfo=UTC)  # completed well over three years ago


def _world(platform: Platform) -> None:
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.consumer(s, "gone").registered_at = OLD - timedelta(days=30)
        f.consumer(s, "active")
        for order_id, consumer_id, delivered in (
            ("old", "gone", OLD),
            ("edge", "active", datetime(2023, 11, 24, 12, 0, 1, tzinfo=UTC)),  # 1 s inside
            ("recent", "active", NOW - timedelta(days=30)),
            ("old_open_case", "gone", OLD),
        ):
            order = f.order(
                s, order_id, consumer_id=consumer_id, placed_at=delivered - timedelta(days=3)
            )
            order.status, order.delivered_at = OrderStatus.COMPLETED, delivered
        s.add(
            AftersalesCase(
                id="open", order_id="old_open_case", consumer_id="gone", merchant_id="m1",
                kind=CaseKind.REPAIR, reason=CaseReason.QUALITY, status=CaseStatus.IN_REPAIR,
                requested_at=OLD + timedelta(days=5), note="联系电话 13812345678",
            )
        )  # fmt: skip
        s.add(
            ServiceSession(
                id="chat", consumer_id="gone", merchant_id="m1", order_id="old",
                channel=Channel.ONLINE_CHAT, started_at=OLD,
            )
        )  # fmt: skip
        s.flush()
        s.add(ServiceMessage(id="msg", session_id="chat", seq=1, sender=Sender.CONSUMER,
                             sent_at=OLD, body="我的电话是13812345678"))  # fmt: skip
        append_record(uow=uow, actor_id="t", now=OLD, subject_kind="order", subject_id="old",
                      action="delivered", payload={"order_id": "old"})  # fmt: skip
        uow.commit()


class TestPurge:
    def test_only_what_is_past_retention_loses_its_personal_data(self, platform: Platform) -> None:
        _world(platform)

        with platform.uow() as uow:
            report = operations.purge(uow=uow, actor_id="t", now=NOW)

        assert (report.orders, report.messages, report.consumers) == (1, 1, 0)
        with platform.uow() as uow:
            s = uow.session
            names = {
                row.id: row.recipient_name
                for row in s.execute(select(Order.id, Order.recipient_name))
            }
            assert names == {"old": None, "edge": "张伟", "recent": "张伟", "old_open_case": "张伟"}
            assert s.scalar(select(ServiceMessage.body)) == REDACTED
            old = s.get(Order, "old")
            assert old is not None and old.paid_fen == 12_900  # the transaction itself stays
            assert verify_chain(uow=uow, key="test-secret").ok

    def test_a_second_run_finds_nothing_more(self, platform: Platform) -> None:
        _world(platform)
        with platform.uow() as uow:
            operations.purge(uow=uow, actor_id="t", now=NOW)

        with platform.uow() as uow:
            again = operations.purge(uow=uow, actor_id="t", now=NOW)

        assert (again.orders, again.messages) == (0, 0)

    def test_a_consumer_without_account_or_recent_order_is_forgotten(
        self, platform: Platform
    ) -> None:
        _world(platform)
        with platform.uow() as uow:
            case = uow.session.get(AftersalesCase, "open")
            assert case is not None
            case.status, case.resolved_at = CaseStatus.COMPLETED, OLD + timedelta(days=20)
            uow.commit()

        with platform.uow() as uow:
            report = operations.purge(uow=uow, actor_id="t", now=NOW)

        assert (report.orders, report.cases, report.consumers) == (2, 1, 1)
        with platform.uow() as uow:
            gone = uow.session.get(Consumer, "gone")
            active = uow.session.get(Consumer, "active")
            assert gone is not None and (gone.name, gone.phone) == (None, None)
            assert active is not None and active.name == "张伟"
            assert uow.session.scalar(select(AftersalesCase.note)) == REDACTED

    def test_a_dry_run_changes_nothing(self, platform: Platform) -> None:
        _world(platform)

        with platform.uow() as uow:
            report = operations.purge(uow=uow, actor_id="t", now=NOW, dry_run=True)
        with platform.uow() as uow:
            names = set(uow.session.scalars(select(Order.recipient_name)))

        assert report.orders == 1
        assert names == {"张伟"}

    def test_less_than_three_years_is_refused(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(ValidationFailed, match=r"S1 9\.4\.2"):
            operations.purge(uow=uow, actor_id="t", now=NOW, years=2)
