"""Pure rules of indicator monitoring and PDCA improvement (S3 7.3–7.5; S1 10.1.1).

Trend (S3 7.3). The slope of the least-squares line through the daily values of the last N
days, in indicator units per day; days without a value are left out (their x stays where the day
is, so a gap does not compress time). A trend is flat when the fitted change over the window is
within `FLAT_SHARE` of the typical level (the median), otherwise rising or falling; whether that
is good news depends on the indicator's direction.

Anomaly. A day's value is beyond its baseline when it lies more than `k` robust standard
deviations from the median of the `window` days before it, the robust deviation being
1.4826 × MAD (median absolute deviation; the factor makes it match the standard deviation of
normal data). Median and MAD are used because a single bad day does not move them, so it cannot
hide the next one. A baseline needs `min_history` known values; a flat baseline (MAD 0) flags any
departure from it. A value also counts as an anomaly on the day it crosses its target, i.e. it
misses the target while the day before met it.

PDCA (S3 7.4–7.5). A plan moves plan → do → check → act, then either closes or starts another
cycle at plan. Leaving check needs an effect recorded at that check (the indicator's value then,
against the value at opening and the goal), so a plan can only close on a measured effect.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pinzhi.core.errors import InvalidTransition, ValidationFailed

FLAT_SHARE = 0.02
MAD_TO_SIGMA = 1.4826
MAX_WHYS = 10
MAX_CAUSES = 20
MAX_TEXT = 500


class Direction(StrEnum):
    HIGHER = "higher"
    """Higher is better (satisfaction, attainment)."""
    LOWER = "lower"
    """Lower is better (complaint rate, response time)."""


class Trend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    FLAT = "flat"


class Flag(StrEnum):
    ABOVE_BASELINE = "above_baseline"
    BELOW_BASELINE = "below_baseline"
    CROSSED_TARGET = "crossed_target"


def misses(value: float, target: float, direction: Direction) -> bool:
    """Whether a value falls short of its target; meeting it exactly is meeting it."""
    return value < target if direction is Direction.HIGHER else value > target


def slope(values: Sequence[float | None]) -> float | None:
    """Least-squares slope per day of the known values (x = position); None below two."""
    points = [(x, y) for x, y in enumerate(values) if y is not None]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def trend(values: Sequence[float | None], *, flat_share: float = FLAT_SHARE) -> Trend | None:
    """Rising, falling or flat over the window; None without two known values."""
    fitted = slope(values)
    if fitted is None:
        return None
    level = abs(statistics.median(v for v in values if v is not None))
    change = fitted * (len(values) - 1)
    if abs(change) <= flat_share * level:
        return Trend.FLAT
    return Trend.RISING if change > 0 else Trend.FALLING


def improving(direction: Direction, moving: Trend | None) -> bool | None:
    """Whether the trend goes the good way; None when flat or unknown."""
    if moving is None or moving is Trend.FLAT:
        return None
    return (moving is Trend.RISING) == (direction is Direction.HIGHER)


@dataclass(frozen=True)
class Baseline:
    median: float
    low: float
    high: float


def baseline(history: Sequence[float], *, k: float) -> Baseline:
    """Median ± k robust standard deviations of `history` (not empty)."""
    middle = statistics.median(history)
    spread = MAD_TO_SIGMA * statistics.median(abs(v - middle) for v in history)
    return Baseline(middle, middle - k * spread, middle + k * spread)


def anomalies(
    values: Sequence[float | None],
    *,
    target: float | None = None,
    direction: Direction = Direction.HIGHER,
    window: int = 14,
    k: float = 3.0,
    min_history: int = 7,
) -> dict[int, tuple[Flag, ...]]:
    """The flags of each flagged position of `values` (daily, oldest first)."""
    if window < 1 or min_history < 1 or k <= 0:
        raise ValidationFailed("window and min_history are at least 1 and k is positive")
    found: dict[int, tuple[Flag, ...]] = {}
    for i, value in enumerate(values):
        if value is None:
            continue
        flags: list[Flag] = []
        history = [v for v in values[max(0, i - window) : i] if v is not None]
        if len(history) >= min_history:
            band = baseline(history, k=k)
            if value > band.high:
                flags.append(Flag.ABOVE_BASELINE)
            elif value < band.low:
                flags.append(Flag.BELOW_BASELINE)
        before = values[i - 1] if i else None
        if target is not None and before is not None:
            met_before = not misses(before, target, direction)
            if met_before and misses(value, target, direction):
                flags.append(Flag.CROSSED_TARGET)
        if flags:
            found[i] = tuple(flags)
    return found


def progress(*, opening: float | None, now: float | None, goal: float) -> float | None:
    """Share of the gap between the value at opening and the goal closed so far (1 = reached,
    negative = worse than at opening); None when a value is unknown or there was no gap."""
    if opening is None or now is None or opening == goal:
        return None
    return (now - opening) / (goal - opening)


# --- PDCA ---------------------------------------------------------------------------------------


class PdcaStage(StrEnum):
    PLAN = "plan"
    DO = "do"
    CHECK = "check"
    ACT = "act"
    CLOSED = "closed"


NEXT: Mapping[PdcaStage, frozenset[PdcaStage]] = {
    PdcaStage.PLAN: frozenset({PdcaStage.DO}),
    PdcaStage.DO: frozenset({PdcaStage.CHECK}),
    PdcaStage.CHECK: frozenset({PdcaStage.ACT}),
    PdcaStage.ACT: frozenset({PdcaStage.CLOSED, PdcaStage.PLAN}),
    PdcaStage.CLOSED: frozenset(),
}
"""Act either closes the plan (standardise what worked) or starts another cycle."""


def check_transition(current: PdcaStage, target: PdcaStage, *, effect_at_check: bool) -> None:
    """Refuse a move the cycle does not allow, or leaving check without a recorded effect."""
    if target not in NEXT[current]:
        allowed = ", ".join(sorted(s.value for s in NEXT[current])) or "nothing (closed)"
        raise InvalidTransition(
            f"a plan in stage {current.value} cannot move to {target.value}; allowed: {allowed}"
        )
    if current is PdcaStage.CHECK and not effect_at_check:
        raise InvalidTransition("record the effect at this check before leaving it")


class Fishbone(StrEnum):
    """The six cause categories of the Ishikawa diagram (人机料法环测)."""

    PEOPLE = "people"
    MACHINE = "machine"
    MATERIAL = "material"
    METHOD = "method"
    ENVIRONMENT = "environment"
    MEASUREMENT = "measurement"


def clean_whys(whys: Sequence[str]) -> list[str]:
    """The why-answers in order, trimmed, blanks dropped; at most `MAX_WHYS`."""
    kept = [w.strip() for w in whys if w.strip()]
    if len(kept) > MAX_WHYS or any(len(w) > MAX_TEXT for w in kept):
        raise ValidationFailed(f"at most {MAX_WHYS} whys of at most {MAX_TEXT} characters")
    return kept


def clean_fishbone(causes: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Causes per category (every category present, maybe empty); unknown categories refused."""
    unknown = set(causes) - {c.value for c in Fishbone}
    if unknown:
        raise ValidationFailed(f"unknown fishbone categories: {', '.join(sorted(unknown))}")
    cleaned = {c.value: [x.strip() for x in causes.get(c.value, ()) if x.strip()] for c in Fishbone}
    if any(len(v) > MAX_CAUSES or any(len(x) > MAX_TEXT for x in v) for v in cleaned.values()):
        raise ValidationFailed(f"at most {MAX_CAUSES} causes of {MAX_TEXT} characters a category")
    return cleaned
