"""Writes of the unified feedback inbox and the solution base (S3 7.2.1–7.2.2).

The daily run files what the channels produced (`feed_inbox`; keyed by channel and source id,
so feeding twice files nothing more). Staff triage an item (assign it, name its theme), resolve
it, and may link it to a solution from the base, which counts the solution as used once more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.knowledge import queries as knowledge
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.satisfaction import rules
from pinzhi.domain.satisfaction.inbox_queries import (
    InboxItemView,
    SolutionView,
    item_view,
    solution_view,
)
from pinzhi.domain.satisfaction.models import InboxItem, Solution
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus, Theme
from pinzhi.store.uow import UnitOfWork

MAX_EXCERPT = 500
MAX_STEPS = 20
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class Incoming:
    """One piece of feedback a channel produced, as the daily run hands it over."""

    channel: InboxChannel
    source_id: str
    subject_kind: str
    subject_id: str
    merchant_id: str | None
    theme: Theme
    sentiment: float | None
    excerpt: str
    received_at: datetime


def feed_inbox(*, uow: UnitOfWork, items: list[Incoming]) -> int:
    """File each item not filed before; returns how many were new."""
    if not items:
        return 0
    sources = sorted({i.source_id for i in items})
    known: set[tuple[InboxChannel, str]] = set()
    for start in range(0, len(sources), LOOKUP_CHUNK):
        chunk = sources[start : start + LOOKUP_CHUNK]
        known.update(
            (channel, source)
            for channel, source in uow.session.execute(
                select(InboxItem.channel, InboxItem.source_id).where(InboxItem.source_id.in_(chunk))
            )
        )
    filed = 0
    for item in items:
        if (item.channel, item.source_id) in known:
            continue
        known.add((item.channel, item.source_id))
        uow.session.add(
            InboxItem(
                id=new_id("fbi"),
                channel=item.channel,
                source_id=item.source_id,
                subject_kind=item.subject_kind,
                subject_id=item.subject_id,
                merchant_id=item.merchant_id,
                theme=item.theme.value,
                sentiment=item.sentiment,
                excerpt=item.excerpt[:MAX_EXCERPT],
                status=InboxStatus.NEW,
                received_at=item.received_at,
            )
        )
        filed += 1
    uow.session.flush()
    return filed


def triage_item(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    item_id: str,
    assignee_id: str,
    theme: Theme | None = None,
) -> InboxItemView:
    """Assign the item (again, if already triaged) and correct its theme if it was misread."""
    require(actor, Permission.TRIAGE_FEEDBACK)
    item = _item(uow, item_id)
    rules.check_move(item.status, InboxStatus.TRIAGED)
    if not assignee_id.strip():
        raise ValidationFailed("name who the item is assigned to")
    item.status, item.assignee_id, item.triaged_at = InboxStatus.TRIAGED, assignee_id, now
    if theme is not None:
        item.theme = theme.value
    _log(
        uow,
        actor,
        now=now,
        item=item,
        action="feedback_triaged",
        payload={"assignee_id": assignee_id},
    )
    return item_view(item)


def resolve_item(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    item_id: str,
    resolution: str,
    solution_id: str | None = None,
) -> InboxItemView:
    """Close the item with what was done; naming a solution links it and counts its use."""
    require(actor, Permission.TRIAGE_FEEDBACK)
    item = _item(uow, item_id)
    rules.check_move(item.status, InboxStatus.RESOLVED)
    if not resolution.strip():
        raise ValidationFailed("say how the feedback was resolved")
    if solution_id is not None:
        _use(uow, item, solution_id)
    item.status, item.resolution, item.resolved_at = InboxStatus.RESOLVED, resolution.strip(), now
    _log(
        uow,
        actor,
        now=now,
        item=item,
        action="feedback_resolved",
        payload={"solution_id": item.solution_id},
    )
    return item_view(item)


def link_solution(
    *, uow: UnitOfWork, actor: Actor, now: datetime, item_id: str, solution_id: str
) -> InboxItemView:
    """Link an open or resolved item to a solution (counted once per item)."""
    require(actor, Permission.TRIAGE_FEEDBACK)
    item = _item(uow, item_id)
    _use(uow, item, solution_id)
    _log(
        uow,
        actor,
        now=now,
        item=item,
        action="feedback_linked",
        payload={"solution_id": solution_id},
    )
    return item_view(item)


@dataclass(frozen=True)
class SolutionDraft:
    problem: str
    cause: str
    steps: tuple[str, ...]
    theme: Theme
    category: str | None = None
    knowledge_entry_id: str | None = None
    """Where the consumer-facing answer lives, if it has one: linked, never copied."""


def save_solution(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    draft: SolutionDraft,
    solution_id: str | None = None,
) -> SolutionView:
    """Create a solution, or revise the one named; a revision keeps its use count."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    _check(uow, draft)
    if solution_id is None:
        row = Solution(id=new_id("sol"), times_used=0, active=True)
        uow.session.add(row)
    else:
        found = uow.session.get(Solution, solution_id, with_for_update=True)
        if found is None:
            raise NotFound(f"solution {solution_id!r} does not exist")
        row = found
    row.problem, row.cause = draft.problem.strip(), draft.cause.strip()
    row.steps = [s.strip() for s in draft.steps]
    row.theme, row.category = draft.theme.value, draft.category
    row.knowledge_entry_id = draft.knowledge_entry_id
    row.updated_at, row.updated_by = now, actor.user_id
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="solution",
        subject_id=row.id,
        action="solution_saved",
        payload={"theme": row.theme, "steps": len(row.steps)},
    )
    return solution_view(row)


def retire_solution(
    *, uow: UnitOfWork, actor: Actor, now: datetime, solution_id: str
) -> SolutionView:
    """Take a solution out of use; items already linked keep their link."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    row = uow.session.get(Solution, solution_id, with_for_update=True)
    if row is None:
        raise NotFound(f"solution {solution_id!r} does not exist")
    row.active, row.updated_at, row.updated_by = False, now, actor.user_id
    return solution_view(row)


def _check(uow: UnitOfWork, draft: SolutionDraft) -> None:
    if not draft.problem.strip() or not draft.cause.strip():
        raise ValidationFailed("a solution names the problem and its cause")
    if not draft.steps or any(not s.strip() for s in draft.steps) or len(draft.steps) > MAX_STEPS:
        raise ValidationFailed(f"a solution has 1–{MAX_STEPS} non-empty steps")
    if draft.knowledge_entry_id is not None:
        knowledge.find_entry(uow=uow, entry_id=draft.knowledge_entry_id)


def _use(uow: UnitOfWork, item: InboxItem, solution_id: str) -> None:
    solution = uow.session.get(Solution, solution_id, with_for_update=True)
    if solution is None or not solution.active:
        raise NotFound(f"solution {solution_id!r} does not exist or is retired")
    if item.solution_id != solution_id:
        item.solution_id = solution_id
        solution.times_used += 1


def _item(uow: UnitOfWork, item_id: str) -> InboxItem:
    item = uow.session.get(InboxItem, item_id, with_for_update=True)
    if item is None:
        raise NotFound(f"inbox item {item_id!r} does not exist")
    return item


def _log(
    uow: UnitOfWork,
    actor: Actor,
    *,
    now: datetime,
    item: InboxItem,
    action: str,
    payload: dict[str, object],
) -> None:
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="feedback_item",
        subject_id=item.id,
        action=action,
        payload={"channel": item.channel.value, "source_id": item.source_id, **payload},
    )
