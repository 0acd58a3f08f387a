"""Writes of merchant grades: a run owns every grade of its as-of day.

Storing the same grades twice writes nothing the second time: a row whose content did not change
keeps the run id that first produced it; a merchant no longer in the computation loses its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select, update

from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.models import MerchantGradeRow
from pinzhi.store.uow import UnitOfWork

CONTENT = ("orders", "total_cents", "tier", "dimensions", "measurements", "explanation")


@dataclass(frozen=True)
class GradeRecord:
    """One merchant's grade as it is stored."""

    merchant_id: str
    orders: int
    total_cents: int | None
    tier: Tier | None
    dimensions: dict[str, str]
    measurements: dict[str, Any]
    explanation: str

    def content(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in CONTENT)


class StoreSummary(NamedTuple):
    inserted: int
    updated: int
    deleted: int
    unchanged: int


def replace_merchant_grades(
    *, uow: UnitOfWork, run_id: str, as_of: date, grades: Iterable[GradeRecord]
) -> StoreSummary:
    """Make the stored grades of `as_of` equal to `grades` (one per merchant)."""
    session = uow.session
    c = MerchantGradeRow.__table__.c
    found = session.execute(
        select(c.merchant_id, c.id, *(c[name] for name in CONTENT)).where(c.as_of == as_of)
    )
    stored = {merchant: (row_id, tuple(rest)) for merchant, row_id, *rest in found.all()}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unchanged = 0
    seen: set[str] = set()
    for grade in grades:
        if grade.merchant_id in seen:
            raise ValueError(f"merchant {grade.merchant_id} graded twice for {as_of}")
        seen.add(grade.merchant_id)
        values = dict(zip(CONTENT, grade.content(), strict=True))
        existing = stored.pop(grade.merchant_id, None)
        if existing is None:
            inserts.append(
                {**values, "merchant_id": grade.merchant_id, "as_of": as_of, "run_id": run_id}
            )
        elif _comparable(existing[1]) != _comparable(grade.content()):
            updates.append({**values, "id": existing[0], "run_id": run_id})
        else:
            unchanged += 1
    if inserts:
        session.execute(insert(MerchantGradeRow), inserts)
    if updates:
        session.execute(update(MerchantGradeRow), updates)
    stale = [row_id for row_id, _ in stored.values()]
    if stale:
        session.execute(delete(MerchantGradeRow).where(MerchantGradeRow.id.in_(stale)))
    return StoreSummary(len(inserts), len(updates), len(stale), unchanged)


def _comparable(content: tuple[Any, ...]) -> tuple[Any, ...]:
    """Tiers compare by value whether they come back as enums or text."""
    return tuple(v.value if isinstance(v, Tier) else v for v in content)
