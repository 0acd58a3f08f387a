"""Reads of SLA attainment (S1 9.2.2–9.2.3): daily series, range totals, worst performers.

Who reads what follows the indicators (`pinzhi.domain.indicators.queries`): rows over all
merchants (`ALL`) need the platform-indicators permission; one merchant's rows need the
any-merchant permission, or are the merchant's own. A merchant thus sees its own figures and
the platform agents who served its buyers, never another merchant's.

Roll-ups over days recompute sum(numerator) / sum(denominator); percentiles cannot be rolled
up, so a range's p50/p90 are given only for a single day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select

from pinzhi.core.errors import Forbidden, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.attainment.measures import ALL, CHANNEL_OF, CHANNELS, Stat, current_policies
from pinzhi.domain.attainment.models import AttainmentValue
from pinzhi.domain.service.sla import Measure, Statistic
from pinzhi.store.uow import UnitOfWork

MAX_DAYS = 366
ROLLABLE = (Stat.MEAN, Stat.WITHIN, Stat.BREACHES)


@dataclass(frozen=True)
class Figure:
    value: float
    numerator: int
    denominator: int
    samples: int


@dataclass(frozen=True)
class Day:
    day: date
    figures: dict[str, Figure]
    """By statistic; a statistic without samples that day is absent."""


@dataclass(frozen=True)
class Limit:
    """The S1 9.2 limit a measure is judged by, and whether it binds each sample or the mean."""

    measure: Measure
    seconds: float
    basis: Statistic
    version: int


@dataclass(frozen=True)
class MeasureSeries:
    channel: str
    measure: Measure
    merchant_id: str
    agent_id: str
    limit: Limit
    days: tuple[Day, ...]

    def total(self) -> dict[str, Figure]:
        """The figures over all the days (percentiles only when there is one day)."""
        wanted = [s.value for s in Stat] if len(self.days) == 1 else [s.value for s in ROLLABLE]
        return {
            stat: rolled
            for stat in wanted
            if (rolled := rollup(d.figures[stat] for d in self.days if stat in d.figures))
        }

    def meets_limit(self) -> bool | None:
        """Over the range: the mean within the limit for an 'average' limit; no breach at all
        for a limit on every sample. None without samples."""
        total = self.total()
        if self.limit.basis is Statistic.MEAN:
            mean = total.get(Stat.MEAN.value)
            return None if mean is None else mean.value <= self.limit.seconds * 1000
        breaches = total.get(Stat.BREACHES.value)
        return None if breaches is None else breaches.numerator == 0


def rollup(figures: Iterable[Figure]) -> Figure | None:
    found = list(figures)
    if not found:
        return None
    numerator = sum(f.numerator for f in found)
    denominator = sum(f.denominator for f in found)
    samples = sum(f.samples for f in found)
    return Figure(numerator / denominator if denominator else 0.0, numerator, denominator, samples)


def limits() -> dict[Measure, Limit]:
    return {
        measure: Limit(measure, policy.limit.total_seconds(), policy.statistic, policy.version)
        for measure, policy in current_policies().items()
    }


def default_subject(actor: Actor) -> str:
    """Whose attainment an actor sees first: its own merchant's, else the platform's."""
    if actor.merchant_id and allows(actor, Permission.READ_OWN_MERCHANT_INDICATORS):
        return actor.merchant_id
    return ALL


def latest_day(*, uow: UnitOfWork, actor: Actor, merchant_id: str = ALL) -> date | None:
    _require_read(actor, merchant_id)
    query = select(func.max(AttainmentValue.day)).where(AttainmentValue.merchant_id == merchant_id)
    return uow.session.scalar(query)


def attainment_series(
    *,
    uow: UnitOfWork,
    actor: Actor,
    start: date,
    end: date,
    merchant_id: str = ALL,
    agent_id: str = ALL,
    channel: str | None = None,
) -> list[MeasureSeries]:
    """Every measure of the group (one channel's, or all) over [start, end], by day."""
    _require_read(actor, merchant_id)
    _check_range(start, end)
    if channel is not None and channel not in CHANNELS:
        raise ValidationFailed(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    v = AttainmentValue
    query = select(v).where(
        v.merchant_id == merchant_id, v.agent_id == agent_id, v.day.between(start, end)
    )
    if channel is not None:
        query = query.where(v.channel == channel)
    by_measure: dict[str, dict[date, dict[str, Figure]]] = {}
    for row in uow.session.scalars(query.order_by(v.measure, v.day)):
        figures = by_measure.setdefault(row.measure, {}).setdefault(row.day, {})
        figures[row.statistic] = Figure(row.value, row.numerator, row.denominator, row.samples)
    known = limits()
    return [
        MeasureSeries(
            channel=CHANNEL_OF[measure],
            measure=measure,
            merchant_id=merchant_id,
            agent_id=agent_id,
            limit=known[measure],
            days=tuple(Day(day, figures) for day, figures in by_measure[measure.value].items()),
        )
        for measure in Measure
        if measure.value in by_measure
    ]


class RankBy(StrEnum):
    MERCHANT = "merchant"
    AGENT = "agent"


@dataclass(frozen=True)
class Ranked:
    subject_id: str
    within: Figure
    mean: Figure | None


def worst(
    *,
    uow: UnitOfWork,
    actor: Actor,
    start: date,
    end: date,
    measure: Measure,
    by: RankBy,
    merchant_id: str = ALL,
    min_samples: int = 1,
    limit: int = 10,
) -> list[Ranked]:
    """The merchants (over all agents) or the agents (of `merchant_id`, or over all merchants)
    with the lowest share within the limit on [start, end], most breaches first on a tie."""
    _check_range(start, end)
    v = AttainmentValue
    if by is RankBy.MERCHANT:
        if merchant_id != ALL:
            raise ValidationFailed("merchants are ranked over the whole platform")
        if not allows(actor, Permission.READ_ANY_MERCHANT_INDICATORS):
            raise Forbidden(f"role {actor.role.value} may not compare merchants")
        subject, scope = v.merchant_id, (v.merchant_id != ALL, v.agent_id == ALL)
    else:
        _require_read(actor, merchant_id)
        subject, scope = v.agent_id, (v.merchant_id == merchant_id, v.agent_id != ALL)
    query = (
        select(subject, v.statistic, func.sum(v.numerator), func.sum(v.denominator))
        .add_columns(func.sum(v.samples))
        .where(*scope, v.measure == measure.value, v.day.between(start, end))
        .where(v.statistic.in_([Stat.WITHIN.value, Stat.MEAN.value]))
        .group_by(subject, v.statistic)
    )
    figures: dict[str, dict[str, Figure]] = {}
    for who, stat, numerator, denominator, samples in uow.session.execute(query):
        value = numerator / denominator if denominator else 0.0
        figures.setdefault(who, {})[stat] = Figure(value, numerator, denominator, samples)
    ranked = [
        Ranked(who, found[Stat.WITHIN.value], found.get(Stat.MEAN.value))
        for who, found in figures.items()
        if Stat.WITHIN.value in found and found[Stat.WITHIN.value].samples >= min_samples
    ]
    ranked.sort(key=_badness)
    return ranked[:limit]


def _badness(ranked: Ranked) -> tuple[float, int, str]:
    within = ranked.within
    return (within.value, -(within.denominator - within.numerator), ranked.subject_id)


def _check_range(start: date, end: date) -> None:
    if start > end or end - start >= timedelta(days=MAX_DAYS):
        raise ValidationFailed(f"a range runs forwards and spans at most {MAX_DAYS} days")


def _require_read(actor: Actor, merchant_id: str) -> None:
    if merchant_id == ALL:
        wanted = Permission.READ_PLATFORM_INDICATORS
    elif allows(actor, Permission.READ_ANY_MERCHANT_INDICATORS):
        return
    else:
        wanted = Permission.READ_OWN_MERCHANT_INDICATORS
        if actor.merchant_id != merchant_id:
            raise Forbidden("a merchant reads only its own service attainment")
    if not allows(actor, wanted):
        raise Forbidden(f"role {actor.role.value} may not {wanted.value}")


def channels_of(series: Sequence[MeasureSeries]) -> dict[str, list[MeasureSeries]]:
    """The series grouped by channel, in the channels' order."""
    grouped: dict[str, list[MeasureSeries]] = {channel: [] for channel in CHANNELS}
    for found in series:
        grouped[found.channel].append(found)
    return {channel: found for channel, found in grouped.items() if found}
