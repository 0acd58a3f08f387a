"""Page rendering: templates, the shared layout context, navigation by role, error pages."""

from __future__ import annotations

from collections.abc import Callable
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


Shown = Callable[[UserView], bool]


def _holds(*permissions: Permission) -> Shown:
    return lambda user: bool(set(permissions) & user.permissions)


def _as(role: Role, shown: Shown) -> Shown:
    return lambda user: shown(user) and user.role is role


def _everyone(user: UserView) -> bool:
    return True


def _own_shop(user: UserView) -> bool:
    return (
        Permission.READ_ANY_MERCHANT_INDICATORS not in user.permissions
        and Permission.READ_OWN_MERCHANT_INDICATORS in user.permissions
        and user.merchant_id is not None
    )


_INDICATORS = _holds(*INDICATOR_READS)
_ORDERS = _holds(*ORDER_READS)
_ANY_MERCHANT = _holds(Permission.READ_ANY_MERCHANT_INDICATORS)
NAV: tuple[tuple[str, str, Shown], ...] = (
    # (path under the console, label key, who sees it); the first one shown is the start page
    ("/overview", "nav_overview_merchant", _as(Role.MERCHANT, _INDICATORS)),
    (
        "/overview",
        "nav_overview_platform",
        lambda u: _INDICATORS(u) and u.role is not Role.MERCHANT,
    ),
    ("/attainment", "nav_attainment", _INDICATORS),
    ("/reports", "report_nav", _holds(Permission.READ_PLATFORM_INDICATORS)),
    ("/orders", "nav_orders_consumer", _as(Role.CONSUMER, _ORDERS)),
    ("/orders", "nav_orders", lambda u: _ORDERS(u) and u.role is not Role.CONSUMER),
    ("/aftersales", "as_nav_consumer", _as(Role.CONSUMER, _ORDERS)),
    ("/aftersales", "as_nav", lambda u: _ORDERS(u) and u.role is not Role.CONSUMER),
    ("/logistics/anomalies", "logistics_nav", _ORDERS),
    ("/chat", "chat_nav", _holds(Permission.CHAT_AS_CONSUMER)),
    ("/queue", "nav_queue", _holds(Permission.WORK_SERVICE_QUEUE)),
    ("/chat-desk", "chat_desk_nav", _holds(Permission.WORK_SERVICE_QUEUE)),
    ("/complaints", "complaints_nav", _holds(*COMPLAINT_READS)),
    ("/grades", "grades_nav", _ANY_MERCHANT),
    ("/grades/merchants/{merchant_id}", "grades_nav_mine", _own_shop),
    ("/grades/products", "grades_nav_products", lambda u: _ANY_MERCHANT(u) or _own_shop(u)),
    ("/trends", "grades_nav_trends", _ANY_MERCHANT),
    ("/trends", "grades_nav_brief", _own_shop),
    (
        "/oversight/warnings",
        "oversight_nav_warnings",
        lambda u: Permission.MANAGE_GRADES in u.permissions or u.role is Role.MERCHANT,
    ),
    (
        "/oversight/measures",
        "oversight_nav_measures",
        lambda u: Permission.MANAGE_GRADES in u.permissions or u.role is Role.MERCHANT,
    ),
    ("/surveys", "sat_nav_surveys", _holds(Permission.ANSWER_SURVEYS)),
    ("/satisfaction", "sat_nav_results", _holds(Permission.READ_SATISFACTION)),
    ("/feedback", "sat_nav_inbox", _holds(Permission.READ_SATISFACTION)),
    ("/solutions", "sat_nav_solutions", _holds(Permission.READ_SATISFACTION)),
    ("/improvement", "improvement_nav", _holds(Permission.READ_IMPROVEMENT)),
    ("/privacy/access-log", "privacy_nav", _holds(Permission.READ_ACCESS_LOG)),
    ("/rules-admin", "pub_nav_admin", _holds(Permission.MANAGE_RULES)),
    ("/oversight/public", "oversight_nav_public", _everyone),
    ("/search", "listings_nav_search", _everyone),
    (
        "/listings/findings",
        "listings_nav_findings",
        _holds(Permission.REVIEW_LISTINGS, Permission.READ_OWN_LISTING_FINDINGS),
    ),
    ("/public", "pub_nav", _everyone),
    ("/notices", "notices_nav", _everyone),
)


def _pages(user: UserView, *, elderly: bool) -> list[tuple[str, str]]:
    """(path, label key) of the pages the user's role may open, the start page first."""
    pages = [
        (PREFIX + path.format(merchant_id=user.merchant_id), label)
        for path, label, shown in NAV
        if shown(user)
    ]
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
