"""Answering a consumer from a matched entry, with their own order and case state (S3 7.2.2).

The matcher (an adapter) decides which entry a question asks for; `answer_question` receives
that decision and composes the reply: the entry's personal template filled with the actor's own
facts when they are all known, otherwise the entry's general answer. The general answer always
travels along, so a chat can show the policy beneath the personal line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.knowledge import queries
from pinzhi.domain.knowledge.facts import Facts, gather_facts
from pinzhi.domain.knowledge.templates import fill
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class PersonalAnswer:
    entry_id: str
    title: str
    score: float | None
    """How sure the matcher was, if the entry was found by matching a question."""
    answer: str
    """What to say: the personal line followed by the general answer, or the general answer."""
    general_answer: str
    personal_line: str | None
    policy_key: str | None
    order_id: str | None
    facts: Facts


def answer_question(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    entry_id: str,
    score: float | None = None,
    order_id: str | None = None,
) -> PersonalAnswer:
    """The reply for an active entry, personalised with the actor's records where it can be."""
    entry = queries.find_entry(uow=uow, entry_id=entry_id)
    if not entry.active:
        raise NotFound(f"knowledge entry {entry_id!r} is not active")
    facts = gather_facts(uow=uow, actor=actor, kind=entry.personal_kind, order_id=order_id, now=now)
    line = fill(entry.personal_template, facts) if entry.personal_template and facts else None
    return PersonalAnswer(
        entry_id=entry.id,
        title=entry.title,
        score=score,
        answer=f"{line}\n{entry.answer}" if line else entry.answer,
        general_answer=entry.answer,
        personal_line=line,
        policy_key=entry.policy_key,
        order_id=facts.get("order_id"),
        facts=facts,
    )
