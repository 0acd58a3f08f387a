"""Where each catalogue indicator's daily values come from: named readers, one per source key.

The stored indicators are read, never recomputed: `indicators:<metric>` reads the daily values
of `indicator_values`, `attainment:...` the SLA attainment store. Complaint and return figures
have no store of their own yet; their readers count the day's complaints and return requests
(through the service and after-sales domains' queries) over the day's orders (the `orders`
value of the indicator store), by the local day the complaint was filed (the return requested;
a resolution by the day it was resolved). `satisfaction:survey` is the share of satisfied
answers among the surveys sent that day, as `satisfaction.queries.satisfaction_summary` counts
them (S3 7.1.1).

Every reader checks the caller may read the subject's indicators (the indicator store's rule)
before its system reads of the other domains, and returns {day: value}; a day without a value
is absent or None. To plug in another source, `register_source(key, reader)` and name that key
in the catalogue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pinzhi.core.clock import day_bounds
from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_queries
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.attainment import queries as attainment
from pinzhi.domain.attainment.measures import Stat
from pinzhi.domain.indicators import queries as indicators
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.satisfaction import queries as satisfaction
from pinzhi.domain.satisfaction.queries import GroupBy
from pinzhi.domain.service import complaint_queries
from pinzhi.domain.service.complaint_queries import ComplaintTime
from pinzhi.domain.service.sla import Measure
from pinzhi.store.uow import UnitOfWork

RETURN_KINDS = (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE)
"""Requests that send goods back (退货), as the merchant grade counts them."""
HOUR_SECONDS = 3600


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    merchant_id: str
    tz: ZoneInfo


Daily = dict[date, float | None]
Reader = Callable[[UnitOfWork, Actor, Window], Daily]
SOURCES: dict[str, Reader] = {}


def register_source(key: str, reader: Reader) -> None:
    SOURCES[key] = reader


def read(key: str, uow: UnitOfWork, actor: Actor, window: Window) -> Daily:
    if key not in SOURCES:
        raise NotFound(f"no indicator source {key!r}")
    return SOURCES[key](uow, actor, window)


def store_metric(metric: str) -> Reader:
    def reader(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
        found = indicators.indicator_series(
            uow=uow, actor=actor, start=w.start, end=w.end, merchant_id=w.merchant_id,
            metrics=(metric,),
        )  # fmt: skip
        return {p.day: p.value for series in found for p in series.points}

    return reader


def attainment_within(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
    """Share of judged samples within their limit, over every SLA measure of the day."""
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for series in _attainment(uow, actor, w):
        for day in series.days:
            figure = day.figures.get(Stat.WITHIN.value)
            if figure is not None:
                counts[day.day][0] += figure.numerator
                counts[day.day][1] += figure.denominator
    return {day: n / d if d else None for day, (n, d) in counts.items()}


def attainment_mean_seconds(measure: Measure) -> Reader:
    def reader(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
        return {
            day.day: day.figures[Stat.MEAN.value].value / 1000
            for series in _attainment(uow, actor, w)
            if series.measure is measure
            for day in series.days
            if Stat.MEAN.value in day.figures
        }

    return reader


def _attainment(uow: UnitOfWork, actor: Actor, w: Window) -> list[attainment.MeasureSeries]:
    return attainment.attainment_series(
        uow=uow, actor=actor, start=w.start, end=w.end, merchant_id=w.merchant_id
    )


def _orders(uow: UnitOfWork, actor: Actor, w: Window) -> dict[date, float | None]:
    return store_metric("orders")(uow, actor, w)


def _per_order(counts: Counter[date], orders: Daily) -> Daily:
    return {day: counts[day] / n for day, n in orders.items() if n}


def _bounds(w: Window) -> tuple[datetime, datetime]:
    return day_bounds(w.start, w.tz)[0], day_bounds(w.end, w.tz)[1]


def _subject(w: Window) -> str | None:
    return None if w.merchant_id == PLATFORM else w.merchant_id


def complaint_rate(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
    """Complaints filed that day per order placed that day."""
    orders = _orders(uow, actor, w)  # also the indicator store's read rule
    low, high = _bounds(w)
    filed = complaint_queries.complaints_between(
        uow=uow, actor=None, start=low, end=high, merchant_id=_subject(w)
    )
    return _per_order(Counter(_day(c.filed_at, w) for c in filed), orders)


def complaint_resolution_hours(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
    """Mean hours from filing to resolution of the complaints resolved that day."""
    _orders(uow, actor, w)  # the indicator store's read rule
    low, high = _bounds(w)
    closed = complaint_queries.complaints_between(
        uow=uow, actor=None, start=low, end=high, by=ComplaintTime.CLOSED,
        merchant_id=_subject(w),
    )  # fmt: skip
    hours: dict[date, list[float]] = defaultdict(list)
    for c in closed:
        assert c.resolved_at is not None  # closed in the window
        hours[_day(c.resolved_at, w)].append(
            (c.resolved_at - c.filed_at).total_seconds() / HOUR_SECONDS
        )
    return {day: sum(found) / len(found) for day, found in hours.items()}


def return_rate(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
    """Return or exchange requests made that day per order placed that day."""
    orders = _orders(uow, actor, w)  # also the indicator store's read rule
    low, high = _bounds(w)
    requested = case_queries.cases_between(
        uow=uow, actor=None, start=low, end=high, kinds=RETURN_KINDS, merchant_id=_subject(w)
    )
    return _per_order(Counter(_day(c.requested_at, w) for c in requested), orders)


def survey_satisfied_share(uow: UnitOfWork, actor: Actor, w: Window) -> Daily:
    """Share of the day's answered surveys rated satisfied (S3 7.1.1), by the local day the
    survey was sent; a day without answers has no value."""
    _orders(uow, actor, w)  # the indicator store's read rule
    low, high = _bounds(w)
    figures = satisfaction.satisfaction_summary(
        uow=uow, start=low, end=high, by=GroupBy.DAY, merchant_id=_subject(w), tz=w.tz
    )
    return {date.fromisoformat(f.key): f.satisfied_share for f in figures}


def _day(at: datetime, w: Window) -> date:
    return at.astimezone(w.tz).date()


for _metric in ("avg_review_score", "refund_rate", "late_shipment_rate", "orders"):
    register_source(f"indicators:{_metric}", store_metric(_metric))
register_source("attainment:within", attainment_within)
register_source(
    "attainment:chat_first_response:mean", attainment_mean_seconds(Measure.CHAT_FIRST_RESPONSE)
)
register_source("complaints:rate", complaint_rate)
register_source("complaints:resolution_hours", complaint_resolution_hours)
register_source("aftersales:return_rate", return_rate)
register_source("satisfaction:survey", survey_satisfied_share)
