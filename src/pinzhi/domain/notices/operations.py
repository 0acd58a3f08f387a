"""Sending and reading notices. `send_notice` never commits: it joins the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, NotFound
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.notices.models import Notice, RecipientKind
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class Recipient:
    kind: RecipientKind
    id: str


@dataclass(frozen=True)
class NoticeView:
    id: str
    recipient: Recipient
    topic: str
    subject_kind: str
    subject_id: str
    params: dict[str, object]
    created_at: datetime
    read_at: datetime | None
    order_id: str | None

    @classmethod
    def of(cls, row: Notice) -> NoticeView:
        return cls(
            id=row.id,
            recipient=Recipient(row.recipient_kind, row.recipient_id),
            topic=row.topic,
            subject_kind=row.subject_kind,
            subject_id=row.subject_id,
            params=dict(row.params),
            created_at=row.created_at,
            read_at=row.read_at,
            order_id=row.order_id,
        )


def send_notice(
    *,
    uow: UnitOfWork,
    to: Recipient,
    topic: str,
    subject_kind: str,
    subject_id: str,
    now: datetime,
    dedupe_key: str,
    params: Mapping[str, object] | None = None,
    order_id: str | None = None,
) -> NoticeView:
    """Queue a notice once per `dedupe_key`; a repeat returns the notice already sent."""
    key = f"{to.kind.value}:{to.id}:{dedupe_key}"
    existing = uow.session.scalars(select(Notice).where(Notice.dedupe_key == key)).one_or_none()
    if existing is not None:
        return NoticeView.of(existing)
    notice = Notice(
        id=new_id("ntc"),
        dedupe_key=key,
        recipient_kind=to.kind,
        recipient_id=to.id,
        topic=topic,
        subject_kind=subject_kind,
        subject_id=subject_id,
        params=dict(params or {}),
        created_at=now,
        order_id=order_id,
    )
    uow.session.add(notice)
    uow.session.flush()
    return NoticeView.of(notice)


def inbox_of(actor: Actor) -> list[Recipient]:
    """The inboxes an actor reads: their own (merchant, consumer or staff) and their team's."""
    if actor.role is Role.MERCHANT and actor.merchant_id:
        return [Recipient(RecipientKind.MERCHANT, actor.merchant_id)]
    if actor.role is Role.CONSUMER and actor.consumer_id:
        return [Recipient(RecipientKind.CONSUMER, actor.consumer_id)]
    return [
        Recipient(RecipientKind.STAFF, actor.user_id),
        Recipient(RecipientKind.ROLE, actor.role.value),
    ]


def list_notices(*, uow: UnitOfWork, actor: Actor, limit: int = 50) -> list[NoticeView]:
    """The actor's notices, newest first."""
    found: list[Notice] = []
    for recipient in inbox_of(actor):
        found.extend(
            uow.session.scalars(
                select(Notice)
                .where(Notice.recipient_kind == recipient.kind, Notice.recipient_id == recipient.id)
                .order_by(Notice.created_at.desc())
                .limit(limit)
            )
        )
    newest = sorted(found, key=lambda n: n.created_at, reverse=True)[:limit]
    return [NoticeView.of(row) for row in newest]


def mark_read(*, uow: UnitOfWork, actor: Actor, notice_id: str, now: datetime) -> NoticeView:
    """Mark one of the actor's notices read (joins the caller's transaction)."""
    notice = uow.session.get(Notice, notice_id)
    if notice is None:
        raise NotFound(f"notice {notice_id!r} does not exist")
    if Recipient(notice.recipient_kind, notice.recipient_id) not in inbox_of(actor):
        raise Forbidden(f"notice {notice_id!r} is not addressed to you")
    if notice.read_at is None:
        notice.read_at = now
        uow.session.flush()
    return NoticeView.of(notice)
