"""Writes to the knowledge base: create, revise, deactivate and reactivate an entry (S3 6.7.1).

Every change needs `Permission.MANAGE_KNOWLEDGE`, bumps the entry's version, stores the entry as
it now stands in `knowledge_revisions` and chains the change onto the record log, all in one
transaction. A revision names the version it was based on, so two editors cannot silently
overwrite each other (the second gets a Conflict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from pinzhi.core.errors import Conflict, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.knowledge import queries
from pinzhi.domain.knowledge.models import (
    KnowledgeEntry,
    KnowledgeQuestion,
    KnowledgeRevision,
    PersonalKind,
)
from pinzhi.domain.knowledge.queries import EntryView
from pinzhi.domain.knowledge.templates import check_template
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

ENTRY_ID = re.compile(r"[a-z][a-z0-9_.-]{2,63}")
CATEGORY = re.compile(r"[a-z][a-z0-9_]{1,31}")
MAX_TITLE = 200
MAX_QUESTION = 200
MAX_QUESTIONS = 50


@dataclass(frozen=True)
class EntryDraft:
    """What an editor writes: the answer, how consumers ask for it, what it may personalise."""

    title: str
    category: str
    answer: str
    questions: tuple[str, ...]
    personal_kind: PersonalKind = PersonalKind.NONE
    personal_template: str | None = None
    policy_key: str | None = None


def create_entry(
    *, uow: UnitOfWork, actor: Actor, now: datetime, entry_id: str, draft: EntryDraft
) -> EntryView:
    require(actor, Permission.MANAGE_KNOWLEDGE)
    if not ENTRY_ID.fullmatch(entry_id):
        raise ValidationFailed(
            "entry id must be 3–64 characters: lower-case letters, digits, '_', '.', '-'"
        )
    if uow.session.get(KnowledgeEntry, entry_id) is not None:
        raise Conflict(f"knowledge entry {entry_id!r} already exists")
    draft = _checked(draft)
    row = KnowledgeEntry(id=entry_id, version=0, active=True)
    uow.session.add(row)
    return _apply(uow, row, draft, actor=actor, now=now, change="created")


def update_entry(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    entry_id: str,
    draft: EntryDraft,
    base_version: int,
) -> EntryView:
    """Replace the entry's text and variants; `base_version` is the version the editor read."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    row = _current(uow, entry_id, base_version)
    return _apply(uow, row, _checked(draft), actor=actor, now=now, change="updated")


def set_entry_active(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    entry_id: str,
    active: bool,
    base_version: int,
) -> EntryView:
    """Withdraw an entry from answering (or bring it back); its history stays."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    row = _current(uow, entry_id, base_version)
    if row.active == active:
        state = "active" if active else "inactive"
        raise Conflict(f"knowledge entry {entry_id!r} is already {state}")
    row.active = active
    view = queries.find_entry(uow=uow, entry_id=entry_id)
    draft = EntryDraft(
        title=view.title,
        category=view.category,
        answer=view.answer,
        questions=view.questions,
        personal_kind=view.personal_kind,
        personal_template=view.personal_template,
        policy_key=view.policy_key,
    )
    change = "reactivated" if active else "deactivated"
    return _apply(uow, row, draft, actor=actor, now=now, change=change)


def _current(uow: UnitOfWork, entry_id: str, base_version: int) -> KnowledgeEntry:
    row = uow.session.get(KnowledgeEntry, entry_id, with_for_update=True)
    if row is None:
        raise NotFound(f"knowledge entry {entry_id!r} does not exist")
    if row.version != base_version:
        raise Conflict(
            f"knowledge entry {entry_id!r} is at version {row.version}, not {base_version}: "
            "reload it and apply your change again"
        )
    return row


def _checked(draft: EntryDraft) -> EntryDraft:
    title, answer = draft.title.strip(), draft.answer.strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationFailed(f"title must have 1–{MAX_TITLE} characters")
    if not answer:
        raise ValidationFailed("answer must not be empty")
    if not CATEGORY.fullmatch(draft.category):
        raise ValidationFailed("category must be 2–32 lower-case letters, digits or '_'")
    questions = tuple(dict.fromkeys(q.strip() for q in draft.questions if q.strip()))
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise ValidationFailed(f"an entry needs 1–{MAX_QUESTIONS} distinct question variants")
    if too_long := [q for q in questions if len(q) > MAX_QUESTION]:
        raise ValidationFailed(
            f"question variants must have at most {MAX_QUESTION} characters", details=too_long
        )
    template = (draft.personal_template or "").strip() or None
    check_template(draft.personal_kind, template)
    return EntryDraft(
        title=title,
        category=draft.category,
        answer=answer,
        questions=questions,
        personal_kind=draft.personal_kind,
        personal_template=template,
        policy_key=(draft.policy_key or "").strip() or None,
    )


def _apply(
    uow: UnitOfWork,
    row: KnowledgeEntry,
    draft: EntryDraft,
    *,
    actor: Actor,
    now: datetime,
    change: str,
) -> EntryView:
    row.title, row.category, row.answer = draft.title, draft.category, draft.answer
    row.personal_kind, row.personal_template = draft.personal_kind, draft.personal_template
    row.policy_key = draft.policy_key
    row.version += 1
    row.updated_at, row.updated_by = now, actor.user_id
    uow.session.execute(delete(KnowledgeQuestion).where(KnowledgeQuestion.entry_id == row.id))
    uow.session.add_all(KnowledgeQuestion(entry_id=row.id, question=q) for q in draft.questions)
    snapshot: dict[str, object] = {
        "title": draft.title,
        "category": draft.category,
        "answer": draft.answer,
        "questions": list(draft.questions),
        "personal_kind": draft.personal_kind.value,
        "personal_template": draft.personal_template,
        "policy_key": draft.policy_key,
        "active": row.active,
    }
    uow.session.add(
        KnowledgeRevision(
            entry_id=row.id,
            version=row.version,
            change=change,
            changed_at=now,
            changed_by=actor.user_id,
            snapshot=snapshot,
        )
    )
    uow.session.flush()
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="knowledge_entry",
        subject_id=row.id,
        action=f"knowledge_{change}",
        payload={"version": row.version, "title": draft.title},
    )
    return queries.find_entry(uow=uow, entry_id=row.id)
