"""Console pages: sign-in, display preferences, the overview and orders.

Each page makes its domain reads and hands the result to a template; errors become pages in
`views.error_page`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pinzhi.core.errors import Unauthenticated
from pinzhi.domain.accounts import operations
from pinzhi.domain.indicators import queries as indicators
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.orders import queries as orders
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import (
    aftersales_page,
    attainment_page,
    chat_page,
    complaints_page,
    feedback_page,
    grades_page,
    i18n,
    improvement_page,
    listings_page,
    logistics_page,
    notices_page,
    oversight_page,
    overview,
    privacy_page,
    public_page,
    queue_page,
    reports_page,
    rules_admin_page,
    session,
    surveys_page,
    views,
)
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import LOGIN, PREFIX, render

HOME = f"{PREFIX}/"
ORDERS_PAGE = 50

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]


def install(app: FastAPI) -> None:
    static = Path(__file__).parent / "static"
    app.mount(f"{PREFIX}/static", StaticFiles(directory=static), name="console-static")
    app.include_router(router)
    app.include_router(aftersales_page.router)
    app.include_router(attainment_page.router)
    app.include_router(queue_page.router)
    app.include_router(logistics_page.router)
    app.include_router(notices_page.router)
    app.include_router(complaints_page.router)
    app.include_router(chat_page.router)
    app.include_router(grades_page.router)
    app.include_router(oversight_page.router)
    app.include_router(improvement_page.router)
    app.include_router(reports_page.router)
    app.include_router(privacy_page.router)
    app.include_router(public_page.router)
    app.include_router(rules_admin_page.router)
    app.include_router(listings_page.router)
    app.include_router(surveys_page.router)
    app.include_router(feedback_page.router)


def serves(request: Request) -> bool:
    path = request.url.path
    return path == PREFIX or path.startswith(f"{PREFIX}/")


@router.get("/")
def home(*, page: Page) -> RedirectResponse:
    return RedirectResponse(views.start_page(page.user), status_code=303)


@router.get("/login")
def login_page(*, request: Request, now: Now, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", now=now, next=session.local_path(next, default=HOME))


@router.post("/login")
def login(
    *,
    request: Request,
    platform: PlatformDep,
    uow: DbUow,
    now: Now,
    username: Text = "",
    password: Text = "",
    csrf_token: Text = "",
    next: Text = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    target = session.local_path(next, default=HOME)
    try:
        user = operations.authenticate(uow=uow, username=username, password=password)
    except Unauthenticated:
        return render(
            request, "login.html", now=now, status=401, next=target, failed=True, username=username
        )
    response = RedirectResponse(target, status_code=303)
    session.start_session(
        request, response, secret_key=platform.secret_key, user_id=user.id, now=now
    )
    return response


@router.post("/logout")
def logout(
    *, request: Request, platform: PlatformDep, now: Now, csrf_token: Text = ""
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    response = RedirectResponse(LOGIN, status_code=303)
    session.end_session(response)
    return response


@router.get("/prefs")
def save_prefs(
    *,
    request: Request,
    lang: str | None = None,
    elderly: bool | None = None,
    next: str | None = None,
) -> RedirectResponse:
    response = RedirectResponse(session.local_path(next, default=HOME), status_code=303)
    session.save_prefs(request, response, lang=lang, elderly=elderly)
    return response


@router.get("/overview")
def overview_page(
    *,
    page: Page,
    days: Annotated[int, Query(ge=7, le=indicators.MAX_DAYS)] = overview.RANGES[0],
    metric: str = overview.CORE[0].metric,
) -> HTMLResponse:
    uow, actor, prefs = page.uow, page.actor, session.prefs(page.request)
    subject = indicators.default_subject(actor)
    last = indicators.latest_day(uow=uow, actor=actor, merchant_id=subject)
    shown: dict[str, Any] = {
        "subject": None if subject == PLATFORM else subject,
        "days": days,
        "last": last,
    }
    if last is None:
        return page.render("overview.html", **shown)
    found = indicators.indicator_series(
        uow=uow,
        actor=actor,
        merchant_id=subject,
        start=overview.first_day_needed(last, days),
        end=last,
        metrics=[indicator.metric for indicator in overview.CORE],
    )
    series = {s.metric: s for s in found}
    chosen = overview.BY_METRIC.get(metric, overview.CORE[0])
    t = i18n.translator(prefs.lang)
    return page.render(
        "overview.html",
        cards=overview.cards(series, end=last, lang=prefs.lang, t=t),
        chart=overview.chart(
            series.get(chosen.metric),
            chosen,
            end=last,
            days=days,
            lang=prefs.lang,
            t=t,
            large=prefs.elderly,
        ),
        chosen=chosen,
        ranges=overview.RANGES,
        **shown,
    )


@router.get("/orders")
def orders_page(*, page: Page, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    found = orders.list_orders(uow=page.uow, actor=page.actor, limit=ORDERS_PAGE + 1, offset=offset)
    shown = found[:ORDERS_PAGE]
    return page.render(
        "orders.html",
        orders=shown,
        offset=offset,
        page_size=ORDERS_PAGE,
        has_next=len(found) > ORDERS_PAGE,
        masked=any(order.recipient.masked for order in shown),
    )
