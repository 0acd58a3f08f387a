"""Parcel carriers: market share, speed and the tracking-number prefix of each."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Carrier:
    name: str
    share: float
    transit_hours: float
    """Median hand-over to signature between provinces."""
    spread: float
    """Log-normal sigma of transit times: how unreliable the carrier is."""
    prefix: str


CARRIERS: tuple[Carrier, ...] = (
    Carrier("中通快递", 0.22, 56, 0.40, "ZT"),
    Carrier("圆通速递", 0.17, 58, 0.42, "YT"),
    Carrier("韵达快递", 0.15, 60, 0.45, "YD"),
    Carrier("申通快递", 0.11, 62, 0.48, "ST"),
    Carrier("极兔速递", 0.10, 66, 0.50, "JT"),
    Carrier("顺丰速运", 0.12, 30, 0.30, "SF"),
    Carrier("京东物流", 0.09, 26, 0.28, "JD"),
    Carrier("中国邮政EMS", 0.04, 72, 0.55, "EM"),
)
FAST = (5, 6)
"""顺丰 and 京东物流: what self-operated and premium shipping use."""

NAMES = tuple(c.name for c in CARRIERS)
PREFIXES = tuple(c.prefix for c in CARRIERS)
SHARES = np.array([c.share for c in CARRIERS]) / sum(c.share for c in CARRIERS)
TRANSIT_HOURS = np.array([c.transit_hours for c in CARRIERS])
SPREAD = np.array([c.spread for c in CARRIERS])
SAME_PROVINCE = 0.55
"""Transit within one province, relative to the inter-province median."""
PROMISE_QUANTILE = 1.9
"""Estimated delivery promised at checkout: median transit times this (about the 90th centile of
a journey), so a parcel handed over on time misses it only on a bad day or in a mishap."""
