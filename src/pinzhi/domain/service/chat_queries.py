"""Reads on chat sessions: a conversation for its consumer or an agent, and the waiting hand-offs.

A consumer reads only their own chats and never the system notes (hand-off summaries, screening
flags), which are for staff. Agents (`WORK_SERVICE_QUEUE`) read any chat that has reached a
person, and the list of chats waiting for one, elderly and disabled consumers first
(S1 9.4.3), then quality-service buyers (S1 9.2.1), then by how long they have waited.

System notes are stored as JSON in the message body: `{"event": "handoff", ...}` or
`{"event": "flag", ...}`; `MessageView.note` holds them parsed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import User
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.service.models import Channel, Sender, ServiceMessage, ServiceSession
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.sla.subjects import tier_of
from pinzhi.store.uow import UnitOfWork

CHAT_CHANNELS = (Channel.BOT, Channel.ONLINE_CHAT)
"""A chat is answered by the bot (`bot`) until it is handed to a person (`online_chat`)."""
MAX_LIST = 200


class ChatState(StrEnum):
    BOT = "bot"
    WAITING = "waiting"
    WITH_AGENT = "with_agent"
    ENDED = "ended"


@dataclass(frozen=True)
class SessionView:
    id: str
    consumer_id: str
    merchant_id: str | None
    order_id: str | None
    agent_id: str | None
    channel: Channel
    started_at: datetime
    queued_at: datetime | None
    agent_joined_at: datetime | None
    ended_at: datetime | None

    @property
    def state(self) -> ChatState:
        if self.ended_at is not None:
            return ChatState.ENDED
        if self.agent_joined_at is not None:
            return ChatState.WITH_AGENT
        return ChatState.WAITING if self.queued_at is not None else ChatState.BOT


@dataclass(frozen=True)
class MessageView:
    id: str
    seq: int
    sender: Sender
    sent_at: datetime
    body: str
    note: dict[str, Any] | None
    """A system message's parsed note; None for what people and the bot said."""


@dataclass(frozen=True)
class ChatView:
    session: SessionView
    messages: tuple[MessageView, ...]
    elderly: bool
    """The consumer is elderly or disabled: priority access and large type (S1 9.4.3)."""

    def consumer_turns(self) -> list[str]:
        return [m.body for m in self.messages if m.sender is Sender.CONSUMER]

    def handoff_note(self) -> dict[str, Any] | None:
        """The latest hand-off summary (intent, facts, reasons), if the chat was handed off."""
        notes = [m.note for m in self.messages if m.note and m.note.get("event") == "handoff"]
        return notes[-1] if notes else None


@dataclass(frozen=True)
class WaitingChat:
    session: SessionView
    priority: PriorityTier
    handoff: dict[str, Any] | None
    last_consumer_message: str | None


def session_view(row: ServiceSession) -> SessionView:
    return SessionView(
        id=row.id,
        consumer_id=row.consumer_id,
        merchant_id=row.merchant_id,
        order_id=row.order_id,
        agent_id=row.agent_id,
        channel=row.channel,
        started_at=row.started_at,
        queued_at=row.queued_at,
        agent_joined_at=row.agent_joined_at,
        ended_at=row.ended_at,
    )


def message_view(row: ServiceMessage) -> MessageView:
    note = None
    if row.sender is Sender.SYSTEM:
        try:
            parsed = json.loads(row.body)
        except ValueError:
            parsed = {"event": "text", "text": row.body}
        note = parsed if isinstance(parsed, dict) else {"event": "text", "text": row.body}
    return MessageView(row.id, row.seq, row.sender, row.sent_at, row.body, note)


def is_staff_reader(actor: Actor) -> bool:
    return allows(actor, Permission.WORK_SERVICE_QUEUE)


def chat_row(uow: UnitOfWork, actor: Actor, session_id: str) -> ServiceSession:
    """The chat session the actor may see: a consumer their own, an agent any that reached a
    person. Anything else is "missing", so ids of other people's chats are not revealed."""
    row = uow.session.get(ServiceSession, session_id)
    if row is None or row.channel not in CHAT_CHANNELS:
        raise NotFound(f"no chat {session_id}")
    if is_staff_reader(actor):
        if row.queued_at is None:
            raise NotFound(f"no chat {session_id} handed to a person")
        return row
    require(actor, Permission.CHAT_AS_CONSUMER)
    if actor.consumer_id is None or row.consumer_id != actor.consumer_id:
        raise NotFound(f"no chat {session_id}")
    return row


def consumer_elderly(uow: UnitOfWork, consumer_id: str) -> bool:
    consumer = uow.session.get(Consumer, consumer_id)
    return bool(consumer and (consumer.elderly or consumer.disabled))


def get_chat(*, uow: UnitOfWork, actor: Actor, session_id: str) -> ChatView:
    """The conversation in order; system notes only for staff."""
    row = chat_row(uow, actor, session_id)
    staff = is_staff_reader(actor)
    messages = uow.session.scalars(
        select(ServiceMessage)
        .where(ServiceMessage.session_id == row.id)
        .order_by(ServiceMessage.seq)
    )
    return ChatView(
        session=session_view(row),
        messages=tuple(message_view(m) for m in messages if staff or m.sender is not Sender.SYSTEM),
        elderly=consumer_elderly(uow, row.consumer_id),
    )


def my_chats(*, uow: UnitOfWork, actor: Actor, limit: int = 20) -> list[SessionView]:
    """The consumer's own chats, newest first."""
    require(actor, Permission.CHAT_AS_CONSUMER)
    if actor.consumer_id is None:
        raise Forbidden("only a user bound to a consumer has chats of their own")
    _check_limit(limit)
    rows = uow.session.scalars(
        select(ServiceSession)
        .where(
            ServiceSession.consumer_id == actor.consumer_id,
            ServiceSession.channel.in_(CHAT_CHANNELS),
        )
        .order_by(ServiceSession.started_at.desc(), ServiceSession.id.desc())
        .limit(limit)
    )
    return [session_view(row) for row in rows]


def staff_id_of(uow: UnitOfWork, actor: Actor) -> str | None:
    """The staff record the signed-in user works as, if any."""
    return uow.session.scalar(select(User.staff_id).where(User.id == actor.user_id))


def waiting_chats(*, uow: UnitOfWork, actor: Actor, limit: int = 50) -> list[WaitingChat]:
    """Chats handed off and not yet joined: priority first, then the longest wait."""
    require(actor, Permission.WORK_SERVICE_QUEUE)
    _check_limit(limit)
    rows = list(
        uow.session.scalars(
            select(ServiceSession)
            .where(
                ServiceSession.channel == Channel.ONLINE_CHAT,
                ServiceSession.queued_at.is_not(None),
                ServiceSession.agent_joined_at.is_(None),
                ServiceSession.ended_at.is_(None),
            )
            .order_by(ServiceSession.queued_at, ServiceSession.id)
            .limit(MAX_LIST)
        )
    )
    found = [_waiting(uow, row) for row in rows]
    found.sort(key=lambda w: (w.priority.rank, w.session.queued_at or w.session.started_at))
    return found[:limit]


def agent_chats(*, uow: UnitOfWork, actor: Actor) -> list[SessionView]:
    """The open chats the signed-in agent has joined, oldest first."""
    require(actor, Permission.WORK_SERVICE_QUEUE)
    staff_id = staff_id_of(uow, actor)
    if staff_id is None:
        return []
    rows = uow.session.scalars(
        select(ServiceSession)
        .where(
            ServiceSession.channel == Channel.ONLINE_CHAT,
            ServiceSession.agent_id == staff_id,
            ServiceSession.ended_at.is_(None),
        )
        .order_by(ServiceSession.agent_joined_at, ServiceSession.id)
        .limit(MAX_LIST)
    )
    return [session_view(row) for row in rows]


def _waiting(uow: UnitOfWork, row: ServiceSession) -> WaitingChat:
    messages = list(
        uow.session.scalars(
            select(ServiceMessage)
            .where(
                ServiceMessage.session_id == row.id,
                ServiceMessage.sender.in_((Sender.CONSUMER, Sender.SYSTEM)),
            )
            .order_by(ServiceMessage.seq)
        )
    )
    notes = [message_view(m).note for m in messages if m.sender is Sender.SYSTEM]
    handoffs = [n for n in notes if n and n.get("event") == "handoff"]
    said = [m.body for m in messages if m.sender is Sender.CONSUMER]
    return WaitingChat(
        session=session_view(row),
        priority=tier_of(uow.session, consumer_id=row.consumer_id, order_id=row.order_id),
        handoff=handoffs[-1] if handoffs else None,
        last_consumer_message=said[-1] if said else None,
    )


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIST:
        raise ValidationFailed(f"limit must be 1–{MAX_LIST}")


def ended_chats(*, uow: UnitOfWork, since: datetime, until: datetime) -> list[ChatView]:
    """Every chat that ended in [since, until), with all its messages (a system read for the
    daily run: satisfaction surveys and the feedback inbox, S3 7.1–7.2); oldest first."""
    rows = uow.session.scalars(
        select(ServiceSession)
        .where(ServiceSession.ended_at >= since, ServiceSession.ended_at < until)
        .order_by(ServiceSession.ended_at, ServiceSession.id)
    ).all()
    if not rows:
        return []
    messages: dict[str, list[MessageView]] = {}
    for message in uow.session.scalars(
        select(ServiceMessage)
        .where(ServiceMessage.session_id.in_([row.id for row in rows]))
        .order_by(ServiceMessage.session_id, ServiceMessage.seq)
    ):
        messages.setdefault(message.session_id, []).append(message_view(message))
    return [
        ChatView(session_view(row), tuple(messages.get(row.id, ())), elderly=False) for row in rows
    ]
