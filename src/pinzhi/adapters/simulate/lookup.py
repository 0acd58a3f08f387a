"""Sorted-array lookups for millions of random keys."""

from __future__ import annotations

from typing import Literal

import numpy as np


def find(
    haystack: np.ndarray, needles: np.ndarray, *, side: Literal["left", "right"] = "left"
) -> np.ndarray:
    """`np.searchsorted`, but looking the needles up in sorted order.

    Binary search over a large array is cache-bound; sorted needles walk it in one direction,
    which is several times faster than random ones even counting the sort.
    """
    order = np.argsort(needles, kind="stable")
    found = np.empty(needles.size, dtype=np.int64)
    found[order] = np.searchsorted(haystack, needles[order], side=side)
    return found
