"""The SLA attainment page (issue 3, item 9): per channel and merchant, each chart with its
S1 9.2 limit, and the merchants and agents furthest from it.

A platform role sees the platform (or, with the any-merchant permission, any merchant it picks);
a merchant sees its own shop and the agents who served its buyers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.attainment import queries
from pinzhi.domain.attainment.measures import AFTERSALES, ALL, CHANNEL_OF, Stat
from pinzhi.domain.attainment.queries import Figure, MeasureSeries, RankBy, Ranked
from pinzhi.domain.service.sla import Measure
from pinzhi.interfaces.console import charts, formats, i18n, session
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/attainment"
RANGES = (7, 30, 90)
WORST = 10
MIN_SAMPLES = 10
"""Judged samples over the range a merchant or agent needs to be ranked: a few unlucky chats
say little."""
HOUR_MS = 3_600_000

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Translate = Callable[..., str]


@dataclass(frozen=True)
class MeasureCard:
    measure: Measure
    label: str
    limit: str
    basis: str
    mean: str
    within: str
    breaches: str
    meets: bool | None
    svg: Markup
    summary: str
    rows: list[tuple[str, str, str, str, str]]
    """(day, mean, p90, within, breaches) per day."""


@dataclass(frozen=True)
class WorstRow:
    subject_id: str
    href: str | None
    within: str
    breaches: int
    judged: int
    mean: str


@router.get("/attainment")
def attainment_page(
    *,
    page: Page,
    days: Annotated[int, Query(ge=1, le=queries.MAX_DAYS)] = RANGES[1],
    merchant_id: str | None = None,
    measure: Measure = Measure.CHAT_FIRST_RESPONSE,
) -> HTMLResponse:
    uow, actor, prefs = page.uow, page.actor, session.prefs(page.request)
    subject = merchant_id or queries.default_subject(actor)
    last = queries.latest_day(uow=uow, actor=actor, merchant_id=subject)
    shown: dict[str, Any] = {
        "subject": None if subject == ALL else subject,
        "days": days,
        "last": last,
        "ranges": RANGES,
        "chosen": measure,
        "measures": list(Measure),
    }
    if last is None:
        return page.render("attainment.html", **shown)
    start = last - timedelta(days=days - 1)
    t = i18n.translator(prefs.lang)
    series = queries.attainment_series(
        uow=uow, actor=actor, start=start, end=last, merchant_id=subject
    )
    sections = [
        (t(f"attainment_channel_{channel}"), [_card(s, start, last, prefs, t) for s in found])
        for channel, found in queries.channels_of(series).items()
    ]
    ranked = partial(
        queries.worst,
        uow=uow,
        actor=actor,
        start=start,
        end=last,
        measure=measure,
        limit=WORST,
        min_samples=MIN_SAMPLES,
    )
    merchants = agents = None
    if subject == ALL and allows(actor, Permission.READ_ANY_MERCHANT_INDICATORS):
        merchants = _worst(ranked(by=RankBy.MERCHANT), measure, days=days, lang=prefs.lang)
    if _has_agents(measure):
        found = ranked(by=RankBy.AGENT, merchant_id=subject)
        agents = _worst(found, measure, days=None, lang=prefs.lang)
    return page.render(
        "attainment.html",
        sections=sections,
        worst_merchants=merchants,
        worst_agents=agents,
        min_samples=MIN_SAMPLES,
        period=t(
            "attainment_period",
            start=formats.day(start, prefs.lang),
            end=formats.day(last, prefs.lang),
        ),
        **shown,
    )


def _has_agents(measure: Measure) -> bool:
    return CHANNEL_OF[measure] != AFTERSALES


def _duration(ms: float | None, *, hours: bool, lang: str) -> str:
    if ms is None:
        return "—"
    t = i18n.translator(lang)
    if hours:
        return t("duration_hours", n=f"{ms / HOUR_MS:.1f}")
    return t("duration_seconds", n=f"{ms / 1000:.1f}")


def _card(
    series: MeasureSeries, start: date, end: date, prefs: session.Prefs, t: Translate
) -> MeasureCard:
    lang = prefs.lang
    hours = series.limit.seconds * 1000 >= HOUR_MS
    show = partial(_duration, hours=hours, lang=lang)
    total = series.total()
    span = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    by_day = {d.day: d.figures for d in series.days}
    daily = [_value(by_day.get(d, {}), Stat.MEAN) for d in span]
    limit_ms = series.limit.seconds * 1000
    label = t(f"attainment_measure_{series.measure.value}")
    limit_text = show(limit_ms)
    known = [v for v in daily if v is not None]
    summary = t("attainment_no_data")
    if known:
        summary = t(
            "attainment_chart_summary", measure=label, limit=limit_text,
            over=sum(1 for v in known if v > limit_ms), count=len(known),
            worst=show(max(known)), last=show(known[-1]),
        )  # fmt: skip
    scale = HOUR_MS if hours else 1000
    svg = charts.line_chart(
        chart_id=f"chart-{series.measure.value}",
        days=span,
        lines=[
            charts.Line(t("attainment_limit_line"), [limit_ms] * len(span), main=False),
            charts.Line(t("attainment_daily_mean"), daily),
        ],
        title=t("attainment_chart_title", measure=label, limit=limit_text),
        description=summary,
        y_format=lambda v: f"{v / scale:g}",
        x_format=partial(formats.short_day, lang=lang),
        font_size=22 if prefs.elderly else 15,
    )
    within, breaches = total.get(Stat.WITHIN.value), total.get(Stat.BREACHES.value)
    return MeasureCard(
        measure=series.measure,
        label=label,
        limit=limit_text,
        basis=t(f"attainment_basis_{series.limit.basis.value}"),
        mean=show(_value(total, Stat.MEAN)),
        within=_rate(within, lang),
        breaches="—" if breaches is None else f"{breaches.numerator:,}",
        meets=series.meets_limit(),
        svg=svg,
        summary=summary,
        rows=[
            (
                formats.day(d, lang),
                show(_value(by_day.get(d, {}), Stat.MEAN)),
                show(_value(by_day.get(d, {}), Stat.P90)),
                _rate(by_day.get(d, {}).get(Stat.WITHIN.value), lang),
                str(by_day[d][Stat.BREACHES.value].numerator)
                if Stat.BREACHES.value in by_day.get(d, {})
                else "—",
            )
            for d in span
            if d in by_day
        ],
    )


def _value(figures: dict[str, Figure], stat: Stat) -> float | None:
    found = figures.get(stat.value)
    return None if found is None else found.value


def _rate(figure: Figure | None, lang: str) -> str:
    return formats.value(None if figure is None else figure.value, formats.Unit.RATE, lang)


def _worst(
    ranked: list[Ranked], measure: Measure, *, days: int | None, lang: str
) -> list[WorstRow]:
    hours = queries.limits()[measure].seconds * 1000 >= HOUR_MS
    return [
        WorstRow(
            subject_id=r.subject_id,
            href=None
            if days is None
            else f"{PAGE}?merchant_id={r.subject_id}&days={days}&measure={measure.value}",
            within=_rate(r.within, lang),
            breaches=r.within.denominator - r.within.numerator,
            judged=r.within.denominator,
            mean=_duration(None if r.mean is None else r.mean.value, hours=hours, lang=lang),
        )
        for r in ranked
    ]
