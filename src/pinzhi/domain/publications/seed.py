"""The starter documents (`seed_documents.toml`) and loading them into the store.

The starter set is the platform's opening terms, not a change to terms anyone relied on, so it
is adopted in effect at once; S4 4.2.2.1's notice governs changes, and every later version goes
through `operations.publish_version`. A `[[change]]` entry shows that path: it is published for
comment at seeding and takes effect after the 7-day notice. Idempotent: documents already in the
store are left alone.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import select

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.publications import operations, rules
from pinzhi.domain.publications.models import (
    DocumentKind,
    DocumentVersion,
    PlatformDocument,
    VersionStatus,
)
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork


def seed_entries() -> dict[str, list[dict[str, Any]]]:
    text = resources.files(__package__).joinpath("seed_documents.toml").read_text("utf-8")
    return tomllib.loads(text)


def seed_default_documents(*, uow: UnitOfWork, now: datetime, actor: Actor | None = None) -> int:
    """Adopt the starter documents the store lacks and publish their pending changes for
    comment; returns how many documents were added. Never commits."""
    actor = actor or Actor.command_line()
    entries = seed_entries()
    known = set(uow.session.scalars(select(PlatformDocument.slug)))
    added = [e for e in entries["document"] if e["slug"] not in known]
    for entry in added:
        version = operations.draft_version(
            uow=uow, actor=actor, now=now, kind=DocumentKind(entry["kind"]), **_text(entry)
        )
        _adopt(uow, actor=actor, now=now, version_id=version.id)
    fresh = {e["slug"] for e in added}
    for change in entries.get("change", []):
        if change["slug"] not in fresh:
            continue
        kind = DocumentKind(next(e["kind"] for e in added if e["slug"] == change["slug"]))
        draft = operations.draft_version(uow=uow, actor=actor, now=now, kind=kind, **_text(change))
        operations.publish_version(
            uow=uow, actor=actor, now=now, version_id=draft.id,
            effective_at=rules.earliest_effective(kind=kind, published_at=now),
        )  # fmt: skip
    return len(added)


def _text(entry: dict[str, Any]) -> dict[str, Any]:
    fields = ("slug", "title", "body", "title_en", "body_en", "summary_of_change")
    return {name: entry[name].strip() for name in fields if name in entry}


def _adopt(uow: UnitOfWork, *, actor: Actor, now: datetime, version_id: str) -> None:
    row = uow.session.get(DocumentVersion, version_id)
    assert row is not None  # drafted just above
    row.status, row.published_at, row.effective_at = VersionStatus.PUBLISHED, now, now
    uow.session.flush()
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind="platform_document_version",
        subject_id=row.id, action="document_adopted", payload={"version": row.version},
    )  # fmt: skip
