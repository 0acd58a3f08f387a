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


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


@dataclass(frozen=True)
class Navigation:
    """The pages a user may open: one row, or for staff the same pages in named groups."""

    items: tuple[NavItem, ...]
    groups: tuple[NavGroup, ...]
    """Empty for a role shown one row."""


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
SERVICE = "nav_group_service"
AFTERSALES = "nav_group_aftersales"
GRADING = "nav_group_grading"
QUALITY = "nav_group_quality"
RULES = "nav_group_rules"
SYSTEM = "nav_group_system"
GROUPS = (SERVICE, AFTERSALES, GRADING, QUALITY, RULES, SYSTEM)
"""Label keys of the staff menu's groups, in the order shown."""
NAV: tuple[tuple[str, str, str, Shown], ...] = (
    # (path under the console, label key, group, who sees it); the first one shown is the start page
    ("/overview", "nav_overview_merchant", QUALITY, _as(Role.MERCHANT, _INDICATORS)),
    (
        "/overview",
        "nav_overview_platform",
        QUALITY,
        lambda u: _INDICATORS(u) and u.role is not Role.MERCHANT,
    ),
    ("/attainment", "nav_attainment", SERVICE, _INDICATORS),
    ("/reports", "report_nav", QUALITY, _holds(Permission.READ_PLATFORM_INDICATORS)),
    ("/orders", "nav_orders_consumer", AFTERSALES, _as(Role.CONSUMER, _ORDERS)),
    ("/orders", "nav_orders", AFTERSALES, lambda u: _ORDERS(u) and u.role is not Role.CONSUMER),
    ("/aftersales", "as_nav_consumer", AFTERSALES, _as(Role.CONSUMER, _ORDERS)),
    ("/aftersales", "as_nav", AFTERSALES, lambda u: _ORDERS(u) and u.role is not Role.CONSUMER),
    ("/logistics/anomalies", "logistics_nav", AFTERSALES, _ORDERS),
    ("/chat", "chat_nav", SERVICE, _holds(Permission.CHAT_AS_CONSUMER)),
    ("/queue", "nav_queue", SERVICE, _holds(Permission.WORK_SERVICE_QUEUE)),
    ("/chat-desk", "chat_desk_nav", SERVICE, _holds(Permission.WORK_SERVICE_QUEUE)),
    ("/complaints", "complaints_nav", SERVICE, _holds(*COMPLAINT_READS)),
    ("/grades", "grades_nav", GRADING, _ANY_MERCHANT),
    ("/grades/merchants/{merchant_id}", "grades_nav_mine", GRADING, _own_shop),
    (
        "/grades/products",
        "grades_nav_products",
        GRADING,
        lambda u: _ANY_MERCHANT(u) or _own_shop(u),
    ),
    ("/trends", "grades_nav_trends", GRADING, _ANY_MERCHANT),
    ("/trends", "grades_nav_brief", GRADING, _own_shop),
    (
        "/oversight/warnings",
        "oversight_nav_warnings",
        GRADING,
        lambda u: Permission.MANAGE_GRADES in u.permissions or u.role is Role.MERCHANT,
    ),
    (
        "/oversight/measures",
        "oversight_nav_measures",
        GRADING,
        lambda u: Permission.MANAGE_GRADES in u.permissions or u.role is Role.MERCHANT,
    ),
    ("/surveys", "sat_nav_surveys", QUALITY, _holds(Permission.ANSWER_SURVEYS)),
    ("/satisfaction", "sat_nav_results", QUALITY, _holds(Permission.READ_SATISFACTION)),
    ("/feedback", "sat_nav_inbox", QUALITY, _holds(Permission.READ_SATISFACTION)),
    ("/solutions", "sat_nav_solutions", QUALITY, _holds(Permission.READ_SATISFACTION)),
    ("/improvement", "improvement_nav", QUALITY, _holds(Permission.READ_IMPROVEMENT)),
    ("/privacy/access-log", "privacy_nav", SYSTEM, _holds(Permission.READ_ACCESS_LOG)),
    ("/rules-admin", "pub_nav_admin", RULES, _holds(Permission.MANAGE_RULES)),
    ("/oversight/public", "oversight_nav_public", RULES, _everyone),
    ("/search", "listings_nav_search", RULES, _everyone),
    (
        "/listings/findings",
        "listings_nav_findings",
        GRADING,
        _holds(Permission.REVIEW_LISTINGS, Permission.READ_OWN_LISTING_FINDINGS),
    ),
    ("/public", "pub_nav", RULES, _everyone),
    ("/notices", "notices_nav", SYSTEM, _everyone),
)
ONE_ROW = frozenset({Role.MERCHANT, Role.CONSUMER})
"""Roles with few pages, shown in one row; staff get their many pages as a menu of groups."""


def _pages(user: UserView, *, elderly: bool) -> list[tuple[str, str, str]]:
    """(path, label key, group) of the pages the user's role may open, the start page first."""
    pages = [
        (PREFIX + path.format(merchant_id=user.merchant_id), label, group)
        for path, label, group, shown in NAV
        if shown(user)
    ]
    if not elderly and user.role is not Role.CONSUMER:  # elderly mode: the essentials only
        pages.append(("/docs", "nav_api_docs", SYSTEM))
    return pages


def start_page(user: UserView) -> str:
    pages = _pages(user, elderly=True)
    return pages[0][0] if pages else LOGIN


def navigation(user: UserView, *, path: str, lang: str, elderly: bool) -> Navigation:
    t = i18n.translator(lang)
    pages = _pages(user, elderly=elderly)
    here = _current(path, [href for href, _, _ in pages])
    items = [(NavItem(href, t(key), href == here), group) for href, key, group in pages]
    groups = [
        NavGroup(t(name), tuple(item for item, group in items if group == name)) for name in GROUPS
    ]
    return Navigation(
        items=tuple(item for item, _ in items),
        groups=tuple(g for g in groups if g.items) if user.role not in ONE_ROW else (),
    )


def _current(path: str, hrefs: list[str]) -> str | None:
    """The page's own entry: the longest one the path is, or lies under."""
    under = [href for href in hrefs if path == href or path.startswith(href.rstrip("/") + "/")]
    return max(under, key=len, default=None)


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
            else None,
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
