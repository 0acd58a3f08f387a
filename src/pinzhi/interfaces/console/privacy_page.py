"""The personal-data access log for admins and assessors (C16; S3 4.3.3): who saw what, when."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from pinzhi.domain.privacy import queries
from pinzhi.interfaces.console.context import Offset, Page, one_page
from pinzhi.interfaces.console.views import PREFIX

PAGE_SIZE = 100

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/privacy/access-log")
def access_log_page(
    *, page: Page, record_kind: str | None = None, record_id: str | None = None, offset: Offset = 0
) -> HTMLResponse:
    found = queries.list_access_log(
        uow=page.uow,
        actor=page.actor,
        record_kind=record_kind or None,
        record_id=record_id or None,
        limit=PAGE_SIZE + 1,
        offset=offset,
    )
    shown, paging = one_page(found, size=PAGE_SIZE, offset=offset)
    return page.render(
        "privacy_access_log.html",
        rows=shown,
        record_kind=record_kind or "",
        record_id=record_id or "",
        **paging,
    )
