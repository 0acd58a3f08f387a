"""When people buy: weekly rhythm, promotion days (618, 双11, 双12) and the hours of a day."""

from __future__ import annotations

from datetime import date

import numpy as np

PROMOTION_DAYS: dict[tuple[int, int], float] = {
    (6, 18): 3.5,  # 618
    (11, 11): 5.0,  # 双11
    (12, 12): 2.5,  # 双12
}
"""Order volume on a promotion day relative to an ordinary day."""

WARM_UP_DAYS = 3
WARM_UP_FACTOR = 1.3
"""The days before a promotion day are busier too (pre-sale, coupons)."""

WEEKDAY_FACTOR = np.array([0.94, 0.93, 0.95, 0.98, 1.04, 1.09, 1.07])
"""Monday … Sunday; weekends sell more. Mean is 1."""

ORDER_HOURS = np.array(
    [3.0, 1.6, 0.8, 0.5, 0.4, 0.5, 1.0, 2.2, 3.6, 4.6, 5.4, 5.6,
     5.0, 4.8, 4.9, 5.0, 4.9, 4.7, 4.8, 5.4, 6.4, 7.0, 6.6, 5.2]
)  # fmt: skip
"""Local hour profile of orders: lunchtime and the evening peak."""

PROMOTION_HOURS = ORDER_HOURS.copy()
PROMOTION_HOURS[0] = 30.0
PROMOTION_HOURS[1] = 8.0
"""On promotion days the first minutes after midnight are the rush (付尾款, 秒杀)."""


def is_promotion(day: date) -> bool:
    return (day.month, day.day) in PROMOTION_DAYS


def demand_factor(day: date) -> float:
    """Order volume of `day` relative to the scenario's ordinary-day volume."""
    factor = float(WEEKDAY_FACTOR[day.weekday()])
    peak = PROMOTION_DAYS.get((day.month, day.day))
    if peak is not None:
        return factor * peak
    if any(_days_before(day, month, dom) for month, dom in PROMOTION_DAYS):
        return factor * WARM_UP_FACTOR
    return factor


def promotion_days(start: date, days: int) -> list[int]:
    """Indices (from `start`) of the promotion days inside the period."""
    return [i for i in range(days) if is_promotion(date.fromordinal(start.toordinal() + i))]


def seconds_into_day(rng: np.random.Generator, *, hours: np.ndarray, size: int) -> np.ndarray:
    """Local seconds after midnight, drawn from an hour profile, uniform within the hour."""
    hour = rng.choice(24, size=size, p=hours / hours.sum())
    return hour * 3600 + rng.integers(0, 3600, size=size)


def _days_before(day: date, month: int, dom: int) -> bool:
    return 0 < (date(day.year, month, dom) - day).days <= WARM_UP_DAYS
