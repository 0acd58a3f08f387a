"""The product grade as pure rules: measured numbers in, dimension scores, tier and reasons out.

S1 7.1.1 names what a product is graded on — qualifications, production standards, listing
information, after-sales data and reviews; S1 7.1.2 adds third-party spot checks for key
categories. Production standards have no data source in pinzhi's catalog yet and are not scored.
The numbers come from `product_measurements` (Ibis on the lake) and, for the quality-praise rate,
from the language module run by the daily job; nothing here reads a store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from pinzhi.domain.grading.grading_config import TIER_ORDER, Tier
from pinzhi.domain.products_quality.product_config import (
    DEFAULT_PRODUCT_CONFIG,
    ProductDimension,
    ProductGradingConfig,
)
from pinzhi.domain.products_quality.product_measurements import COLUMNS, FLAG_COLUMNS

D = ProductDimension


@dataclass(frozen=True)
class ProductFacts:
    """What was measured about one product in the window (counts are whole numbers)."""

    product_id: str
    merchant_id: str
    category: str
    key_category: bool
    description_length: int
    photo_count: int
    attribute_count: int
    branded: bool
    brand_authorised: bool
    certifications: int
    """Certifications valid on the as-of day."""
    inspections_passed: int
    inspections_failed: int
    latest_inspection_failed: bool
    units: int
    """Order lines of the product placed in the window and not cancelled."""
    returned_units: int
    cases: int
    quality_cases: int
    complaints: int
    quality_complaints: int
    reviews: int
    rating_sum: int
    quality_praise_rate: float
    """Share of the window's reviews praising quality (language module), 0 without reviews."""

    @classmethod
    def from_counts(cls, row: Mapping[str, Any], quality_praise_rate: float) -> ProductFacts:
        """From a row of `product_measurements.COLUMNS` (flags as 0/1)."""
        values = {name: row[name] for name in COLUMNS}
        for flag in FLAG_COLUMNS:
            values[flag] = bool(values[flag])
        return cls(**values, quality_praise_rate=quality_praise_rate)


@dataclass(frozen=True)
class ProductGrade:
    product_id: str
    total: Decimal
    tier: Tier
    scores: dict[str, float]
    """Dimension → score 0–100, only the dimensions that applied."""
    reasons: list[str]
    """What held the grade down, one short English sentence each (empty: nothing did)."""
    premium: bool | None
    """Whether the product earns the premium designation; None: too few units to decide, the
    current designation stands."""
    premium_reason: str
    traffic: str
    """"boost" (premium), "withhold" (low tier or failed spot check) or "neutral"."""


def grade_product(
    facts: ProductFacts, config: ProductGradingConfig = DEFAULT_PRODUCT_CONFIG
) -> ProductGrade:
    reasons: list[str] = []
    scores: dict[ProductDimension, float] = {
        D.QUALIFICATIONS: _qualifications(facts, config, reasons),
        D.LISTING: _listing(facts, config, reasons),
    }
    if facts.units >= config.min_units:
        scores[D.AFTERSALES] = _aftersales(facts, config, reasons)
    if facts.reviews >= config.min_reviews:
        scores[D.REVIEWS] = _reviews(facts, config, reasons)
    if facts.key_category:
        scores[D.SPOT_CHECKS] = _spot_checks(facts, config, reasons)
    weight = sum(config.weights[d] for d in scores)
    raw = sum((Decimal(str(s)) * config.weights[d] for d, s in scores.items()), Decimal(0))
    raw /= weight
    total = raw.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    tier = next(t for t in reversed(TIER_ORDER) if total >= config.tier_floors[t])
    unproven = D.AFTERSALES not in scores and D.REVIEWS not in scores
    if unproven and _above(tier, config.unproven_cap):
        tier = config.unproven_cap
        reasons.append(f"too few units and reviews to judge: at best tier {tier.value}")
    if facts.latest_inspection_failed and _above(tier, config.failed_check_cap):
        tier = config.failed_check_cap
    premium, premium_reason = _premium(facts, tier, config)
    if premium:
        traffic = "boost"
    elif tier in config.withheld_tiers or facts.latest_inspection_failed:
        traffic = "withhold"
    else:
        traffic = "neutral"
    return ProductGrade(
        product_id=facts.product_id,
        total=total,
        tier=tier,
        scores={d.value: round(s, 2) for d, s in scores.items()},
        reasons=reasons,
        premium=premium,
        premium_reason=premium_reason,
        traffic=traffic,
    )


def _above(tier: Tier, cap: Tier) -> bool:
    return TIER_ORDER.index(tier) > TIER_ORDER.index(cap)


def _qualifications(f: ProductFacts, c: ProductGradingConfig, reasons: list[str]) -> float:
    score = 100.0
    if f.branded and not f.brand_authorised:
        score = min(score, c.unauthorised_brand_score)
        reasons.append("branded listing without a valid brand authorisation")
    if f.key_category and f.certifications == 0:
        score = min(score, c.uncertified_key_score)
        reasons.append("key-category product without a valid certification")
    if f.latest_inspection_failed:
        score = 0.0
        reasons.append("the latest inspection failed")
    return score


def _listing(f: ProductFacts, c: ProductGradingConfig, reasons: list[str]) -> float:
    t = c.listing
    parts = {
        "description": min(1.0, f.description_length / t.description_length),
        "photos": min(1.0, f.photo_count / t.photos),
        "attributes": min(1.0, f.attribute_count / t.attributes),
    }
    reasons += [f"listing {name} incomplete" for name, share in parts.items() if share < 0.5]
    score = 100.0 * sum(parts.values()) / len(parts)
    if f.key_category and f.photo_count < t.key_category_photos:
        score = min(score, 50.0)
        reasons.append(f"key-category listing with fewer than {t.key_category_photos} photos")
    return score


def _aftersales(f: ProductFacts, c: ProductGradingConfig, reasons: list[str]) -> float:
    return_rate = f.returned_units / f.units
    problems = f.cases + f.complaints
    quality_share = (f.quality_cases + f.quality_complaints) / problems if problems else 0.0
    returns = c.return_rate.score(return_rate)
    quality = c.quality_share.score(quality_share)
    if returns < 50:
        reasons.append(f"return rate {return_rate:.1%}")
    if quality < 50:
        reasons.append(f"{quality_share:.0%} of after-sales problems are about quality")
    return (returns + quality) / 2


def _reviews(f: ProductFacts, c: ProductGradingConfig, reasons: list[str]) -> float:
    mean = f.rating_sum / f.reviews
    rating = c.mean_rating.score(mean)
    praise = c.praise_rate.score(f.quality_praise_rate)
    if rating < 50:
        reasons.append(f"mean rating {mean:.2f}")
    if praise < 50:
        reasons.append(f"quality praised in only {f.quality_praise_rate:.0%} of reviews")
    return (rating + praise) / 2


def _spot_checks(f: ProductFacts, c: ProductGradingConfig, reasons: list[str]) -> float:
    if f.latest_inspection_failed:
        return 0.0
    if f.inspections_passed == 0:
        reasons.append("key-category product without a third-party spot check")
        return c.unchecked_key_score
    return 100.0


def _premium(f: ProductFacts, tier: Tier, c: ProductGradingConfig) -> tuple[bool | None, str]:
    """Premium (S1 7.2) and why — or why not, for the decision log."""
    if f.units < c.min_units:
        return None, f"only {f.units} units sold, fewer than {c.min_units}"
    if tier not in c.premium_tiers:
        return False, f"tier {tier.value} is below the premium tiers"
    if f.latest_inspection_failed:
        return False, "the latest inspection failed"
    if f.key_category and f.certifications == 0:
        return False, "key-category product without a valid certification"
    return True, f"tier {tier.value} with {f.units} units sold and clean qualifications"
