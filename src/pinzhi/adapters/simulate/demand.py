"""How many orders a day brings, when they are placed, at which merchant, by whom;
plus the fake-order bursts of fraudulent merchants (many orders, few buyers, one hour)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from pinzhi.adapters.simulate import seasons
from pinzhi.adapters.simulate.lookup import find
from pinzhi.adapters.simulate.timing import DAY, HOUR
from pinzhi.adapters.simulate.world import World

BURST_MIN, BURST_MAX = 15, 400
BURST_MULTIPLE = 2.0
"""A burst is this many times the merchant's ordinary daily orders (within the bounds)."""


@dataclass(frozen=True)
class Demand:
    """The day's orders, sorted by time of placing."""

    placed: np.ndarray
    merchant: np.ndarray
    consumer: np.ndarray
    burst: np.ndarray

    def split(self, size: int) -> list[Demand]:
        """Consecutive parts of at most `size` orders (at least one part, maybe empty)."""
        bounds = range(0, max(1, self.placed.size), size)
        return [
            Demand(*(getattr(self, f.name)[start : start + size] for f in fields(self)))
            for start in bounds
        ]


def daily_demand(rng: np.random.Generator, world: World, *, day: int) -> Demand:
    scenario = world.scenario
    date = scenario.day(day)
    start = scenario.begins_at + day * DAY
    n = int(rng.poisson(scenario.daily_orders * seasons.demand_factor(date)))
    hours = seasons.PROMOTION_HOURS if seasons.is_promotion(date) else seasons.ORDER_HOURS
    placed = start + seasons.seconds_into_day(rng, hours=hours, size=n)
    merchant = rng.choice(world.merchants.count, size=n, p=world.merchants.size)
    activity = world.consumers.activity
    consumer = find(activity, rng.random(n) * activity[-1], side="right")
    burst = _bursts(rng, world, day=day, start=start)
    order = np.argsort(np.concatenate([placed, burst.placed]), kind="stable")
    return Demand(
        placed=np.concatenate([placed, burst.placed])[order],
        merchant=np.concatenate([merchant, burst.merchant])[order],
        consumer=np.concatenate([np.minimum(consumer, activity.size - 1), burst.consumer])[order],
        burst=np.concatenate([np.zeros(n, dtype=bool), burst.burst])[order],
    )


def _bursts(rng: np.random.Generator, world: World, *, day: int, start: int) -> Demand:
    rings = world.rings
    active = np.flatnonzero(rings.bursts[:, day])
    usual = world.scenario.daily_orders * world.merchants.size[rings.merchant[active]]
    size = np.clip(rng.poisson(BURST_MULTIPLE * usual + BURST_MIN), BURST_MIN, BURST_MAX)
    ring = np.repeat(active, size)
    opens = start + rng.integers(0, 22 * HOUR, active.size)
    length = rng.integers(HOUR // 2, 2 * HOUR, active.size)
    offset = (rng.random(ring.size) * np.repeat(length, size)).astype(np.int64)
    return Demand(
        placed=np.repeat(opens, size) + offset,
        merchant=rings.merchant[ring],
        consumer=rings.first[ring] + (rng.random(ring.size) * rings.size[ring]).astype(np.int64),
        burst=np.ones(ring.size, dtype=bool),
    )
