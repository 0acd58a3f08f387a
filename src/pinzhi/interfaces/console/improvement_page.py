"""Console pages of the indicator catalogue and PDCA improvement (S3 7.3–7.5; S1 10.1.1).

The catalogue shows each indicator's current value beside its target, the trend and the day's
anomaly flags, with a chart; analysts change targets there. The plan page edits the goal and
measures, the 5 Whys and the fishbone, records effects and moves the plan through its stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.improvement import operations, queries
from pinzhi.domain.improvement.catalogue import (
    DEFAULT_CATALOGUE,
    Indicator,
    Unit,
    find_indicator,
)
from pinzhi.domain.improvement.queries import IndicatorCard
from pinzhi.domain.improvement.rules import Fishbone, PdcaStage
from pinzhi.domain.indicators import queries as indicators
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.console import charts, formats, i18n, session
from pinzhi.interfaces.console.context import Page, Posted
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/improvement"
ARROWS = {"rising": "↑", "falling": "↓", "flat": "→"}

router = APIRouter(prefix=PAGE, include_in_schema=False)
Text = Annotated[str, Form(max_length=4000)]


def show(value: float | None, unit: Unit, lang: str) -> str:
    if value is None:
        return "—"
    if unit is Unit.RATE:
        return formats.value(value, formats.Unit.RATE, lang)
    if unit is Unit.SCORE:
        return f"{value:.2f}"
    suffix = {Unit.HOURS: ("小时", "h"), Unit.SECONDS: ("秒", "s")}[unit]
    return f"{value:,.1f} {suffix[0] if lang == 'zh-CN' else suffix[1]}"


@dataclass(frozen=True)
class CardView:
    card: IndicatorCard
    name: str
    current: str
    target: str
    arrow: str
    svg: Markup


def _card_view(card: IndicatorCard, prefs: session.Prefs) -> CardView:
    t, lang, i = i18n.translator(prefs.lang), prefs.lang, card.indicator
    name = i.name_zh if lang == "zh-CN" else i.name_en
    fmt = partial(show, unit=i.unit, lang=lang)
    summary = t("improvement_chart_summary", name=name, current=fmt(card.current),
                target=fmt(card.target.value), flagged=len(card.anomalies))  # fmt: skip
    svg = charts.line_chart(
        chart_id=f"chart-{i.id}",
        days=card.days,
        lines=[
            charts.Line(t("improvement_target"), [card.target.value] * len(card.days), main=False),
            charts.Line(name, card.values),
        ],
        title=name,
        description=summary,
        y_format=lambda v: _axis(v, i),
        x_format=partial(formats.short_day, lang=lang),
        include_zero=i.unit is not Unit.SCORE,
        font_size=22 if prefs.elderly else 15,
    )
    arrow = ARROWS[card.trend.value] if card.trend else "·"
    return CardView(card, name, fmt(card.current), fmt(card.target.value), arrow, svg)


def _axis(value: float, indicator: Indicator) -> str:
    if indicator.unit is Unit.RATE:
        return f"{value * 100:g}%"
    return f"{value:g}"


@router.get("")
def catalogue_page(
    *, page: Page, merchant_id: Annotated[str, Query(max_length=64)] = PLATFORM
) -> HTMLResponse:
    uow, actor, prefs, tz = page.uow, page.actor, session.prefs(page.request), page.tz
    last = indicators.latest_day(uow=uow, actor=actor, merchant_id=merchant_id)
    end = last or page.now.astimezone(tz).date()
    cards = queries.indicator_cards(uow=uow, actor=actor, tz=tz, end=end, merchant_id=merchant_id)
    return page.render(
        "improvement.html",
        subject=None if merchant_id == PLATFORM else merchant_id,
        end=end,
        cards=[_card_view(card, prefs) for card in cards],
        plans=queries.list_plans(uow=uow, actor=actor),
        manager=allows(actor, Permission.MANAGE_IMPROVEMENT),
        names=_names(prefs.lang),
    )


def _names(lang: str) -> dict[str, str]:
    return {i.id: i.name_zh if lang == "zh-CN" else i.name_en for i in DEFAULT_CATALOGUE}


@router.post("/targets/{indicator_id}")
def set_target(
    *, post: Posted, indicator_id: str, value: Annotated[float, Form()], reason: Text
) -> RedirectResponse:
    operations.set_target(
        uow=post.uow, actor=post.actor, now=post.now, indicator_id=indicator_id, value=value,
        reason=reason,
    )  # fmt: skip
    return post.commit_and_go(PAGE)


@router.get("/plans/{plan_id}")
def plan_page(*, page: Page, plan_id: str) -> HTMLResponse:
    plan = queries.get_plan(uow=page.uow, actor=page.actor, plan_id=plan_id)
    indicator = find_indicator(plan.indicator)
    lang = session.prefs(page.request).lang
    return page.render(
        "improvement_plan.html",
        plan=plan,
        indicator_name=_names(lang)[plan.indicator],
        fmt=partial(show, unit=indicator.unit, lang=lang),
        categories=list(Fishbone),
        manager=allows(page.actor, Permission.MANAGE_IMPROVEMENT),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _back(plan_id: str) -> str:
    return f"{PAGE}/plans/{plan_id}"


@router.post("/plans/{plan_id}/edit")
def edit_plan(
    *,
    post: Posted,
    plan_id: str,
    title: Text,
    goal_value: Annotated[float, Form()],
    goal_date: Annotated[date, Form()],
    due_date: Annotated[date, Form()],
    owner_id: Annotated[str, Form(max_length=64)] = "",
    measures: Text = "",
) -> RedirectResponse:
    operations.update_plan(
        uow=post.uow, actor=post.actor, now=post.now, plan_id=plan_id, title=title,
        goal_value=goal_value, goal_date=goal_date, due_date=due_date,
        owner_id=owner_id.strip() or None, measures=_lines(measures),
    )  # fmt: skip
    return post.commit_and_go(_back(plan_id))


@router.post("/plans/{plan_id}/root-cause")
async def root_cause(*, post: Posted, plan_id: str) -> RedirectResponse:
    """The fishbone's fields are one per category, so the form is read whole (already parsed
    for the CSRF check)."""
    form = await post.request.form()
    fishbone = {c.value: _lines(str(form.get(f"fishbone_{c.value}", ""))) for c in Fishbone}
    operations.record_root_cause(
        uow=post.uow, actor=post.actor, now=post.now, plan_id=plan_id,
        whys=_lines(str(form.get("whys", ""))), fishbone=fishbone,
    )  # fmt: skip
    return post.commit_and_go(_back(plan_id))


@router.post("/plans/{plan_id}/advance")
def advance(*, post: Posted, plan_id: str, to: Annotated[PdcaStage, Form()]) -> RedirectResponse:
    operations.advance_plan(uow=post.uow, actor=post.actor, now=post.now, plan_id=plan_id, to=to)
    return post.commit_and_go(_back(plan_id))


@router.post("/plans/{plan_id}/effects")
def record_effect(*, post: Posted, plan_id: str, note: Text = "") -> RedirectResponse:
    operations.record_effect(
        uow=post.uow, actor=post.actor, now=post.now, plan_id=plan_id, tz=post.tz, note=note
    )
    return post.commit_and_go(_back(plan_id))
