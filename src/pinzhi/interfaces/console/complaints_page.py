"""Complaint pages (issue 3 part 9): the list, and the electronic file with its timeline.

The file page offers a form for each action the workflow allows from the complaint's stage
and the user's role may take (`ComplaintFileView.actions`), nothing else. Each form carries the
CSRF token and an event id minted when the page is drawn, so sending a form twice records one
step. A refused action is shown on the file page with the reason.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.core.errors import InvalidTransition, PinzhiError, ValidationFailed
from pinzhi.domain.service import complaint_operations as operations
from pinzhi.domain.service import complaint_queries as queries
from pinzhi.domain.service.complaint_files import ASSIGN
from pinzhi.domain.service.complaints import ComplaintEvent
from pinzhi.domain.service.models import ComplaintStatus
from pinzhi.interfaces.console.context import Offset, Page, PageContext, Posted, one_page
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/complaints"
PAGE_SIZE = 50
router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]

FIELDS: dict[str, tuple[str, ...]] = {
    ComplaintEvent.EXPLAIN_DELAY.value: ("note", "promised_by"),
    ComplaintEvent.RESOLVE_ON_THE_SPOT.value: ("conclusion", "basis", "remedy"),
    ComplaintEvent.RESOLVE.value: ("conclusion", "basis", "remedy"),
    ComplaintEvent.REFER_TO_MEDIATION.value: ("mediator",),
    ComplaintEvent.HAND_TO_THIRD_PARTY.value: ("mediator",),
    ComplaintEvent.AGREE_SETTLEMENT.value: ("note",),
    ComplaintEvent.RECORD_VISIT.value: ("satisfaction",),
    ASSIGN: ("staff_id",),
}
"""The inputs each action's form shows; every other action takes an optional note."""


@router.get("/complaints")
def complaints_page(
    *, page: Page, status: ComplaintStatus | None = None, offset: Offset = 0
) -> HTMLResponse:
    found = queries.list_complaints(
        uow=page.uow, actor=page.actor, now=page.now, status=status, limit=PAGE_SIZE + 1,
        offset=offset,
    )  # fmt: skip
    shown, paging = one_page(found, size=PAGE_SIZE, offset=offset)
    return page.render(
        "complaints.html",
        complaints=shown,
        statuses=list(ComplaintStatus),
        chosen=status,
        **paging,
    )


@router.get("/complaints/{complaint_id}")
def complaint_file_page(*, page: Page, complaint_id: str) -> HTMLResponse:
    return _file_page(page, complaint_id)


@router.post("/complaints/{complaint_id}/actions")
def complaint_action(
    *,
    post: Posted,
    complaint_id: str,
    action: Text = "",
    event_id: Text = "",
    note: Text = "",
    promised_by: Text = "",
    mediator: Text = "",
    conclusion: Text = "",
    basis: Text = "",
    remedy: Text = "",
    satisfaction: Text = "",
    staff_id: Text = "",
) -> Response:
    try:
        if action == ASSIGN:
            operations.assign_complaint(
                uow=post.uow, actor=post.actor, now=post.now, complaint_id=complaint_id,
                staff_id=staff_id.strip(), event_id=event_id, note=note,
            )  # fmt: skip
        else:
            operations.act_on_complaint(
                uow=post.uow,
                actor=post.actor,
                now=post.now,
                complaint_id=complaint_id,
                event=_event(action),
                event_id=event_id,
                note=note,
                promised_by=_local_time(promised_by, post.tz),
                mediator=mediator.strip() or None,
                conclusion=conclusion,
                basis=basis,
                remedy=remedy,
                satisfaction=_score(satisfaction),
            )
    except (InvalidTransition, ValidationFailed) as refused:
        return _file_page(post, complaint_id, refused=refused)
    # the complaint operations commit their own step (with its event id)
    return RedirectResponse(f"{PAGE}/{complaint_id}", status_code=303)


def _file_page(
    page: PageContext, complaint_id: str, *, refused: PinzhiError | None = None
) -> HTMLResponse:
    shown = queries.get_complaint_file(
        uow=page.uow, actor=page.actor, now=page.now, complaint_id=complaint_id
    )
    return page.render(
        "complaint_file.html",
        status=409 if isinstance(refused, InvalidTransition) else 422 if refused else 200,
        file=shown,
        fields=FIELDS,
        event_id=secrets.token_urlsafe(12),
        refused=refused.message if refused else None,
    )


def _event(action: str) -> ComplaintEvent:
    try:
        return ComplaintEvent(action)
    except ValueError:
        raise ValidationFailed(f"unknown complaint action {action!r}") from None


def _local_time(text: str, tz: ZoneInfo) -> datetime | None:
    """A `datetime-local` field, read in the platform's zone."""
    if not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=tz)
    except ValueError:
        raise ValidationFailed(f"promised time {text!r} is not a date and time") from None


def _score(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise ValidationFailed(f"satisfaction {text!r} is not a score from 1 to 5")
    return int(text)
