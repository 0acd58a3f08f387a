"""Feedback inbox and solution base pages (S3 7.2.1–7.2.2).

The inbox lists every channel's feedback in one table, filtered by channel, theme and status;
each open item carries a triage form (assignee, theme) and a resolve form (what was done, and
the solution used, if any). The solution base page lists solutions, most used first, the
recurring themes no solution answers yet, and a form to add one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.core.errors import InvalidTransition, NotFound, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.satisfaction import inbox
from pinzhi.domain.satisfaction import inbox_queries as queries
from pinzhi.domain.satisfaction.inbox import SolutionDraft
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus, Theme
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

INBOX = f"{PREFIX}/feedback"
SOLUTIONS = f"{PREFIX}/solutions"
GAP_DAYS = 30
router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]


@router.get("/feedback")
def inbox_page(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now,
    channel: InboxChannel | None = None, theme: Theme | None = None,
    status: InboxStatus | None = None,
) -> HTMLResponse:  # fmt: skip
    return _inbox(request, user, uow, now=now, channel=channel, theme=theme, status=status)


def _inbox(
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    *,
    now: datetime,
    channel: InboxChannel | None = None,
    theme: Theme | None = None,
    status: InboxStatus | None = None,
    refused: PinzhiError | None = None,
) -> HTMLResponse:
    items = queries.list_inbox(
        uow=uow, actor=user.actor, channel=channel, theme=theme.value if theme else None,
        status=status, limit=queries.MAX_PAGE,
    )  # fmt: skip
    return render(
        request,
        "feedback_inbox.html",
        now=now,
        user=user,
        status=(409 if isinstance(refused, InvalidTransition) else 422) if refused else 200,
        items=items,
        counts=queries.inbox_counts(uow=uow, actor=user.actor),
        channels=list(InboxChannel),
        themes=list(Theme),
        statuses=list(InboxStatus),
        chosen={"channel": channel, "theme": theme, "status": status},
        solutions=queries.list_solutions(uow=uow, actor=user.actor),
        may_triage=allows(user.actor, Permission.TRIAGE_FEEDBACK),
        refused=refused.message if refused else None,
    )


@router.post("/feedback/{item_id}/triage")
def triage(
    *, request: Request, item_id: str, user: ConsoleUser, uow: DbUow, now: Now,
    platform: PlatformDep, assignee_id: Text = "", theme: Text = "", csrf_token: Text = "",
) -> Response:  # fmt: skip
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        inbox.triage_item(
            uow=uow, actor=user.actor, now=now, item_id=item_id,
            assignee_id=assignee_id.strip(), theme=_theme(theme),
        )  # fmt: skip
    except (InvalidTransition, ValidationFailed) as refused:
        return _inbox(request, user, uow, now=now, refused=refused)
    uow.commit()
    return RedirectResponse(INBOX, status_code=303)


@router.post("/feedback/{item_id}/resolve")
def resolve(
    *, request: Request, item_id: str, user: ConsoleUser, uow: DbUow, now: Now,
    platform: PlatformDep, resolution: Text = "", solution_id: Text = "", csrf_token: Text = "",
) -> Response:  # fmt: skip
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        inbox.resolve_item(
            uow=uow, actor=user.actor, now=now, item_id=item_id, resolution=resolution,
            solution_id=solution_id.strip() or None,
        )  # fmt: skip
    except (InvalidTransition, ValidationFailed, NotFound) as refused:
        return _inbox(request, user, uow, now=now, refused=refused)
    uow.commit()
    return RedirectResponse(INBOX, status_code=303)


@router.get("/solutions")
def solutions_page(*, request: Request, user: ConsoleUser, uow: DbUow, now: Now) -> HTMLResponse:
    return _solutions(request, user, uow, now=now)


def _solutions(
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    *,
    now: datetime,
    refused: PinzhiError | None = None,
) -> HTMLResponse:
    return render(
        request,
        "solutions.html",
        now=now,
        user=user,
        status=422 if refused else 200,
        solutions=queries.list_solutions(uow=uow, actor=user.actor),
        gaps=queries.solution_gaps(
            uow=uow, actor=user.actor, since=now - timedelta(days=GAP_DAYS), until=now
        ),
        gap_days=GAP_DAYS,
        themes=list(Theme),
        may_edit=allows(user.actor, Permission.MANAGE_KNOWLEDGE),
        refused=refused.message if refused else None,
    )


@router.post("/solutions")
def add_solution(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep,
    problem: Text = "", cause: Text = "", steps: Text = "", theme: Text = "",
    knowledge_entry_id: Text = "", csrf_token: Text = "",
) -> Response:  # fmt: skip
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        draft = SolutionDraft(
            problem=problem, cause=cause,
            steps=tuple(line.strip() for line in steps.splitlines() if line.strip()),
            theme=_theme(theme) or Theme.OTHER,
            knowledge_entry_id=knowledge_entry_id.strip() or None,
        )  # fmt: skip
        inbox.save_solution(uow=uow, actor=user.actor, now=now, draft=draft)
    except (ValidationFailed, NotFound) as refused:
        return _solutions(request, user, uow, now=now, refused=refused)
    uow.commit()
    return RedirectResponse(SOLUTIONS, status_code=303)


def _theme(text: str) -> Theme | None:
    if not text.strip():
        return None
    try:
        return Theme(text.strip())
    except ValueError:
        raise ValidationFailed(f"unknown theme {text!r}") from None
