"""Random streams: one independent generator per (seed, topic, index).

Each topic (catalog, orders, reviews, …) and each day draws from its own stream, so changing
how one table is generated, or how days are batched, never shifts the numbers of another.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(*, seed: int, topic: str, chunk: tuple[int, ...] = ()) -> np.random.Generator:
    """The generator for one topic of one chunk: () the static world, (day,) a day's demand,
    (day, part) one part of a day's orders."""
    return np.random.default_rng([seed, zlib.crc32(topic.encode()), *chunk])


def draw_by_row(rng: np.random.Generator, weights: np.ndarray, row: np.ndarray) -> np.ndarray:
    """For each element, a column index drawn with the (unnormalised) weights of its row."""
    totals = weights.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(weights / np.where(totals > 0, totals, 1), axis=1)
    chosen = (cumulative[row] < rng.random(row.size)[:, None]).sum(axis=1)
    column: np.ndarray = np.minimum(chosen, weights.shape[1] - 1)
    return column
