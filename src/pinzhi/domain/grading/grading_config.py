"""The merchant grade's policy: dimensions, weights, scoring curves, tiers and caps (S1 6.1.1).

S4 4.2.2.3 asks a platform to publish its credit-evaluation rules, so every number that decides a
grade lives here, as configuration with a documented default, and nothing else does.

Scoring curve. Each measurement is scored 0–100 on a piecewise-linear curve: 100 at or beyond its
"excellent" value, 0 at or beyond its "unacceptable" value, a straight line between. A straight
line is easy to publish, easy to invert (what value earns N more points?) and never rewards a worse
value. Where a public marketplace limit exists (Amazon's account-health targets: late shipment
< 4 %, pre-fulfilment cancellation < 2.5 %, order defect rate < 1 %), "unacceptable" sits at twice
the limit and "excellent" at a quarter of it or below, so a merchant right at the limit scores
about half marks.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from pinzhi.core.errors import ValidationFailed

HUNDRED = Fraction(100)


class Dimension(StrEnum):
    """The five dimensions of S1 6.1.1."""

    BRAND = "brand_influence"  # 品牌影响力
    QUALIFICATIONS = "qualifications"  # 资质情况
    OPERATIONS = "operations"  # 平台内经营情况
    CREDIT = "credit"  # 信用情况
    SERVICE = "service_level"  # 服务水平


class Measure(StrEnum):
    WELL_KNOWN_BRAND_SHARE = "well_known_brand_share"
    AUTHORISED_BRAND_SHARE = "authorised_brand_share"
    VERIFIED_LICENCE_SHARE = "verified_licence_share"
    EXPIRED_LICENCES = "expired_licences"
    LATE_SHIPMENT_RATE = "late_shipment_rate"
    CANCELLATION_RATE = "cancellation_rate"
    LATE_DELIVERY_RATE = "late_delivery_rate"
    REFUND_RATE = "refund_rate"
    RETURN_RATE = "return_rate"
    ORDER_DEFECT_RATE = "order_defect_rate"
    """Orders with a negative review, upheld complaint or 先行赔付, over orders (Amazon ODR)."""
    MINOR_VIOLATIONS = "minor_violations"
    SERIOUS_VIOLATIONS = "serious_violations"
    SEVERE_VIOLATIONS = "severe_violations"
    DEPOSIT_COVERAGE = "deposit_coverage"
    """Deposit held over the deposit the category requires (保证金), capped at 1 by the curve."""
    SLA_ATTAINMENT = "sla_attainment"
    COMPLAINT_CLOSURE_RATE = "complaint_closure_rate"
    SATISFACTION = "satisfaction"
    """Mean rating on the 1–5 scale."""


class Unit(StrEnum):
    SHARE = "share"  # a fraction 0–1, shown as a percentage
    COUNT = "count"
    STARS = "stars"


class Tier(StrEnum):
    """Best first; `TIER_ORDER` gives the rank."""

    S = "S"
    A = "A"
    B = "B"
    C = "C"
    D = "D"


TIER_ORDER = (Tier.D, Tier.C, Tier.B, Tier.A, Tier.S)


class Offence(StrEnum):
    """Confirmed conduct that puts a merchant under key control (重点管控, S1 6.4)."""

    COUNTERFEIT = "counterfeit"  # 售假
    FAKE_ORDERS = "fake_orders"  # 刷单
    FALSE_ADVERTISING = "false_advertising"  # 虚假宣传
    UNSAFE_GOODS = "unsafe_goods"  # 产品或服务安全不达标


@dataclass(frozen=True)
class ScoringCurve:
    """100 points at `excellent`, 0 at `unacceptable`, linear between, flat outside."""

    excellent: Decimal
    unacceptable: Decimal
    step: Decimal
    """Precision of a suggested target value (0.01 % for rates, one for counts)."""

    @property
    def lower_is_better(self) -> bool:
        return self.excellent < self.unacceptable

    def score(self, raw: Decimal) -> Fraction:
        span = Fraction(self.unacceptable) - Fraction(self.excellent)
        position = (Fraction(self.unacceptable) - Fraction(raw)) / span
        return min(HUNDRED, max(Fraction(0), position * HUNDRED))

    def raw_for(self, score: Fraction) -> Decimal:
        """The least demanding value, on the step grid, that scores at least `score` (≤ 100)."""
        span = Fraction(self.unacceptable) - Fraction(self.excellent)
        exact = Fraction(self.unacceptable) - score * span / HUNDRED
        steps = exact / Fraction(self.step)
        whole = math.floor(steps) if self.lower_is_better else math.ceil(steps)
        return whole * self.step


@dataclass(frozen=True)
class MeasureSpec:
    measure: Measure
    dimension: Dimension
    weight: Decimal
    """Share of the dimension's score; the weights inside one dimension sum to 1."""
    curve: ScoringCurve
    unit: Unit = Unit.SHARE


def _share(excellent: str, unacceptable: str) -> ScoringCurve:
    return ScoringCurve(Decimal(excellent), Decimal(unacceptable), Decimal("0.0001"))


def _count(unacceptable: int) -> ScoringCurve:
    return ScoringCurve(Decimal(0), Decimal(unacceptable), Decimal(1))


def _spec(
    measure: Measure,
    dimension: Dimension,
    weight: str,
    curve: ScoringCurve,
    unit: Unit = Unit.SHARE,
) -> MeasureSpec:
    return MeasureSpec(measure, dimension, Decimal(weight), curve, unit)


M, D = Measure, Dimension
DEFAULT_MEASURES = (
    # Brand: half the listings under well-known brands is already a strong brand merchant.
    _spec(M.WELL_KNOWN_BRAND_SHARE, D.BRAND, "0.5", _share("0.5", "0")),
    _spec(M.AUTHORISED_BRAND_SHARE, D.BRAND, "0.5", _share("1", "0.5")),
    # Qualifications: every licence verified; two expired licences is a lapse in compliance.
    _spec(M.VERIFIED_LICENCE_SHARE, D.QUALIFICATIONS, "0.6", _share("1", "0.8")),
    _spec(M.EXPIRED_LICENCES, D.QUALIFICATIONS, "0.4", _count(2), Unit.COUNT),
    # Operations: Amazon-derived where Amazon publishes a limit (module docstring).
    _spec(M.LATE_SHIPMENT_RATE, D.OPERATIONS, "0.2", _share("0.01", "0.08")),
    _spec(M.CANCELLATION_RATE, D.OPERATIONS, "0.15", _share("0.005", "0.05")),
    _spec(M.LATE_DELIVERY_RATE, D.OPERATIONS, "0.15", _share("0.01", "0.06")),
    _spec(M.REFUND_RATE, D.OPERATIONS, "0.1", _share("0.02", "0.15")),
    _spec(M.RETURN_RATE, D.OPERATIONS, "0.1", _share("0.03", "0.2")),
    _spec(M.ORDER_DEFECT_RATE, D.OPERATIONS, "0.3", _share("0.0025", "0.02")),
    # Credit (S4 4.2.2.3): one severe violation, two serious or six minor empty the measure.
    _spec(M.MINOR_VIOLATIONS, D.CREDIT, "0.2", _count(6), Unit.COUNT),
    _spec(M.SERIOUS_VIOLATIONS, D.CREDIT, "0.3", _count(2), Unit.COUNT),
    _spec(M.SEVERE_VIOLATIONS, D.CREDIT, "0.3", _count(1), Unit.COUNT),
    _spec(M.DEPOSIT_COVERAGE, D.CREDIT, "0.2", _share("1", "0")),
    # Service level: targets of the SLA module; 3.5 stars is where buyers stop returning.
    _spec(M.SLA_ATTAINMENT, D.SERVICE, "0.4", _share("0.98", "0.8")),
    _spec(M.COMPLAINT_CLOSURE_RATE, D.SERVICE, "0.3", _share("0.95", "0.7")),
    _spec(
        M.SATISFACTION,
        D.SERVICE,
        "0.3",
        ScoringCurve(Decimal("4.8"), Decimal("3.5"), Decimal("0.01")),
        Unit.STARS,
    ),
)

DEFAULT_DIMENSION_WEIGHTS: Mapping[Dimension, Decimal] = {
    # Operations weigh most: measured on every order, hardest to dress up.
    D.OPERATIONS: Decimal("0.35"),
    D.SERVICE: Decimal("0.20"),
    D.CREDIT: Decimal("0.20"),
    D.QUALIFICATIONS: Decimal("0.15"),
    # Brand least, so a small merchant without famous brands can still reach the top tier.
    D.BRAND: Decimal("0.10"),
}

DEFAULT_TIER_FLOORS: Mapping[Tier, Decimal] = {
    Tier.S: Decimal(90),
    Tier.A: Decimal(80),
    Tier.B: Decimal(65),
    Tier.C: Decimal(50),
    Tier.D: Decimal(0),
}

DEFAULT_CAPS: Mapping[Offence, Tier] = {
    # S1 6.4: selling fakes or unsafe goods puts the merchant in the lowest tier whatever else;
    # fake orders and false advertising distort the very numbers the grade reads, so at most C.
    Offence.COUNTERFEIT: Tier.D,
    Offence.UNSAFE_GOODS: Tier.D,
    Offence.FAKE_ORDERS: Tier.C,
    Offence.FALSE_ADVERTISING: Tier.C,
}


@dataclass(frozen=True)
class GradingConfig:
    dimension_weights: Mapping[Dimension, Decimal] = field(
        default_factory=lambda: dict(DEFAULT_DIMENSION_WEIGHTS)
    )
    measures: tuple[MeasureSpec, ...] = DEFAULT_MEASURES
    tier_floors: Mapping[Tier, Decimal] = field(default_factory=lambda: dict(DEFAULT_TIER_FLOORS))
    minimum_orders: int = 30
    """Below this many orders in the window one defect moves a rate by > 3 points: not graded."""
    caps: Mapping[Offence, Tier] = field(default_factory=lambda: dict(DEFAULT_CAPS))

    def __post_init__(self) -> None:
        problems = [*self._weight_problems(), *self._curve_problems(), *self._tier_problems()]
        if problems:
            raise ValidationFailed("invalid grading configuration", details=problems)

    def spec(self, measure: Measure) -> MeasureSpec:
        return next(s for s in self.measures if s.measure is measure)

    def _weight_problems(self) -> list[str]:
        problems = []
        if set(self.dimension_weights) != set(Dimension):
            problems.append("every dimension needs a weight")
        if sum(self.dimension_weights.values(), Decimal(0)) != 1:
            problems.append("dimension weights must sum to 1")
        problems += [
            f"{d} weight must be positive" for d, w in self.dimension_weights.items() if w <= 0
        ]
        for dimension in Dimension:
            inside = [s.weight for s in self.measures if s.dimension is dimension]
            if not inside or sum(inside, Decimal(0)) != 1 or min(inside) <= 0:
                problems.append(f"{dimension} measure weights must be positive and sum to 1")
        if len({s.measure for s in self.measures}) != len(self.measures):
            problems.append("a measure is configured twice")
        return problems

    def _curve_problems(self) -> list[str]:
        return [
            f"{s.measure} curve needs distinct ends on its step grid"
            for s in self.measures
            if s.curve.excellent == s.curve.unacceptable
            or s.curve.step <= 0
            or s.curve.excellent % s.curve.step
            or s.curve.unacceptable % s.curve.step
        ]

    def _tier_problems(self) -> list[str]:
        floors = [self.tier_floors.get(t) for t in TIER_ORDER]
        if any(f is None for f in floors):
            return ["every tier needs a floor"]
        known = [f for f in floors if f is not None]
        if known[0] != 0 or any(a >= b for a, b in itertools.pairwise(known)):
            return ["tier floors must start at 0 for D and rise strictly to S"]
        if known[-1] > 100 or any((f * 100) % 1 for f in known):
            return ["tier floors must lie within 0-100 on a 0.01 grid"]
        return []


DEFAULT_GRADING = GradingConfig()
