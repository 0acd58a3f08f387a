"""Online chat with a consumer: the bot first, a person on request (S1 9.7.2; S3 6.7.3).

Life of a chat session (`service_sessions` row, turns in `service_messages`):

- `start_chat`: the consumer opens a chat, optionally about one of their orders. The bot answers
  first, so the session starts on channel `bot` — no human service has begun, and the SLA
  measures and attainment metrics (S1 9.2.2), which read `online_chat` sessions, leave it alone.
- `post_consumer_message` / `post_bot_reply`: each turn keeps its exact `sent_at`.
- `hand_off`: the chat goes to a person. Channel becomes `online_chat`, `queued_at` is set, the
  reasons, detected intent and facts are stored as a system note for the agent, and the
  chat-first-response clock starts at `queued_at` on the consumer's message that asked for a
  person (the "转人工" button is stored as such a message, as chat tools do), so the wait is
  measured from the moment the consumer reached for a person.
- `join`: an agent who passes the staff gate (`staff_queries.check_assignment`, S1 9.3.2) takes
  the chat: `agent_joined_at`, `agent_id`.
- `agent_reply`: screened first (S3 6.7.2–6.7.3): a blocked message is refused with its reasons,
  a flagged one is stored with a system note naming the reasons, for review. The agent's first
  reply stops the first-response clock.
- `end_chat`: the consumer or the joined agent ends it.

Hand-off, join and end are chained onto the tamper-evident record log (S1 9.1.2).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select

from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.orders import queries as order_queries
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.chat_queries import (
    MessageView,
    SessionView,
    chat_row,
    message_view,
    session_view,
    staff_id_of,
)
from pinzhi.domain.service.models import Channel, Sender, ServiceMessage, ServiceSession
from pinzhi.domain.service.staff_queries import check_assignment
from pinzhi.domain.service.staff_rules import Duty
from pinzhi.domain.sla import subjects
from pinzhi.domain.sla.engine import SlaEvent, apply_as, withdraw_clocks
from pinzhi.store.uow import UnitOfWork

MAX_MESSAGE = 1000
HANDOFF_REQUEST = "转人工"
"""What the consumer's hand-off button says in the conversation."""
BLOCK = "block"
FLAG = "flag"
SUBJECT = subjects.SERVICE_SESSION
CLOCK_STARTS = "consumer_message"
CLOCK_STOPS = "agent_message"


class Verdict(Protocol):
    """A screening decision on an outgoing message (the language adapter's `Screening`)."""

    @property
    def action(self) -> str: ...

    @property
    def reasons(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Handoff:
    """Why and what: the reasons, and the bot's reading of the conversation for the agent."""

    reasons: tuple[str, ...]
    intent: str | None = None
    confidence: float | None = None
    facts: Mapping[str, Any] | None = None
    requested: bool = False
    """The consumer pressed the hand-off button (stored as a "转人工" message)."""

    def note(self) -> dict[str, Any]:
        return {
            "event": "handoff",
            "reasons": list(self.reasons),
            "intent": self.intent,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "facts": dict(self.facts or {}),
            "requested": self.requested,
        }


def start_chat(
    *, uow: UnitOfWork, actor: Actor, now: datetime, order_id: str | None = None
) -> SessionView:
    """A new chat for the signed-in consumer, about one of their own orders if named."""
    require(actor, Permission.CHAT_AS_CONSUMER)
    if actor.consumer_id is None:
        raise Forbidden("only a user bound to a consumer can start a chat")
    merchant_id = None
    if order_id is not None:
        merchant_id = order_queries.get_order(uow=uow, actor=actor, order_id=order_id).merchant_id
    row = ServiceSession(
        id=new_id("chat"),
        consumer_id=actor.consumer_id,
        merchant_id=merchant_id,
        order_id=order_id,
        channel=Channel.BOT,
        started_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    return session_view(row)


def post_consumer_message(
    *, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str, body: str
) -> MessageView:
    """The consumer says something in their own open chat."""
    row = _consumers_open_chat(uow, actor, session_id)
    return _append(uow, row, Sender.CONSUMER, _text(body), now)


def post_bot_reply(
    *, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str, body: str
) -> MessageView:
    """The bot answers the consumer (`actor`, on whose message it acts) while no person has
    the chat; once handed off, the bot stays silent."""
    row = _consumers_open_chat(uow, actor, session_id)
    if row.queued_at is not None:
        raise InvalidTransition(f"chat {session_id} is with a person; the bot does not answer")
    return _append(uow, row, Sender.BOT, _text(body), now)


def hand_off(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    session_id: str,
    handoff: Handoff,
    notice: str | None = None,
) -> SessionView:
    """Queue the chat for a person; `notice` is the bot's word to the consumer that they are
    queued. Handing off a chat already handed off changes nothing."""
    row = _consumers_open_chat(uow, actor, session_id)
    if row.queued_at is not None:
        return session_view(row)
    if not handoff.reasons:
        raise ValidationFailed("a hand-off needs at least one reason")
    if handoff.requested or not _consumer_spoke_at(uow, row.id, now):
        # the wait is measured from a consumer message at queued_at (service_metrics)
        _append(uow, row, Sender.CONSUMER, HANDOFF_REQUEST, now)
    row.channel = Channel.ONLINE_CHAT
    row.queued_at = now
    _append(uow, row, Sender.SYSTEM, json.dumps(handoff.note(), ensure_ascii=False), now)
    if notice is not None:
        _append(uow, row, Sender.BOT, _text(notice), now)
    event = SlaEvent(f"chat:{row.id}:queued", SUBJECT, row.id, CLOCK_STARTS, now)
    apply_as(uow=uow, actor_id=actor.user_id, now=now, event=event)
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=SUBJECT,
        subject_id=row.id,
        action="chat_handed_off",
        payload={"reasons": list(handoff.reasons), "intent": handoff.intent},
    )
    return session_view(row)


def join(*, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str) -> SessionView:
    """An agent takes a waiting chat; the agent must pass the staff gate for service work."""
    require(actor, Permission.WORK_SERVICE_QUEUE)
    staff_id = _staff_of(uow, actor)
    row = _locked(uow, actor, session_id)
    if row.ended_at is not None:
        raise InvalidTransition(f"chat {session_id} has ended")
    if row.agent_id is not None:
        if row.agent_id == staff_id:
            return session_view(row)
        raise Conflict(f"chat {session_id} was already taken by another agent")
    check_assignment(uow=uow, staff_id=staff_id, duty=Duty.CASE, now=now)
    row.agent_id = staff_id
    row.agent_joined_at = now
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=SUBJECT,
        subject_id=row.id,
        action="chat_joined",
        payload={"agent_id": staff_id},
    )
    return session_view(row)


def agent_reply(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    session_id: str,
    body: str,
    screening: Verdict,
) -> MessageView:
    """The joined agent answers. `screening` is the verdict on `body`: blocked is refused
    (ValidationFailed naming the reasons), flagged is stored with a note for review."""
    require(actor, Permission.WORK_SERVICE_QUEUE)
    staff_id = _staff_of(uow, actor)
    row = _locked(uow, actor, session_id)
    if row.ended_at is not None:
        raise InvalidTransition(f"chat {session_id} has ended")
    if row.agent_id != staff_id:
        raise Forbidden(f"join chat {session_id} before replying in it")
    text = _text(body)
    if screening.action == BLOCK:
        raise ValidationFailed(
            f"message refused by screening: {', '.join(screening.reasons)}",
            details=list(screening.reasons),
        )
    first = not _has_agent_message(uow, row.id)
    message = _append(uow, row, Sender.AGENT, text, now)
    if screening.action == FLAG:
        note = {"event": "flag", "message_id": message.id, "reasons": list(screening.reasons)}
        _append(uow, row, Sender.SYSTEM, json.dumps(note, ensure_ascii=False), now)
    if first:
        event = SlaEvent(f"chat:{row.id}:first_reply", SUBJECT, row.id, CLOCK_STOPS, now)
        apply_as(uow=uow, actor_id=actor.user_id, now=now, event=event)
    return message


def end_chat(*, uow: UnitOfWork, actor: Actor, now: datetime, session_id: str) -> SessionView:
    """The consumer ends their chat, or the agent who joined it does; ending twice is a no-op."""
    row = chat_row(uow, actor, session_id)
    if row.ended_at is not None:
        return session_view(row)
    if actor.consumer_id is None and row.agent_id != _staff_of(uow, actor):
        raise Forbidden(f"only the consumer or the agent who joined may end chat {session_id}")
    row.ended_at = now
    uow.session.flush()
    if row.queued_at is not None:
        # left before any agent replied: the wait is reported (attainment), but no one owes a
        # first reply any more, so the worker must not flag it
        withdraw_clocks(
            uow=uow,
            actor_id=actor.user_id,
            now=now,
            subject_kind=SUBJECT,
            subject_id=row.id,
            why="chat ended before an agent replied",
        )
        append_record(
            uow=uow,
            actor_id=actor.user_id,
            now=now,
            subject_kind=SUBJECT,
            subject_id=row.id,
            action="chat_ended",
            payload={"by": "consumer" if actor.consumer_id else "agent"},
        )
    return session_view(row)


def _text(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationFailed("message body is empty")
    if len(text) > MAX_MESSAGE:
        raise ValidationFailed(f"message body has {len(text)} characters; at most {MAX_MESSAGE}")
    return text


def _consumers_open_chat(uow: UnitOfWork, actor: Actor, session_id: str) -> ServiceSession:
    require(actor, Permission.CHAT_AS_CONSUMER)
    row = chat_row(uow, actor, session_id)
    if row.ended_at is not None:
        raise InvalidTransition(f"chat {session_id} has ended; start a new one")
    return row


def _locked(uow: UnitOfWork, actor: Actor, session_id: str) -> ServiceSession:
    row = chat_row(uow, actor, session_id)
    uow.session.refresh(row, with_for_update=True)  # one agent wins a race to join
    return row


def _staff_of(uow: UnitOfWork, actor: Actor) -> str:
    staff_id = staff_id_of(uow, actor)
    if staff_id is None:
        raise Forbidden(f"user {actor.user_id} is not linked to a staff record")
    return staff_id


def _append(
    uow: UnitOfWork, row: ServiceSession, sender: Sender, body: str, now: datetime
) -> MessageView:
    last = uow.session.scalar(
        select(func.max(ServiceMessage.seq)).where(ServiceMessage.session_id == row.id)
    )
    message = ServiceMessage(
        id=new_id("msg"),
        session_id=row.id,
        seq=(last or 0) + 1,
        sender=sender,
        sent_at=now,
        body=body,
    )
    uow.session.add(message)
    uow.session.flush()
    return message_view(message)


def _consumer_spoke_at(uow: UnitOfWork, session_id: str, now: datetime) -> bool:
    """True when the latest message of the chat is the consumer's, sent at `now`."""
    latest = uow.session.execute(
        select(ServiceMessage.sender, ServiceMessage.sent_at)
        .where(ServiceMessage.session_id == session_id)
        .order_by(ServiceMessage.seq.desc())
        .limit(1)
    ).first()
    return latest is not None and latest[0] is Sender.CONSUMER and latest[1] == now


def _has_agent_message(uow: UnitOfWork, session_id: str) -> bool:
    found = uow.session.scalar(
        select(ServiceMessage.id)
        .where(ServiceMessage.session_id == session_id, ServiceMessage.sender == Sender.AGENT)
        .limit(1)
    )
    return found is not None
