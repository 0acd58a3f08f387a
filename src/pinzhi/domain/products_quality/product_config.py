"""The product grade's configuration and its documented default (S1 7.1).

Each dimension scores 0–100. A rate is read on a linear scale between a *good* value (scores
100) and a *bad* value (scores 0). The total is the weighted mean of the dimensions that apply
to the product: a dimension without enough data (too few units sold, too few reviews) or one
that does not concern the product (spot checks outside key categories) drops out and the other
weights are renormalised, so a new listing is graded on what can be known about it.

Default weights: qualifications 25, listing 15, after-sales 25, reviews 20, spot checks 15.
Tier floors as for merchants (S ≥ 90, A ≥ 80, B ≥ 65, C ≥ 50); a listing with
neither enough units sold nor enough reviews is at best B; one whose latest inspection
failed is D. Premium (S1 7.2): tier S or A,
enough units sold to judge after-sales, no failed spot check, key categories certified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.grading.grading_config import DEFAULT_TIER_FLOORS, Tier


class ProductDimension(StrEnum):
    QUALIFICATIONS = "qualifications"  # 资质: certification, brand authorisation, inspection
    LISTING = "listing"  # 信息质量: description, photos, attributes, category rules
    AFTERSALES = "aftersales"  # 售后: return rate, share of quality problems
    REVIEWS = "reviews"  # 评价: mean rating, quality-praise mention rate
    SPOT_CHECKS = "spot_checks"  # 第三方抽检 for key categories (S1 7.1.2)


@dataclass(frozen=True)
class Scale:
    """A rate mapped to 0–100: `good` scores 100, `bad` scores 0, linear between."""

    good: float
    bad: float

    def __post_init__(self) -> None:
        if self.good == self.bad:
            raise ValidationFailed("a scale needs good != bad")

    def score(self, value: float) -> float:
        share = (value - self.bad) / (self.good - self.bad)
        return 100.0 * min(1.0, max(0.0, share))


@dataclass(frozen=True)
class ListingTargets:
    """A complete listing: at least this long a description, this many photos and attributes."""

    description_length: int = 300
    photos: int = 5
    attributes: int = 8
    key_category_photos: int = 3
    """Category rule: a key-category listing shows at least this many photos."""


@dataclass(frozen=True)
class ProductGradingConfig:
    weights: Mapping[ProductDimension, int] = field(
        default_factory=lambda: {
            ProductDimension.QUALIFICATIONS: 25,
            ProductDimension.LISTING: 15,
            ProductDimension.AFTERSALES: 25,
            ProductDimension.REVIEWS: 20,
            ProductDimension.SPOT_CHECKS: 15,
        }
    )
    tier_floors: Mapping[Tier, Decimal] = field(default_factory=lambda: dict(DEFAULT_TIER_FLOORS))
    listing: ListingTargets = field(default_factory=ListingTargets)
    return_rate: Scale = field(default_factory=lambda: Scale(good=0.02, bad=0.20))
    quality_share: Scale = field(default_factory=lambda: Scale(good=0.10, bad=0.60))
    """Share of the product's after-sales cases and complaints that are about quality."""
    mean_rating: Scale = field(default_factory=lambda: Scale(good=4.8, bad=3.0))
    praise_rate: Scale = field(default_factory=lambda: Scale(good=0.30, bad=0.0))
    min_units: int = 10
    """Units sold in the window before after-sales rates are judged."""
    min_reviews: int = 5
    unauthorised_brand_score: float = 20.0
    """Qualifications score of a branded product its merchant holds no authorisation for."""
    uncertified_key_score: float = 30.0
    """Qualifications score of a key-category product without a valid certification."""
    unchecked_key_score: float = 40.0
    """Spot-check score of a key-category product never checked in the look-back."""
    failed_check_cap: Tier = Tier.D
    """Best tier of a product whose latest inspection failed: unsafe or substandard goods are
    not offset by good reviews."""
    unproven_cap: Tier = Tier.B
    """Best tier of a listing with neither enough units nor enough reviews to judge it: its
    qualifications and listing alone cannot make it top tier."""
    premium_tiers: frozenset[Tier] = frozenset({Tier.S, Tier.A})
    withheld_tiers: frozenset[Tier] = frozenset({Tier.D})
    """Tiers whose products get no traffic support (S1 7.2)."""

    def __post_init__(self) -> None:
        if set(self.weights) != set(ProductDimension) or any(w < 0 for w in self.weights.values()):
            raise ValidationFailed("weights need every product dimension, none negative")
        if sum(self.weights.values()) <= 0:
            raise ValidationFailed("weights must not all be zero")
        if set(self.tier_floors) != set(Tier):
            raise ValidationFailed("tier floors need every tier")
        if self.min_units < 1 or self.min_reviews < 1:
            raise ValidationFailed("minimum volumes must be at least 1")


DEFAULT_PRODUCT_CONFIG = ProductGradingConfig()
