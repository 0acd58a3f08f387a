"""Console pages of oversight (S1 6.1.2, 6.2–6.4; S4 4.2.2.2): the warnings inbox, the
key-control list with the log of measures and appeals, and the published measures.

Analysts (MANAGE_GRADES) see every merchant and take appeals through review to a decision; a
merchant sees its own warnings and measures and appeals a measure from the measures page.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.oversight import appeals, queries
from pinzhi.domain.oversight.models import AppealTarget, MeasureKind, MeasureStatus
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

WARNINGS_PAGE = f"{PREFIX}/oversight/warnings"
MEASURES_PAGE = f"{PREFIX}/oversight/measures"
PUBLIC_PAGE = f"{PREFIX}/oversight/public"
SHOWN = 200

router = APIRouter(prefix=f"{PREFIX}/oversight", include_in_schema=False)


@router.get("/warnings")
def warnings_page(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    found = queries.list_warnings(uow=uow, actor=user.actor, limit=SHOWN)
    return render(request, "oversight_warnings.html", now=now, user=user, warnings=found)


@router.get("/measures")
def measures_page(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    measures = queries.list_measures(uow=uow, actor=user.actor, limit=SHOWN)
    return render(
        request,
        "oversight_measures.html",
        now=now,
        user=user,
        key_control=[
            m
            for m in measures
            if m.kind is MeasureKind.KEY_CONTROL and m.status is MeasureStatus.ACTIVE
        ],
        measures=measures,
        appeals=queries.list_appeals(uow=uow, actor=user.actor, limit=SHOWN),
        analyst=allows(user.actor, Permission.MANAGE_GRADES),
        tz=ZoneInfo(platform.settings.timezone),
    )


@router.get("/public")
def public_page(*, request: Request, user: ConsoleUser, uow: DbUow, now: Now) -> HTMLResponse:
    found = queries.public_measures(uow=uow, limit=SHOWN)
    return render(request, "oversight_public.html", now=now, user=user, measures=found)


@router.post("/appeals")
def file_appeal(
    *,
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    target: Annotated[AppealTarget, Form()],
    target_id: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    appeals.file_appeal(
        uow=uow, actor=user.actor, target=target, target_id=target_id, reason=reason, now=now
    )
    uow.commit()
    return RedirectResponse(MEASURES_PAGE, status_code=303)


@router.post("/appeals/{appeal_id}/review")
def review_appeal(
    *,
    request: Request,
    appeal_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    appeals.review_appeal(uow=uow, actor=user.actor, appeal_id=appeal_id, now=now)
    uow.commit()
    return RedirectResponse(MEASURES_PAGE, status_code=303)


@router.post("/appeals/{appeal_id}/decision")
def decide_appeal(
    *,
    request: Request,
    appeal_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    outcome: Annotated[str, Form(pattern="^(upheld|dismissed)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    appeals.decide_appeal(
        uow=uow,
        actor=user.actor,
        appeal_id=appeal_id,
        upheld=outcome == "upheld",
        note=note,
        now=now,
    )
    uow.commit()
    return RedirectResponse(MEASURES_PAGE, status_code=303)
