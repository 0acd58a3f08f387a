"""The personal-data access log for admins and assessors (C16; S3 4.3.3): who saw what, when."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pinzhi.domain.privacy import queries
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

PAGE_SIZE = 100

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/privacy/access-log")
def access_log_page(
    *,
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    record_kind: str | None = None,
    record_id: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    found = queries.list_access_log(
        uow=uow,
        actor=user.actor,
        record_kind=record_kind or None,
        record_id=record_id or None,
        limit=PAGE_SIZE + 1,
        offset=offset,
    )
    return render(
        request,
        "privacy_access_log.html",
        now=now,
        user=user,
        rows=found[:PAGE_SIZE],
        record_kind=record_kind or "",
        record_id=record_id or "",
        offset=offset,
        page_size=PAGE_SIZE,
        has_next=len(found) > PAGE_SIZE,
        tz=ZoneInfo(platform.settings.timezone),
    )
