"""Chat sessions: bot first, hand-off to a person, the staff gate, screening, exact timestamps."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

import chat_factories as cf
import service_factories as sf
from pinzhi.adapters.language.screening import screen
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.records.models import RecordEntry
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState
from pinzhi.domain.service.models import Channel, Sender, StaffPost
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow

OTHER_BUYER = Actor("usr_buyer2", Role.CONSUMER, consumer_id="c2")
HANDOFF = chat.Handoff(reasons=("angry",), intent="refund_progress", confidence=0.8)


def at(seconds: int) -> datetime:
    return cf.NOW + timedelta(seconds=seconds)


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        cf.minimal_world(uow.session)
        cf.stock(uow)
        uow.commit()
    return platform


def _queued(platform: Platform) -> str:
    """A chat of buyer1 about o1: a question, the bot's answer, then an angry hand-off."""
    with platform.uow() as uow:
        started = chat.start_chat(uow=uow, actor=cf.BUYER, now=at(0), order_id="o1")
        sid = started.id
        chat.post_consumer_message(uow=uow, actor=cf.BUYER, now=at(5), session_id=sid, body="在吗")
        chat.post_bot_reply(uow=uow, actor=cf.BUYER, now=at(6), session_id=sid, body="您好")
        chat.post_consumer_message(
            uow=uow, actor=cf.BUYER, now=at(30), session_id=sid, body="退款怎么还没到！！"
        )
        chat.hand_off(
            uow=uow, actor=cf.BUYER, now=at(30), session_id=sid, handoff=HANDOFF, notice="请稍候"
        )
        uow.commit()
    return sid


class TestConsumerSide:
    def test_a_chat_starts_with_the_bot_and_keeps_exact_times(self, world: Platform) -> None:
        with world.uow() as uow:
            started = chat.start_chat(uow=uow, actor=cf.BUYER, now=at(0), order_id="o1")
            chat.post_consumer_message(
                uow=uow, actor=cf.BUYER, now=at(3), session_id=started.id, body="  你好  "
            )
            uow.commit()

        with world.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.BUYER, session_id=started.id)
        assert view.session.channel is Channel.BOT
        assert view.session.state is ChatState.BOT
        assert view.session.merchant_id == "m1"
        assert [(m.seq, m.sender, m.body, m.sent_at) for m in view.messages] == [
            (1, Sender.CONSUMER, "你好", at(3))
        ]

    def test_a_consumer_sees_only_their_own_chats_and_orders(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            with pytest.raises(NotFound):
                chat_queries.get_chat(uow=uow, actor=OTHER_BUYER, session_id=sid)
            with pytest.raises(NotFound):
                chat.start_chat(uow=uow, actor=OTHER_BUYER, now=at(0), order_id="o1")
            assert chat_queries.my_chats(uow=uow, actor=OTHER_BUYER) == []

    def test_staff_notes_are_hidden_from_the_consumer(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            mine = chat_queries.get_chat(uow=uow, actor=cf.BUYER, session_id=sid)
            agents = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid)

        assert Sender.SYSTEM not in {m.sender for m in mine.messages}
        assert agents.handoff_note() == {**HANDOFF.note(), "confidence": 0.8}
        assert mine.messages[-1].body == "请稍候"

    def test_an_empty_or_overlong_message_is_refused(self, world: Platform) -> None:
        with world.uow() as uow:
            sid = chat.start_chat(uow=uow, actor=cf.BUYER, now=at(0)).id
            with pytest.raises(ValidationFailed, match="empty"):
                chat.post_consumer_message(
                    uow=uow, actor=cf.BUYER, now=at(1), session_id=sid, body="   "
                )
            with pytest.raises(ValidationFailed, match="at most 1000"):
                chat.post_consumer_message(
                    uow=uow, actor=cf.BUYER, now=at(1), session_id=sid, body="字" * 1001
                )

    def test_staff_cannot_start_a_chat_as_a_consumer(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(Forbidden):
            chat.start_chat(uow=uow, actor=cf.AGENT, now=at(0))


class TestHandOff:
    def test_a_hand_off_queues_the_chat_and_starts_the_first_response_clock(
        self, world: Platform
    ) -> None:
        sid = _queued(world)

        with world.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid)
            clock = uow.session.execute(
                select(SlaClockRow.policy_key, SlaClockRow.started_at, SlaClockRow.status).where(
                    SlaClockRow.subject_id == sid
                )
            ).one()
            actions = list(
                uow.session.scalars(select(RecordEntry.action).where(RecordEntry.subject_id == sid))
            )
        assert view.session.channel is Channel.ONLINE_CHAT
        assert view.session.queued_at == at(30)
        assert tuple(clock) == ("chat_first_response", at(30), ClockStatus.RUNNING)
        assert "chat_handed_off" in actions

    def test_handing_off_twice_changes_nothing(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            again = chat.hand_off(
                uow=uow, actor=cf.BUYER, now=at(90), session_id=sid, handoff=HANDOFF
            )
            uow.commit()
            count = len(chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid).messages)
        assert again.queued_at == at(30)
        assert count == 5

    def test_a_hand_off_without_a_fresh_message_stores_the_request(self, world: Platform) -> None:
        with world.uow() as uow:
            sid = chat.start_chat(uow=uow, actor=cf.BUYER, now=at(0)).id
            chat.hand_off(
                uow=uow,
                actor=cf.BUYER,
                now=at(40),
                session_id=sid,
                handoff=chat.Handoff(reasons=("human_requested",)),
            )
            uow.commit()
            view = chat_queries.get_chat(uow=uow, actor=cf.BUYER, session_id=sid)
        assert [(m.sender, m.body, m.sent_at) for m in view.messages] == [
            (Sender.CONSUMER, chat.HANDOFF_REQUEST, at(40))
        ]

    def test_the_bot_is_silent_once_a_person_has_the_chat(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow, pytest.raises(InvalidTransition):
            chat.post_bot_reply(uow=uow, actor=cf.BUYER, now=at(40), session_id=sid, body="…")

    def test_a_chat_still_with_the_bot_is_not_the_agents(self, world: Platform) -> None:
        with world.uow() as uow:
            sid = chat.start_chat(uow=uow, actor=cf.BUYER, now=at(0)).id
            uow.commit()
        with world.uow() as uow, pytest.raises(NotFound):
            chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid)


class TestAgentSide:
    def test_the_agent_joins_replies_and_the_first_reply_stops_the_clock(
        self, world: Platform
    ) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            chat.join(uow=uow, actor=cf.AGENT, now=at(45), session_id=sid)
            chat.agent_reply(
                uow=uow,
                actor=cf.AGENT,
                now=at(50),
                session_id=sid,
                body="您好，我来为您查询退款。",
                screening=screen("您好，我来为您查询退款。"),
            )
            uow.commit()

        with world.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid)
            status, elapsed = uow.session.execute(
                select(SlaClockRow.status, SlaClockRow.elapsed_ms).where(
                    SlaClockRow.subject_id == sid
                )
            ).one()
        assert (view.session.agent_id, view.session.agent_joined_at) == ("s1", at(45))
        assert view.session.state is ChatState.WITH_AGENT
        assert view.messages[-1].sender is Sender.AGENT
        assert (status, elapsed) == (ClockStatus.STOPPED, 20_000)

    def test_an_agent_without_pre_duty_training_may_not_join(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow, pytest.raises(ValidationFailed, match="pre-duty"):
            chat.join(uow=uow, actor=cf.TRAINEE, now=at(45), session_id=sid)

    def test_a_user_with_no_staff_record_may_not_join(self, world: Platform) -> None:
        sid = _queued(world)
        stranger = Actor("usr_nobody", Role.SERVICE_AGENT)
        with world.uow() as uow, pytest.raises(Forbidden, match="staff record"):
            chat.join(uow=uow, actor=stranger, now=at(45), session_id=sid)

    def test_a_chat_taken_by_one_agent_is_a_conflict_for_another(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            chat.join(uow=uow, actor=cf.AGENT, now=at(45), session_id=sid)
            sf.staff(uow.session, "s3", post=StaffPost.AGENT)
            cf.link(uow.session, "second", "s3")
            uow.commit()
        second = Actor("usr_second", Role.SERVICE_AGENT)
        with world.uow() as uow, pytest.raises(Conflict):
            chat.join(uow=uow, actor=second, now=at(46), session_id=sid)
        with world.uow() as uow, pytest.raises(Forbidden, match="join"):
            chat.agent_reply(
                uow=uow,
                actor=second,
                now=at(47),
                session_id=sid,
                body="你好",
                screening=screen("你好"),
            )

    def test_a_blocked_reply_is_refused_and_a_flagged_one_is_noted(self, world: Platform) -> None:
        sid = _queued(world)
        lure = "加 V 信：wx 一三八一二三四五六七八，私下转账给我"
        doubtful = "这款是全网第一的好货"
        with world.uow() as uow:
            chat.join(uow=uow, actor=cf.AGENT, now=at(45), session_id=sid)
            uow.commit()
        with world.uow() as uow, pytest.raises(ValidationFailed) as refused:
            chat.agent_reply(
                uow=uow,
                actor=cf.AGENT,
                now=at(50),
                session_id=sid,
                body=lure,
                screening=screen(lure),
            )
        with world.uow() as uow:
            sent = chat.agent_reply(
                uow=uow,
                actor=cf.AGENT,
                now=at(55),
                session_id=sid,
                body=doubtful,
                screening=screen(doubtful),
            )
            uow.commit()
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=sid)

        assert "off_platform" in refused.value.details
        assert [m.body for m in view.messages if m.sender is Sender.AGENT] == [doubtful]
        flag = view.messages[-1].note
        assert flag == {"event": "flag", "message_id": sent.id, "reasons": ["false_claim"]}

    def test_waiting_chats_put_the_elderly_first(self, world: Platform) -> None:
        first = _queued(world)
        with world.uow() as uow:
            elder = chat.start_chat(uow=uow, actor=cf.ELDER, now=at(100)).id
            chat.hand_off(
                uow=uow,
                actor=cf.ELDER,
                now=at(100),
                session_id=elder,
                handoff=chat.Handoff(reasons=("elderly",)),
            )
            uow.commit()
        with world.uow() as uow:
            waiting = chat_queries.waiting_chats(uow=uow, actor=cf.AGENT)
            with pytest.raises(Forbidden):
                chat_queries.waiting_chats(uow=uow, actor=cf.BUYER)
        assert [w.session.id for w in waiting] == [elder, first]
        assert waiting[1].handoff is not None and waiting[1].handoff["reasons"] == ["angry"]
        assert waiting[1].last_consumer_message == "退款怎么还没到！！"

    def test_a_chat_left_before_any_reply_owes_no_first_response(self, world: Platform) -> None:
        sid = _queued(world)

        with world.uow() as uow:
            chat.end_chat(uow=uow, actor=cf.BUYER, now=at(60), session_id=sid)
            uow.commit()

        with world.uow() as uow:
            status, deadline = uow.session.execute(
                select(SlaClockRow.status, SlaClockRow.deadline).where(
                    SlaClockRow.subject_id == sid
                )
            ).one()
        assert (status, deadline) == (ClockStatus.WITHDRAWN, None)

    def test_the_consumer_or_the_joined_agent_ends_the_chat(self, world: Platform) -> None:
        sid = _queued(world)
        with world.uow() as uow:
            with pytest.raises(Forbidden):
                chat.end_chat(uow=uow, actor=cf.AGENT, now=at(60), session_id=sid)
            ended = chat.end_chat(uow=uow, actor=cf.BUYER, now=at(60), session_id=sid)
            uow.commit()
        with world.uow() as uow, pytest.raises(InvalidTransition, match="ended"):
            chat.post_consumer_message(
                uow=uow, actor=cf.BUYER, now=at(70), session_id=sid, body="?"
            )
        assert ended.state is ChatState.ENDED and ended.ended_at == at(60)
