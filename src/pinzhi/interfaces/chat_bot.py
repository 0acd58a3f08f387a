"""The chat bot: answers a consumer first and hands off to a person when it should (issue 6 part 6).

It lives in interfaces because it joins the language adapters (intent model, fact extraction,
hand-off rules, knowledge matcher) with the domain's chat sessions and personal answers. On each
consumer message it:

1. stores the message (`service.chat.post_consumer_message`, exact `sent_at`);
2. reads the conversation so far as a JDDC line — the consumer's turns joined by commas, the
   latest last — and classifies the latest need (`intents.classify`), extracts order numbers,
   amounts and dates (`facts.extract`, with order numbers from earlier turns too);
3. decides hand-off (`handoff.should_hand_off`): an explicit request, low confidence, anger or a
   complaint, a repeated question, an elderly or disabled consumer (S1 9.4.3), or a matter that
   needs judgement (S1 9.7.2; S3 6.7.3). The knowledge base having no confident answer is one
   more reason (`no_answer`);
4. otherwise answers from the knowledge base, personalised with the consumer's own order and case
   state (S3 7.2.2): a refund question is answered with their actual refund state and times.

On hand-off the agent gets the conversation plus a note with the intent, confidence, facts and
reasons (`service.chat.Handoff`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pinzhi.adapters.language import facts, handoff, intents, jddc
from pinzhi.adapters.language.knowledge_answers import ask
from pinzhi.core.clock import CHINA
from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState, MessageView
from pinzhi.domain.service.models import Sender
from pinzhi.store.uow import UnitOfWork

NO_ANSWER = "no_answer"
GREETING = (
    "您好，我是品质智能客服。请问有什么可以帮您？您可以直接描述问题，也可以随时点击“转人工”。"
)
HANDED_OFF = "已为您转接人工客服，请稍候，客服接入后会看到您之前的对话，无需重复描述。"


@dataclass(frozen=True)
class Analysis:
    """The bot's reading of the consumer's latest need."""

    intent: str
    confidence: float
    facts: dict[str, Any]
    hand_off: bool
    reasons: tuple[str, ...]

    def handoff(self, *, extra: Sequence[str] = (), requested: bool = False) -> chat.Handoff:
        return chat.Handoff(
            reasons=tuple(dict.fromkeys((*self.reasons, *extra))),
            intent=self.intent,
            confidence=self.confidence,
            facts=self.facts,
            requested=requested,
        )


@dataclass(frozen=True)
class BotTurn:
    """What one consumer message led to."""

    message: MessageView
    analysis: Analysis | None
    """None when a person already has the chat (the bot stays out of it)."""
    reply: MessageView | None
    handed_off: bool
    entry_id: str | None = None
    """The knowledge entry the reply came from."""


def jddc_line(turns: Sequence[str]) -> str:
    """Turns in the JDDC layout: commas join turns, so commas inside a turn become '，'."""
    return ",".join(t.replace(",", "，").replace("\n", " ") for t in turns)


def analyse(turns: Sequence[str], *, elderly: bool, now: datetime | None = None) -> Analysis:
    """Intent, facts and the hand-off decision for the latest of the consumer's `turns`."""
    if not turns:
        raise ValueError("analyse needs at least the latest consumer message")
    latest, earlier = turns[-1], list(turns[:-1])
    result = intents.classify(jddc_line(turns))
    decided, reasons = handoff.should_hand_off(
        latest,
        intent=result.intent,
        confidence=result.confidence,
        earlier=earlier,
        elderly=elderly,
    )
    today = now.astimezone(CHINA).date() if now is not None else None
    found = facts.extract(latest, today=today).as_dict()
    if "order_ids" not in found:
        earlier_orders = [o for turn in earlier for o in facts.order_ids(turn)]
        if earlier_orders:
            found["order_ids"] = list(dict.fromkeys(earlier_orders))
    return Analysis(result.intent, result.confidence, found, decided, reasons)


def respond(*, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str, text: str) -> BotTurn:
    """Store the consumer's message, then answer it or hand the chat to a person."""
    message = chat.post_consumer_message(
        uow=uow, actor=actor, now=now, session_id=session_id, body=text
    )
    view = chat_queries.get_chat(uow=uow, actor=actor, session_id=session_id)
    if view.session.state is not ChatState.BOT:
        return BotTurn(message=message, analysis=None, reply=None, handed_off=False)
    reading = analyse(view.consumer_turns(), elderly=view.elderly, now=now)
    if reading.hand_off:
        return _hand_off(uow, actor, now, session_id, message=message, reading=reading)
    if reading.intent == "other" and jddc.is_acknowledgement(message.body):
        reply = chat.post_bot_reply(
            uow=uow, actor=actor, now=now, session_id=session_id, body=GREETING
        )
        return BotTurn(message=message, analysis=reading, reply=reply, handed_off=False)
    answer = _knowledge(uow, actor, now, message.body, _order_of(view.session.order_id, reading))
    if answer is None:
        return _hand_off(
            uow, actor, now, session_id, message=message, reading=reading, extra=(NO_ANSWER,)
        )
    text_out, entry_id = answer
    reply = chat.post_bot_reply(uow=uow, actor=actor, now=now, session_id=session_id, body=text_out)
    return BotTurn(
        message=message, analysis=reading, reply=reply, handed_off=False, entry_id=entry_id
    )


def request_person(
    *, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str
) -> chat_queries.SessionView:
    """The consumer pressed "转人工": hand off at once, with the bot's reading of the chat."""
    view = chat_queries.get_chat(uow=uow, actor=actor, session_id=session_id)
    turns = view.consumer_turns()
    extra = (handoff.HUMAN_REQUESTED,)
    if turns:
        request = analyse(turns, elderly=view.elderly, now=now).handoff(extra=extra, requested=True)
    else:
        elderly = (handoff.ELDERLY,) if view.elderly else ()
        request = chat.Handoff(reasons=(*extra, *elderly), requested=True)
    return chat.hand_off(
        uow=uow, actor=actor, now=now, session_id=session_id, handoff=request, notice=HANDED_OFF
    )


def _hand_off(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    session_id: str,
    *,
    message: MessageView,
    reading: Analysis,
    extra: Sequence[str] = (),
) -> BotTurn:
    chat.hand_off(
        uow=uow,
        actor=actor,
        now=now,
        session_id=session_id,
        handoff=reading.handoff(extra=extra),
        notice=HANDED_OFF,
    )
    view = chat_queries.get_chat(uow=uow, actor=actor, session_id=session_id)
    notice = next(m for m in reversed(view.messages) if m.sender is Sender.BOT)
    return BotTurn(message=message, analysis=reading, reply=notice, handed_off=True)


def _order_of(session_order: str | None, reading: Analysis) -> str | None:
    if session_order is not None:
        return session_order
    named = reading.facts.get("order_ids") or []
    return str(named[-1]) if named else None


def _knowledge(
    uow: UnitOfWork, actor: Actor, now: datetime, question: str, order_id: str | None
) -> tuple[str, str] | None:
    """The personalised answer and its entry, or None when nothing matches confidently."""
    try:
        reply = ask(uow=uow, actor=actor, now=now, question=question, order_id=order_id)
    except NotFound:  # an order number that is not the consumer's: answer about their own
        reply = ask(uow=uow, actor=actor, now=now, question=question)
    if not reply.confident or reply.answer is None:
        return None
    return reply.answer.answer, reply.answer.entry_id
