"""Random action sequences through the persisted complaint workflow: the file stays complete.

Each example files a complaint and drives random actions through `act_on_complaint` and
`assign_complaint`: half of them events the stage allows (to walk deep into the machine), the
rest anything; payloads complete or not. After every action the stored file
must agree with a model built on the pure machine (`TRANSITIONS`): a refused action changes
nothing; an accepted one adds exactly one step whose from → to continues the file; the complaint
row's coarse status follows the stage; the record chain holds one entry per step and verifies.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import InvalidTransition, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.records.queries import list_records, verify_chain
from pinzhi.domain.service import complaint_operations as ops
from pinzhi.domain.service import complaint_queries as queries
from pinzhi.domain.service.complaint_queries import ComplaintFileView
from pinzhi.domain.service.complaints import (
    REOPEN_WINDOW,
    TRANSITIONS,
    ComplaintEvent,
    ComplaintStage,
    allowed_events,
)
from pinzhi.domain.service.models import Channel, Complaint, ComplaintNature

MEDIATOR = Actor("usr_mediator", Role.MEDIATOR)
E = ComplaintEvent
ASSIGN = "assign"
ACTIONS = [e for e in ComplaintEvent if e is not E.FILE] + [ASSIGN]
GUARDED = {
    E.EXPLAIN_DELAY,
    E.RESOLVE_ON_THE_SPOT,
    E.RESOLVE,
    E.REFER_TO_MEDIATION,
    E.HAND_TO_THIRD_PARTY,
    E.AGREE_SETTLEMENT,
    E.RECORD_VISIT,
}


@dataclass(frozen=True)
class Action:
    name: ComplaintEvent | str
    hours_later: int
    complete: bool


def next_action(data: st.DataObject, stage: ComplaintStage) -> Action:
    """Half the time an event the stage allows (to walk deep), else any action at all."""
    legal = [*allowed_events(stage), ASSIGN]
    name = data.draw(st.sampled_from(legal) | st.sampled_from(ACTIONS))
    hours = data.draw(st.integers(min_value=0, max_value=24 * 12))
    return Action(name, hours, data.draw(st.booleans() | st.just(True)))


def payload(event: ComplaintEvent, now: datetime, complete: bool) -> dict[str, Any]:
    """Fields that satisfy the event's guard, or (not complete) that break it."""
    if not complete:
        return {}
    fields: dict[ComplaintEvent, dict[str, Any]] = {
        E.EXPLAIN_DELAY: {"note": "需要检测", "promised_by": now + timedelta(days=2)},
        E.RESOLVE_ON_THE_SPOT: {"conclusion": "属实", "basis": "平台规则", "remedy": "退款"},
        E.RESOLVE: {"conclusion": "属实", "basis": "平台规则", "remedy": "退款"},
        E.REFER_TO_MEDIATION: {"mediator": "STF_M"},
        E.HAND_TO_THIRD_PARTY: {"mediator": "消费者协会"},
        E.AGREE_SETTLEMENT: {"note": "先行赔付 50 元"},
        E.RECORD_VISIT: {"satisfaction": 4},
    }
    return fields.get(event, {})


@pytest.fixture
def world(sqlite_platform: Platform) -> Platform:
    with sqlite_platform.uow() as uow:
        sf.complaint_world(uow.session)
        uow.commit()
    return sqlite_platform


def perform(platform: Platform, cid: str, action: Action, now: datetime, n: int) -> None:
    with platform.uow() as uow:
        if action.name == ASSIGN:
            staff = "STF_H" if action.complete else "STF_N"
            ops.assign_complaint(
                uow=uow, actor=MEDIATOR, now=now, complaint_id=cid, staff_id=staff, event_id=f"e{n}"
            )
            return
        event = ComplaintEvent(action.name)
        ops.act_on_complaint(
            uow=uow, actor=MEDIATOR, now=now, complaint_id=cid, event=event, event_id=f"e{n}",
            **payload(event, now, action.complete),
        )  # fmt: skip


def expected(
    stage: ComplaintStage, action: Action, now: datetime, resolved_at: datetime | None
) -> ComplaintStage | type[PinzhiError]:
    """The model: the next stage, or the error the action must be refused with."""
    if action.name == ASSIGN:
        if stage is ComplaintStage.CLOSED:
            return InvalidTransition
        return stage if action.complete else ValidationFailed
    event = ComplaintEvent(action.name)
    target = TRANSITIONS.get((stage, event))
    if target is None:
        return InvalidTransition
    if event in GUARDED and not action.complete:
        return ValidationFailed
    if event is E.REOPEN and (resolved_at is None or now - resolved_at > REOPEN_WINDOW):
        return ValidationFailed
    return target


def stored(platform: Platform, cid: str, now: datetime) -> ComplaintFileView:
    with platform.uow() as uow:
        return queries.get_complaint_file(uow=uow, actor=MEDIATOR, now=now, complaint_id=cid)


def check_consistent(platform: Platform, shown: ComplaintFileView) -> None:
    cid, steps = shown.summary.id, shown.steps
    assert [s.seq for s in steps] == list(range(1, len(steps) + 1))
    assert steps[0].from_stage is None
    for before, after in itertools.pairwise(steps):
        assert after.from_stage == before.to_stage
        assert after.at >= before.at
    assert steps[-1].to_stage == shown.summary.stage.value
    with platform.uow() as uow:
        row = uow.session.get(Complaint, cid)
        assert row is not None and row.status is shown.summary.stage.status
        records = list_records(uow=uow, subject_kind="complaint", subject_id=cid)
    assert [r.action for r in records] == [f"complaint.{s.event}" for s in steps]
    resolved = shown.summary.stage in (ComplaintStage.RESOLVED, ComplaintStage.VISITED)
    assert (shown.result is not None) == (resolved or shown.summary.stage is ComplaintStage.CLOSED)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), length=st.integers(min_value=1, max_value=14))
def test_random_actions_keep_the_file_complete_and_consistent(
    world: Platform, data: st.DataObject, length: int
) -> None:
    now = sf.T0
    with world.uow() as uow:
        cid = ops.file_complaint(
            uow=uow, actor=MEDIATOR, now=now, channel=Channel.PHONE,
            nature=ComplaintNature.AFTERSALES, matter="拒绝退货", contact="13800000000",
            consumer_id="c1",
        ).summary.id  # fmt: skip
    stage, resolved_at = ComplaintStage.FILED, None

    for n in range(length):
        action = next_action(data, stage)
        now += timedelta(hours=action.hours_later)
        outcome = expected(stage, action, now, resolved_at)
        before = len(stored(world, cid, now).steps)
        if isinstance(outcome, ComplaintStage):
            perform(world, cid, action, now, n)
            stage = outcome
            if action.name in (E.RESOLVE, E.RESOLVE_ON_THE_SPOT):
                resolved_at = now
            assert len(stored(world, cid, now).steps) == before + 1
        else:
            with pytest.raises(outcome):
                perform(world, cid, action, now, n)
            assert len(stored(world, cid, now).steps) == before
        shown = stored(world, cid, now)
        assert shown.summary.stage is stage
        check_consistent(world, shown)

    with world.uow() as uow:
        assert verify_chain(uow=uow, key=world.secret_key).ok
