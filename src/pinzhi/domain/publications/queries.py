"""Reads of the published documents. Never write.

What is public — versions that were published (in effect, superseded or out for comment), their
comments without the commenter's identity, and the version in effect at any instant — needs no
actor. Drafts, withdrawn versions, commenter ids and the review list need MANAGE_RULES.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select

from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.publications import rules
from pinzhi.domain.publications.models import (
    DocumentComment,
    DocumentKind,
    DocumentVersion,
    FairnessReview,
    PlatformDocument,
    VersionStatus,
)
from pinzhi.store.uow import UnitOfWork


class Stage(StrEnum):
    """Where a version stands at an instant (derived from its status and times)."""

    DRAFT = "draft"
    OPEN_FOR_COMMENT = "open_for_comment"
    IN_EFFECT = "in_effect"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class VersionView(rules.Timing):
    id: str
    document_id: str
    slug: str
    kind: DocumentKind
    stage: Stage
    title: str
    body: str
    title_en: str | None
    body_en: str | None
    summary_of_change: str | None
    drafted_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class DocumentView:
    id: str
    slug: str
    kind: DocumentKind
    current: VersionView | None
    """The version in effect now; None until the first one takes effect."""
    upcoming: tuple[VersionView, ...]
    """Versions out for comment, soonest effective first."""
    drafts: tuple[VersionView, ...]
    """Unpublished drafts; empty for readers without MANAGE_RULES."""
    last_reviewed_at: datetime | None


@dataclass(frozen=True)
class CommentView:
    id: str
    version_id: str
    body: str
    created_at: datetime
    answer: str | None
    answered_at: datetime | None
    author_id: str | None
    """Shown to rule managers only; the public page names no commenter."""


@dataclass(frozen=True)
class ReviewDue:
    document_id: str
    slug: str
    kind: DocumentKind
    title: str
    in_effect_since: datetime
    last_reviewed_at: datetime | None


def list_documents(
    *, uow: UnitOfWork, now: datetime, actor: Actor | None = None, kind: DocumentKind | None = None
) -> list[DocumentView]:
    """Every document with the version in effect now and those out for comment, by kind and slug;
    drafts too for a rule manager."""
    manager = actor is not None and allows(actor, Permission.MANAGE_RULES)
    query = select(PlatformDocument).order_by(PlatformDocument.kind, PlatformDocument.slug)
    if kind is not None:
        query = query.where(PlatformDocument.kind == kind)
    documents = list(uow.session.scalars(query))
    versions = _versions_by_document(uow, [d.id for d in documents], now=now)
    reviewed = _last_reviews(uow)
    return [
        _document_view(d, versions.get(d.id, []), reviewed.get(d.id), now=now, drafts=manager)
        for d in documents
    ]


def get_document(
    *, uow: UnitOfWork, slug: str, now: datetime, actor: Actor | None = None
) -> DocumentView:
    document = uow.session.scalars(
        select(PlatformDocument).where(PlatformDocument.slug == slug)
    ).first()
    if document is None:
        raise NotFound(f"document {slug!r} does not exist")
    manager = actor is not None and allows(actor, Permission.MANAGE_RULES)
    versions = _versions_by_document(uow, [document.id], now=now).get(document.id, [])
    return _document_view(
        document, versions, _last_reviews(uow).get(document.id), now=now, drafts=manager
    )


def version_history(
    *, uow: UnitOfWork, slug: str, now: datetime, actor: Actor | None = None
) -> list[VersionView]:
    """A document's versions, newest first: published ones for all, every one for a manager."""
    document = get_document(uow=uow, slug=slug, now=now, actor=actor)
    found = _versions_by_document(uow, [document.id], now=now).get(document.id, [])
    return sorted((v for v in found if _visible(v, actor)), key=lambda v: v.version, reverse=True)


def effective_version(*, uow: UnitOfWork, slug: str, as_of: datetime) -> VersionView | None:
    """The version of `slug` in effect at `as_of` (past or future), None if none was."""
    document = get_document(uow=uow, slug=slug, now=as_of)
    return document.current


def get_version(
    *, uow: UnitOfWork, version_id: str, now: datetime, actor: Actor | None = None
) -> VersionView:
    row = uow.session.get(DocumentVersion, version_id)
    if row is None:
        raise NotFound(f"version {version_id!r} does not exist")
    document = uow.session.get(PlatformDocument, row.document_id)
    assert document is not None  # the foreign key guarantees it
    siblings = _versions_by_document(uow, [document.id], now=now)[document.id]
    view = next(v for v in siblings if v.id == version_id)
    if not _visible(view, actor):
        raise NotFound(f"version {version_id!r} does not exist")
    return view


def list_comments(
    *, uow: UnitOfWork, version_id: str, now: datetime, actor: Actor | None = None
) -> list[CommentView]:
    """The public comments on a version, oldest first: the one place to read them."""
    get_version(uow=uow, version_id=version_id, now=now, actor=actor)
    manager = actor is not None and allows(actor, Permission.MANAGE_RULES)
    rows = uow.session.scalars(
        select(DocumentComment)
        .where(DocumentComment.version_id == version_id)
        .order_by(DocumentComment.created_at, DocumentComment.id)
    )
    return [comment_view(row, with_author=manager) for row in rows]


def reviews_due(*, uow: UnitOfWork, actor: Actor, now: datetime) -> list[ReviewDue]:
    """Rules and agreements in effect whose fairness review is due (S2 7.3.3), oldest first."""
    require(actor, Permission.MANAGE_RULES)
    due = []
    for document in list_documents(uow=uow, now=now, actor=actor):
        if document.kind not in rules.REVIEWED_KINDS or document.current is None:
            continue
        since = _first_effective(uow, document.id, now=now)
        if rules.review_due(
            last_reviewed_at=document.last_reviewed_at, in_effect_since=since, now=now
        ):
            due.append(
                ReviewDue(
                    document_id=document.id,
                    slug=document.slug,
                    kind=document.kind,
                    title=document.current.title,
                    in_effect_since=since,
                    last_reviewed_at=document.last_reviewed_at,
                )
            )
    return sorted(due, key=lambda r: r.last_reviewed_at or r.in_effect_since)


def comment_view(row: DocumentComment, *, with_author: bool) -> CommentView:
    return CommentView(
        id=row.id,
        version_id=row.version_id,
        body=row.body,
        created_at=row.created_at,
        answer=row.answer,
        answered_at=row.answered_at,
        author_id=row.author_id if with_author else None,
    )


def version_view(row: DocumentVersion, document: PlatformDocument, *, stage: Stage) -> VersionView:
    return VersionView(
        id=row.id,
        document_id=document.id,
        slug=document.slug,
        kind=document.kind,
        version=row.version,
        status=row.status,
        stage=stage,
        title=row.title,
        body=row.body,
        title_en=row.title_en,
        body_en=row.body_en,
        summary_of_change=row.summary_of_change,
        drafted_at=row.drafted_at,
        published_at=row.published_at,
        effective_at=row.effective_at,
        withdrawn_at=row.withdrawn_at,
    )


def stage_of(timing: rules.Timing, *, current: rules.Timing | None, now: datetime) -> Stage:
    if timing.status is VersionStatus.DRAFT:
        return Stage.DRAFT
    if timing.status is VersionStatus.WITHDRAWN:
        return Stage.WITHDRAWN
    if rules.open_for_comment(timing, now=now):
        return Stage.OPEN_FOR_COMMENT
    return Stage.IN_EFFECT if timing == current else Stage.SUPERSEDED


def _versions_by_document(
    uow: UnitOfWork, document_ids: Sequence[str], *, now: datetime
) -> dict[str, list[VersionView]]:
    if not document_ids:
        return {}
    documents = {
        d.id: d
        for d in uow.session.scalars(
            select(PlatformDocument).where(PlatformDocument.id.in_(document_ids))
        )
    }
    rows = list(
        uow.session.scalars(
            select(DocumentVersion)
            .where(DocumentVersion.document_id.in_(document_ids))
            .order_by(DocumentVersion.document_id, DocumentVersion.version)
        )
    )
    grouped: dict[str, list[DocumentVersion]] = {}
    for row in rows:
        grouped.setdefault(row.document_id, []).append(row)
    views: dict[str, list[VersionView]] = {}
    for document_id, found in grouped.items():
        timings = [_timing(row) for row in found]
        current = rules.effective_version(timings, as_of=now)
        views[document_id] = [
            version_view(row, documents[document_id], stage=stage_of(t, current=current, now=now))
            for row, t in zip(found, timings, strict=True)
        ]
    return views


def _timing(row: DocumentVersion) -> rules.Timing:
    return rules.Timing(
        version=row.version,
        status=row.status,
        published_at=row.published_at,
        effective_at=row.effective_at,
    )


def _document_view(
    document: PlatformDocument,
    versions: list[VersionView],
    last_reviewed_at: datetime | None,
    *,
    now: datetime,
    drafts: bool,
) -> DocumentView:
    upcoming = sorted(
        (v for v in versions if v.stage is Stage.OPEN_FOR_COMMENT),
        key=lambda v: (v.effective_at, v.version),
    )
    return DocumentView(
        id=document.id,
        slug=document.slug,
        kind=document.kind,
        current=next((v for v in versions if v.stage is Stage.IN_EFFECT), None),
        upcoming=tuple(upcoming),
        drafts=tuple(v for v in versions if v.stage is Stage.DRAFT) if drafts else (),
        last_reviewed_at=last_reviewed_at,
    )


def _visible(view: VersionView, actor: Actor | None) -> bool:
    if view.stage in (Stage.DRAFT, Stage.WITHDRAWN):
        return actor is not None and allows(actor, Permission.MANAGE_RULES)
    return True


def _last_reviews(uow: UnitOfWork) -> dict[str, datetime]:
    query = select(FairnessReview.document_id, func.max(FairnessReview.reviewed_at)).group_by(
        FairnessReview.document_id
    )
    return {document_id: at for document_id, at in uow.session.execute(query)}


def _first_effective(uow: UnitOfWork, document_id: str, *, now: datetime) -> datetime:
    first = uow.session.scalar(
        select(func.min(DocumentVersion.effective_at)).where(
            DocumentVersion.document_id == document_id,
            DocumentVersion.status == VersionStatus.PUBLISHED,
            DocumentVersion.effective_at <= now,
        )
    )
    return first if first is not None else now
