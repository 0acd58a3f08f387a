"""The worker's watch over complaint deadlines: response, then the promise or the resolution."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.notices.operations import list_notices
from pinzhi.domain.records.queries import list_records
from pinzhi.domain.service import complaint_operations as ops
from pinzhi.domain.service.complaint_watch import OverdueComplaint, flag_overdue_complaints
from pinzhi.domain.service.complaints import ComplaintEvent
from pinzhi.domain.service.models import Channel, ComplaintNature

T0 = sf.T0
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
MEDIATOR = Actor("usr_mediator", Role.MEDIATOR)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        sf.complaint_world(uow.session)
        uow.commit()
    return platform


def file(platform: Platform) -> tuple[str, datetime, datetime]:
    with platform.uow() as uow:
        view = ops.file_complaint(
            uow=uow,
            actor=BUYER,
            now=T0,
            channel=Channel.ONLINE_CHAT,
            nature=ComplaintNature.QUALITY,
            matter="收到的电水壶底部漏水",
            contact="13812345678",
            order_id="o1",
        )
    return view.summary.id, view.summary.respond_by, view.summary.resolve_by


def act(platform: Platform, cid: str, event: ComplaintEvent, at: datetime, **fields: Any) -> None:
    with platform.uow() as uow:
        ops.act_on_complaint(
            uow=uow,
            actor=AGENT,
            now=at,
            complaint_id=cid,
            event=event,
            event_id=f"{event.value}@{at.isoformat()}",
            **fields,
        )


def watch(platform: Platform, at: datetime) -> list[OverdueComplaint]:
    with platform.uow() as uow:
        found = flag_overdue_complaints(uow=uow, now=at, limit=100)
        uow.commit()
    return found


class TestComplaintWatch:
    def test_nothing_is_flagged_before_the_response_deadline(self, world: Platform) -> None:
        _, respond_by, _ = file(world)

        assert watch(world, respond_by - MINUTE) == []

    def test_a_missed_response_is_flagged_once_and_told_to_the_mediators(
        self, world: Platform
    ) -> None:
        cid, respond_by, _ = file(world)

        first = watch(world, respond_by + MINUTE)
        again = watch(world, respond_by + 2 * MINUTE)

        assert [(item.complaint_id, item.deadline, item.answered) for item in first] == [
            (cid, respond_by, False)
        ]
        assert again == []
        with world.uow() as uow:
            notices = list_notices(uow=uow, actor=MEDIATOR)
            records = list_records(uow=uow, subject_kind="complaint", subject_id=cid)
        assert [n.topic for n in notices if n.subject_id == cid] == ["complaint_overdue"]
        assert "complaint_overdue" in [r.action for r in records]

    def test_after_an_answer_the_promised_time_is_watched(self, world: Platform) -> None:
        cid, _, _ = file(world)
        promised = T0 + timedelta(hours=30)
        act(
            world,
            cid,
            ComplaintEvent.EXPLAIN_DELAY,
            T0 + MINUTE,
            note="需要质检",
            promised_by=promised,
        )

        assert watch(world, promised - MINUTE) == []
        [late] = watch(world, promised + MINUTE)

        assert (late.deadline, late.answered) == (promised, True)

    def test_a_resolved_complaint_is_not_watched(self, world: Platform) -> None:
        cid, _, resolve_by = file(world)
        act(
            world,
            cid,
            ComplaintEvent.RESOLVE_ON_THE_SPOT,
            T0 + MINUTE,
            conclusion="换新",
            basis="三包",
            remedy="换新",
        )

        assert watch(world, resolve_by + timedelta(days=1)) == []
