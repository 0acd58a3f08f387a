"""Console pages of oversight (S1 6.1.2, 6.2–6.4; S4 4.2.2.2): the warnings inbox, the
key-control list with the log of measures and appeals, and the published measures.

Analysts (MANAGE_GRADES) see every merchant and take appeals through review to a decision; a
merchant sees its own warnings and measures and appeals a measure from the measures page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.oversight import appeals, queries
from pinzhi.domain.oversight.models import AppealTarget, MeasureKind, MeasureStatus
from pinzhi.interfaces.console.context import Page, Posted
from pinzhi.interfaces.console.views import PREFIX

WARNINGS_PAGE = f"{PREFIX}/oversight/warnings"
MEASURES_PAGE = f"{PREFIX}/oversight/measures"
PUBLIC_PAGE = f"{PREFIX}/oversight/public"
SHOWN = 200

router = APIRouter(prefix=f"{PREFIX}/oversight", include_in_schema=False)


@router.get("/warnings")
def warnings_page(*, page: Page) -> HTMLResponse:
    found = queries.list_warnings(uow=page.uow, actor=page.actor, limit=SHOWN)
    return page.render("oversight_warnings.html", warnings=found)


@router.get("/measures")
def measures_page(*, page: Page) -> HTMLResponse:
    measures = queries.list_measures(uow=page.uow, actor=page.actor, limit=SHOWN)
    return page.render(
        "oversight_measures.html",
        key_control=[
            m
            for m in measures
            if m.kind is MeasureKind.KEY_CONTROL and m.status is MeasureStatus.ACTIVE
        ],
        measures=measures,
        appeals=queries.list_appeals(uow=page.uow, actor=page.actor, limit=SHOWN),
        analyst=allows(page.actor, Permission.MANAGE_GRADES),
    )


@router.get("/public")
def public_page(*, page: Page) -> HTMLResponse:
    found = queries.public_measures(uow=page.uow, limit=SHOWN)
    return page.render("oversight_public.html", measures=found)


@router.post("/appeals")
def file_appeal(
    *,
    post: Posted,
    target: Annotated[AppealTarget, Form()],
    target_id: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    appeals.file_appeal(
        uow=post.uow, actor=post.actor, target=target, target_id=target_id, reason=reason,
        now=post.now,
    )  # fmt: skip
    return post.commit_and_go(MEASURES_PAGE)


@router.post("/appeals/{appeal_id}/review")
def review_appeal(*, post: Posted, appeal_id: str) -> RedirectResponse:
    appeals.review_appeal(uow=post.uow, actor=post.actor, appeal_id=appeal_id, now=post.now)
    return post.commit_and_go(MEASURES_PAGE)


@router.post("/appeals/{appeal_id}/decision")
def decide_appeal(
    *,
    post: Posted,
    appeal_id: str,
    outcome: Annotated[str, Form(pattern="^(upheld|dismissed)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    appeals.decide_appeal(
        uow=post.uow,
        actor=post.actor,
        appeal_id=appeal_id,
        upheld=outcome == "upheld",
        note=note,
        now=post.now,
    )
    return post.commit_and_go(MEASURES_PAGE)
