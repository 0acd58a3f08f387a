"""Search and listings for consumers (C15; S4 4.2.1.3, 4.2.2.4–4.2.2.5; S2 7.2.2, 7.3.2).

`ordering=neutral` (the default) is never personalised and is always offered; the response says
which orderings exist and on what each ranks, how paid placements are capped and how many
places one shop may fill.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from pinzhi.adapters.language.listing_text import TitleRelevance
from pinzhi.domain.listings import queries
from pinzhi.domain.listings.queries import ListingView, SearchResult
from pinzhi.domain.listings.ranking import Ordering
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(tags=["search and listings"])
MAX_QUERY = 100
MAX_PAGE = 50


@router.get(
    "/api/v1/search",
    responses=problem_responses(401, 422),
    summary="Search listings; the non-personalised ordering is the default and always offered",
)
def search(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="words to find")],
    ordering: Annotated[
        Ordering, Query(description="neutral: the same for everyone; personalised: your orders")
    ] = Ordering.NEUTRAL,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> SearchResult:
    return queries.search(
        uow=uow,
        actor=actor,
        query=q,
        matcher=TitleRelevance(q),
        ordering=ordering,
        now=now,
        page=page,
    )


@router.get(
    "/api/v1/listings/{product_id}",
    responses=problem_responses(401, 404),
    summary="A listing with its marks (自营, 搭售), price, each extra fee and the total",
)
def get_listing(*, product_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> ListingView:
    return queries.get_listing(uow=uow, product_id=product_id, now=now)
