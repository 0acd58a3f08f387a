"""Reads of the unified feedback inbox and the solution base (S3 7.2.1–7.2.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.satisfaction import rules
from pinzhi.domain.satisfaction.models import InboxItem, Solution
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True)
class InboxItemView:
    id: str
    channel: InboxChannel
    source_id: str
    subject_kind: str
    subject_id: str
    merchant_id: str | None
    theme: str
    sentiment: float | None
    excerpt: str
    status: InboxStatus
    assignee_id: str | None
    received_at: datetime
    triaged_at: datetime | None
    resolved_at: datetime | None
    resolution: str | None
    solution_id: str | None


@dataclass(frozen=True)
class SolutionView:
    id: str
    problem: str
    cause: str
    steps: tuple[str, ...]
    theme: str
    category: str | None
    knowledge_entry_id: str | None
    times_used: int
    active: bool
    updated_at: datetime


def item_view(row: InboxItem) -> InboxItemView:
    return InboxItemView(
        id=row.id,
        channel=row.channel,
        source_id=row.source_id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        merchant_id=row.merchant_id,
        theme=row.theme,
        sentiment=row.sentiment,
        excerpt=row.excerpt,
        status=row.status,
        assignee_id=row.assignee_id,
        received_at=row.received_at,
        triaged_at=row.triaged_at,
        resolved_at=row.resolved_at,
        resolution=row.resolution,
        solution_id=row.solution_id,
    )


def solution_view(row: Solution) -> SolutionView:
    return SolutionView(
        id=row.id,
        problem=row.problem,
        cause=row.cause,
        steps=tuple(row.steps),
        theme=row.theme,
        category=row.category,
        knowledge_entry_id=row.knowledge_entry_id,
        times_used=row.times_used,
        active=row.active,
        updated_at=row.updated_at,
    )


def list_inbox(
    *,
    uow: UnitOfWork,
    actor: Actor,
    channel: InboxChannel | None = None,
    theme: str | None = None,
    status: InboxStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[InboxItemView]:
    """The unified inbox, newest first; filters by channel, theme and status (S3 7.2.1)."""
    require(actor, Permission.READ_SATISFACTION)
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = select(InboxItem)
    if channel is not None:
        query = query.where(InboxItem.channel == channel)
    if theme is not None:
        query = query.where(InboxItem.theme == theme)
    if status is not None:
        query = query.where(InboxItem.status == status)
    query = query.order_by(InboxItem.received_at.desc(), InboxItem.id.desc())
    return [item_view(row) for row in uow.session.scalars(query.limit(limit).offset(offset))]


def inbox_counts(*, uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    """How many items sit in each status."""
    require(actor, Permission.READ_SATISFACTION)
    rows = uow.session.execute(
        select(InboxItem.status, func.count()).group_by(InboxItem.status)
    ).all()
    found = {status.value: count for status, count in rows}
    return {status.value: found.get(status.value, 0) for status in InboxStatus}


def list_solutions(
    *, uow: UnitOfWork, actor: Actor, theme: str | None = None, active_only: bool = True
) -> list[SolutionView]:
    """The solution base, most used first (S3 7.2.2)."""
    require(actor, Permission.READ_SATISFACTION)
    query = select(Solution)
    if theme is not None:
        query = query.where(Solution.theme == theme)
    if active_only:
        query = query.where(Solution.active.is_(True))
    rows = uow.session.scalars(query.order_by(Solution.times_used.desc(), Solution.id))
    return [solution_view(row) for row in rows]


def get_solution(*, uow: UnitOfWork, actor: Actor, solution_id: str) -> SolutionView:
    require(actor, Permission.READ_SATISFACTION)
    row = uow.session.get(Solution, solution_id)
    if row is None:
        raise NotFound(f"solution {solution_id!r} does not exist")
    return solution_view(row)


def get_item(*, uow: UnitOfWork, actor: Actor, item_id: str) -> InboxItemView:
    require(actor, Permission.READ_SATISFACTION)
    row = uow.session.get(InboxItem, item_id)
    if row is None:
        raise NotFound(f"inbox item {item_id!r} does not exist")
    return item_view(row)


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    items: int


SolutionGap = ThemeCount
"""A recurring theme the solution base does not answer, with its item count."""


def inbox_themes(
    *, uow: UnitOfWork, actor: Actor, since: datetime, until: datetime, top: int = 5
) -> list[ThemeCount]:
    """The `top` themes of the inbox items received in [since, until), most frequent first
    (S3 7.2.1: what the period's feedback was about)."""
    require(actor, Permission.READ_SATISFACTION)
    return _theme_counts(uow, since, until)[:top]


def solution_gaps(
    *,
    uow: UnitOfWork,
    actor: Actor,
    since: datetime,
    until: datetime,
    at_least: int = rules.RECURRING_AT,
) -> list[SolutionGap]:
    """Themes with at least `at_least` inbox items received in [since, until) and no active
    solution: recurring problems the base does not yet answer (S3 7.2.2), most frequent first."""
    require(actor, Permission.READ_SATISFACTION)
    covered = set(
        uow.session.scalars(select(Solution.theme).where(Solution.active.is_(True))).all()
    )
    return [
        found
        for found in _theme_counts(uow, since, until)
        if found.items >= at_least and found.theme not in covered
    ]


def _theme_counts(uow: UnitOfWork, since: datetime, until: datetime) -> list[ThemeCount]:
    counts = uow.session.execute(
        select(InboxItem.theme, func.count())
        .where(InboxItem.received_at >= since, InboxItem.received_at < until)
        .group_by(InboxItem.theme)
    ).all()
    return sorted((ThemeCount(theme, n) for theme, n in counts), key=lambda c: (-c.items, c.theme))
