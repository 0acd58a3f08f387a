"""Feedback inbox and solution base pages (S3 7.2.1–7.2.2).

The inbox lists every channel's feedback in one table, filtered by channel, theme and status;
each open item carries a triage form (assignee, theme) and a resolve form (what was done, and
the solution used, if any). The solution base page lists solutions, most used first, the
recurring themes no solution answers yet, and a form to add one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from pinzhi.core.errors import InvalidTransition, NotFound, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.satisfaction import inbox
from pinzhi.domain.satisfaction import inbox_queries as queries
from pinzhi.domain.satisfaction.inbox import SolutionDraft
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus, Theme
from pinzhi.interfaces.console.context import Page, PageContext, Posted
from pinzhi.interfaces.console.views import PREFIX

INBOX = f"{PREFIX}/feedback"
SOLUTIONS = f"{PREFIX}/solutions"
GAP_DAYS = 30
router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]


@router.get("/feedback")
def inbox_page(
    *,
    page: Page,
    channel: InboxChannel | None = None,
    theme: Theme | None = None,
    status: InboxStatus | None = None,
) -> HTMLResponse:
    return _inbox(page, channel=channel, theme=theme, status=status)


def _inbox(
    page: PageContext,
    *,
    channel: InboxChannel | None = None,
    theme: Theme | None = None,
    status: InboxStatus | None = None,
    refused: PinzhiError | None = None,
) -> HTMLResponse:
    uow, actor = page.uow, page.actor
    items = queries.list_inbox(
        uow=uow, actor=actor, channel=channel, theme=theme.value if theme else None,
        status=status, limit=queries.MAX_PAGE,
    )  # fmt: skip
    return page.render(
        "feedback_inbox.html",
        status=(409 if isinstance(refused, InvalidTransition) else 422) if refused else 200,
        items=items,
        counts=queries.inbox_counts(uow=uow, actor=actor),
        channels=list(InboxChannel),
        themes=list(Theme),
        statuses=list(InboxStatus),
        chosen={"channel": channel, "theme": theme, "status": status},
        solutions=queries.list_solutions(uow=uow, actor=actor),
        may_triage=allows(actor, Permission.TRIAGE_FEEDBACK),
        refused=refused.message if refused else None,
    )


@router.post("/feedback/{item_id}/triage")
def triage(*, post: Posted, item_id: str, assignee_id: Text = "", theme: Text = "") -> Response:
    try:
        inbox.triage_item(
            uow=post.uow, actor=post.actor, now=post.now, item_id=item_id,
            assignee_id=assignee_id.strip(), theme=_theme(theme),
        )  # fmt: skip
    except (InvalidTransition, ValidationFailed) as refused:
        return _inbox(post, refused=refused)
    return post.commit_and_go(INBOX)


@router.post("/feedback/{item_id}/resolve")
def resolve(
    *, post: Posted, item_id: str, resolution: Text = "", solution_id: Text = ""
) -> Response:
    try:
        inbox.resolve_item(
            uow=post.uow, actor=post.actor, now=post.now, item_id=item_id, resolution=resolution,
            solution_id=solution_id.strip() or None,
        )  # fmt: skip
    except (InvalidTransition, ValidationFailed, NotFound) as refused:
        return _inbox(post, refused=refused)
    return post.commit_and_go(INBOX)


@router.get("/solutions")
def solutions_page(*, page: Page) -> HTMLResponse:
    return _solutions(page)


def _solutions(page: PageContext, *, refused: PinzhiError | None = None) -> HTMLResponse:
    uow, actor, now = page.uow, page.actor, page.now
    return page.render(
        "solutions.html",
        status=422 if refused else 200,
        solutions=queries.list_solutions(uow=uow, actor=actor),
        gaps=queries.solution_gaps(
            uow=uow, actor=actor, since=now - timedelta(days=GAP_DAYS), until=now
        ),
        gap_days=GAP_DAYS,
        themes=list(Theme),
        may_edit=allows(actor, Permission.MANAGE_KNOWLEDGE),
        refused=refused.message if refused else None,
    )


@router.post("/solutions")
def add_solution(
    *, post: Posted, problem: Text = "", cause: Text = "", steps: Text = "", theme: Text = "",
    knowledge_entry_id: Text = "",
) -> Response:  # fmt: skip
    try:
        draft = SolutionDraft(
            problem=problem, cause=cause,
            steps=tuple(line.strip() for line in steps.splitlines() if line.strip()),
            theme=_theme(theme) or Theme.OTHER,
            knowledge_entry_id=knowledge_entry_id.strip() or None,
        )  # fmt: skip
        inbox.save_solution(uow=post.uow, actor=post.actor, now=post.now, draft=draft)
    except (ValidationFailed, NotFound) as refused:
        return _solutions(post, refused=refused)
    return post.commit_and_go(SOLUTIONS)


def _theme(text: str) -> Theme | None:
    if not text.strip():
        return None
    try:
        return Theme(text.strip())
    except ValueError:
        raise ValidationFailed(f"unknown theme {text!r}") from None
