"""Answering a question from the knowledge base: match it, then personalise (S3 6.7.1, 7.2.2).

The one call a chat or API endpoint makes: `ask(uow=…, actor=…, now=…, question=…)`. It finds the
entry with the FAQ matcher over the store's active entries and lets the knowledge domain compose
the reply from the actor's own records. The retrieval index is rebuilt only when an entry is
created, revised, deactivated or reactivated (the set of active ids and versions changes).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.adapters.language.faq_matcher import KnowledgeIndex, KnowledgeItem, Match
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.knowledge import queries
from pinzhi.domain.knowledge.answers import PersonalAnswer, answer_question
from pinzhi.domain.knowledge.models import KnowledgeEntry
from pinzhi.domain.knowledge.queries import EntryView
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class Reply:
    question: str
    confident: bool
    """The best match cleared the matcher's threshold; otherwise ask back or hand off."""
    answer: PersonalAnswer | None
    alternatives: tuple[Match, ...]
    """The next-best entries, for "did you mean …" buttons."""


def index_of(entries: Sequence[EntryView]) -> KnowledgeIndex:
    return KnowledgeIndex([KnowledgeItem(e.id, e.title, e.questions) for e in entries])


_lock = threading.Lock()
_cached: dict[tuple[tuple[str, int], ...], KnowledgeIndex] = {}


def store_index(*, uow: UnitOfWork) -> KnowledgeIndex:
    """The index of the store's active entries, rebuilt when they change."""
    versions = tuple(
        (entry_id, version)
        for entry_id, version in uow.session.execute(
            select(KnowledgeEntry.id, KnowledgeEntry.version)
            .where(KnowledgeEntry.active)
            .order_by(KnowledgeEntry.id)
        )
    )
    with _lock:
        if versions not in _cached:
            _cached.clear()
            _cached[versions] = index_of(queries.active_entries(uow=uow))
        return _cached[versions]


def ask(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    question: str,
    order_id: str | None = None,
) -> Reply:
    """The personalised answer of the best-matching active entry, with the runners-up."""
    found = store_index(uow=uow).search(question, limit=3)
    if not found:
        return Reply(question=question, confident=False, answer=None, alternatives=())
    best = found[0]
    answer = answer_question(
        uow=uow,
        actor=actor,
        now=now,
        entry_id=best.entry_id,
        score=best.score,
        order_id=order_id,
    )
    return Reply(
        question=question, confident=best.confident, answer=answer, alternatives=tuple(found[1:])
    )
