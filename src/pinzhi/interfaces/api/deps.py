"""Request dependencies: the platform, a unit of work, the clock, and who is calling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pinzhi.bootstrap import Platform
from pinzhi.core import clock
from pinzhi.core.errors import Unauthenticated
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.queries import find_active_user
from pinzhi.domain.privacy.disclosure import pending
from pinzhi.domain.privacy.operations import record_disclosures
from pinzhi.interfaces.api import tokens
from pinzhi.store.uow import UnitOfWork


def get_platform(request: Request) -> Platform:
    return cast(Platform, request.app.state.platform)


PlatformDep = Annotated[Platform, Depends(get_platform)]


def get_now() -> datetime:
    """The request's `now`; tests override this dependency to move time."""
    return clock.utcnow()


Now = Annotated[datetime, Depends(get_now)]


def get_uow(platform: PlatformDep, request: Request, now: Now) -> Iterator[UnitOfWork]:
    """The request's unit of work. Personal data a page or endpoint showed unmasked is logged
    here, once, for every route (C7; S3 4.3.3): `privacy.disclosure.show_personal` notes it."""
    with platform.uow() as uow:
        yield uow
        if pending(uow):
            uow.session.rollback()  # the log row commits alone, never a write left uncommitted
            purpose = f"{request.method} {request.url.path}"
            record_disclosures(uow=uow, now=now, purpose=purpose)
            uow.commit()


DbUow = Annotated[UnitOfWork, Depends(get_uow)]

_bearer = HTTPBearer(auto_error=False, description="a token from POST /api/v1/auth/login")


def current_actor(
    platform: PlatformDep,
    now: Now,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The caller, looked up in a short unit of work of its own: a request that runs its work in
    separate transactions (idempotent money calls) holds no connection while it waits."""
    if credentials is None:
        raise Unauthenticated("send Authorization: Bearer <token> (POST /api/v1/auth/login)")
    user_id = tokens.api_signer(platform.secret_key).verify(credentials.credentials, now=now)
    with platform.uow() as uow:
        user = find_active_user(uow=uow, user_id=user_id)
    if user is None:
        raise Unauthenticated("the token's user no longer signs in")
    return user.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
