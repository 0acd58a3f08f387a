"""The notice inbox for every signed-in user: alerts such as a stuck parcel (S3 6.2.1.2)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.domain.notices import operations
from pinzhi.interfaces.console.context import Page, Posted
from pinzhi.interfaces.console.views import PREFIX

NOTICES_PAGE = f"{PREFIX}/notices"
SHOWN = 100

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/notices")
def notices_page(*, page: Page) -> HTMLResponse:
    found = operations.list_notices(uow=page.uow, actor=page.actor, limit=SHOWN)
    return page.render(
        "notices.html", notices=found, unread=sum(notice.read_at is None for notice in found)
    )


@router.post("/notices/{notice_id}/read")
def mark_read(*, post: Posted, notice_id: str) -> RedirectResponse:
    operations.mark_read(uow=post.uow, actor=post.actor, notice_id=notice_id, now=post.now)
    return post.commit_and_go(NOTICES_PAGE)
