"""Early-warning rules (S1 6.1.2): pure functions from counts and grades to warnings.

Three families, each a warning with a kind, a reason a merchant can read, the numbers behind it
(evidence, as text so it stores and compares exactly) and a severity:

- threshold crossings: the tier fell since the previous grade; a graded rate rose above its
  category's limit from at or below it in the previous grade (a first grade crosses nothing);
- sudden shifts: a recent rate (negative reviews over reviews, complaints over orders) at least
  `shift_ratio` times the merchant's own baseline and `shift_margin` above it, or at least
  `category_ratio` times its category's recent rate — only with `min_recent` cases to judge;
- fake-order bursts (刷单, S1 6.4): a large share of the window's orders from buyers who bought
  again and again, or a large share of five-star reviews written minutes after delivery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pinzhi.domain.oversight.models import WarningKind, WarningSeverity

TIER_RANK = {"D": 0, "C": 1, "B": 2, "A": 3, "S": 4}
DEFAULT_LIMITS: Mapping[str, Decimal] = {
    # Amazon's published account-health targets, as in `grading_config`
    "late_shipment_rate": Decimal("0.04"),
    "cancellation_rate": Decimal("0.025"),
    "order_defect_rate": Decimal("0.01"),
}
SHIFT_RATES = {
    # rate: (recent numerator, recent denominator, baseline numerator, baseline denominator)
    "negative_review_rate": ("recent_negative", "recent_reviews", "base_negative", "base_reviews"),
    "complaint_rate": ("recent_complaints", "recent_orders", "base_complaints", "base_orders"),
}


@dataclass(frozen=True)
class MonitorConfig:
    """Windows and thresholds of the early warnings, with documented defaults."""

    recent_days: int = 7
    baseline_days: int = 30
    fake_window_days: int = 14
    repeat_orders: int = 3
    """A buyer with this many orders from one merchant within one day is a repeat buyer."""
    instant_minutes: int = 30
    min_recent: int = 10
    shift_ratio: Decimal = Decimal(2)
    shift_margin: Decimal = Decimal("0.05")
    category_ratio: Decimal = Decimal(3)
    fake_min_orders: int = 10
    fake_repeat_share: Decimal = Decimal("0.3")
    fake_min_instant: int = 5
    fake_instant_share: Decimal = Decimal("0.2")
    limits: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    category_limits: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    """Per category, limits that replace the default ones."""

    def __post_init__(self) -> None:
        days = (self.recent_days, self.baseline_days, self.fake_window_days)
        if min(days) < 1 or self.repeat_orders < 2 or self.instant_minutes < 1:
            raise ValueError("windows need at least a day and repeats at least two orders")

    def limit(self, category: str, measure: str) -> Decimal | None:
        return self.category_limits.get(category, {}).get(measure, self.limits.get(measure))


DEFAULT_MONITOR = MonitorConfig()


@dataclass(frozen=True)
class WarningDraft:
    merchant_id: str
    kind: WarningKind
    severity: WarningSeverity
    reason: str
    evidence: dict[str, str]


@dataclass(frozen=True)
class GradeSnapshot:
    """What the rules read of a stored grade: its tier (None: not graded) and raw rates."""

    tier: str | None
    rates: dict[str, Decimal]

    @classmethod
    def of(cls, tier: str | None, measurements: Mapping[str, Any]) -> GradeSnapshot:
        scores = measurements.get("scores", [])
        return cls(tier, {s["measure"]: Decimal(s["raw"]) for s in scores})


def grade_warnings(
    merchant_id: str,
    category: str,
    current: GradeSnapshot,
    previous: GradeSnapshot | None,
    config: MonitorConfig = DEFAULT_MONITOR,
) -> list[WarningDraft]:
    """Threshold crossings between the previous grade and the current one."""
    found: list[WarningDraft] = []
    if previous is not None and previous.tier and current.tier:
        drop = TIER_RANK[previous.tier] - TIER_RANK[current.tier]
        if drop > 0:
            found.append(
                WarningDraft(
                    merchant_id,
                    WarningKind.TIER_DROP,
                    WarningSeverity.CRITICAL if drop >= 2 else WarningSeverity.SERIOUS,
                    f"tier fell from {previous.tier} to {current.tier}",
                    {"previous_tier": previous.tier, "tier": current.tier},
                )
            )
    crossed = []
    evidence: dict[str, str] = {}
    for measure, value in sorted(current.rates.items()):
        limit = config.limit(category, measure)
        if limit is None or value <= limit:
            continue
        before = None if previous is None else previous.rates.get(measure)
        if before is None or before > limit:
            continue
        crossed.append(measure)
        evidence[measure] = str(value)
        evidence[f"{measure}_limit"] = str(limit)
        evidence[f"{measure}_previous"] = str(before)
    if crossed:
        found.append(
            WarningDraft(
                merchant_id,
                WarningKind.RATE_ABOVE_LIMIT,
                WarningSeverity.SERIOUS,
                f"{', '.join(crossed)} rose above the {category} limit",
                evidence,
            )
        )
    return found


def category_rates(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Decimal]]:
    """Each category's recent rate of every shift rate (only where it has cases to judge)."""
    totals: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        per = totals.setdefault(row["main_category"], {})
        for rate, (num, den, _, _) in SHIFT_RATES.items():
            pair = per.setdefault(rate, [0, 0])
            pair[0] += int(row[num])
            pair[1] += int(row[den])
    return {
        category: {rate: Decimal(n) / Decimal(d) for rate, (n, d) in per.items() if d}
        for category, per in totals.items()
    }


def shift_warning(
    row: Mapping[str, Any],
    category: Mapping[str, Decimal],
    config: MonitorConfig = DEFAULT_MONITOR,
) -> WarningDraft | None:
    """A sudden shift of a recent rate against the merchant's baseline or its category."""
    reasons: list[str] = []
    evidence: dict[str, str] = {}
    for rate, (num, den, base_num, base_den) in SHIFT_RATES.items():
        if int(row[den]) < config.min_recent:
            continue
        recent = Decimal(int(row[num])) / Decimal(int(row[den]))
        own = Decimal(int(row[base_num])) / Decimal(int(row[base_den])) if row[base_den] else None
        peers = category.get(rate)
        above_own = (
            own is not None
            and int(row[base_den]) >= config.min_recent
            and recent >= own * config.shift_ratio
            and recent >= own + config.shift_margin
        )
        above_peers = (
            peers is not None
            and recent >= peers * config.category_ratio
            and recent >= peers + config.shift_margin
        )
        if not (above_own or above_peers):
            continue
        evidence |= {
            f"{rate}_recent": str(recent),
            f"{rate}_cases": f"{row[num]}/{row[den]}",
            **({f"{rate}_baseline": str(own)} if own is not None else {}),
            **({f"{rate}_category": str(peers)} if peers is not None else {}),
        }
        against = " and ".join(
            w for w, hit in (("its own baseline", above_own), ("its category", above_peers)) if hit
        )
        reasons.append(f"{rate} jumped to {_percent(recent)} above {against}")
    if not reasons:
        return None
    severity = WarningSeverity.SERIOUS if len(reasons) > 1 else WarningSeverity.NOTICE
    return WarningDraft(
        str(row["merchant_id"]), WarningKind.SUDDEN_SHIFT, severity, "; ".join(reasons), evidence
    )


def fake_order_warning(
    row: Mapping[str, Any], config: MonitorConfig = DEFAULT_MONITOR
) -> WarningDraft | None:
    """Orders concentrated on repeat buyers, or five-star reviews minutes after delivery."""
    orders, repeat = int(row["window_orders"]), int(row["repeat_buyer_orders"])
    reviews, instant = int(row["window_reviews"]), int(row["instant_five_star"])
    concentrated = orders >= config.fake_min_orders and Decimal(repeat) >= (
        config.fake_repeat_share * orders
    )
    hasty = instant >= config.fake_min_instant and Decimal(instant) >= (
        config.fake_instant_share * reviews
    )
    if not (concentrated or hasty):
        return None
    signs = []
    if concentrated:
        signs.append(
            f"{repeat} of {orders} orders came from buyers with {config.repeat_orders} or more"
            f" orders in one day (top buyer: {row['top_buyer_orders']} in a day,"
            f" {row['window_buyers']} buyers)"
        )
    if hasty:
        signs.append(
            f"{instant} of {reviews} reviews were five stars within"
            f" {config.instant_minutes} minutes of delivery"
        )
    evidence = {
        name: str(row[name])
        for name in (
            "window_orders",
            "window_buyers",
            "repeat_buyer_orders",
            "top_buyer_orders",
            "window_reviews",
            "instant_five_star",
        )
    }
    evidence["window_days"] = str(config.fake_window_days)
    return WarningDraft(
        str(row["merchant_id"]),
        WarningKind.FAKE_ORDERS,
        WarningSeverity.CRITICAL if concentrated and hasty else WarningSeverity.SERIOUS,
        "possible fake orders: " + "; ".join(signs),
        evidence,
    )


def _percent(value: Decimal) -> str:
    return f"{value * 100:.1f}%"
