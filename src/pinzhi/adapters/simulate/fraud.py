"""Fake-order rings (刷单, S1 6.4): each fraudulent merchant has a few buyer accounts sharing
one address, and on its burst days they place many orders within an hour or two."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import Profile

BURST_DAY_SHARE = 0.2
"""Share of days on which a fraudulent merchant runs a burst (at least one day)."""


@dataclass(frozen=True)
class Rings:
    merchant: np.ndarray
    """The fraudulent merchant of each ring."""
    first: np.ndarray
    """First consumer index of each ring; its members are consecutive."""
    size: np.ndarray
    bursts: np.ndarray
    """[ring, day]: whether the ring places a burst of orders that day."""

    @property
    def members(self) -> int:
        return int(self.size.sum())


def build_rings(
    rng: np.random.Generator, merchants: Merchants, *, consumers: int, days: int
) -> Rings:
    """Rings take the last consumer indices, so ordinary buyers are 0 … consumers − members."""
    merchant = np.flatnonzero(merchants.profile == Profile.FRAUD)
    size = rng.integers(3, 7, merchant.size)
    first = consumers - np.cumsum(size)
    bursts = np.zeros((merchant.size, days), dtype=bool)
    per_ring = max(1, round(days * BURST_DAY_SHARE))
    for ring in range(merchant.size):
        bursts[ring, rng.choice(days, size=min(days, per_ring), replace=False)] = True
    return Rings(merchant, first, size, bursts)
