"""商家分级: the explainable merchant grade (S1 5.1, 6.1.1; caps from key control, S1 6.4).

Measurements → a 0–100 score per measurement (scoring curves) → a weighted score per dimension →
a weighted total → a tier, lowered by any key-control cap. Arithmetic is exact (fractions); the
total is floored to 0.01 points and the tier is read from that floored figure, so what is shown is
what decided the tier. A merchant below the minimum order volume is not graded at all (S1 6.1.2
asks for grades on real operating data, and three orders are noise).

Explanation. Each measurement carries its raw value, score, effective weight and its percentile
among peers. `improvements` inverts the curves: for each measurement alone, the least change
that lifts the merchant one tier, ordered by effort (the share of the curve's range to travel).
The rules of the grade are public configuration (S4 4.2.2.3): see `grading_config`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from fractions import Fraction

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.grading.grading_config import (
    DEFAULT_GRADING,
    TIER_ORDER,
    Dimension,
    GradingConfig,
    Measure,
    MeasureSpec,
    Offence,
    Tier,
    Unit,
)

CLAUSE = "S1 6.1.1"
CENT = Decimal("0.01")

PeerDistributions = Mapping[Measure, Sequence[Decimal]]
"""Per measure, the raw values of the merchant's peers (e.g. same category, same window)."""


@dataclass(frozen=True)
class MerchantMeasurements:
    """One merchant's inputs for one window; shares are fractions 0–1, satisfaction 1–5 stars."""

    merchant_id: str
    orders: int
    values: Mapping[Measure, Decimal]
    offences: frozenset[Offence] = frozenset()
    """Confirmed key-control offences (S1 6.4)."""

    def with_value(self, measure: Measure, value: Decimal) -> MerchantMeasurements:
        return replace(self, values={**self.values, measure: value})


@dataclass(frozen=True)
class MeasurementScore:
    measure: Measure
    dimension: Dimension
    raw: Decimal
    score: Decimal
    weight: Decimal
    """Share of the total: dimension weight × weight inside the dimension."""
    peer_percentile: Decimal | None
    """Share of peers (0–100) this merchant does better than, ties counting half."""


@dataclass(frozen=True)
class Improvement:
    measure: Measure
    current: Decimal
    target: Decimal
    points: Decimal
    effort: Decimal
    text: str


@dataclass(frozen=True)
class MerchantGrade:
    merchant_id: str
    inputs: MerchantMeasurements
    tier: Tier | None
    """None: not graded (too few orders)."""
    total: Decimal | None
    reason: str
    dimensions: Mapping[Dimension, Decimal] = field(default_factory=dict)
    measurements: tuple[MeasurementScore, ...] = ()
    capped_by: frozenset[Offence] = frozenset()
    improvements: tuple[Improvement, ...] = ()


def merchant_grade(
    *,
    measurements: MerchantMeasurements,
    peers: PeerDistributions,
    config: GradingConfig = DEFAULT_GRADING,
) -> MerchantGrade:
    _check(measurements, config)
    if measurements.orders < config.minimum_orders:
        reason = f"not graded — too few orders ({measurements.orders} < {config.minimum_orders})"
        return MerchantGrade(measurements.merchant_id, measurements, None, None, reason)
    total = _exact_total(measurements, config)
    tier, capped_by = _tier(total, measurements.offences, config)
    scored = tuple(_measurement_score(s, measurements, peers, config) for s in config.measures)
    return MerchantGrade(
        merchant_id=measurements.merchant_id,
        inputs=measurements,
        tier=tier,
        total=_floor_cent(total),
        reason=f"capped by {', '.join(sorted(capped_by))} (S1 6.4)" if capped_by else "graded",
        dimensions={d: _cent(_dimension_score(d, measurements, config)) for d in Dimension},
        measurements=scored,
        capped_by=capped_by,
        improvements=_improvements(measurements, total, tier, config),
    )


def graded_total(
    measurements: MerchantMeasurements, config: GradingConfig = DEFAULT_GRADING
) -> tuple[Decimal, Tier]:
    """The exact total (floored to 0.01) and tier of a merchant that is graded — what
    `merchant_grade` decides, without the explanation around it."""
    total = _exact_total(measurements, config)
    tier, _ = _tier(total, measurements.offences, config)
    return _floor_cent(total), tier


def _check(measurements: MerchantMeasurements, config: GradingConfig) -> None:
    missing = [s.measure for s in config.measures if s.measure not in measurements.values]
    if missing or measurements.orders < 0:
        raise ValidationFailed(
            f"measurements of {measurements.merchant_id} are incomplete",
            details=[f"missing {m}" for m in missing] + ["orders < 0"] * (measurements.orders < 0),
        )


def _dimension_score(
    dimension: Dimension, measurements: MerchantMeasurements, config: GradingConfig
) -> Fraction:
    return sum(
        (
            Fraction(s.weight) * s.curve.score(measurements.values[s.measure])
            for s in config.measures
            if s.dimension is dimension
        ),
        Fraction(0),
    )


def _exact_total(measurements: MerchantMeasurements, config: GradingConfig) -> Fraction:
    return sum(
        (
            Fraction(w) * _dimension_score(d, measurements, config)
            for d, w in config.dimension_weights.items()
        ),
        Fraction(0),
    )


def _floor_cent(value: Fraction) -> Decimal:
    return Decimal(math.floor(value * 100)) / 100


def _cent(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_EVEN)


def _rank(tier: Tier) -> int:
    return TIER_ORDER.index(tier)


def _tier(
    total: Fraction, offences: frozenset[Offence], config: GradingConfig
) -> tuple[Tier, frozenset[Offence]]:
    shown = _floor_cent(total)
    by_score = max(
        (t for t in TIER_ORDER if shown >= config.tier_floors[t]), key=_rank, default=Tier.D
    )
    caps = {o: config.caps[o] for o in offences if o in config.caps}
    ceiling = min(caps.values(), key=_rank, default=Tier.S)
    if _rank(ceiling) >= _rank(by_score):
        return by_score, frozenset()
    return ceiling, frozenset(o for o, t in caps.items() if t is ceiling)


def _measurement_score(
    spec: MeasureSpec,
    measurements: MerchantMeasurements,
    peers: PeerDistributions,
    config: GradingConfig,
) -> MeasurementScore:
    raw = measurements.values[spec.measure]
    return MeasurementScore(
        measure=spec.measure,
        dimension=spec.dimension,
        raw=raw,
        score=_cent(spec.curve.score(raw)),
        weight=config.dimension_weights[spec.dimension] * spec.weight,
        peer_percentile=_peer_percentile(spec, raw, peers.get(spec.measure, ())),
    )


def _peer_percentile(spec: MeasureSpec, raw: Decimal, peers: Sequence[Decimal]) -> Decimal | None:
    if not peers:
        return None
    sign = -1 if spec.curve.lower_is_better else 1
    beaten = sum(1 for p in peers if sign * raw > sign * p)
    ties = sum(1 for p in peers if p == raw)
    share = (Fraction(beaten) + Fraction(ties, 2)) / len(peers) * 100
    return (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.1"))


def _improvements(
    measurements: MerchantMeasurements, total: Fraction, tier: Tier, config: GradingConfig
) -> tuple[Improvement, ...]:
    if tier is Tier.S:
        return ()
    goal = TIER_ORDER[_rank(tier) + 1]
    if measurements.offences and _tier(Fraction(100), measurements.offences, config)[0] is tier:
        return ()  # a key-control cap holds the tier; no score change can lift it (S1 6.4)
    gap = Fraction(config.tier_floors[goal]) - total
    found = [_improvement(s, measurements, total, gap, config) for s in config.measures]
    return tuple(sorted((i for i in found if i), key=lambda i: (i.effort, i.measure)))


def _improvement(
    spec: MeasureSpec,
    measurements: MerchantMeasurements,
    total: Fraction,
    gap: Fraction,
    config: GradingConfig,
) -> Improvement | None:
    weight = Fraction(config.dimension_weights[spec.dimension]) * Fraction(spec.weight)
    current = measurements.values[spec.measure]
    needed = spec.curve.score(current) + gap / weight
    if needed > 100:
        return None
    target = spec.curve.raw_for(needed)
    after = _exact_total(measurements.with_value(spec.measure, target), config)
    points = _cent(after - total)
    span = abs(spec.curve.unacceptable - spec.curve.excellent)
    return Improvement(
        measure=spec.measure,
        current=current,
        target=target,
        points=points,
        effort=(abs(target - current) / span).quantize(Decimal("0.0001")),
        text=(
            f"{spec.measure.replace('_', ' ')} from {_show(current, spec.unit)} "
            f"to {_show(target, spec.unit)} adds {points} points"
        ),
    )


def _show(value: Decimal, unit: Unit) -> str:
    if unit is Unit.SHARE:
        return f"{(value * 100).normalize():f} %"
    if unit is Unit.STARS:
        return f"{value.normalize():f} stars"
    return f"{value.normalize():f}"


class Movement(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME_TIER = "same_tier"
    FIRST_GRADED = "first_graded"
    NO_LONGER_GRADED = "no_longer_graded"
    STILL_NOT_GRADED = "still_not_graded"


@dataclass(frozen=True)
class MeasurementMovement:
    measure: Measure
    previous: Decimal
    current: Decimal
    points: Decimal
    """Change in this measurement's contribution to the total."""


@dataclass(frozen=True)
class GradeChange:
    merchant_id: str
    previous_tier: Tier | None
    current_tier: Tier | None
    movement: Movement
    total_change: Decimal | None
    dimension_changes: Mapping[Dimension, Decimal]
    measurement_movements: tuple[MeasurementMovement, ...]
    """Largest effect first; unchanged contributions are left out."""


def grade_change(previous: MerchantGrade, current: MerchantGrade) -> GradeChange:
    """What moved between two grades of the same merchant (S1 6.1.2 periodic re-grading)."""
    if previous.merchant_id != current.merchant_id:
        raise ValidationFailed("a grade change compares two grades of one merchant")
    before = {m.measure: m for m in previous.measurements}
    moves = [
        MeasurementMovement(
            m.measure, before[m.measure].raw, m.raw, _contribution_change(before[m.measure], m)
        )
        for m in current.measurements
        if m.measure in before
    ]
    return GradeChange(
        merchant_id=current.merchant_id,
        previous_tier=previous.tier,
        current_tier=current.tier,
        movement=_movement(previous.tier, current.tier),
        total_change=(
            current.total - previous.total
            if current.total is not None and previous.total is not None
            else None
        ),
        dimension_changes={
            d: current.dimensions[d] - previous.dimensions[d]
            for d in Dimension
            if d in current.dimensions and d in previous.dimensions
        },
        measurement_movements=tuple(
            sorted((m for m in moves if m.points), key=lambda m: (-abs(m.points), m.measure))
        ),
    )


def _contribution_change(before: MeasurementScore, after: MeasurementScore) -> Decimal:
    return (after.score * after.weight - before.score * before.weight).quantize(CENT)


def _movement(previous: Tier | None, current: Tier | None) -> Movement:
    if previous is None:
        return Movement.STILL_NOT_GRADED if current is None else Movement.FIRST_GRADED
    if current is None:
        return Movement.NO_LONGER_GRADED
    if _rank(current) == _rank(previous):
        return Movement.SAME_TIER
    return Movement.UP if _rank(current) > _rank(previous) else Movement.DOWN
