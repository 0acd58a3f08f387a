"""From the measurement table (`measurements.measurement_table`) to grades, for every merchant.

Two paths over the same counts, which must agree (tests check it):

- `grade_columns`: the whole platform at once with numpy — scores, dimension scores, totals,
  tiers, key-control caps and peer percentiles — for hundreds of thousands of merchants in well
  under a second. Floating point can only matter where a total lies within a hair of a
  0.01-point step (the tier is read from the total floored to 0.01); those few merchants are
  re-graded exactly by the pure rules.
- `merchant_measurements` + `merchant_grade.merchant_grade`: one merchant, exact, with the
  explanation (measurements, peer percentiles, improvements) that is stored with the grade.

Where nothing was there to judge, a measurement takes the value that neither rewards nor
punishes: no orders due → no late ones (rate 0); no chats → every consumer answered; no
complaints → nothing left open; no reviews → halfway on the satisfaction curve; no branded
listing → nothing unauthorised; no licence → none verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from pinzhi.domain.grading.grading_config import (
    DEFAULT_GRADING,
    TIER_ORDER,
    GradingConfig,
    Measure,
    Offence,
)
from pinzhi.domain.grading.measurements import OFFENCE_KINDS
from pinzhi.domain.grading.merchant_grade import MerchantMeasurements, graded_total

REQUIRED_DEPOSIT_FEN = 1_000_000
"""Deposit (保证金) a merchant is asked to hold by default: 10 000 yuan."""
NO_REVIEWS_SATISFACTION = Decimal("4.15")
"""Halfway between the satisfaction curve's ends (3.5 and 4.8 stars): 50 points."""

Floats = npt.NDArray[np.float64]
M = Measure
RATIOS: Mapping[Measure, tuple[str, str, Decimal]] = {
    # measure: (numerator, denominator, value when the denominator is 0)
    M.WELL_KNOWN_BRAND_SHARE: ("well_known_listings", "listings", Decimal(0)),
    M.AUTHORISED_BRAND_SHARE: ("authorised_listings", "branded_listings", Decimal(1)),
    M.VERIFIED_LICENCE_SHARE: ("verified_licences", "licences", Decimal(0)),
    M.LATE_SHIPMENT_RATE: ("shipped_late", "shipment_due", Decimal(0)),
    M.CANCELLATION_RATE: ("cancelled", "orders", Decimal(0)),
    M.LATE_DELIVERY_RATE: ("delivered_late", "delivery_due", Decimal(0)),
    M.REFUND_RATE: ("refund_orders", "orders", Decimal(0)),
    M.RETURN_RATE: ("return_orders", "orders", Decimal(0)),
    M.ORDER_DEFECT_RATE: ("defect_orders", "odr_orders", Decimal(0)),
    M.SLA_ATTAINMENT: ("chats_answered", "chats", Decimal(1)),
    M.COMPLAINT_CLOSURE_RATE: ("complaints_closed", "complaints", Decimal(1)),
    M.SATISFACTION: ("rating_sum", "reviews", NO_REVIEWS_SATISFACTION),
}
COUNTS: Mapping[Measure, str] = {
    M.EXPIRED_LICENCES: "lapsed_licence_kinds",
    M.MINOR_VIOLATIONS: "minor_violations",
    M.SERIOUS_VIOLATIONS: "serious_violations",
    M.SEVERE_VIOLATIONS: "severe_violations",
}


def merchant_measurements(
    row: Mapping[str, Any], *, required_deposit_fen: int = REQUIRED_DEPOSIT_FEN
) -> MerchantMeasurements:
    """One row of the measurement table as the pure rules' exact inputs."""
    values = {
        measure: Decimal(row[num]) / Decimal(row[den]) if row[den] else empty
        for measure, (num, den, empty) in RATIOS.items()
    }
    values |= {measure: Decimal(row[column]) for measure, column in COUNTS.items()}
    values[M.DEPOSIT_COVERAGE] = min(
        Decimal(1), Decimal(row["deposit_fen"]) / Decimal(required_deposit_fen)
    )
    return MerchantMeasurements(
        merchant_id=row["merchant_id"],
        orders=int(row["orders"]),
        values=values,
        offences=frozenset(Offence(name) for name in OFFENCE_KINDS if row[f"offence_{name}"]),
    )


def measure_arrays(
    counts: pa.Table, *, required_deposit_fen: int = REQUIRED_DEPOSIT_FEN
) -> dict[Measure, Floats]:
    """Every measurement of every merchant, as float arrays in the table's row order."""
    column = {name: counts.column(name).to_numpy().astype(np.float64) for name in _needed()}
    values: dict[Measure, Floats] = {}
    for measure, (num, den, empty) in RATIOS.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            values[measure] = np.where(column[den] > 0, column[num] / column[den], float(empty))
    for measure, name in COUNTS.items():
        values[measure] = column[name]
    values[M.DEPOSIT_COVERAGE] = np.minimum(1.0, column["deposit_fen"] / required_deposit_fen)
    return values


def _needed() -> set[str]:
    return {c for n, d, _ in RATIOS.values() for c in (n, d)} | {*COUNTS.values(), "deposit_fen"}


@dataclass(frozen=True)
class GradeColumns:
    """Grades of every merchant of a measurement table, row for row."""

    merchant_id: list[str]
    graded: npt.NDArray[np.bool_]
    total: Floats
    """Floored to 0.01; NaN where not graded."""
    tier: list[str | None]
    dimensions: dict[str, Floats]
    percentiles: dict[Measure, Floats]
    """Per measure, 0–100 among graded peers of the same main category; NaN where not graded."""

    def tier_counts(self) -> dict[str, int]:
        found = {t.value: 0 for t in reversed(TIER_ORDER)}
        for tier in self.tier:
            if tier is not None:
                found[tier] += 1
        return found


def grade_columns(
    counts: pa.Table,
    *,
    config: GradingConfig = DEFAULT_GRADING,
    required_deposit_fen: int = REQUIRED_DEPOSIT_FEN,
) -> GradeColumns:
    values = measure_arrays(counts, required_deposit_fen=required_deposit_fen)
    orders = counts.column("orders").to_numpy()
    graded = orders >= config.minimum_orders
    dimensions: dict[str, Floats] = {}
    for spec in config.measures:
        curve = spec.curve
        excellent, unacceptable = float(curve.excellent), float(curve.unacceptable)
        score = np.clip((unacceptable - values[spec.measure]) / (unacceptable - excellent), 0, 1)
        part = float(spec.weight) * 100 * score
        dimensions[spec.dimension.value] = dimensions.get(spec.dimension.value, 0) + part
    total = sum(
        (float(w) * dimensions[d.value] for d, w in config.dimension_weights.items()),
        np.zeros(len(orders)),
    )
    hundredths = total * 100
    floored = np.floor(hundredths + 1e-9)
    tiers = _tiers(floored / 100, counts, config)
    merchant_ids: list[str] = counts.column("merchant_id").to_pylist()
    shown = np.where(graded, floored / 100, np.nan)
    labels: list[str | None] = [t if g else None for t, g in zip(tiers, graded, strict=True)]
    near = np.flatnonzero(graded & (np.abs(hundredths - np.round(hundredths)) < 1e-6))
    if len(near):
        rows = counts.take(pa.array(near)).to_pylist()
        for index, row in zip(near.tolist(), rows, strict=True):
            exact_total, exact_tier = graded_total(
                merchant_measurements(row, required_deposit_fen=required_deposit_fen), config
            )
            shown[index] = float(exact_total)
            labels[index] = exact_tier.value
    return GradeColumns(
        merchant_id=merchant_ids,
        graded=graded,
        total=shown,
        tier=labels,
        dimensions={d: np.where(graded, np.round(v, 2), np.nan) for d, v in dimensions.items()},
        percentiles=_percentiles(values, counts, graded, config),
    )


def _tiers(total: Floats, counts: pa.Table, config: GradingConfig) -> list[str]:
    rank = np.zeros(len(total), dtype=np.int64)
    for index, tier in enumerate(TIER_ORDER):
        rank = np.where(total >= float(config.tier_floors[tier]), index, rank)
    for offence, ceiling in config.caps.items():
        column = f"offence_{offence.value}"
        if column in counts.column_names:
            hit = counts.column(column).to_numpy() > 0
            rank = np.where(hit, np.minimum(rank, TIER_ORDER.index(ceiling)), rank)
    names = np.array([t.value for t in TIER_ORDER], dtype=object)
    found: list[str] = names[rank].tolist()
    return found


def category_codes(counts: pa.Table) -> npt.NDArray[np.intp]:
    """Each row's main category as a small integer: peers share a code."""
    categories = np.asarray(counts.column("main_category").to_pylist(), dtype=object)
    codes: npt.NDArray[np.intp] = np.unique(categories, return_inverse=True)[1]
    return codes


def peer_halves(
    values: Floats,
    codes: npt.NDArray[np.intp],
    graded: npt.NDArray[np.bool_],
    *,
    lower_is_better: bool,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Per merchant, 2 × peers beaten + peers tied (itself included) and the number of peers.

    Peers: graded merchants of the same main category (`category_codes`). The percentile is
    halves / (2 × peers) × 100 — the merchant_grade definition (ties count half). 0 and 0 where
    not graded.
    """
    sign = -1.0 if lower_is_better else 1.0
    halves = np.zeros(len(values), dtype=np.int64)
    sizes = np.zeros(len(values), dtype=np.int64)
    for code in np.unique(codes[graded]):
        members = np.flatnonzero(graded & (codes == code))
        keys = sign * values[members]
        ordered = np.sort(keys)
        below = np.searchsorted(ordered, keys, "left")
        equal = np.searchsorted(ordered, keys, "right") - below
        halves[members] = 2 * below + equal
        sizes[members] = len(members)
    return halves, sizes


def _percentiles(
    values: Mapping[Measure, Floats],
    counts: pa.Table,
    graded: npt.NDArray[np.bool_],
    config: GradingConfig,
) -> dict[Measure, Floats]:
    codes = category_codes(counts)
    found: dict[Measure, Floats] = {}
    for spec in config.measures:
        halves, sizes = peer_halves(
            values[spec.measure], codes, graded, lower_is_better=spec.curve.lower_is_better
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            found[spec.measure] = np.where(sizes > 0, halves / (2 * sizes) * 100, np.nan)
    return found


def exact_percentile(halves: int, size: int) -> Decimal | None:
    """The percentile as `merchant_grade` rounds it (0.1, half to even)."""
    if size == 0:
        return None
    share = Fraction(halves * 100, 2 * size)
    return (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.1"))
