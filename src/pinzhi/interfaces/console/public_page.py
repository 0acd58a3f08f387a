"""The console's public area (C15; S1 5.2; S2 4.2; S4 4.2.2.1–4.2.2.2): anyone reads the rules,
agreements and privacy policy in effect and those out for comment, the service standards and the
measures taken against merchants, without signing in. A signed-in user comments on a version
while it is out for comment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.core.errors import NotFound, Unauthenticated
from pinzhi.domain.accounts.queries import UserView
from pinzhi.domain.oversight import queries as oversight
from pinzhi.domain.publications import operations, queries, rules
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.domain.publications.standards import service_standards
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import i18n, session
from pinzhi.interfaces.console.context import Posted
from pinzhi.interfaces.console.views import PREFIX, render

PUBLIC = f"{PREFIX}/public"
MEASURES_SHOWN = 200
CALENDAR_WORDS = frozenset({"online_7x24", "hotline", "offline"})  # the standard calendars

router = APIRouter(prefix=PUBLIC, include_in_schema=False)


def optional_user(request: Request, platform: PlatformDep, uow: DbUow, now: Now) -> UserView | None:
    """The signed-in visitor, or None: the public area is open to everyone."""
    try:
        return session.console_user(request, platform, uow, now)
    except Unauthenticated:
        return None


Visitor = Annotated[UserView | None, Depends(optional_user)]


@router.get("")
def index(
    *, request: Request, visitor: Visitor, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    documents = [d for d in queries.list_documents(uow=uow, now=now) if d.current or d.upcoming]
    by_kind = {kind: [d for d in documents if d.kind is kind] for kind in DocumentKind}
    return render(
        request,
        "public_index.html",
        now=now,
        user=visitor,
        by_kind=by_kind,
        kinds=list(DocumentKind),
        tz=ZoneInfo(platform.settings.timezone),
    )


@router.get("/documents/{slug}")
def document_page(
    *, request: Request, slug: str, visitor: Visitor, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    document = queries.get_document(uow=uow, slug=slug, now=now)
    if document.current is None and not document.upcoming:
        raise NotFound(f"document {slug!r} has no published version")
    comments = {
        v.id: queries.list_comments(uow=uow, version_id=v.id, now=now) for v in document.upcoming
    }
    return render(
        request,
        "public_document.html",
        now=now,
        user=visitor,
        document=document,
        comments=comments,
        history=queries.version_history(uow=uow, slug=slug, now=now),
        notice_days=rules.minimum_notice(document.kind).days,
        tz=ZoneInfo(platform.settings.timezone),
    )


@router.post("/versions/{version_id}/comments")
def comment(
    *,
    post: Posted,
    version_id: str,
    body: Annotated[str, Form(max_length=operations.MAX_COMMENT)] = "",
) -> RedirectResponse:
    slug = queries.get_version(uow=post.uow, version_id=version_id, now=post.now).slug
    operations.comment_on_version(
        uow=post.uow, actor=post.actor, now=post.now, version_id=version_id, body=body
    )
    return post.commit_and_go(f"{PUBLIC}/documents/{slug}#comments")


@router.get("/standards")
def standards_page(*, request: Request, visitor: Visitor, uow: DbUow, now: Now) -> HTMLResponse:
    t = i18n.translator(session.prefs(request).lang)
    return render(
        request,
        "public_standards.html",
        now=now,
        user=visitor,
        standards=service_standards(uow=uow, now=now),
        calendar_words=CALENDAR_WORDS,
        duration=lambda span: duration(span, t),
    )


def duration(span: timedelta, t: Callable[..., str]) -> str:
    """A limit as the standards state it: 30 秒, 60 秒, 90 分钟, 24 小时, 72 小时, 7 天."""
    seconds = int(span.total_seconds())
    if seconds > 72 * 3600 and seconds % 86_400 == 0:
        return t("duration_days", n=seconds // 86_400)
    if seconds >= 3600 and seconds % 3600 == 0:
        return t("duration_hours", n=seconds // 3600)
    if seconds >= 120 and seconds % 60 == 0:
        return t("duration_minutes", n=seconds // 60)
    return t("duration_seconds", n=seconds)


@router.get("/measures")
def measures_page(*, request: Request, visitor: Visitor, uow: DbUow, now: Now) -> HTMLResponse:
    """Oversight's published measures (S4 4.2.2.2): its own query and template, opened to all."""
    found = oversight.public_measures(uow=uow, limit=MEASURES_SHOWN)
    return render(request, "oversight_public.html", now=now, user=visitor, measures=found)
