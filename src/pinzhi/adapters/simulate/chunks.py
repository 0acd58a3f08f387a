"""A chunk of work: one part of one day's orders, with its own random streams and ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate.columns import numbered
from pinzhi.adapters.simulate.streams import stream

PART_ORDERS = 250_000
"""Orders simulated together: bounds memory on the busiest day (11.11 sells five times more)."""


@dataclass(frozen=True)
class Chunk:
    seed: int
    day: int
    date: date
    part: int

    def rng(self, topic: str) -> np.random.Generator:
        return stream(seed=self.seed, topic=topic, chunk=(self.day, self.part))

    def ids(self, prefix: str, count: int) -> pa.Array:
        """Prefix, local date, part, sequence: ORD20250618 00 0000001 (without spaces)."""
        return numbered(
            f"{prefix}{self.date:%Y%m%d}{self.part:02d}", np.arange(1, count + 1), width=7
        )
