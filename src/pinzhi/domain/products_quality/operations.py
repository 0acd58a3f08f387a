"""Writes of product grades and the premium and traffic-support decisions they lead to (S1 7.2).

A run owns the grades and traffic decisions of its as-of day: storing a day again replaces them.
The premium designation lives on the listing (`products.premium`, which the premium after-sales
channel reads); it changes only when a grade decides it differently, and every change is logged
as a decision with its reason. A product whose grade cannot decide (too few units) keeps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select, update

from pinzhi.domain.catalog.models import Product
from pinzhi.domain.products_quality.models import (
    ProductDecision,
    ProductDecisionKind,
    ProductGradeRow,
)
from pinzhi.domain.products_quality.product_grade import ProductFacts, ProductGrade
from pinzhi.store.uow import UnitOfWork

TRAFFIC_KINDS = {
    "boost": ProductDecisionKind.TRAFFIC_BOOST,
    "withhold": ProductDecisionKind.TRAFFIC_WITHHELD,
}


class ProductStoreSummary(NamedTuple):
    graded: int
    premium_granted: int
    premium_revoked: int
    traffic_decisions: int


def store_product_grades(
    *,
    uow: UnitOfWork,
    run_id: str,
    as_of: date,
    decided_at: datetime,
    graded: Sequence[tuple[ProductFacts, ProductGrade]],
) -> ProductStoreSummary:
    """Replace the day's grades and traffic decisions; apply and log premium changes."""
    session = uow.session
    session.execute(delete(ProductGradeRow).where(ProductGradeRow.as_of == as_of))
    session.execute(
        delete(ProductDecision).where(
            ProductDecision.as_of == as_of, ProductDecision.kind.in_(TRAFFIC_KINDS.values())
        )
    )
    current: dict[str, bool] = {
        pid: premium for pid, premium in session.execute(select(Product.id, Product.premium))
    }
    rows: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    granted: list[str] = []
    revoked: list[str] = []
    for facts, grade in graded:
        was = current.get(facts.product_id)
        designated = bool(was) if grade.premium is None else grade.premium
        rows.append(_row(facts, grade, designated, as_of=as_of, run_id=run_id))
        base = {"as_of": as_of, "product_id": facts.product_id, "merchant_id": facts.merchant_id,
                "decided_at": decided_at, "run_id": run_id}  # fmt: skip
        if grade.traffic in TRAFFIC_KINDS:
            reason = grade.premium_reason if grade.traffic == "boost" else _withheld(grade)
            decisions.append({**base, "kind": TRAFFIC_KINDS[grade.traffic], "reason": reason})
        if grade.premium is None or was is None or was == grade.premium:
            continue
        kind = ProductDecisionKind.PREMIUM_GRANTED if grade.premium else (
            ProductDecisionKind.PREMIUM_REVOKED
        )  # fmt: skip
        (granted if grade.premium else revoked).append(facts.product_id)
        session.execute(
            delete(ProductDecision).where(
                ProductDecision.as_of == as_of,
                ProductDecision.product_id == facts.product_id,
                ProductDecision.kind.in_(
                    (ProductDecisionKind.PREMIUM_GRANTED, ProductDecisionKind.PREMIUM_REVOKED)
                ),
            )
        )
        decisions.append({**base, "kind": kind, "reason": grade.premium_reason})
    if rows:
        session.execute(insert(ProductGradeRow), rows)
    if decisions:
        session.execute(insert(ProductDecision), decisions)
    for value, ids in ((True, granted), (False, revoked)):
        if ids:
            session.execute(update(Product).where(Product.id.in_(ids)).values(premium=value))
    traffic = sum(1 for d in decisions if d["kind"] in TRAFFIC_KINDS.values())
    return ProductStoreSummary(len(rows), len(granted), len(revoked), traffic)


def _withheld(grade: ProductGrade) -> str:
    return "; ".join(grade.reasons) or f"tier {grade.tier.value}"


def _row(
    facts: ProductFacts, grade: ProductGrade, premium: bool, *, as_of: date, run_id: str
) -> dict[str, Any]:
    measured = asdict(facts)
    for name in ("product_id", "merchant_id", "category"):
        measured.pop(name)
    return {
        "as_of": as_of,
        "product_id": facts.product_id,
        "merchant_id": facts.merchant_id,
        "category": facts.category,
        "total_cents": int(grade.total * 100),
        "tier": grade.tier,
        "scores": grade.scores,
        "measurements": measured,
        "reasons": grade.reasons,
        "premium": premium,
        "traffic": grade.traffic,
        "run_id": run_id,
    }
