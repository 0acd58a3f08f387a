"""The chat bot: answers from the knowledge base with the consumer's real records, or hands off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

import chat_factories as cf
from pinzhi.adapters.language import jddc
from pinzhi.adapters.language.handoff import ANGRY, ELDERLY, HUMAN_REQUESTED, REPEATED
from pinzhi.adapters.language.screening import screen
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState
from pinzhi.domain.service.models import Sender
from pinzhi.domain.sla.models import SlaClockRow
from pinzhi.interfaces import chat_bot


@pytest.fixture
def stocked(sqlite_platform: Platform) -> Iterator[Platform]:
    with sqlite_platform.uow() as uow:
        cf.minimal_world(uow.session)
        cf.stock(uow)
        uow.commit()
    yield sqlite_platform


def _start(platform: Platform, actor: Actor = cf.BUYER, order_id: str | None = None) -> str:
    with platform.uow() as uow:
        session = chat.start_chat(uow=uow, actor=actor, now=cf.NOW, order_id=order_id)
        uow.commit()
    return session.id


def _say(
    platform: Platform, session_id: str, text: str, *, actor: Actor = cf.BUYER, minute: int = 1
) -> chat_bot.BotTurn:
    with platform.uow() as uow:
        turn = chat_bot.respond(
            uow=uow,
            actor=actor,
            now=cf.NOW + timedelta(minutes=minute),
            session_id=session_id,
            text=text,
        )
        uow.commit()
    return turn


class TestAnswers:
    def test_a_refund_question_is_answered_with_the_real_case_state(
        self, stocked: Platform
    ) -> None:
        session_id = _start(stocked)

        turn = _say(stocked, session_id, cf.REFUND_QUESTION)

        assert not turn.handed_off
        assert turn.reply is not None
        assert turn.analysis is not None
        assert turn.analysis.intent in {"refund_progress", "refund_request"}
        # the approval at 01:15 UTC is 09:15 in China; the order and case kind are the consumer's
        assert "o1" in turn.reply.body
        assert "2026-11-20 09:15" in turn.reply.body
        assert "退货退款" in turn.reply.body
        assert turn.reply.sender is Sender.BOT

    def test_a_greeting_gets_a_greeting_not_a_person(self, stocked: Platform) -> None:
        session_id = _start(stocked)

        turn = _say(stocked, session_id, "你好")

        assert not turn.handed_off
        assert turn.reply is not None and turn.reply.body == chat_bot.GREETING

    def test_the_conversation_is_read_as_a_jddc_line(self) -> None:
        assert chat_bot.jddc_line(["订单号 123,456", "退款呢"]) == "订单号 123，456,退款呢"

    @given(st.lists(st.text(alphabet="退款,到账 \n吗1", min_size=1, max_size=12), min_size=1))
    def test_every_turn_survives_as_one_jddc_turn(self, turns: list[str]) -> None:
        kept = [t.replace(",", "，").replace("\n", " ").strip() for t in turns]

        parsed = jddc.parse(chat_bot.jddc_line(turns))

        assert parsed.turns == tuple(t for t in kept if t)


class TestHandOff:
    def test_an_angry_message_goes_to_a_person_with_reasons_intent_and_facts(
        self, stocked: Platform
    ) -> None:
        session_id = _start(stocked)

        turn = _say(stocked, session_id, "订单 20261101888 退款到现在还没到，你们就是骗子！！")

        assert turn.handed_off
        assert turn.analysis is not None and ANGRY in turn.analysis.reasons
        with stocked.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=session_id)
            clock = uow.session.scalars(
                select(SlaClockRow.started_at).where(SlaClockRow.subject_id == session_id)
            ).one()
        assert view.session.state is ChatState.WAITING
        assert view.session.queued_at == cf.NOW + timedelta(minutes=1)
        note = view.handoff_note()
        assert note is not None
        assert ANGRY in note["reasons"]
        assert note["intent"] == turn.analysis.intent
        assert note["facts"]["order_ids"] == ["20261101888"]
        # the first-response clock starts at the consumer's message that reached for a person
        assert clock == cf.NOW + timedelta(minutes=1)

    def test_an_elderly_consumer_is_handed_off_and_queued_first(self, stocked: Platform) -> None:
        earlier = _start(stocked)
        _say(stocked, earlier, "我要投诉你们", minute=1)
        elder = _start(stocked, actor=cf.ELDER)

        turn = _say(stocked, elder, "我买的东西什么时候发货", actor=cf.ELDER, minute=2)

        assert turn.handed_off
        assert turn.analysis is not None and ELDERLY in turn.analysis.reasons
        with stocked.uow() as uow:
            waiting = chat_queries.waiting_chats(uow=uow, actor=cf.AGENT)
        assert [w.session.id for w in waiting] == [elder, earlier]
        assert waiting[0].priority.rank < waiting[1].priority.rank

    def test_asking_the_same_thing_again_goes_to_a_person(self, stocked: Platform) -> None:
        session_id = _start(stocked)
        first = _say(stocked, session_id, "我的快递到哪里了", minute=1)

        again = _say(stocked, session_id, "我的快递到哪里了啊", minute=2)

        assert not first.handed_off
        assert again.handed_off
        assert again.analysis is not None and REPEATED in again.analysis.reasons

    def test_the_button_hands_off_at_once_and_is_measured_from_the_press(
        self, stocked: Platform
    ) -> None:
        session_id = _start(stocked)
        _say(stocked, session_id, cf.REFUND_QUESTION, minute=1)
        pressed = cf.NOW + timedelta(minutes=3)

        with stocked.uow() as uow:
            chat_bot.request_person(uow=uow, actor=cf.BUYER, now=pressed, session_id=session_id)
            uow.commit()

        with stocked.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=session_id)
        request = [m for m in view.messages if m.sender is Sender.CONSUMER][-1]
        assert (request.body, request.sent_at) == (chat.HANDOFF_REQUEST, pressed)
        assert view.session.queued_at == pressed
        note = view.handoff_note()
        assert note is not None and HUMAN_REQUESTED in note["reasons"]
        # the agent sees the need behind the button, not "human_agent"
        assert note["intent"] in {"refund_progress", "refund_request"}

    def test_once_with_a_person_the_bot_stays_silent(self, stocked: Platform) -> None:
        session_id = _start(stocked)
        _say(stocked, session_id, "转人工", minute=1)

        turn = _say(stocked, session_id, cf.REFUND_QUESTION, minute=2)

        assert turn.reply is None and turn.analysis is None


class TestScreening:
    def test_an_agent_message_luring_to_wechat_is_refused_with_the_reason(
        self, stocked: Platform
    ) -> None:
        session_id = _start(stocked)
        _say(stocked, session_id, "转人工", minute=1)
        lure = "亲，加我薇 信 wx13812345678 私下给您退"
        with stocked.uow() as uow:
            chat.join(
                uow=uow, actor=cf.AGENT, now=cf.NOW + timedelta(minutes=2), session_id=session_id
            )
            uow.commit()

        with stocked.uow() as uow, pytest.raises(ValidationFailed, match="off_platform"):
            chat.agent_reply(
                uow=uow,
                actor=cf.AGENT,
                now=cf.NOW + timedelta(minutes=3),
                session_id=session_id,
                body=lure,
                screening=screen(lure),
            )

        with stocked.uow() as uow:
            view = chat_queries.get_chat(uow=uow, actor=cf.AGENT, session_id=session_id)
        assert not [m for m in view.messages if m.sender is Sender.AGENT]
