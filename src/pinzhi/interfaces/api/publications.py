"""Platform rules, agreements, policies and service standards (C15; S4 4.2.2.1, 4.2.1.1 d;
S2 4.2, 7.3.3).

Reading is public: the documents in effect and out for comment, any version's text, its comments
and the service standards need no token. A signed-in user comments while a version is out for
comment; a rule manager drafts, publishes for comment, withdraws, answers comments and records
fairness reviews.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, Field

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.publications import operations, queries
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.domain.publications.queries import CommentView, DocumentView, ReviewDue, VersionView
from pinzhi.domain.publications.standards import ServiceStandards, service_standards
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep, current_actor
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(tags=["platform rules"])
SLUG = r"^[a-z0-9][a-z0-9-]{1,63}$"
_optional_bearer = HTTPBearer(auto_error=False, description="optional: a rule manager sees drafts")


def optional_actor(
    platform: PlatformDep,
    now: Now,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)],
) -> Actor | None:
    """The caller if a token is sent (a rule manager then also sees drafts), else None."""
    if credentials is None:
        return None
    return current_actor(platform, now, credentials)


MaybeActor = Annotated[Actor | None, Depends(optional_actor)]


class DraftVersion(BaseModel):
    slug: str = Field(pattern=SLUG, description="the document's stable name, e.g. trading-rules")
    kind: DocumentKind
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=50_000)
    title_en: str | None = Field(default=None, max_length=200)
    body_en: str | None = Field(default=None, max_length=50_000)
    summary_of_change: str | None = Field(default=None, max_length=2000)


class Publish(BaseModel):
    effective_at: AwareDatetime = Field(
        description="when the version takes effect: ≥ 7 days after now (closing notices ≥ 30)"
    )


class Comment(BaseModel):
    body: str = Field(min_length=1, max_length=operations.MAX_COMMENT)


class Answer(BaseModel):
    answer: str = Field(min_length=1, max_length=operations.MAX_COMMENT)


class Review(BaseModel):
    finding: str = Field(min_length=1, max_length=5000, description="what the review found")


class Reviewed(BaseModel):
    slug: str
    reviewed_at: datetime


@router.get("/api/v1/documents", summary="Rules, agreements and policies: in effect and upcoming")
def list_documents(
    *, uow: DbUow, now: Now, actor: MaybeActor, kind: DocumentKind | None = None
) -> list[DocumentView]:
    return queries.list_documents(uow=uow, now=now, actor=actor, kind=kind)


@router.get(
    "/api/v1/documents/{slug}",
    responses=problem_responses(404),
    summary="One document: the version in effect and those out for comment",
)
def get_document(*, slug: str, uow: DbUow, now: Now, actor: MaybeActor) -> DocumentView:
    return queries.get_document(uow=uow, slug=slug, now=now, actor=actor)


@router.get(
    "/api/v1/documents/{slug}/versions",
    responses=problem_responses(404),
    summary="A document's versions, newest first",
)
def version_history(*, slug: str, uow: DbUow, now: Now, actor: MaybeActor) -> list[VersionView]:
    return queries.version_history(uow=uow, slug=slug, now=now, actor=actor)


@router.get(
    "/api/v1/documents/{slug}/effective",
    responses=problem_responses(404),
    summary="The version in effect at an instant (default: now)",
)
def effective_version(
    *, slug: str, uow: DbUow, now: Now, as_of: AwareDatetime | None = None
) -> VersionView | None:
    return queries.effective_version(uow=uow, slug=slug, as_of=as_of or now)


@router.post(
    "/api/v1/documents",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 409, 422),
    summary="Draft the next version of a document (a new slug starts a new document)",
)
def draft_version(*, body: DraftVersion, actor: CurrentActor, uow: DbUow, now: Now) -> VersionView:
    view = operations.draft_version(uow=uow, actor=actor, now=now, **body.model_dump())
    uow.commit()
    return view


@router.get(
    "/api/v1/document-versions/{version_id}",
    responses=problem_responses(404),
    summary="One version's text and stage",
)
def get_version(*, version_id: str, uow: DbUow, now: Now, actor: MaybeActor) -> VersionView:
    return queries.get_version(uow=uow, version_id=version_id, now=now, actor=actor)


@router.post(
    "/api/v1/document-versions/{version_id}/publish",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Publish a draft for comment; refused with less than the minimum notice",
)
def publish_version(
    *, version_id: str, body: Publish, actor: CurrentActor, uow: DbUow, now: Now
) -> VersionView:
    view = operations.publish_version(
        uow=uow, actor=actor, now=now, version_id=version_id, effective_at=body.effective_at
    )
    uow.commit()
    return view


@router.post(
    "/api/v1/document-versions/{version_id}/withdraw",
    responses=problem_responses(401, 403, 404, 409),
    summary="Withdraw a draft or a version before it takes effect",
)
def withdraw_version(*, version_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> VersionView:
    view = operations.withdraw_version(uow=uow, actor=actor, now=now, version_id=version_id)
    uow.commit()
    return view


@router.get(
    "/api/v1/document-versions/{version_id}/comments",
    responses=problem_responses(404),
    summary="The public comments on a version and the platform's answers",
)
def list_comments(*, version_id: str, uow: DbUow, now: Now, actor: MaybeActor) -> list[CommentView]:
    return queries.list_comments(uow=uow, version_id=version_id, now=now, actor=actor)


@router.post(
    "/api/v1/document-versions/{version_id}/comments",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 404, 409, 422),
    summary="Comment on a version while it is out for comment",
)
def comment(
    *, version_id: str, body: Comment, actor: CurrentActor, uow: DbUow, now: Now
) -> CommentView:
    view = operations.comment_on_version(
        uow=uow, actor=actor, now=now, version_id=version_id, body=body.body
    )
    uow.commit()
    return view


@router.post(
    "/api/v1/document-comments/{comment_id}/answer",
    responses=problem_responses(401, 403, 404, 422),
    summary="Answer or acknowledge a comment, publicly",
)
def answer_comment(
    *, comment_id: str, body: Answer, actor: CurrentActor, uow: DbUow, now: Now
) -> CommentView:
    view = operations.answer_comment(
        uow=uow, actor=actor, now=now, comment_id=comment_id, answer=body.answer
    )
    uow.commit()
    return view


@router.post(
    "/api/v1/documents/{slug}/reviews",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="Record a periodic fairness review of a rule (S2 7.3.3)",
)
def record_review(
    *, slug: str, body: Review, actor: CurrentActor, uow: DbUow, now: Now
) -> Reviewed:
    at = operations.record_review(uow=uow, actor=actor, now=now, slug=slug, finding=body.finding)
    uow.commit()
    return Reviewed(slug=slug, reviewed_at=at)


@router.get(
    "/api/v1/document-reviews/due",
    responses=problem_responses(401, 403),
    summary="Rules and agreements whose 12-monthly fairness review is due",
)
def reviews_due(*, actor: CurrentActor, uow: DbUow, now: Now) -> list[ReviewDue]:
    return queries.reviews_due(uow=uow, actor=actor, now=now)


@router.get("/api/v1/service-standards", summary="The published service standards (S2 4.2)")
def get_service_standards(*, uow: DbUow, now: Now) -> ServiceStandards:
    return service_standards(uow=uow, now=now)
