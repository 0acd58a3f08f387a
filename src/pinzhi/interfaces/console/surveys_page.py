"""Satisfaction pages (S1 10.2; S3 7.1): the consumer's surveys with a simple answer form, and
the staff's results per service type with a daily chart for each.

The answer form is one large radio row per question (1–5, each number labelled in words) and a
comment box — one survey per screen section, usable in elderly mode (C17). The comment's
sentiment is scored here and handed to the domain.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from pinzhi.core.clock import day_bounds, local_day
from pinzhi.core.errors import Conflict, InvalidTransition, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.satisfaction import queries, surveys
from pinzhi.domain.satisfaction.queries import GroupBy, SatisfactionFigure
from pinzhi.domain.satisfaction.rules import SATISFIED_FROM, SURVEY_VALID_DAYS, ServiceType
from pinzhi.interfaces.console import charts, i18n, session
from pinzhi.interfaces.console.context import Page, PageContext, Posted
from pinzhi.interfaces.console.views import PREFIX
from pinzhi.interfaces.feedback_scoring import score_text

PAGE = f"{PREFIX}/surveys"
SCALE = (1, 2, 3, 4, 5)
PERIODS = (7, 30, 90)
router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/surveys")
def my_surveys_page(*, page: Page, done: bool = False) -> HTMLResponse:
    return _surveys(page, done=done)


@router.post("/surveys/{survey_id}")
async def answer_survey(*, post: Posted, survey_id: str) -> Response:
    form = await post.request.form()
    comment = str(form.get("comment", "")).strip() or None
    try:
        view = queries.get_survey(uow=post.uow, actor=post.actor, survey_id=survey_id, now=post.now)
        scores = {q.key: _score(str(form.get(q.key, ""))) for q in view.questions if q.scored}
        surveys.answer_survey(
            uow=post.uow, actor=post.actor, now=post.now, survey_id=survey_id, scores=scores,
            comment=comment, sentiment=score_text(comment),
        )  # fmt: skip
    except (Conflict, InvalidTransition, ValidationFailed) as refused:
        return _surveys(post, refused=refused, refused_id=survey_id)
    return post.commit_and_go(f"{PAGE}?done=1")


def _surveys(
    page: PageContext,
    *,
    done: bool = False,
    refused: PinzhiError | None = None,
    refused_id: str | None = None,
) -> HTMLResponse:
    mine = queries.my_surveys(uow=page.uow, actor=page.actor, now=page.now)
    return page.render(
        "surveys.html",
        status=(409 if isinstance(refused, Conflict | InvalidTransition) else 422)
        if refused
        else 200,
        open_surveys=[s for s in mine if s.open],
        past_surveys=[s for s in mine if not s.open],
        scale=SCALE,
        valid_days=SURVEY_VALID_DAYS,
        done=done,
        refused=refused.message if refused else None,
        refused_id=refused_id,
    )


def _score(text: str) -> int:
    if not text.strip().isdigit():
        raise ValidationFailed("please choose a score from 1 to 5 for every question")
    return int(text)


@router.get("/satisfaction")
def results_page(*, page: Page, days: Annotated[int, Query(ge=1, le=366)] = 30) -> HTMLResponse:
    uow, actor, tz = page.uow, page.actor, page.tz
    last = local_day(page.now, tz)
    span = [last - timedelta(days=n) for n in range(days - 1, -1, -1)]
    start, end = day_bounds(span[0], tz)[0], day_bounds(last, tz)[1]
    figures = queries.read_summary(
        uow=uow, actor=actor, start=start, end=end, by=GroupBy.SERVICE_TYPE
    )
    (total,) = queries.read_summary(uow=uow, actor=actor, start=start, end=end) or (None,)
    t = i18n.translator(session.prefs(page.request).lang)
    cards = [
        (service, next((f for f in figures if f.key == service.value), None))
        for service in ServiceType
    ]
    return page.render(
        "satisfaction.html",
        days=days,
        periods=PERIODS,
        total=total,
        cards=[
            (
                service,
                found,
                _chart(page, service=service, span=span, translate=t)
                if found and found.answered
                else None,
            )
            for service, found in cards
        ],
        partners=queries.partner_feedback_summary(uow=uow, start=start, end=end)
        if allows(actor, Permission.READ_SATISFACTION)
        else [],
        percent=_percent,
    )


def _chart(
    page: PageContext,
    *,
    service: ServiceType,
    span: list[date],
    translate: Callable[..., str],
) -> Markup:
    start, end = day_bounds(span[0], page.tz)[0], day_bounds(span[-1], page.tz)[1]
    daily = queries.read_summary(
        uow=page.uow, actor=page.actor, start=start, end=end, by=GroupBy.DAY, service_type=service
    )
    by_day = {f.key: f for f in daily}
    name = translate(f"sat_type_{service.value}")
    return charts.line_chart(
        chart_id=f"sat-{service.value}",
        days=span,
        lines=[
            charts.Line(
                translate("sat_satisfied_line"), [float(SATISFIED_FROM)] * len(span), main=False
            ),
            charts.Line(
                translate("sat_mean_overall"), [_mean(by_day.get(d.isoformat())) for d in span]
            ),
        ],
        title=translate("sat_chart_title", service=name),
        description=translate("sat_chart_desc", service=name, days=len(span)),
        y_format=lambda v: f"{v:.1f}",
        x_format=lambda d: f"{d.month}/{d.day}",
    )


def _mean(found: SatisfactionFigure | None) -> float | None:
    return found.mean_overall if found is not None else None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
