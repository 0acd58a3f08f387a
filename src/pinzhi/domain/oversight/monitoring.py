"""One day's oversight: warnings from the lake's signals and the stored grades, then decisions.

`warning_drafts` applies the pure rules to every merchant; `standings` gathers what the
decisions read (tier, dimensions, confirmed offences, fake-order warning). The stored grades of
the as-of day are compared with each merchant's previous stored grade (its latest before).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.domain.oversight.decision_rules import MerchantStanding
from pinzhi.domain.oversight.models import WarningKind
from pinzhi.domain.oversight.warning_rules import (
    DEFAULT_MONITOR,
    GradeSnapshot,
    MonitorConfig,
    WarningDraft,
    category_rates,
    fake_order_warning,
    grade_warnings,
    shift_warning,
)
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class StoredGrade:
    merchant_id: str
    tier: str | None
    dimensions: dict[str, str]
    measurements: dict[str, Any]

    @property
    def snapshot(self) -> GradeSnapshot:
        return GradeSnapshot.of(self.tier, self.measurements)


def grades_of_day(uow: UnitOfWork, as_of: date) -> dict[str, StoredGrade]:
    rows = uow.session.scalars(select(MerchantGradeRow).where(MerchantGradeRow.as_of == as_of))
    return {r.merchant_id: _stored(r) for r in rows}


def previous_grades(uow: UnitOfWork, as_of: date) -> dict[str, StoredGrade]:
    """Each merchant's latest grade before `as_of`."""
    latest = (
        select(MerchantGradeRow.merchant_id, func.max(MerchantGradeRow.as_of).label("day"))
        .where(MerchantGradeRow.as_of < as_of)
        .group_by(MerchantGradeRow.merchant_id)
        .subquery()
    )
    rows = uow.session.scalars(
        select(MerchantGradeRow).join(
            latest,
            (MerchantGradeRow.merchant_id == latest.c.merchant_id)
            & (MerchantGradeRow.as_of == latest.c.day),
        )
    )
    return {r.merchant_id: _stored(r) for r in rows}


def _stored(row: MerchantGradeRow) -> StoredGrade:
    tier = None if row.tier is None else str(getattr(row.tier, "value", row.tier))
    return StoredGrade(row.merchant_id, tier, dict(row.dimensions), dict(row.measurements))


def warning_drafts(
    signals: list[dict[str, Any]],
    current: Mapping[str, StoredGrade],
    previous: Mapping[str, StoredGrade],
    config: MonitorConfig = DEFAULT_MONITOR,
) -> list[WarningDraft]:
    """Every warning of the day, merchant by merchant (in the signals' order)."""
    peers = category_rates(signals)
    found: list[WarningDraft] = []
    for row in signals:
        merchant, category = row["merchant_id"], row["main_category"]
        grade = current.get(merchant)
        if grade is not None and grade.tier is not None:
            before = previous.get(merchant)
            found.extend(
                grade_warnings(
                    merchant,
                    category,
                    grade.snapshot,
                    None if before is None or before.tier is None else before.snapshot,
                    config,
                )
            )
        for draft in (
            shift_warning(row, peers.get(category, {}), config),
            fake_order_warning(row, config),
        ):
            if draft is not None:
                found.append(draft)
    return found


def standings(
    current: Mapping[str, StoredGrade], warnings: Iterable[WarningDraft]
) -> list[MerchantStanding]:
    """What the decisions read for every merchant graded (or warned) on the day."""
    faked = {w.merchant_id: w.evidence for w in warnings if w.kind is WarningKind.FAKE_ORDERS}
    merchants = sorted(set(current) | set(faked))
    found = []
    for merchant in merchants:
        grade = current.get(merchant)
        found.append(
            MerchantStanding(
                merchant_id=merchant,
                tier=None if grade is None else grade.tier,
                dimensions={} if grade is None or grade.tier is None else grade.dimensions,
                offences=() if grade is None else tuple(grade.measurements.get("offences", ())),
                fake_order_warning=merchant in faked,
                warning_evidence=faked.get(merchant, {}),
            )
        )
    return found
