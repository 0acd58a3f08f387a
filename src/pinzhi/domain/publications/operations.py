"""Writes on the published documents: draft, publish for comment, withdraw, comment, answer,
review. Each joins the caller's transaction and chains a record of the step; none commits.

A document has at most one version in the pipeline (a draft or a version out for comment) at a
time, so the public never sees two competing changes to the same text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from pinzhi.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.publications import queries, rules
from pinzhi.domain.publications.models import (
    DocumentComment,
    DocumentKind,
    DocumentVersion,
    FairnessReview,
    PlatformDocument,
    VersionStatus,
)
from pinzhi.domain.publications.queries import CommentView, Stage, VersionView
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

MAX_COMMENT = 2000


def draft_version(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    slug: str,
    kind: DocumentKind,
    title: str,
    body: str,
    title_en: str | None = None,
    body_en: str | None = None,
    summary_of_change: str | None = None,
) -> VersionView:
    """Write the next version of the document `slug` as a draft (creating the document)."""
    require(actor, Permission.MANAGE_RULES)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationFailed("a document version needs a title and a body")
    document = uow.session.scalars(
        select(PlatformDocument).where(PlatformDocument.slug == slug)
    ).first()
    if document is None:
        document = PlatformDocument(
            id=new_id("doc"), slug=slug, kind=kind, created_at=now, created_by=actor.user_id
        )
        uow.session.add(document)
    elif document.kind is not kind:
        raise ValidationFailed(f"document {slug!r} is a {document.kind.value}, not a {kind.value}")
    else:
        _refuse_second_pending(uow, document, now=now)
    number = uow.session.scalar(
        select(func.max(DocumentVersion.version)).where(DocumentVersion.document_id == document.id)
    )
    row = DocumentVersion(
        id=new_id("docv"),
        document_id=document.id,
        version=(number or 0) + 1,
        status=VersionStatus.DRAFT,
        title=title,
        body=body,
        title_en=_blank_to_none(title_en),
        body_en=_blank_to_none(body_en),
        summary_of_change=_blank_to_none(summary_of_change),
        drafted_at=now,
        drafted_by=actor.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    payload = {"slug": slug, "version": row.version}
    _record(uow, actor, now=now, row=row, action="document_drafted", payload=payload)
    return queries.get_version(uow=uow, version_id=row.id, now=now, actor=actor)


def publish_version(
    *, uow: UnitOfWork, actor: Actor, now: datetime, version_id: str, effective_at: datetime
) -> VersionView:
    """Publish a draft for comment, to take effect at `effective_at` — refused when that leaves
    less than the minimum notice (S4 4.2.2.1: 7 days; S4 4.2.1.1 d: 30 for closing down)."""
    require(actor, Permission.MANAGE_RULES)
    row, document = _version(uow, version_id)
    if row.status is not VersionStatus.DRAFT:
        raise InvalidTransition(f"version {version_id!r} is {row.status.value}, not a draft")
    rules.check_notice(kind=document.kind, published_at=now, effective_at=effective_at)
    row.status, row.published_at, row.effective_at = VersionStatus.PUBLISHED, now, effective_at
    uow.session.flush()
    payload = {"slug": document.slug, "version": row.version, "effective": effective_at.isoformat()}
    _record(uow, actor, now=now, row=row, action="document_published", payload=payload)
    return queries.get_version(uow=uow, version_id=row.id, now=now, actor=actor)


def withdraw_version(
    *, uow: UnitOfWork, actor: Actor, now: datetime, version_id: str
) -> VersionView:
    """Withdraw a draft or a version still out for comment; one in effect is replaced by a new
    version instead (its notice protects those who rely on it)."""
    require(actor, Permission.MANAGE_RULES)
    row, document = _version(uow, version_id)
    stage = queries.get_version(uow=uow, version_id=version_id, now=now, actor=actor).stage
    if stage not in (Stage.DRAFT, Stage.OPEN_FOR_COMMENT):
        raise InvalidTransition(
            f"version {version_id!r} is {stage.value}: only a draft or a version out for comment "
            "can be withdrawn — publish a new version to change it"
        )
    row.status, row.withdrawn_at = VersionStatus.WITHDRAWN, now
    uow.session.flush()
    payload = {"slug": document.slug, "version": row.version}
    _record(uow, actor, now=now, row=row, action="document_withdrawn", payload=payload)
    return queries.get_version(uow=uow, version_id=row.id, now=now, actor=actor)


def comment_on_version(
    *, uow: UnitOfWork, actor: Actor, now: datetime, version_id: str, body: str
) -> CommentView:
    """A signed-in user's public comment, accepted only while the version is out for comment."""
    body = body.strip()
    if not body or len(body) > MAX_COMMENT:
        raise ValidationFailed(f"a comment has 1–{MAX_COMMENT} characters")
    view = queries.get_version(uow=uow, version_id=version_id, now=now, actor=actor)
    if view.stage is not Stage.OPEN_FOR_COMMENT:
        raise InvalidTransition(
            f"version {version_id!r} is {view.stage.value}: comments are taken only while it is "
            "out for comment, before it takes effect"
        )
    row = DocumentComment(
        id=new_id("dcm"), version_id=version_id, author_id=actor.user_id, body=body, created_at=now
    )
    uow.session.add(row)
    uow.session.flush()
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind="document_comment",
        subject_id=row.id, action="document_commented", payload={"version_id": version_id},
    )  # fmt: skip
    return queries.comment_view(row, with_author=True)


def answer_comment(
    *, uow: UnitOfWork, actor: Actor, now: datetime, comment_id: str, answer: str
) -> CommentView:
    """The platform's public answer to (or acknowledgement of) a comment; a later answer replaces
    the earlier one."""
    require(actor, Permission.MANAGE_RULES)
    answer = answer.strip()
    if not answer or len(answer) > MAX_COMMENT:
        raise ValidationFailed(f"an answer has 1–{MAX_COMMENT} characters")
    row = uow.session.get(DocumentComment, comment_id)
    if row is None:
        raise NotFound(f"comment {comment_id!r} does not exist")
    row.answer, row.answered_at, row.answered_by = answer, now, actor.user_id
    uow.session.flush()
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind="document_comment",
        subject_id=row.id, action="document_comment_answered", payload={"length": len(answer)},
    )  # fmt: skip
    return queries.comment_view(row, with_author=True)


def record_review(
    *, uow: UnitOfWork, actor: Actor, now: datetime, slug: str, finding: str
) -> datetime:
    """Record a periodic fairness review of a rule or agreement (S2 7.3.3) and what it found."""
    require(actor, Permission.MANAGE_RULES)
    finding = finding.strip()
    if not finding:
        raise ValidationFailed("a fairness review records what it found")
    document = queries.get_document(uow=uow, slug=slug, now=now, actor=actor)
    uow.session.add(
        FairnessReview(
            id=new_id("drv"),
            document_id=document.id,
            reviewed_at=now,
            reviewed_by=actor.user_id,
            finding=finding,
        )
    )
    uow.session.flush()
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind="platform_document",
        subject_id=document.id, action="document_reviewed", payload={"slug": slug},
    )  # fmt: skip
    return now


def _refuse_second_pending(uow: UnitOfWork, document: PlatformDocument, *, now: datetime) -> None:
    pending = [
        v
        for v in queries.version_history(uow=uow, slug=document.slug, now=now, actor=None)
        if v.stage is Stage.OPEN_FOR_COMMENT
    ]
    draft = uow.session.scalars(
        select(DocumentVersion.id).where(
            DocumentVersion.document_id == document.id,
            DocumentVersion.status == VersionStatus.DRAFT,
        )
    ).first()
    if pending or draft is not None:
        waiting = pending[0].id if pending else draft
        raise Conflict(
            f"document {document.slug!r} already has version {waiting!r} in the pipeline: "
            "publish or withdraw it first"
        )


def _version(uow: UnitOfWork, version_id: str) -> tuple[DocumentVersion, PlatformDocument]:
    row = uow.session.get(DocumentVersion, version_id)
    if row is None:
        raise NotFound(f"version {version_id!r} does not exist")
    document = uow.session.get(PlatformDocument, row.document_id)
    assert document is not None  # the foreign key guarantees it
    return row, document


def _record(
    uow: UnitOfWork,
    actor: Actor,
    *,
    now: datetime,
    row: DocumentVersion,
    action: str,
    payload: dict[str, object],
) -> None:
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="platform_document_version",
        subject_id=row.id,
        action=action,
        payload=payload,
    )


def _blank_to_none(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None
