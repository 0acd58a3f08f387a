"""The breach worker: flags exactly the due clocks, once; escalates and notifies once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import factories as f
import sla_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.notices.models import Notice
from pinzhi.domain.records.models import RecordEntry
from pinzhi.domain.service.models import StaffPost
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.sla import engine, queries, worker
from pinzhi.domain.sla.engine import SlaEvent

AGENT = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
CASE = "aftersales_case"
NOW = f.T0 + timedelta(hours=2)


def start(platform: Platform, case_id: str, *, at: object = f.T0, **fields: object) -> None:
    with platform.uow() as uow:
        sf.case(uow.session, case_id, **fields)  # type: ignore[arg-type]
        event = SlaEvent(f"{case_id}:start", CASE, case_id, "request_filed", at)  # type: ignore[arg-type]
        engine.apply_event(uow=uow, actor=AGENT, now=NOW, event=event)
        uow.commit()


@pytest.fixture
def world(platform: Platform) -> Platform:
    """Senior agents sen (bound to user `senior`) and qs (quality service), agent ag."""
    with platform.uow() as uow:
        s = uow.session
        sf.base(s)
        sf.staff(s, "sen", post=StaffPost.SENIOR_AGENT)
        sf.staff(s, "qs", post=StaffPost.SENIOR_AGENT, quality_service=True)
        sf.staff(s, "ag")
        senior = f.user(s, "senior", role=Role.SERVICE_AGENT)
        senior.staff_id = "sen"
        uow.commit()
    start(platform, "due")  # 1 h limit: due at T0 + 1 h
    start(platform, "later", kind=CaseKind.RETURN_REFUND)  # due at T0 + 24 h
    return platform


def count(platform: Platform, query: object) -> int:
    with platform.uow() as uow:
        return int(uow.session.scalar(query) or 0)  # type: ignore[call-overload]


class TestWorkerPass:
    def test_flags_exactly_the_due_clock_and_escalates_it(self, world: Platform) -> None:
        report = worker.worker_pass(uow_factory=world.uow, now=NOW, sync=False)

        assert [item.subject_id for item in report.flagged] == ["due"]
        flagged = report.flagged[0]
        assert flagged.deadline == f.T0 + timedelta(hours=1)
        assert (flagged.flagged_at, flagged.escalation_level) == (NOW, 1)
        assert (flagged.assignee_staff_id, flagged.reassigned) == ("sen", True)
        assert report.next_deadline == f.T0 + timedelta(hours=24)

    def test_a_second_pass_flags_and_notifies_nothing_more(self, world: Platform) -> None:
        worker.worker_pass(uow_factory=world.uow, now=NOW, sync=False)

        again = worker.worker_pass(uow_factory=world.uow, now=NOW + timedelta(minutes=1))

        assert again.flagged == []
        notices = count(world, select(func.count()).select_from(Notice))
        inboxes = set(_inboxes(world))
        assert notices == 3
        assert inboxes == {
            ("staff", "usr_senior"),
            ("role", "service_agent"),
            ("role", "quality_analyst"),
        }
        breaches = select(func.count()).where(RecordEntry.action == worker.BREACH_TOPIC)
        assert count(world, breaches) == 1

    def test_the_queue_puts_the_breach_first(self, world: Platform) -> None:
        worker.worker_pass(uow_factory=world.uow, now=NOW, sync=False)

        with world.uow() as uow:
            queue = queries.agent_queue(uow=uow, actor=AGENT, now=NOW)

        assert [item.clock.subject_id for item in queue] == ["due", "later"]
        assert queue[0].breached and queue[0].seconds_left == -3600
        assert queue[1].seconds_left == 22 * 3600

    def test_quality_service_buyers_go_to_a_quality_service_senior(self, world: Platform) -> None:
        with world.uow() as uow:
            sf.premium_item(uow.session, "o1")
            uow.commit()
        start(world, "premium")

        report = worker.worker_pass(uow_factory=world.uow, now=NOW, sync=False)

        by_subject = {item.subject_id: item for item in report.flagged}
        assert by_subject["premium"].priority is PriorityTier.QUALITY_SERVICE
        assert by_subject["premium"].assignee_staff_id == "qs"

    def test_an_untrained_senior_is_never_handed_a_breach(self, world: Platform) -> None:
        with world.uow() as uow:
            sf.staff(uow.session, "new", post=StaffPost.SENIOR_AGENT, trained=False)
            uow.commit()
        for busy in ("sen", "qs"):  # the trained seniors get loaded; the new one stays idle
            for n in range(3):
                start(world, f"{busy}{n}", kind=CaseKind.RETURN_REFUND)

        report = worker.worker_pass(uow_factory=world.uow, now=NOW, sync=False)

        assert {item.assignee_staff_id for item in report.flagged} <= {"sen", "qs"}

    def test_elderly_consumers_get_the_accessibility_queue(self, world: Platform) -> None:
        with world.uow() as uow:
            uow.session.get_one(Consumer, "c1").elderly = True
            uow.commit()
        start(world, "elderly", at=NOW)

        with world.uow() as uow:
            queue = queries.agent_queue(
                uow=uow, actor=AGENT, now=NOW, tier=PriorityTier.ACCESSIBILITY
            )

        assert [item.clock.subject_id for item in queue] == ["elderly"]


def _inboxes(platform: Platform) -> list[tuple[str, str]]:
    with platform.uow() as uow:
        rows = uow.session.execute(select(Notice.recipient_kind, Notice.recipient_id))
        return [(kind.value, recipient) for kind, recipient in rows]
