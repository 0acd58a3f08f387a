"""Console cookies: the signed session, the CSRF token, and display preferences.

The session cookie is signed and expiring, HttpOnly and SameSite=Lax; its user is reloaded on
every request, so a disabled account is out at once. Every POST carries the CSRF token that is
also held in a signed cookie (double submit); a POST without it is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request, Response

from pinzhi.core.errors import Forbidden, Unauthenticated
from pinzhi.domain.accounts.queries import UserView, find_active_user
from pinzhi.interfaces.api import tokens
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import i18n

SESSION_COOKIE = "pinzhi_session"
CSRF_COOKIE = "pinzhi_csrf"
CSRF_FIELD = "csrf_token"
LANG_COOKIE = "pinzhi_lang"
ELDERLY_COOKIE = "pinzhi_elderly"
PREFS_MAX_AGE = 365 * 24 * 3600


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def console_user(request: Request, platform: PlatformDep, uow: DbUow, now: Now) -> UserView:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthenticated("sign in")
    user_id = tokens.session_signer(platform.secret_key).verify(token, now=now)
    user = find_active_user(uow=uow, user_id=user_id)
    if user is None:
        raise Unauthenticated("sign in")
    return user


ConsoleUser = Annotated[UserView, Depends(console_user)]


def start_session(
    request: Request, response: Response, *, secret_key: str, user_id: str, now: datetime
) -> None:
    signer = tokens.session_signer(secret_key)
    _set_cookie(
        request,
        response,
        SESSION_COOKIE,
        signer.issue(user_id, now=now),
        int(signer.ttl.total_seconds()),
    )
    # a fresh CSRF token after signing in: one planted before cannot ride along
    keep_csrf(request, response, mint_csrf(secret_key=secret_key, now=now))


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def csrf_token(request: Request, *, secret_key: str, now: datetime) -> str | None:
    """The visitor's valid CSRF token, if it has one."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        return None
    try:
        tokens.csrf_signer(secret_key).verify(token, now=now)
    except Unauthenticated:
        return None
    return token


def mint_csrf(*, secret_key: str, now: datetime) -> str:
    return tokens.csrf_signer(secret_key).issue(secrets.token_urlsafe(16), now=now)


def keep_csrf(request: Request, response: Response, token: str) -> None:
    max_age = int(tokens.CSRF_TTL.total_seconds())
    _set_cookie(request, response, CSRF_COOKIE, token, max_age)


def check_csrf(request: Request, submitted: str, *, secret_key: str, now: datetime) -> None:
    held = csrf_token(request, secret_key=secret_key, now=now)
    if not held or not submitted or not secrets.compare_digest(held, submitted):
        raise Forbidden("the form's security token is missing or does not match: reload the page")


@dataclass(frozen=True)
class Prefs:
    lang: str
    elderly: bool


def prefs(request: Request) -> Prefs:
    return Prefs(
        lang=i18n.supported(request.cookies.get(LANG_COOKIE)),
        elderly=request.cookies.get(ELDERLY_COOKIE) == "1",
    )


def save_prefs(
    request: Request, response: Response, *, lang: str | None, elderly: bool | None
) -> None:
    if lang is not None:
        _set_cookie(request, response, LANG_COOKIE, i18n.supported(lang), PREFS_MAX_AGE)
    if elderly is not None:
        _set_cookie(request, response, ELDERLY_COOKIE, "1" if elderly else "0", PREFS_MAX_AGE)


def local_path(target: str | None, *, default: str) -> str:
    """A redirect target inside the console only: no other host, no scheme tricks."""
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return default
