"""What to simulate: size, period and seed. Everything else follows from these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pinzhi.core.clock import day_bounds
from pinzhi.core.errors import ValidationFailed

ORDERS_PER_MERCHANT_DAY = 25
"""Default volume when `orders_per_day` is not given: a mid-sized merchant's daily orders."""

MAX_ORDERS_PER_DAY = 4_000_000
"""Ids carry two digits of part: 11.11 (about 5.5 times an ordinary day) must fit in 100 parts."""

ORDERS_PER_CONSUMER = 6
"""Default consumer base: roughly this many orders per consumer over the period."""


@dataclass(frozen=True, kw_only=True)
class Scenario:
    merchants: int
    days: int
    seed: int
    start: date = date(2025, 6, 1)
    orders_per_day: int | None = None
    consumers: int | None = None

    def __post_init__(self) -> None:
        if self.merchants < 1 or self.days < 1:
            raise ValidationFailed("a scenario needs at least one merchant and one day")
        if self.orders_per_day is not None and not 0 < self.orders_per_day <= MAX_ORDERS_PER_DAY:
            raise ValidationFailed(f"orders per day must be between 1 and {MAX_ORDERS_PER_DAY:,}")
        if self.consumers is not None and self.consumers < 1:
            raise ValidationFailed("consumers must be positive")

    @property
    def daily_orders(self) -> int:
        """Mean orders on an ordinary weekday, before weekly and promotion factors."""
        return self.orders_per_day or self.merchants * ORDERS_PER_MERCHANT_DAY

    @property
    def consumer_count(self) -> int:
        if self.consumers is not None:
            return self.consumers
        return max(200, self.daily_orders * self.days // ORDERS_PER_CONSUMER)

    @property
    def staff_count(self) -> int:
        return max(12, self.daily_orders // 300)

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    @property
    def begins_at(self) -> int:
        """First instant of the period, UTC epoch seconds (local midnight of `start`)."""
        return int(day_bounds(self.start)[0].timestamp())

    @property
    def as_of(self) -> int:
        """The export instant: the end of the last day. Nothing after it is written."""
        return self.begins_at + self.days * 86_400
