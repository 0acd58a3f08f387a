"""Console pages for rule managers (MANAGE_RULES): draft a version, publish it for comment with
its effective time, withdraw it before it takes effect, answer comments, and record the periodic
fairness reviews that are due (S4 4.2.2.1, 4.2.1.1 d; S2 7.3.3).

A refused step (too short a notice, a second pending version …) re-renders the page with the
domain's reason, so the administrator sees which clause said no.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.core.errors import Conflict, InvalidTransition, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.publications import operations, queries, rules
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.interfaces.console.context import Page, PageContext, Posted
from pinzhi.interfaces.console.views import PREFIX

ADMIN = f"{PREFIX}/rules-admin"
REFUSALS = (ValidationFailed, InvalidTransition, Conflict)

router = APIRouter(prefix=ADMIN, include_in_schema=False)
Text = Annotated[str, Form(max_length=50_000)]


@router.get("")
def admin_page(*, page: Page) -> HTMLResponse:
    return _admin(page)


@router.get("/versions/{version_id}")
def version_page(*, page: Page, version_id: str) -> HTMLResponse:
    uow, actor, now = page.uow, page.actor, page.now
    require(actor, Permission.MANAGE_RULES)
    return page.render(
        "rules_admin_version.html",
        version=queries.get_version(uow=uow, version_id=version_id, now=now, actor=actor),
        comments=queries.list_comments(uow=uow, version_id=version_id, now=now, actor=actor),
    )


@router.post("/drafts")
def draft(
    *,
    post: Posted,
    slug: Annotated[str, Form(max_length=64)],
    kind: Annotated[DocumentKind, Form()],
    title: Annotated[str, Form(max_length=200)],
    body: Text,
    title_en: Annotated[str, Form(max_length=200)] = "",
    body_en: Text = "",
    summary_of_change: Text = "",
) -> Response:
    return _attempt(
        post,
        lambda: operations.draft_version(
            uow=post.uow, actor=post.actor, now=post.now, slug=slug.strip(), kind=kind,
            title=title, body=body, title_en=title_en, body_en=body_en,
            summary_of_change=summary_of_change,
        ),
    )  # fmt: skip


@router.post("/versions/{version_id}/publish")
def publish(
    *, post: Posted, version_id: str, effective_at: Annotated[str, Form()] = ""
) -> Response:
    return _attempt(
        post,
        lambda: operations.publish_version(
            uow=post.uow, actor=post.actor, now=post.now, version_id=version_id,
            effective_at=local_time(effective_at, post.tz),
        ),
    )  # fmt: skip


@router.post("/versions/{version_id}/withdraw")
def withdraw(*, post: Posted, version_id: str) -> Response:
    return _attempt(
        post,
        lambda: operations.withdraw_version(
            uow=post.uow, actor=post.actor, now=post.now, version_id=version_id
        ),
    )


@router.post("/comments/{comment_id}/answer")
def answer(
    *,
    post: Posted,
    comment_id: str,
    answer: Annotated[str, Form(max_length=operations.MAX_COMMENT)] = "",
) -> RedirectResponse:
    found = operations.answer_comment(
        uow=post.uow, actor=post.actor, now=post.now, comment_id=comment_id, answer=answer
    )
    return post.commit_and_go(f"{ADMIN}/versions/{found.version_id}")


@router.post("/documents/{slug}/reviews")
def review(
    *, post: Posted, slug: str, finding: Annotated[str, Form(max_length=5000)] = ""
) -> Response:
    return _attempt(
        post,
        lambda: operations.record_review(
            uow=post.uow, actor=post.actor, now=post.now, slug=slug, finding=finding
        ),
    )


def local_time(text: str, tz: ZoneInfo) -> datetime:
    """A `datetime-local` field, read in the platform's zone."""
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=tz)
    except ValueError:
        raise ValidationFailed(f"effective time {text!r} is not a date and time") from None


def _attempt(post: PageContext, step: Callable[[], object]) -> Response:
    """Run one domain step; commit and go back to the list, or show the list with the refusal."""
    try:
        step()
    except REFUSALS as refused:
        post.uow.session.rollback()  # nothing of the refused step stays
        return _admin(post, refused=refused.message)
    return post.commit_and_go(ADMIN)


def _admin(page: PageContext, *, refused: str | None = None) -> HTMLResponse:
    uow, actor, now = page.uow, page.actor, page.now
    require(actor, Permission.MANAGE_RULES)
    earliest = {
        kind: _next_minute(rules.earliest_effective(kind=kind, published_at=now)).astimezone(
            page.tz
        )
        for kind in DocumentKind
    }
    return page.render(
        "rules_admin.html",
        status=422 if refused else 200,
        refused=refused,
        documents=queries.list_documents(uow=uow, now=now, actor=actor),
        due=queries.reviews_due(uow=uow, actor=actor, now=now),
        kinds=list(DocumentKind),
        earliest={kind: at.strftime("%Y-%m-%dT%H:%M") for kind, at in earliest.items()},
    )


def _next_minute(at: datetime) -> datetime:
    """The form's minute precision rounds up, never below the earliest allowed instant."""
    floor = at.replace(second=0, microsecond=0)
    return floor if floor == at else floor + timedelta(minutes=1)
