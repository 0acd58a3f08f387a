"""Grades to store: the exact grade of every merchant with the explanation behind it.

Each merchant is graded by the pure rules (`merchant_grade`), so what is stored is exactly what
the published rules say; the peer percentiles come from one vectorised ranking per measurement
over the whole platform (`grade_batch.peer_halves`), not from comparing merchants pairwise.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pyarrow as pa

from pinzhi.domain.grading.grade_batch import (
    REQUIRED_DEPOSIT_FEN,
    category_codes,
    exact_percentile,
    measure_arrays,
    merchant_measurements,
    peer_halves,
)
from pinzhi.domain.grading.grading_config import DEFAULT_GRADING, GradingConfig
from pinzhi.domain.grading.measurements import COUNT_COLUMNS
from pinzhi.domain.grading.merchant_grade import MerchantGrade, merchant_grade
from pinzhi.domain.grading.operations import GradeRecord

SHOWN_IMPROVEMENTS = 3


def grade_records(
    counts: pa.Table,
    *,
    config: GradingConfig = DEFAULT_GRADING,
    required_deposit_fen: int = REQUIRED_DEPOSIT_FEN,
) -> list[GradeRecord]:
    """One record per row of the measurement table, in its order."""
    graded = counts.column("orders").to_numpy() >= config.minimum_orders
    values = measure_arrays(counts, required_deposit_fen=required_deposit_fen)
    codes = category_codes(counts)
    peers = {
        spec.measure: peer_halves(
            values[spec.measure],
            codes,
            graded,
            lower_is_better=spec.curve.lower_is_better,
        )
        for spec in config.measures
    }
    records = []
    for index, row in enumerate(counts.to_pylist()):
        inputs = merchant_measurements(row, required_deposit_fen=required_deposit_fen)
        grade = merchant_grade(measurements=inputs, peers={}, config=config)
        if grade.tier is not None:
            grade = replace(
                grade,
                measurements=tuple(
                    replace(
                        m,
                        peer_percentile=exact_percentile(
                            int(peers[m.measure][0][index]), int(peers[m.measure][1][index])
                        ),
                    )
                    for m in grade.measurements
                ),
            )
        records.append(_record(row, grade))
    return records


def _record(row: dict[str, Any], grade: MerchantGrade) -> GradeRecord:
    return GradeRecord(
        merchant_id=grade.merchant_id,
        orders=grade.inputs.orders,
        total_cents=None if grade.total is None else int(grade.total * 100),
        tier=grade.tier,
        dimensions={d.value: str(score) for d, score in grade.dimensions.items()},
        measurements=_measurements_json(row, grade),
        explanation=explanation(grade),
    )


def _measurements_json(row: dict[str, Any], grade: MerchantGrade) -> dict[str, Any]:
    return {
        "main_category": row["main_category"],
        "counts": {name: int(row[name]) for name in COUNT_COLUMNS},
        "values": {m.value: _text(v) for m, v in grade.inputs.values.items()},
        "offences": sorted(grade.inputs.offences),
        "scores": [
            {
                "measure": m.measure.value,
                "dimension": m.dimension.value,
                "raw": _text(m.raw),
                "score": str(m.score),
                "weight": str(m.weight),
                "peer_percentile": None if m.peer_percentile is None else str(m.peer_percentile),
            }
            for m in grade.measurements
        ],
        "improvements": [
            {
                "measure": i.measure.value,
                "current": _text(i.current),
                "target": _text(i.target),
                "points": str(i.points),
                "text": i.text,
            }
            for i in grade.improvements
        ],
    }


def explanation(grade: MerchantGrade) -> str:
    """One line: the tier and total, the weakest dimension, and the easiest way up."""
    if grade.tier is None or grade.total is None:
        return grade.reason
    weakest = min(grade.dimensions.items(), key=lambda item: (item[1], item[0]))
    parts = [f"{grade.tier.value} ({grade.total:.2f}); weakest: {weakest[0]} {weakest[1]}"]
    if grade.capped_by:
        parts.append(grade.reason)
    if grade.improvements:
        ways = "; or ".join(i.text for i in grade.improvements[:SHOWN_IMPROVEMENTS])
        parts.append(f"to reach the next tier: {ways}")
    return " — ".join(parts)


def _text(value: Decimal) -> str:
    """Exact ratios keep 12 significant decimals in storage (JSON has no decimals)."""
    return f"{value.quantize(Decimal('1e-12')).normalize():f}"
