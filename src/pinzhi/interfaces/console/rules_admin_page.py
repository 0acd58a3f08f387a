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

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.core.errors import Conflict, InvalidTransition, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.publications import operations, queries, rules
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

ADMIN = f"{PREFIX}/rules-admin"
REFUSALS = (ValidationFailed, InvalidTransition, Conflict)

router = APIRouter(prefix=ADMIN, include_in_schema=False)
Text = Annotated[str, Form(max_length=50_000)]


@router.get("")
def admin_page(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    return _admin(request, user=user, uow=uow, now=now, tz=_tz(platform))


@router.get("/versions/{version_id}")
def version_page(
    *,
    request: Request,
    version_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
) -> HTMLResponse:
    require(user.actor, Permission.MANAGE_RULES)
    version = queries.get_version(uow=uow, version_id=version_id, now=now, actor=user.actor)
    return render(
        request,
        "rules_admin_version.html",
        now=now,
        user=user,
        version=version,
        comments=queries.list_comments(uow=uow, version_id=version_id, now=now, actor=user.actor),
        tz=_tz(platform),
    )


@router.post("/drafts")
def draft(
    *,
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    slug: Annotated[str, Form(max_length=64)],
    kind: Annotated[DocumentKind, Form()],
    title: Annotated[str, Form(max_length=200)],
    body: Text,
    title_en: Annotated[str, Form(max_length=200)] = "",
    body_en: Text = "",
    summary_of_change: Text = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    return _attempt(
        request, user=user, uow=uow, now=now, tz=_tz(platform),
        step=lambda: operations.draft_version(
            uow=uow, actor=user.actor, now=now, slug=slug.strip(), kind=kind, title=title,
            body=body, title_en=title_en, body_en=body_en, summary_of_change=summary_of_change,
        ),
    )  # fmt: skip


@router.post("/versions/{version_id}/publish")
def publish(
    *,
    request: Request,
    version_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    effective_at: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    tz = _tz(platform)
    return _attempt(
        request, user=user, uow=uow, now=now, tz=tz,
        step=lambda: operations.publish_version(
            uow=uow, actor=user.actor, now=now, version_id=version_id,
            effective_at=local_time(effective_at, tz),
        ),
    )  # fmt: skip


@router.post("/versions/{version_id}/withdraw")
def withdraw(
    *,
    request: Request,
    version_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    return _attempt(
        request, user=user, uow=uow, now=now, tz=_tz(platform),
        step=lambda: operations.withdraw_version(
            uow=uow, actor=user.actor, now=now, version_id=version_id
        ),
    )  # fmt: skip


@router.post("/comments/{comment_id}/answer")
def answer(
    *,
    request: Request,
    comment_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    answer: Annotated[str, Form(max_length=operations.MAX_COMMENT)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    found = operations.answer_comment(
        uow=uow, actor=user.actor, now=now, comment_id=comment_id, answer=answer
    )
    uow.commit()
    return RedirectResponse(f"{ADMIN}/versions/{found.version_id}", status_code=303)


@router.post("/documents/{slug}/reviews")
def review(
    *,
    request: Request,
    slug: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    finding: Annotated[str, Form(max_length=5000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    return _attempt(
        request, user=user, uow=uow, now=now, tz=_tz(platform),
        step=lambda: operations.record_review(
            uow=uow, actor=user.actor, now=now, slug=slug, finding=finding
        ),
    )  # fmt: skip


def local_time(text: str, tz: ZoneInfo) -> datetime:
    """A `datetime-local` field, read in the platform's zone."""
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=tz)
    except ValueError:
        raise ValidationFailed(f"effective time {text!r} is not a date and time") from None


def _attempt(
    request: Request,
    *,
    user: ConsoleUser,
    uow: DbUow,
    now: datetime,
    tz: ZoneInfo,
    step: Callable[[], object],
) -> Response:
    """Run one domain step; commit and go back to the list, or show the list with the refusal."""
    try:
        step()
    except REFUSALS as refused:
        uow.session.rollback()  # nothing of the refused step stays
        return _admin(request, user=user, uow=uow, now=now, tz=tz, refused=refused.message)
    uow.commit()
    return RedirectResponse(ADMIN, status_code=303)


def _admin(
    request: Request,
    *,
    user: ConsoleUser,
    uow: DbUow,
    now: datetime,
    tz: ZoneInfo,
    refused: str | None = None,
) -> HTMLResponse:
    require(user.actor, Permission.MANAGE_RULES)
    documents = queries.list_documents(uow=uow, now=now, actor=user.actor)
    earliest = {
        kind: _next_minute(rules.earliest_effective(kind=kind, published_at=now)).astimezone(tz)
        for kind in DocumentKind
    }
    return render(
        request,
        "rules_admin.html",
        now=now,
        user=user,
        status=422 if refused else 200,
        refused=refused,
        documents=documents,
        due=queries.reviews_due(uow=uow, actor=user.actor, now=now),
        kinds=list(DocumentKind),
        earliest={kind: at.strftime("%Y-%m-%dT%H:%M") for kind, at in earliest.items()},
        tz=tz,
    )


def _next_minute(at: datetime) -> datetime:
    """The form's minute precision rounds up, never below the earliest allowed instant."""
    floor = at.replace(second=0, microsecond=0)
    return floor if floor == at else floor + timedelta(minutes=1)


def _tz(platform: PlatformDep) -> ZoneInfo:
    return ZoneInfo(platform.settings.timezone)
