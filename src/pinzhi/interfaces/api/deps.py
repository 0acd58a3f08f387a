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
from pinzhi.interfaces.api import tokens
from pinzhi.store.uow import UnitOfWork


def get_platform(request: Request) -> Platform:
    return cast(Platform, request.app.state.platform)


PlatformDep = Annotated[Platform, Depends(get_platform)]


def get_uow(platform: PlatformDep) -> Iterator[UnitOfWork]:
    with platform.uow() as uow:
        yield uow


DbUow = Annotated[UnitOfWork, Depends(get_uow)]


def get_now() -> datetime:
    """The request's `now`; tests override this dependency to move time."""
    return clock.utcnow()


Now = Annotated[datetime, Depends(get_now)]

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
