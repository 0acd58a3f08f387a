"""Chat API: a consumer chats with the bot and reaches a person; agents take and answer chats.

Consumers (`CHAT_AS_CONSUMER`) start chats, post messages (the answer is the bot's reply or the
hand-off) and press the hand-off button, which always works (S1 9.7.2). Agents
(`WORK_SERVICE_QUEUE`) see the waiting hand-offs with the bot's reading (intent, facts, reasons),
join, reply — every reply is screened first (S3 6.7.2–6.7.3) — and end chats.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from pinzhi.adapters.language.screening import screen
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState, ChatView, MessageView, SessionView
from pinzhi.domain.service.models import Channel, Sender
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.interfaces import chat_bot
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])


class StartIn(BaseModel):
    order_id: str | None = Field(default=None, max_length=64, description="an order of yours")


class TextIn(BaseModel):
    body: str = Field(min_length=1, max_length=chat.MAX_MESSAGE)


class SessionOut(BaseModel):
    id: str
    state: ChatState
    channel: Channel
    order_id: str | None
    agent_id: str | None
    started_at: datetime
    queued_at: datetime | None
    agent_joined_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def of(cls, view: SessionView) -> SessionOut:
        return cls(
            id=view.id,
            state=view.state,
            channel=view.channel,
            order_id=view.order_id,
            agent_id=view.agent_id,
            started_at=view.started_at,
            queued_at=view.queued_at,
            agent_joined_at=view.agent_joined_at,
            ended_at=view.ended_at,
        )


class MessageOut(BaseModel):
    id: str
    seq: int
    sender: Sender
    sent_at: datetime
    body: str
    note: dict[str, Any] | None = Field(description="system notes (staff only), parsed")

    @classmethod
    def of(cls, view: MessageView) -> MessageOut:
        return cls(
            id=view.id,
            seq=view.seq,
            sender=view.sender,
            sent_at=view.sent_at,
            body=view.body,
            note=view.note,
        )


class HandoffOut(BaseModel):
    reasons: list[str]
    intent: str | None
    confidence: float | None
    facts: dict[str, Any]


class ChatOut(BaseModel):
    session: SessionOut
    messages: list[MessageOut]
    elderly: bool
    handoff: HandoffOut | None = Field(description="the bot's reading when handed off")

    @classmethod
    def of(cls, view: ChatView) -> ChatOut:
        note = view.handoff_note()
        return cls(
            session=SessionOut.of(view.session),
            messages=[MessageOut.of(m) for m in view.messages],
            elderly=view.elderly,
            handoff=_handoff(note) if note else None,
        )


class TurnOut(BaseModel):
    """What your message led to: the bot's answer, or the hand-off to a person."""

    message: MessageOut
    reply: MessageOut | None
    handed_off: bool
    intent: str | None
    confidence: float | None
    facts: dict[str, Any]
    reasons: list[str]
    entry_id: str | None


class WaitingOut(BaseModel):
    session: SessionOut
    priority: PriorityTier
    handoff: HandoffOut | None
    last_consumer_message: str | None


def _handoff(note: dict[str, Any]) -> HandoffOut:
    return HandoffOut(
        reasons=list(note.get("reasons") or []),
        intent=note.get("intent"),
        confidence=note.get("confidence"),
        facts=dict(note.get("facts") or {}),
    )


@router.post(
    "/sessions",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="Start a chat (the bot answers first)",
)
def start(*, body: StartIn, actor: CurrentActor, uow: DbUow, now: Now) -> SessionOut:
    started = chat.start_chat(uow=uow, actor=actor, now=now, order_id=body.order_id)
    uow.commit()
    return SessionOut.of(started)


@router.get(
    "/sessions/{session_id}",
    responses=problem_responses(401, 403, 404),
    summary="A chat with its messages",
)
def get_session(*, session_id: str, actor: CurrentActor, uow: DbUow) -> ChatOut:
    return ChatOut.of(chat_queries.get_chat(uow=uow, actor=actor, session_id=session_id))


@router.post(
    "/sessions/{session_id}/messages",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Say something; the answer is the bot's reply or the hand-off to a person",
)
def post_message(
    *, session_id: str, body: TextIn, actor: CurrentActor, uow: DbUow, now: Now
) -> TurnOut:
    turn = chat_bot.respond(uow=uow, actor=actor, now=now, session_id=session_id, text=body.body)
    uow.commit()
    reading = turn.analysis
    return TurnOut(
        message=MessageOut.of(turn.message),
        reply=MessageOut.of(turn.reply) if turn.reply else None,
        handed_off=turn.handed_off,
        intent=reading.intent if reading else None,
        confidence=reading.confidence if reading else None,
        facts=reading.facts if reading else {},
        reasons=list(reading.reasons) if reading and turn.handed_off else [],
        entry_id=turn.entry_id,
    )


@router.post(
    "/sessions/{session_id}/handoff",
    responses=problem_responses(401, 403, 404, 409),
    summary="The hand-off button: reach a person now",
)
def request_person(*, session_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> SessionOut:
    queued = chat_bot.request_person(uow=uow, actor=actor, now=now, session_id=session_id)
    uow.commit()
    return SessionOut.of(queued)


@router.get(
    "/waiting",
    responses=problem_responses(401, 403),
    summary="Chats waiting for a person: elderly and disabled first, then the longest wait",
)
def waiting(*, actor: CurrentActor, uow: DbUow) -> list[WaitingOut]:
    return [
        WaitingOut(
            session=SessionOut.of(w.session),
            priority=w.priority,
            handoff=_handoff(w.handoff) if w.handoff else None,
            last_consumer_message=w.last_consumer_message,
        )
        for w in chat_queries.waiting_chats(uow=uow, actor=actor)
    ]


@router.post(
    "/sessions/{session_id}/join",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Take a waiting chat (the staff gate applies)",
)
def join(*, session_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> SessionOut:
    joined = chat.join(uow=uow, actor=actor, now=now, session_id=session_id)
    uow.commit()
    return SessionOut.of(joined)


@router.post(
    "/sessions/{session_id}/replies",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Answer in a chat you joined; screened, refused with the reasons when blocked",
)
def reply(
    *, session_id: str, body: TextIn, actor: CurrentActor, uow: DbUow, now: Now
) -> MessageOut:
    sent = chat.agent_reply(
        uow=uow,
        actor=actor,
        now=now,
        session_id=session_id,
        body=body.body,
        screening=screen(body.body),
    )
    uow.commit()
    return MessageOut.of(sent)


@router.post(
    "/sessions/{session_id}/end",
    responses=problem_responses(401, 403, 404, 409),
    summary="End a chat (its consumer, or the agent who joined it)",
)
def end(*, session_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> SessionOut:
    ended = chat.end_chat(uow=uow, actor=actor, now=now, session_id=session_id)
    uow.commit()
    return SessionOut.of(ended)
