"""POST /api/v1/auth/login and GET /api/v1/me."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from pinzhi.domain.accounts import operations, queries
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.api import tokens
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1", tags=["accounts"])


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime


class Me(BaseModel):
    id: str
    username: str
    role: Role
    merchant_id: str | None
    consumer_id: str | None
    permissions: list[str]


@router.post("/auth/login", responses=problem_responses(401, 422), summary="Get a bearer token")
def login(*, credentials: Credentials, uow: DbUow, now: Now, platform: PlatformDep) -> Token:
    user = operations.authenticate(
        uow=uow, username=credentials.username, password=credentials.password
    )
    signer = tokens.api_signer(platform.secret_key)
    return Token(access_token=signer.issue(user.id, now=now), expires_at=signer.expires_at(now=now))


@router.get("/me", responses=problem_responses(401), summary="The signed-in user")
def me(*, actor: CurrentActor, uow: DbUow) -> Me:
    user = queries.get_user(uow=uow, actor=actor, user_id=actor.user_id)
    return Me(
        id=user.id,
        username=user.username,
        role=user.role,
        merchant_id=user.merchant_id,
        consumer_id=user.consumer_id,
        permissions=sorted(user.permissions),
    )
