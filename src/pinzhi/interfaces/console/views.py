"""Page rendering: templates, the shared layout context, navigation by role, error pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from pinzhi.bootstrap import Platform
from pinzhi.core import clock
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.queries import UserView
from pinzhi.domain.accounts.rules import Permission
from pinzhi.interfaces.api import problems
from pinzhi.interfaces.console import formats, i18n, reasons, session

PREFIX = "/console"
LOGIN = f"{PREFIX}/login"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(yuan=formats.yuan, moment=formats.moment)
templates.env.filters["why"] = reasons.localise

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    current: bool


INDICATOR_READS = {Permission.READ_PLATFORM_INDICATORS, Permission.READ_OWN_MERCHANT_INDICATORS}
COMPLAINT_READS = {
    Permission.READ_ANY_COMPLAINT,
    Permission.READ_OWN_MERCHANT_COMPLAINTS,
    Permission.READ_OWN_CONSUMER_COMPLAINTS,
}
ORDER_READS = {
    Permission.READ_ANY_ORDER,
    Permission.READ_OWN_MERCHANT_ORDERS,
    Permission.READ_OWN_CONSUMER_ORDERS,
}


def _pages(user: UserView, *, elderly: bool) -> list[tuple[str, str]]:
    """(path, label key) of the pages the user's role may open, the start page first."""
    pages = []
    if INDICATOR_READS & user.permissions:
        whose = "merchant" if user.role is Role.MERCHANT else "platform"
        pages.append((f"{PREFIX}/overview", f"nav_overview_{whose}"))
        pages.append((f"{PREFIX}/attainment", "nav_attainment"))
    if ORDER_READS & user.permissions:
        mine = "_consumer" if user.role is Role.CONSUMER else ""
        pages.append((f"{PREFIX}/orders", f"nav_orders{mine}"))
        pages.append((f"{PREFIX}/aftersales", "as_nav_consumer" if mine else "as_nav"))
        pages.append((f"{PREFIX}/logistics/anomalies", "logistics_nav"))
    if Permission.CHAT_AS_CONSUMER in user.permissions:
        pages.append((f"{PREFIX}/chat", "chat_nav"))
    if Permission.WORK_SERVICE_QUEUE in user.permissions:
        pages.append((f"{PREFIX}/queue", "nav_queue"))
        pages.append((f"{PREFIX}/chat-desk", "chat_desk_nav"))
    if COMPLAINT_READS & user.permissions:
        pages.append((f"{PREFIX}/complaints", "complaints_nav"))
    if Permission.READ_ANY_MERCHANT_INDICATORS in user.permissions:
        pages.append((f"{PREFIX}/grades", "grades_nav"))
        pages.append((f"{PREFIX}/grades/products", "grades_nav_products"))
        pages.append((f"{PREFIX}/trends", "grades_nav_trends"))
    elif Permission.READ_OWN_MERCHANT_INDICATORS in user.permissions and user.merchant_id:
        pages.append((f"{PREFIX}/grades/merchants/{user.merchant_id}", "grades_nav_mine"))
        pages.append((f"{PREFIX}/grades/products", "grades_nav_products"))
        pages.append((f"{PREFIX}/trends", "grades_nav_brief"))
    if Permission.MANAGE_GRADES in user.permissions or user.role is Role.MERCHANT:
        pages.append((f"{PREFIX}/oversight/warnings", "oversight_nav_warnings"))
        pages.append((f"{PREFIX}/oversight/measures", "oversight_nav_measures"))
    pages.append((f"{PREFIX}/oversight/public", "oversight_nav_public"))
    pages.append((f"{PREFIX}/notices", "notices_nav"))
    if not elderly and user.role is not Role.CONSUMER:  # elderly mode: the essentials only
        pages.append(("/docs", "nav_api_docs"))
    return pages


def start_page(user: UserView) -> str:
    pages = _pages(user, elderly=True)
    return pages[0][0] if pages else LOGIN


def navigation(user: UserView, *, path: str, lang: str, elderly: bool) -> list[NavItem]:
    t = i18n.translator(lang)
    return [
        NavItem(href, t(key), path.startswith(href)) for href, key in _pages(user, elderly=elderly)
    ]


def render(
    request: Request,
    template: str,
    *,
    now: datetime,
    user: UserView | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    platform: Platform = request.app.state.platform
    prefs = session.prefs(request)
    held = session.csrf_token(request, secret_key=platform.secret_key, now=now)
    csrf = held or session.mint_csrf(secret_key=platform.secret_key, now=now)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "t": i18n.translator(prefs.lang),
            "lang": prefs.lang,
            "languages": i18n.LANGUAGE_NAMES,
            "elderly": prefs.elderly,
            "user": user,
            "nav": navigation(user, path=request.url.path, lang=prefs.lang, elderly=prefs.elderly)
            if user
            else [],
            "here": _here(request),
            "csrf_field": session.CSRF_FIELD,
            "csrf_token": csrf,
            **context,
        },
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if held is None:
        session.keep_csrf(request, response, csrf)
    return response


def error_page(request: Request, exc: Exception) -> Response:
    """A console error as a page; an unauthenticated visitor is sent to sign in."""
    status = problems.status_of(exc)
    if status is HTTPStatus.UNAUTHORIZED:
        return RedirectResponse(f"{LOGIN}?next={quote(_here(request))}", status_code=303)
    key = f"error_{int(status)}" if int(status) in (403, 404, 422) else "error_other"
    return render(request, "error.html", now=clock.utcnow(), status=status, message_key=key)


def _here(request: Request) -> str:
    """The path and query of this page: where to come back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")
