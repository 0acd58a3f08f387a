"""Consumers: names, phones, addresses, region, elderly/disabled flags, locale and credit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, people, places
from pinzhi.adapters.simulate.fraud import Rings
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.customers.models import CreditLevel

LOCALES = ("zh-CN", "zh-HK", "zh-TW", "en-US", "ja-JP", "ko-KR")
LOCALE_WEIGHTS = (0.965, 0.01, 0.008, 0.01, 0.004, 0.003)
CREDIT_BANDS = np.array([750, 650, 550])
"""Scores from these up are excellent, good, fair; below the last, poor."""


@dataclass(frozen=True)
class Consumers:
    province: np.ndarray
    elderly: np.ndarray
    activity: np.ndarray
    """Cumulative order weight over ordinary consumers (ring members excluded)."""
    name: pa.Array
    phone: pa.Array
    address: pa.Array
    registered_at: np.ndarray

    @property
    def count(self) -> int:
        return int(self.province.size)


def build_consumers(
    rng: np.random.Generator, *, count: int, rings: Rings, begins_at: int
) -> Consumers:
    if count <= rings.members:
        raise ValidationFailed(f"{count} consumers cannot hold {rings.members} fake-order accounts")
    province = places.draw_provinces(rng, count)
    address = people.addresses(rng, province, places.draw_cities(rng, province))
    member = _ring_member(rings, count)
    shared = address.take(pa.array(rings.first[np.maximum(member, 0)]))
    years = rng.exponential(3.0, count).clip(0.01, 12)
    registered = begins_at - (years * 365 * DAY).astype(np.int64)
    registered = np.where(member >= 0, begins_at - rng.integers(DAY, 60 * DAY, count), registered)
    ordinary = count - rings.members
    return Consumers(
        province=province,
        elderly=(rng.random(count) < 0.08) & (member < 0),
        activity=np.cumsum(rng.lognormal(0.0, 1.1, ordinary)),
        name=people.person_names(rng, count),
        phone=people.mobile_numbers(rng, count),
        address=columns.where(member >= 0, shared, address),
        registered_at=registered,
    )


def consumer_rows(
    rng: np.random.Generator, consumers: Consumers, rings: Rings, *, horizon: int
) -> pa.Table:
    n = consumers.count
    member = _ring_member(rings, n) >= 0
    score = np.clip(rng.normal(660, 80, n), 350, 950).astype(np.int64)
    score = np.where(member, rng.integers(380, 560, n), score)
    level = np.searchsorted(-CREDIT_BANDS, -score, side="left")
    return table(
        "consumers",
        {
            "id": columns.static_ids("CON", np.arange(n)),
            "name": consumers.name,
            "phone": consumers.phone,
            "address": consumers.address,
            "region": columns.pick(places.PROVINCE_NAMES, consumers.province),
            "registered_at": columns.utc(consumers.registered_at, horizon=horizon),
            "elderly": pa.array(consumers.elderly),
            "disabled": pa.array(rng.random(n) < 0.015),
            "locale": columns.choose(rng, LOCALES, n, p=LOCALE_WEIGHTS),
            "credit_score": pa.array(score),
            "credit_level": columns.enum_values(CreditLevel, level),
        },
    )


def _ring_member(rings: Rings, count: int) -> np.ndarray:
    """For each consumer, the ring it belongs to, or −1."""
    ring = np.full(count, -1)
    for index, (first, size) in enumerate(zip(rings.first, rings.size, strict=True)):
        ring[first : first + size] = index
    return ring
