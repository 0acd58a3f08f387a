"""The starter knowledge base (`seed_entries.toml`) and loading it into the store (S3 6.7.1).

Seeding is idempotent and never overwrites an editor's work: only entries missing from the store
are created, each as an ordinary versioned change by the seeding actor.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.knowledge.models import KnowledgeEntry, PersonalKind
from pinzhi.domain.knowledge.operations import EntryDraft, create_entry
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class SeedEntry:
    id: str
    draft: EntryDraft


@cache
def seed_entries() -> tuple[SeedEntry, ...]:
    text = resources.files(__package__).joinpath("seed_entries.toml").read_text(encoding="utf-8")
    return tuple(
        SeedEntry(
            id=raw["id"],
            draft=EntryDraft(
                title=raw["title"],
                category=raw["category"],
                answer=raw["answer"],
                questions=tuple(raw["questions"]),
                personal_kind=PersonalKind(raw.get("personal_kind", "none")),
                personal_template=raw.get("personal_template"),
                policy_key=raw.get("policy_key"),
            ),
        )
        for raw in tomllib.loads(text)["entry"]
    )


def seed_knowledge(*, uow: UnitOfWork, actor: Actor, now: datetime) -> int:
    """Create the starter entries the store lacks; returns how many were created."""
    created = 0
    for entry in seed_entries():
        if uow.session.get(KnowledgeEntry, entry.id) is None:
            create_entry(uow=uow, actor=actor, now=now, entry_id=entry.id, draft=entry.draft)
            created += 1
    return created
