"""Reads of the knowledge base: one entry, a filtered page, its revisions, the active set.

Browsing the maintained entries is for the staff who keep them (`MANAGE_KNOWLEDGE`); answering
reads an entry through `find_entry`, as every consumer may hear any entry's answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.knowledge.models import (
    KnowledgeEntry,
    KnowledgeQuestion,
    KnowledgeRevision,
    PersonalKind,
)
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


@dataclass(frozen=True)
class EntryView:
    id: str
    title: str
    category: str
    answer: str
    personal_kind: PersonalKind
    personal_template: str | None
    policy_key: str | None
    active: bool
    version: int
    updated_at: datetime
    updated_by: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class RevisionView:
    version: int
    change: str
    changed_at: datetime
    changed_by: str
    snapshot: dict[str, object]


def get_entry(*, uow: UnitOfWork, actor: Actor, entry_id: str) -> EntryView:
    require(actor, Permission.MANAGE_KNOWLEDGE)
    return find_entry(uow=uow, entry_id=entry_id)


def find_entry(*, uow: UnitOfWork, entry_id: str) -> EntryView:
    """One entry, active or not, without a permission check (for answering and writing)."""
    row = uow.session.get(KnowledgeEntry, entry_id)
    if row is None:
        raise NotFound(f"knowledge entry {entry_id!r} does not exist")
    return _views(uow, [row])[0]


def list_entries(
    *,
    uow: UnitOfWork,
    actor: Actor,
    category: str | None = None,
    active: bool | None = True,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntryView]:
    """Entries by id; `text` finds it in the title, the answer or any question variant."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = select(KnowledgeEntry)
    if category is not None:
        query = query.where(KnowledgeEntry.category == category)
    if active is not None:
        query = query.where(KnowledgeEntry.active == active)
    if text:
        pattern = f"%{text.strip()}%"
        asked = select(KnowledgeQuestion.entry_id).where(KnowledgeQuestion.question.like(pattern))
        query = query.where(
            or_(
                KnowledgeEntry.title.like(pattern),
                KnowledgeEntry.answer.like(pattern),
                KnowledgeEntry.id.in_(asked),
            )
        )
    rows = uow.session.scalars(query.order_by(KnowledgeEntry.id).limit(limit).offset(offset))
    return _views(uow, list(rows))


def active_entries(*, uow: UnitOfWork) -> list[EntryView]:
    """Every active entry, for building the retrieval index."""
    rows = uow.session.scalars(
        select(KnowledgeEntry).where(KnowledgeEntry.active).order_by(KnowledgeEntry.id)
    )
    return _views(uow, list(rows))


def list_revisions(*, uow: UnitOfWork, actor: Actor, entry_id: str) -> list[RevisionView]:
    get_entry(uow=uow, actor=actor, entry_id=entry_id)
    rows = uow.session.scalars(
        select(KnowledgeRevision)
        .where(KnowledgeRevision.entry_id == entry_id)
        .order_by(KnowledgeRevision.version)
    )
    return [
        RevisionView(r.version, r.change, r.changed_at, r.changed_by, dict(r.snapshot))
        for r in rows
    ]


def _views(uow: UnitOfWork, rows: Sequence[KnowledgeEntry]) -> list[EntryView]:
    questions: dict[str, list[str]] = defaultdict(list)
    if rows:
        found = uow.session.scalars(
            select(KnowledgeQuestion)
            .where(KnowledgeQuestion.entry_id.in_([r.id for r in rows]))
            .order_by(KnowledgeQuestion.id)
        )
        for q in found:
            questions[q.entry_id].append(q.question)
    return [
        EntryView(
            id=r.id,
            title=r.title,
            category=r.category,
            answer=r.answer,
            personal_kind=r.personal_kind,
            personal_template=r.personal_template,
            policy_key=r.policy_key,
            active=r.active,
            version=r.version,
            updated_at=r.updated_at,
            updated_by=r.updated_by,
            questions=tuple(questions[r.id]),
        )
        for r in rows
    ]
