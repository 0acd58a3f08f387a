"""Grading pages (issue 5, item 8): merchants by tier, a merchant's explained grade with its
history chart, product grades, and the trend report or a merchant's brief (S1 6.1.1, 7, 8).

Analysts (any-merchant reads) see every merchant; a merchant sees its own grade, products and
brief — the list page takes it straight to its own grade.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.core.errors import NotFound
from pinzhi.domain.grading import queries as merchant_queries
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.insight import queries as trend_queries
from pinzhi.domain.products_quality import queries as product_queries
from pinzhi.interfaces.api.grades import explained
from pinzhi.interfaces.console import charts, formats, i18n, session
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/grades"
PAGE_SIZE = 100
TIERS = tuple(Tier)

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/grades", response_model=None)
def merchant_list(
    *, page: Page, tier: Tier | None = None, offset: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse | RedirectResponse:
    if page.user.merchant_id is not None:
        return RedirectResponse(f"{PAGE}/merchants/{page.user.merchant_id}", status_code=303)
    uow, actor = page.uow, page.actor
    day = merchant_queries.latest_as_of(uow=uow, actor=actor)
    grades = (
        []
        if day is None
        else merchant_queries.grades_on(
            uow=uow, actor=actor, as_of=day, tier=tier, limit=PAGE_SIZE, offset=offset
        )
    )
    counts = {t: 0 for t in TIERS}
    if day is not None:
        for grade in merchant_queries.grades_on(
            uow=uow, actor=actor, as_of=day, limit=merchant_queries.MAX_PAGE
        ):
            if grade.tier is not None:
                counts[grade.tier] += 1
    return page.render(
        "grades_list.html", day=day, grades=grades, tiers=TIERS, chosen=tier, counts=counts,
        offset=offset, page_size=PAGE_SIZE,
    )  # fmt: skip


@router.get("/grades/merchants/{merchant_id}")
def merchant_page(*, page: Page, merchant_id: str) -> HTMLResponse:
    prefs = session.prefs(page.request)
    t = i18n.translator(prefs.lang)
    history = merchant_queries.merchant_grade_history(
        uow=page.uow, actor=page.actor, merchant_id=merchant_id
    )
    grade = explained(history)
    points = list(reversed(grade.history))
    chart = charts.line_chart(
        chart_id="grade-history",
        days=[p.as_of for p in points],
        lines=[charts.Line(t("grades_total"), [_number(p.total) for p in points])],
        title=t("grades_history_title", merchant=merchant_id),
        description=t("grades_history_desc", days=len(points)),
        y_format=lambda v: f"{v:g}",
        x_format=partial(formats.short_day, lang=prefs.lang),
        font_size=22 if prefs.elderly else 15,
    )
    return page.render(
        "grades_merchant.html", merchant_id=merchant_id, grade=grade, chart=chart, points=points
    )


@router.get("/grades/products")
def product_list(
    *,
    page: Page,
    tier: Tier | None = None,
    merchant_id: str | None = None,
    premium: bool | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    uow, actor = page.uow, page.actor
    day = product_queries.latest_product_as_of(uow=uow, actor=actor)
    grades = (
        []
        if day is None
        else product_queries.product_grades_on(
            uow=uow,
            actor=actor,
            as_of=day,
            merchant_id=merchant_id or None,
            tier=tier,
            premium=premium,
            limit=PAGE_SIZE,
            offset=offset,
        )
    )
    decisions = product_queries.product_decisions(
        uow=uow, actor=actor, merchant_id=merchant_id or None, limit=20
    )
    return page.render(
        "grades_products.html", day=day, grades=grades, tiers=TIERS, chosen=tier,
        merchant_id=merchant_id or "", premium=premium, decisions=decisions, offset=offset,
        page_size=PAGE_SIZE,
    )  # fmt: skip


@router.get("/trends")
def trends_page(*, page: Page, merchant_id: str | None = None) -> HTMLResponse:
    wanted = merchant_id or page.user.merchant_id
    try:
        report = trend_queries.latest_report(uow=page.uow, actor=page.actor, merchant_id=wanted)
    except NotFound:
        report = None
    t = i18n.translator(session.prefs(page.request).lang)
    actions = [] if report is None else report.content.get("actions", [])
    return page.render(
        "trends.html", brief=wanted is not None, scope=wanted,
        actions=[action_text(t, a) for a in actions],
        report=None if report is None else report.content,
        as_of=None if report is None else report.as_of,
    )  # fmt: skip


def action_text(t: Callable[..., str], action: dict[str, Any]) -> str:
    """One action of a merchant's brief in the reader's language."""
    values = {k: v for k, v in action.items() if k != "kind"}
    if "change" in values:
        change = values["change"]
        values["change"] = t("trends_new") if change is None else f"{change:+.0%}"
    if "share" in values:
        values["share"] = f"{values['share']:.0%}"
    if "reasons" in values:
        values["reasons"] = "; ".join(values["reasons"]) or "—"
    if "theme" in values:
        topic = t(f"trends_topic_{values['theme']}")
        values["theme"] = t(f"trends_theme_{values.pop('source')}", theme=topic)
    return t(f"trends_action_{action['kind']}", **values)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
