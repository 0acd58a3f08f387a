"""Complaints persisted: filing and grading, every step stored and chained, scoping, refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.notices.operations import list_notices
from pinzhi.domain.records.queries import list_records, verify_chain
from pinzhi.domain.service import complaint_operations as ops
from pinzhi.domain.service import complaint_queries as queries
from pinzhi.domain.service.complaint_queries import ComplaintFileView
from pinzhi.domain.service.complaints import ComplaintEvent, ComplaintStage
from pinzhi.domain.service.models import (
    Channel,
    Complaint,
    ComplaintNature,
    ComplaintStatus,
    ComplaintStep,
    Urgency,
)

T0 = sf.T0
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
MEDIATOR = Actor("usr_mediator", Role.MEDIATOR)
SHOP1 = Actor("usr_shop1", Role.MERCHANT, merchant_id="m1")
SHOP2 = Actor("usr_shop2", Role.MERCHANT, merchant_id="m2")
E = ComplaintEvent


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        sf.complaint_world(uow.session)
        uow.commit()
    return platform


def file(platform: Platform, **overrides: Any) -> ComplaintFileView:
    fields: dict[str, Any] = {
        "channel": Channel.ONLINE_CHAT,
        "nature": ComplaintNature.QUALITY,
        "matter": "收到的电水壶底部漏水",
        "contact": "13812345678",
        "order_id": "o1",
    }
    with platform.uow() as uow:
        return ops.file_complaint(uow=uow, actor=BUYER, now=T0, **(fields | overrides))


def act(
    platform: Platform,
    complaint_id: str,
    event: ComplaintEvent,
    *,
    actor: Actor = AGENT,
    hours: float,
    **fields: Any,
) -> ComplaintFileView:
    with platform.uow() as uow:
        return ops.act_on_complaint(
            uow=uow,
            actor=actor,
            now=T0 + timedelta(hours=hours),
            complaint_id=complaint_id,
            event=event,
            event_id=fields.pop("event_id", f"{event.value}@{hours}"),
            **fields,
        )


RESULT: dict[str, Any] = {
    "conclusion": "商品存在质量问题",
    "basis": "三包规定第八条",
    "remedy": "退货退款并补偿 20 元",
}


def chain_ok(platform: Platform) -> bool:
    with platform.uow() as uow:
        return verify_chain(uow=uow, key=platform.secret_key).ok


class TestFiling:
    def test_a_quality_complaint_is_graded_into_the_fast_lane(self, world: Platform) -> None:
        filed = file(world)

        summary = filed.summary
        assert summary.stage is ComplaintStage.FILED
        assert summary.status is ComplaintStatus.OPEN
        assert summary.urgency is Urgency.HIGH
        assert filed.fast_lane
        assert summary.respond_by == T0 + timedelta(hours=2)
        assert summary.resolve_by == T0 + timedelta(hours=48)
        assert summary.merchant_id == "m1"
        assert [s.event for s in filed.steps] == ["file"]

    def test_a_second_complaint_about_the_same_order_is_a_repeat_and_more_urgent(
        self, world: Platform
    ) -> None:
        file(world, nature=ComplaintNature.LOGISTICS)

        again = file(world, nature=ComplaintNature.LOGISTICS)

        assert again.summary.urgency is Urgency.HIGH

    def test_the_same_filing_key_twice_files_once(self, world: Platform) -> None:
        first = file(world, event_id="app-123")

        second = file(world, event_id="app-123")

        assert second.summary.id == first.summary.id
        with world.uow() as uow:
            assert len(uow.session.scalars(select(Complaint.id)).all()) == 1

    def test_a_bot_channel_takes_no_complaint(self, world: Platform) -> None:
        with pytest.raises(ValidationFailed, match="channel bot takes no complaints"):
            file(world, channel=Channel.BOT)

    def test_a_consumer_cannot_complain_about_someone_elses_order(self, world: Platform) -> None:
        with pytest.raises(NotFound, match="o2"):
            file(world, order_id="o2")

    def test_a_consumer_files_only_for_themselves(self, world: Platform) -> None:
        with pytest.raises(Forbidden, match="only for themselves"):
            file(world, consumer_id="c2", order_id=None)

    def test_staff_file_a_phone_complaint_for_a_consumer(self, world: Platform) -> None:
        with world.uow() as uow:
            filed = ops.file_complaint(
                uow=uow,
                actor=AGENT,
                now=T0,
                channel=Channel.PHONE,
                nature=ComplaintNature.SERVICE,
                matter="客服态度差",
                contact="13900001111",
                consumer_id="c2",
                merchant_id="m2",
            )

        assert filed.summary.consumer_id == "c2"
        assert filed.summary.urgency is Urgency.NORMAL
        assert filed.steps[0].actor_id == "usr_agent"

    def test_an_unknown_merchant_is_named(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(ValidationFailed, match="no merchant m9"):
            ops.file_complaint(
                uow=uow, actor=AGENT, now=T0, channel=Channel.EMAIL,
                nature=ComplaintNature.PRICE, matter="价格欺诈", contact="a@example.com",
                consumer_id="c2", merchant_id="m9",
            )  # fmt: skip


class TestLifeOfAComplaint:
    def test_mediation_and_settlement_leave_a_complete_file_and_a_verified_chain(
        self, world: Platform
    ) -> None:
        cid = file(world).summary.id
        promised = T0 + timedelta(hours=30)

        act(world, cid, E.EXPLAIN_DELAY, hours=1, note="需要质检", promised_by=promised)
        act(world, cid, E.START_HANDLING, hours=2)
        act(world, cid, E.REFER_TO_MEDIATION, hours=3, mediator="STF_M")
        act(world, cid, E.AGREE_SETTLEMENT, actor=MEDIATOR, hours=4, note="先行和解：退款")
        act(world, cid, E.RESOLVE, hours=5, **RESULT)
        act(world, cid, E.RECORD_VISIT, hours=30, satisfaction=5)
        closed = act(world, cid, E.CLOSE, hours=31)

        assert [(s.from_stage, s.to_stage) for s in closed.steps] == [
            (None, "filed"),
            ("filed", "explained"),
            ("explained", "in_progress"),
            ("in_progress", "mediation"),
            ("mediation", "settled"),
            ("settled", "resolved"),
            ("resolved", "visited"),
            ("visited", "closed"),
        ]
        assert closed.result is not None and closed.result.basis == "三包规定第八条"
        assert closed.result.remedy == RESULT["remedy"]
        assert closed.mediator == "STF_M" and closed.satisfaction == 5
        assert not closed.promise_broken and closed.actions == ("reopen",)
        with world.uow() as uow:
            records = list_records(uow=uow, subject_kind="complaint", subject_id=cid)
            row = uow.session.get(Complaint, cid)
            assert row is not None and row.status is ComplaintStatus.CLOSED
            assert row.responded_at == T0 + timedelta(hours=1)
            assert row.resolved_at == T0 + timedelta(hours=5)
        assert [r.action for r in records] == [f"complaint.{s.event}" for s in closed.steps]
        with world.uow() as uow:
            shop = list_notices(uow=uow, actor=SHOP1)
            buyer = list_notices(uow=uow, actor=BUYER)
        assert [n.topic for n in shop] == ["complaint_filed"]
        assert sorted(n.topic for n in buyer) == ["complaint_explained", "complaint_result"]
        assert [s.seq for s in closed.steps] == list(range(1, 9))
        assert chain_ok(world)

    def test_a_third_party_hand_over_names_the_body(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1)
        act(world, cid, E.REFER_TO_MEDIATION, hours=2, mediator="STF_M")

        handed = act(
            world, cid, E.HAND_TO_THIRD_PARTY, actor=MEDIATOR, hours=3, mediator="市消费者委员会"
        )

        assert handed.summary.stage is ComplaintStage.THIRD_PARTY
        assert handed.mediator == "市消费者委员会"

    def test_resolved_on_the_spot_then_reopened_within_the_window(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.RESOLVE_ON_THE_SPOT, hours=0.5, **RESULT)

        reopened = act(world, cid, E.REOPEN, hours=24 * 10, note="问题复发")

        assert reopened.summary.stage is ComplaintStage.IN_PROGRESS
        assert reopened.result is None
        with world.uow() as uow:
            row = uow.session.get(Complaint, cid)
            assert row is not None and row.resolved_at is None

    def test_a_repeated_event_id_is_stored_once(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1, event_id="click-1")

        again = act(world, cid, E.START_HANDLING, hours=2, event_id="click-1")

        assert [s.event for s in again.steps] == ["file", "start_handling"]


class TestRefusals:
    def test_an_illegal_transition_names_the_state_and_the_action(self, world: Platform) -> None:
        cid = file(world).summary.id

        with pytest.raises(InvalidTransition, match="cannot close a complaint that is filed"):
            act(world, cid, E.CLOSE, hours=1)

        with world.uow() as uow:
            steps = uow.session.scalars(
                select(ComplaintStep).where(ComplaintStep.complaint_id == cid)
            )
            assert len(steps.all()) == 1

    def test_an_agent_may_not_settle(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1)
        act(world, cid, E.REFER_TO_MEDIATION, hours=2, mediator="STF_M")

        with pytest.raises(Forbidden, match="complaints:mediate"):
            act(world, cid, E.AGREE_SETTLEMENT, hours=3, note="退款")

    def test_a_referral_names_a_qualified_mediator(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1)

        with pytest.raises(ValidationFailed, match="not a mediator"):
            act(world, cid, E.REFER_TO_MEDIATION, hours=2, mediator="STF_H")

    def test_a_result_without_basis_is_refused(self, world: Platform) -> None:
        cid = file(world).summary.id

        with pytest.raises(ValidationFailed, match="the result needs a basis"):
            act(world, cid, E.RESOLVE_ON_THE_SPOT, hours=1, conclusion="已处理", remedy="退款")

    def test_an_unknown_complaint_is_not_found(self, world: Platform) -> None:
        with pytest.raises(NotFound, match="no complaint CMP_nope"):
            act(world, "CMP_nope", E.START_HANDLING, hours=1)

    def test_a_consumer_may_not_handle(self, world: Platform) -> None:
        cid = file(world).summary.id

        with pytest.raises(Forbidden):
            act(world, cid, E.START_HANDLING, actor=BUYER, hours=1)


class TestScopeAndMasking:
    def test_each_party_sees_only_its_own(self, world: Platform) -> None:
        cid = file(world).summary.id

        with world.uow() as uow:
            for actor in (BUYER, SHOP1, AGENT):
                assert (
                    queries.get_complaint_file(
                        uow=uow, actor=actor, now=T0, complaint_id=cid
                    ).summary.id
                    == cid
                )
            with pytest.raises(NotFound):
                queries.get_complaint_file(uow=uow, actor=SHOP2, now=T0, complaint_id=cid)
            assert queries.list_complaints(uow=uow, actor=SHOP2, now=T0) == []

    def test_the_complainant_is_masked_without_personal_data_access(self, world: Platform) -> None:
        cid = file(world).summary.id

        with world.uow() as uow:
            shop = queries.get_complaint_file(uow=uow, actor=SHOP1, now=T0, complaint_id=cid)
            agent = queries.get_complaint_file(uow=uow, actor=AGENT, now=T0, complaint_id=cid)

        assert shop.complainant.masked and shop.complainant.phone == "138****5678"
        assert shop.complainant.contact == "138****5678" and shop.complainant.name == "张*"
        assert not agent.complainant.masked and agent.complainant.phone == "13812345678"

    def test_the_actions_offered_follow_role_and_stage(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1)
        act(world, cid, E.REFER_TO_MEDIATION, hours=2, mediator="STF_M")

        with world.uow() as uow:
            now = T0 + timedelta(hours=3)
            as_agent = queries.get_complaint_file(uow=uow, actor=AGENT, now=now, complaint_id=cid)
            as_mediator = queries.get_complaint_file(
                uow=uow, actor=MEDIATOR, now=now, complaint_id=cid
            )
            as_buyer = queries.get_complaint_file(uow=uow, actor=BUYER, now=now, complaint_id=cid)

        assert as_agent.actions == ("assign",)
        assert as_mediator.actions == ("agree_settlement", "hand_to_third_party", "assign")
        assert as_buyer.actions == ()


class TestAssignment:
    def test_a_qualified_handler_is_assigned(self, world: Platform) -> None:
        cid = file(world).summary.id

        with world.uow() as uow:
            assigned = ops.assign_complaint(
                uow=uow, actor=AGENT, now=T0, complaint_id=cid, staff_id="STF_H", event_id="a1"
            )

        assert assigned.summary.assignee_id == "STF_H"
        assert assigned.steps[-1].event == "assign" and assigned.steps[-1].assignee_id == "STF_H"
        assert assigned.summary.stage is ComplaintStage.FILED
        assert chain_ok(world)

    def test_an_untrained_agent_is_refused_with_the_reasons(self, world: Platform) -> None:
        cid = file(world).summary.id

        with world.uow() as uow, pytest.raises(ValidationFailed) as refused:
            ops.assign_complaint(
                uow=uow, actor=AGENT, now=T0, complaint_id=cid, staff_id="STF_N", event_id="a1"
            )

        assert "pre-duty training" in refused.value.message
        assert "one year of relevant experience" in refused.value.message

    def test_an_unknown_agent_is_not_found(self, world: Platform) -> None:
        cid = file(world).summary.id

        with world.uow() as uow, pytest.raises(NotFound, match="no staff member STF_X"):
            ops.assign_complaint(
                uow=uow, actor=AGENT, now=T0, complaint_id=cid, staff_id="STF_X", event_id="a1"
            )

    def test_an_event_id_of_another_step_is_a_conflict(self, world: Platform) -> None:
        cid = file(world).summary.id
        act(world, cid, E.START_HANDLING, hours=1, event_id="e1")

        with world.uow() as uow, pytest.raises(Conflict):
            ops.assign_complaint(
                uow=uow, actor=AGENT, now=T0 + timedelta(hours=2), complaint_id=cid,
                staff_id="STF_H", event_id="e1",
            )  # fmt: skip


class TestImported:
    def test_an_imported_complaint_shows_a_reconstructed_file(self, world: Platform) -> None:
        with world.uow() as uow:
            sf.imported_complaint(
                uow.session,
                "CMP_I1",
                status=ComplaintStatus.CLOSED,
                promised_after=timedelta(days=2),
                resolved_after=timedelta(days=1),
            )
            uow.commit()

        with world.uow() as uow:
            shown = queries.get_complaint_file(uow=uow, actor=AGENT, now=T0, complaint_id="CMP_I1")

        assert shown.imported and shown.summary.stage is ComplaintStage.CLOSED
        assert [s.event for s in shown.steps] == [
            "file",
            "explain_delay",
            "start_handling",
            "resolve",
            "close",
        ]
        assert all(s.imported for s in shown.steps)

    def test_acting_on_an_imported_complaint_stores_its_history_first(
        self, world: Platform
    ) -> None:
        with world.uow() as uow:
            sf.imported_complaint(
                uow.session,
                "CMP_I2",
                status=ComplaintStatus.IN_PROGRESS,
                promised_after=timedelta(days=3),
            )
            uow.commit()

        handled = act(world, "CMP_I2", E.START_HANDLING, hours=5)

        assert not handled.imported
        assert [s.event for s in handled.steps] == ["file", "explain_delay", "start_handling"]
        assert [s.imported for s in handled.steps] == [True, True, False]
        with world.uow() as uow:
            actions = [
                r.action
                for r in list_records(uow=uow, subject_kind="complaint", subject_id="CMP_I2")
            ]
        assert actions == ["complaint.adopted", "complaint.start_handling"]
        assert chain_ok(world)
