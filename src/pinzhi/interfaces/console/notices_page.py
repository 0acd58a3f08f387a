"""The notice inbox for every signed-in user: alerts such as a stuck parcel (S3 6.2.1.2)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.domain.notices import operations
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

NOTICES_PAGE = f"{PREFIX}/notices"
SHOWN = 100

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/notices")
def notices_page(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    found = operations.list_notices(uow=uow, actor=user.actor, limit=SHOWN)
    return render(
        request,
        "notices.html",
        now=now,
        user=user,
        notices=found,
        unread=sum(notice.read_at is None for notice in found),
        tz=ZoneInfo(platform.settings.timezone),
    )


@router.post("/notices/{notice_id}/read")
def mark_read(
    *,
    request: Request,
    notice_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    operations.mark_read(uow=uow, actor=user.actor, notice_id=notice_id, now=now)
    uow.commit()
    return RedirectResponse(NOTICES_PAGE, status_code=303)
