"""Marketing consent (S4 4.2.1.5): a consumer's own choice, and a one-click opt-out that needs
no sign-in.

Every marketing message carries `opt_out_link(...)`: a signed token naming the consumer, valid
for a year. `POST /api/v1/marketing/opt-out?token=…` (one-click, as in RFC 8058) turns marketing
off; a forged or altered token is refused. Senders call `marketing.require_marketing_clearance`
before each message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pinzhi.core.errors import Forbidden
from pinzhi.domain.listings import marketing
from pinzhi.domain.listings.marketing import Clearance
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep
from pinzhi.interfaces.api.problems import problem_responses
from pinzhi.interfaces.api.tokens import TokenSigner

router = APIRouter(tags=["marketing consent"])
OPT_OUT_TTL = timedelta(days=365)
OPT_OUT_PATH = "/api/v1/marketing/opt-out"
OPT_OUT_PAGE = "/console/marketing/opt-out"


def opt_out_signer(secret_key: str) -> TokenSigner:
    return TokenSigner(secret_key, purpose="marketing-opt-out", ttl=OPT_OUT_TTL)


def opt_out_link(*, secret_key: str, consumer_id: str, now: datetime) -> str:
    """The page a marketing message links to; one button there opts the consumer out."""
    token = opt_out_signer(secret_key).issue(consumer_id, now=now)
    return f"{OPT_OUT_PAGE}?token={quote(token)}"


class Consent(BaseModel):
    opted_in: bool


class OptOutLink(BaseModel):
    link: str
    one_click: str


@router.get(
    "/api/v1/marketing/consent",
    responses=problem_responses(401, 403),
    summary="Whether you receive marketing messages (off unless you chose them)",
)
def get_consent(*, actor: CurrentActor, uow: DbUow) -> Clearance:
    if actor.consumer_id is None:
        raise Forbidden("only a consumer has a marketing choice")
    return marketing.marketing_clearance(uow=uow, consumer_id=actor.consumer_id)


@router.put(
    "/api/v1/marketing/consent",
    responses=problem_responses(401, 403),
    summary="Opt in to or out of marketing messages",
)
def set_consent(*, body: Consent, actor: CurrentActor, uow: DbUow, now: Now) -> Clearance:
    clearance = marketing.set_marketing_consent(
        uow=uow, actor=actor, opted_in=body.opted_in, now=now
    )
    uow.commit()
    return clearance


@router.get(
    "/api/v1/marketing/opt-out-link",
    responses=problem_responses(401, 403),
    summary="Your own one-click opt-out link (as every marketing message carries)",
)
def own_link(*, actor: CurrentActor, platform: PlatformDep, now: Now) -> OptOutLink:
    if actor.consumer_id is None:
        raise Forbidden("only a consumer has a marketing opt-out link")
    link = opt_out_link(secret_key=platform.secret_key, consumer_id=actor.consumer_id, now=now)
    return OptOutLink(link=link, one_click=link.replace(OPT_OUT_PAGE, OPT_OUT_PATH))


@router.post(
    OPT_OUT_PATH,
    responses=problem_responses(401, 404),
    summary="One-click opt-out from a marketing message's link; no sign-in needed",
)
def one_click_opt_out(
    *,
    token: Annotated[str, Query(min_length=1, max_length=500)],
    platform: PlatformDep,
    uow: DbUow,
    now: Now,
) -> Clearance:
    consumer_id = opt_out_signer(platform.secret_key).verify(token, now=now)
    clearance = marketing.opt_out(uow=uow, consumer_id=consumer_id, now=now)
    uow.commit()
    return clearance
