"""What a merchant declares about its listings — extra fees, bundled items, paid placements —
and the wording findings on listings and ads (S2 7.2.2, 7.7; S4 4.2.1.4, 4.2.2.5)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from pinzhi.adapters.language.listing_text import check_listing_text
from pinzhi.domain.listings import fees, operations, queries
from pinzhi.domain.listings.models import FeeKind, FindingKind
from pinzhi.domain.listings.operations import AdView
from pinzhi.domain.listings.queries import MAX_FINDINGS, FindingView, ListingView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(tags=["advertising checks"])


class PlaceAd(BaseModel):
    product_id: str = Field(max_length=64)
    headline: str = Field(min_length=1, max_length=300, description="checked for banned wording")
    starts_at: AwareDatetime
    ends_at: AwareDatetime = Field(description="the ad is taken down when this passes")


@router.post(
    "/api/v1/ads",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="Book a paid placement of one of your listings (wording checked first)",
)
def place_ad(*, body: PlaceAd, actor: CurrentActor, uow: DbUow, now: Now) -> AdView:
    view = operations.place_advertisement(
        uow=uow, actor=actor, now=now, checker=check_listing_text, **body.model_dump()
    )
    uow.commit()
    return view


@router.get(
    "/api/v1/listing-findings",
    responses=problem_responses(401, 403, 422),
    summary="Banned wording and expired ads found on listings, newest first",
)
def list_findings(
    *,
    actor: CurrentActor,
    uow: DbUow,
    kind: FindingKind | None = None,
    merchant_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_FINDINGS)] = 100,
) -> list[FindingView]:
    return queries.list_findings(
        uow=uow, actor=actor, kind=kind, merchant_id=merchant_id, limit=limit
    )


class SetFee(BaseModel):
    amount_fen: int = Field(ge=0, description="0 removes the fee")
    note: str | None = Field(default=None, max_length=200)


class AddBundle(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    price_fen: int = Field(ge=0)


@router.put(
    "/api/v1/listings/{product_id}/fees/{kind}",
    responses=problem_responses(401, 403, 404, 422),
    summary="Declare an extra fee of your listing; it is shown itemised with the price",
)
def set_fee(
    *, product_id: str, kind: FeeKind, body: SetFee, actor: CurrentActor, uow: DbUow, now: Now
) -> ListingView:
    fees.set_listing_fee(
        uow=uow, actor=actor, product_id=product_id, kind=kind, now=now, **body.model_dump()
    )
    uow.commit()
    return queries.get_listing(uow=uow, product_id=product_id, now=now)


@router.post(
    "/api/v1/listings/{product_id}/bundles",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="Offer an item with your listing (搭售): shown flagged and never pre-selected",
)
def add_bundle(
    *, product_id: str, body: AddBundle, actor: CurrentActor, uow: DbUow, now: Now
) -> ListingView:
    fees.add_bundled_item(uow=uow, actor=actor, product_id=product_id, now=now, **body.model_dump())
    uow.commit()
    return queries.get_listing(uow=uow, product_id=product_id, now=now)
