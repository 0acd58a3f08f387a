"""Merchant and product grade distributions, and the movements between the period's first and
last grading (S1 10.1.2; grades of C9/C10)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.queries import graded_days_between, grades_on
from pinzhi.domain.products_quality.queries import (
    product_graded_days_between,
    product_grades_on,
)
from pinzhi.domain.reports.context import ReportContext

PAGE = 500
T = TypeVar("T")
TIERS = tuple(t.value for t in Tier)
"""Best first."""


@dataclass(frozen=True)
class Distribution:
    """Tiers of one kind of subject (merchants or products) at the first and last grading."""

    first_day: date | None
    last_day: date | None
    first: dict[str, int]
    last: dict[str, int]
    up: int
    down: int
    same: int
    moves: tuple[tuple[str, str, int], ...]
    """(from tier, to tier, how many) for subjects whose tier changed, most first."""


@dataclass(frozen=True)
class Grades:
    merchants: Distribution
    products: Distribution


def _every(read: Callable[[int], Sequence[T]]) -> list[T]:
    """All rows of a paged query."""
    found: list[T] = []
    while True:
        page = read(len(found))
        found.extend(page)
        if len(page) < PAGE:
            return found


def _distribution(days: list[date], tiers_on: Callable[[date], dict[str, str]]) -> Distribution:
    if not days:
        return Distribution(None, None, {}, {}, 0, 0, 0, ())
    first, last = tiers_on(days[0]), tiers_on(days[-1])
    rank = {tier: i for i, tier in enumerate(TIERS)}
    up = down = same = 0
    moves: Counter[tuple[str, str]] = Counter()
    for subject in first.keys() & last.keys():
        before, after = first[subject], last[subject]
        if before == after:
            same += 1
            continue
        moves[(before, after)] += 1
        if rank[after] < rank[before]:
            up += 1
        else:
            down += 1
    return Distribution(
        days[0],
        days[-1],
        _tally(first),
        _tally(last),
        up,
        down,
        same,
        tuple((a, b, n) for (a, b), n in sorted(moves.items(), key=lambda i: (-i[1], i[0]))),
    )


def _tally(tiers: dict[str, str]) -> dict[str, int]:
    counted = Counter(tiers.values())
    return {tier: counted[tier] for tier in TIERS}


def grades(context: ReportContext) -> Grades:
    uow, actor, period = context.uow, context.reader, context.period

    def merchants_on(day: date) -> dict[str, str]:
        found = _every(
            lambda offset: grades_on(uow=uow, actor=actor, as_of=day, limit=PAGE, offset=offset)
        )
        return {g.merchant_id: g.tier.value for g in found if g.tier is not None}

    def products_on(day: date) -> dict[str, str]:
        found = _every(
            lambda offset: product_grades_on(
                uow=uow, actor=actor, as_of=day, limit=PAGE, offset=offset
            )
        )
        return {g.product_id: g.tier.value for g in found}

    merchant_days = graded_days_between(uow=uow, actor=actor, start=period.start, end=period.end)
    product_days = product_graded_days_between(
        uow=uow, actor=actor, start=period.start, end=period.end
    )
    return Grades(
        _distribution(merchant_days, merchants_on), _distribution(product_days, products_on)
    )
