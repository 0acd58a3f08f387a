"""Consumer search (marks in words, every fee, ordering switch), the analysts' findings page
and the no-sign-in marketing opt-out page (C15; S4 4.2.1.3–4.2.1.5, 4.2.2.4–4.2.2.5; S2 7.7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from pinzhi.adapters.language.listing_text import TitleRelevance
from pinzhi.core.errors import Unauthenticated
from pinzhi.domain.listings import marketing, queries, ranking
from pinzhi.domain.listings.ranking import Ordering
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.api.marketing import opt_out_signer
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import PREFIX, render

router = APIRouter(prefix=PREFIX, include_in_schema=False)
FINDINGS_SHOWN = 200


@router.get("/search")
def search_page(
    *,
    page: Page,
    q: Annotated[str, Query(max_length=100)] = "",
    ordering: Ordering = Ordering.NEUTRAL,
    page_number: Annotated[int, Query(alias="page", ge=1, le=50)] = 1,
) -> HTMLResponse:
    result = None
    if q.strip():
        result = queries.search(
            uow=page.uow,
            actor=page.actor,
            query=q.strip(),
            matcher=TitleRelevance(q),
            ordering=ordering,
            now=page.now,
            page=page_number,
        )
    return page.render(
        "search.html", q=q, ordering=ordering, result=result, orderings=list(Ordering),
        ad_every=ranking.AD_EVERY, merchant_cap=ranking.MERCHANT_CAP,
    )  # fmt: skip


@router.get("/listings/findings")
def findings_page(*, page: Page) -> HTMLResponse:
    found = queries.list_findings(uow=page.uow, actor=page.actor, limit=FINDINGS_SHOWN)
    return page.render("listing_findings.html", findings=found)


@router.get("/marketing/opt-out")
def opt_out_page(*, request: Request, now: Now, token: str = "") -> HTMLResponse:
    """The page a marketing message links to: one button, no sign-in (S4 4.2.1.5)."""
    return render(request, "marketing_opt_out.html", now=now, token=token, done=False)


@router.post("/marketing/opt-out")
def opt_out(
    *,
    request: Request,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    token: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        consumer_id = opt_out_signer(platform.secret_key).verify(token, now=now)
    except Unauthenticated:
        return render(request, "marketing_opt_out.html", now=now, token="", bad=True, status=400)
    marketing.opt_out(uow=uow, consumer_id=consumer_id, now=now)
    uow.commit()
    return render(request, "marketing_opt_out.html", now=now, token="", done=True)
