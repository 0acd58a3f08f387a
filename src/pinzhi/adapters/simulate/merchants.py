"""Merchants and their licences: profile, size, category, region, deposit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import carriers, columns, names, places
from pinzhi.adapters.simulate.categories import CATEGORIES
from pinzhi.adapters.simulate.profiles import (
    PROFILE_SHARES,
    SLACK_SCALED,
    Profile,
    draw_slack,
    trait,
)
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.catalog.models import (
    KeyCategory,
    MerchantKind,
    MerchantStatus,
    QualificationKind,
)

SELF_OPERATED_SHARE = 0.05
SELF_OPERATED_SIZE = 4.0
"""Self-operated stores sell this many times a typical third-party store."""


@dataclass(frozen=True)
class Merchants:
    profile: np.ndarray
    self_operated: np.ndarray
    category: np.ndarray
    city: np.ndarray
    province: np.ndarray
    size: np.ndarray
    """Share of the platform's ordinary orders."""
    carrier: np.ndarray
    """The carrier a merchant ships most parcels with."""
    joined_at: np.ndarray
    slack: np.ndarray
    """How often things go wrong relative to the profile's typical merchant (`profiles`)."""

    @property
    def count(self) -> int:
        return int(self.profile.size)

    def trait(self, name: str, merchant: np.ndarray) -> np.ndarray:
        """A trait of each merchant in `merchant`: its profile's, scaled by its slack where the
        trait counts things going wrong."""
        values = trait(name, self.profile[merchant])
        scaled: np.ndarray = values * self.slack[merchant] if name in SLACK_SCALED else values
        return scaled


def build_merchants(rng: np.random.Generator, scenario: Scenario) -> Merchants:
    n = scenario.merchants
    self_operated = np.zeros(n, dtype=bool)
    self_operated[: max(1, round(n * SELF_OPERATED_SHARE))] = n > 1
    profile = _profiles(n, self_operated)
    order = rng.permutation(n)
    self_operated, profile = self_operated[order], profile[order]
    shares = np.array([c.share for c in CATEGORIES])
    category = rng.choice(len(CATEGORIES), size=n, p=shares / shares.sum())
    province = places.draw_provinces(rng, n)
    city = places.draw_cities(rng, province)
    size = rng.lognormal(0.0, 1.0, size=n) * np.where(self_operated, SELF_OPERATED_SIZE, 1.0)
    in_category = np.bincount(category, weights=size, minlength=len(CATEGORIES))
    size = size / in_category[category] * shares[category]  # categories keep their order share
    carrier = np.where(
        self_operated,
        rng.choice(carriers.FAST, size=n),
        rng.choice(len(carriers.CARRIERS), size=n, p=carriers.SHARES),
    )
    years = rng.uniform(0.2, 9.0, size=n) * np.where(profile == Profile.FRAUD, 0.1, 1.0)
    joined_at = scenario.begins_at - (years * 365 * DAY).astype(np.int64)
    slack = draw_slack(rng, self_operated)
    return Merchants(
        profile,
        self_operated,
        category,
        city,
        province,
        size / size.sum(),
        carrier,
        joined_at,
        slack,
    )


def merchant_rows(rng: np.random.Generator, merchants: Merchants, *, horizon: int) -> pa.Table:
    n = merchants.count
    shop = columns.join(
        columns.pick(places.CITIES, merchants.city),
        columns.choose(rng, names.SHOP_WORDS, n),
        columns.pick([c.name for c in CATEGORIES], merchants.category),
        columns.where(
            merchants.self_operated,
            columns.pick([names.SELF_OPERATED_SUFFIX], np.zeros(n, dtype=np.int64)),
            columns.choose(rng, names.SHOP_SUFFIXES, n),
        ),
    )
    fraud = merchants.profile == Profile.FRAUD
    restricted = fraud & (rng.random(n) < 0.5)
    status = np.where(
        restricted, columns.code(MerchantStatus.RESTRICTED), columns.code(MerchantStatus.ACTIVE)
    )
    deposit_yuan = np.where(merchants.self_operated, 0, rng.choice([10_000, 20_000, 50_000], n))
    return table(
        "merchants",
        {
            "id": columns.static_ids("MER", np.arange(n)),
            "name": shop,
            "kind": columns.pick(
                [MerchantKind.SELF_OPERATED, MerchantKind.THIRD_PARTY],
                (~merchants.self_operated).astype(np.int64),
            ),
            "main_category": columns.pick([c.name for c in CATEGORIES], merchants.category),
            "region": columns.pick(places.PROVINCE_NAMES, merchants.province),
            "joined_at": columns.utc(merchants.joined_at, horizon=horizon),
            "status": columns.enum_values(MerchantStatus, status),
            "deposit_fen": pa.array(deposit_yuan * 100, type=pa.int64()),
        },
    )


def qualification_rows(rng: np.random.Generator, merchants: Merchants) -> pa.Table:
    """A business licence for all; food and import licences where the category needs them."""
    food = np.array([c.key in (KeyCategory.FOOD, KeyCategory.MOTHER_BABY) for c in CATEGORIES])
    wanted = [
        (np.ones(merchants.count, dtype=bool), QualificationKind.BUSINESS_LICENCE),
        (food[merchants.category], QualificationKind.FOOD_LICENCE),
        (rng.random(merchants.count) < 0.12, QualificationKind.IMPORT_LICENCE),
        (rng.random(merchants.count) < 0.25, QualificationKind.TRADEMARK),
    ]
    owner = np.concatenate([np.flatnonzero(mask) for mask, _ in wanted])
    kind = np.concatenate([np.full(int(mask.sum()), columns.code(k)) for mask, k in wanted])
    n = owner.size
    joined_day = merchants.joined_at[owner] // DAY
    valid_from = joined_day - rng.integers(30, 400, n)
    lifetime = kind == columns.code(QualificationKind.BUSINESS_LICENCE)
    valid_until = valid_from + rng.integers(365 * 3, 365 * 6, n)
    fraud = merchants.profile[owner] == Profile.FRAUD
    return table(
        "merchant_qualifications",
        {
            "id": columns.static_ids("QUA", np.arange(n)),
            "merchant_id": columns.static_ids("MER", owner),
            "kind": columns.enum_values(QualificationKind, kind),
            "number": columns.numbered("91", rng.integers(10**15, 10**16, n), width=16),
            "valid_from": columns.dates(valid_from),
            "valid_until": columns.dates(valid_until, mask=lifetime & (rng.random(n) < 0.7)),
            "verified": pa.array(rng.random(n) < np.where(fraud, 0.6, 0.97)),
        },
    )


def _profiles(n: int, self_operated: np.ndarray) -> np.ndarray:
    """Exact counts, so even a handful of merchants has one sloppy and one fraudulent."""
    third_party = n - int(self_operated.sum())
    fraud = max(1, round(third_party * PROFILE_SHARES[Profile.FRAUD])) if third_party > 2 else 0
    sloppy = max(1, round(third_party * PROFILE_SHARES[Profile.SLOPPY])) if third_party > 1 else 0
    profile = np.full(n, Profile.GOOD, dtype=np.int64)
    candidates = np.flatnonzero(~self_operated)
    profile[candidates[:fraud]] = Profile.FRAUD
    profile[candidates[fraud : fraud + sloppy]] = Profile.SLOPPY
    return profile
