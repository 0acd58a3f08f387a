"""Durations with a controlled share over a limit: how late, how slow, how often.

A delay is `limit * exp(mu + sigma * Z)`; choosing `mu = sigma * Φ⁻¹(share)` makes exactly
`share` of the delays exceed `limit` in expectation. Merchants' and agents' quality is set this
way, as the share of shipments after ship-by or of responses over an S1 9.2.2–9.2.3 limit.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

HOUR = 3600
DAY = 86_400
LOCAL_OFFSET = 8 * HOUR
"""Asia/Shanghai is UTC+8 all year (no daylight saving): local clock hours from epoch seconds."""
NEVER = 1 << 62
"""A planned instant for something that does not happen: later than any horizon, with room
to add durations to it without overflowing int64."""

_NORMAL = NormalDist()


def over_limit(
    rng: np.random.Generator, *, limit: float | np.ndarray, share: np.ndarray, sigma: float = 0.9
) -> np.ndarray:
    """Whole seconds; element i exceeds `limit` with probability `share[i]`.

    Shares come from merchants' traits, so Φ⁻¹ is evaluated once per distinct share.
    """
    levels, which = np.unique(np.clip(share, 1e-6, 1 - 1e-6), return_inverse=True)
    mu = sigma * np.array([_NORMAL.inv_cdf(float(p)) for p in levels])[which]
    seconds = limit * np.exp(mu + sigma * rng.standard_normal(share.size))
    return np.maximum(1, np.rint(seconds)).astype(np.int64)


def lognormal_seconds(
    rng: np.random.Generator, *, median: float, sigma: float, size: int
) -> np.ndarray:
    """Whole seconds around `median`, at least one."""
    seconds = median * np.exp(sigma * rng.standard_normal(size))
    return np.maximum(1, np.rint(seconds)).astype(np.int64)
