"""Reads of SLA clocks: the agent's queue and one subject's clocks. Never write.

The queue (S1 9.2.2–9.2.3, 9.4.3): breached clocks first (higher escalation first, then the
oldest breach), then running clocks by deadline, then paused ones by the time they have left.
Priority tiers (elderly/disabled consumers, then quality-service 品质 goods and buyers, S1 9.2.1,
9.4.3) break ties and, as a filter, give each priority queue of its own. Each part of the queue
is one index range (`ix_sla_clocks_due`, `ix_sla_clocks_open`), so it stays fast with a million
open clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import User
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow, SlaPolicyRow
from pinzhi.domain.sla.views import ClockView, clock_view
from pinzhi.store.uow import UnitOfWork

MAX_QUEUE = 200
OPEN = (ClockStatus.RUNNING, ClockStatus.PAUSED)


@dataclass(frozen=True)
class QueueItem:
    clock: ClockView
    breached: bool
    seconds_left: float | None
    """Until the deadline (negative: since the breach); the unused limit while paused."""


def agent_queue(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    tier: PriorityTier | None = None,
    mine: bool = False,
    limit: int = 50,
) -> list[QueueItem]:
    """The queue an agent works from; `mine` keeps the clocks assigned to the agent."""
    require(actor, Permission.WORK_SERVICE_QUEUE)
    if not 1 <= limit <= MAX_QUEUE:
        raise ValidationFailed(f"limit must be 1–{MAX_QUEUE}")
    staff_id = _staff_of(uow, actor) if mine else None
    if mine and staff_id is None:
        return []

    def narrowed(query: Select[SlaClockRow, int]) -> Select[SlaClockRow, int]:
        if tier is not None:
            query = query.where(SlaClockRow.priority == tier)
        if staff_id is not None:
            query = query.where(SlaClockRow.assignee_staff_id == staff_id)
        return query.limit(limit)

    flagged = narrowed(
        _with_limit()
        .where(SlaClockRow.status.in_(OPEN), SlaClockRow.breached_at.is_not(None))
        .order_by(SlaClockRow.breached_at)
    )
    running = narrowed(
        _with_limit()
        .where(SlaClockRow.breached_at.is_(None), SlaClockRow.deadline.is_not(None))
        .order_by(SlaClockRow.deadline)
    )
    paused = narrowed(
        _with_limit()
        .where(SlaClockRow.status == ClockStatus.PAUSED, SlaClockRow.breached_at.is_(None))
        .order_by(SlaClockRow.updated_at)
    )
    items = [
        _item(clock_view(row, limit_seconds=seconds), now)
        for query in (flagged, running, paused)
        for row, seconds in uow.session.execute(query)
    ]
    return sorted(items, key=_queue_order)[:limit]


def _with_limit() -> Select[SlaClockRow, int]:
    return select(SlaClockRow, SlaPolicyRow.limit_seconds).join(
        SlaPolicyRow,
        (SlaPolicyRow.key == SlaClockRow.policy_key)
        & (SlaPolicyRow.version == SlaClockRow.policy_version),
    )


def _item(clock: ClockView, now: datetime) -> QueueItem:
    left = clock.time_left(now)
    return QueueItem(clock, clock.breached(now), left.total_seconds() if left else None)


def _queue_order(item: QueueItem) -> tuple[int, int, float, int]:
    clock = item.clock
    if item.breached:
        since = (clock.breached_at or clock.deadline or clock.started_at).timestamp()
        return (0, -clock.escalation_level, since, clock.priority.rank)
    if clock.deadline is not None:
        return (1, 0, clock.deadline.timestamp(), clock.priority.rank)
    return (2, 0, item.seconds_left or 0.0, clock.priority.rank)


def _staff_of(uow: UnitOfWork, actor: Actor) -> str | None:
    return uow.session.scalar(select(User.staff_id).where(User.id == actor.user_id))


def subject_clocks(
    *, uow: UnitOfWork, actor: Actor, subject_kind: str, subject_id: str
) -> list[ClockView]:
    """Every clock of one subject (one per policy that measures it)."""
    if not allows(actor, Permission.INGEST_DATA):
        require(actor, Permission.WORK_SERVICE_QUEUE)
    rows = uow.session.execute(
        _with_limit()
        .where(SlaClockRow.subject_kind == subject_kind, SlaClockRow.subject_id == subject_id)
        .order_by(SlaClockRow.policy_key)
    )
    found = [clock_view(row, limit_seconds=seconds) for row, seconds in rows]
    if not found:
        raise NotFound(f"no SLA clock for {subject_kind} {subject_id!r}")
    return found
