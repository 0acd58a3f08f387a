"""Stored grades, product grades and trend reports for the API and console tests of grading."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pinzhi.bootstrap import Platform
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.operations import GradeRecord, replace_merchant_grades
from pinzhi.domain.insight.models import PLATFORM_SCOPE
from pinzhi.domain.insight.operations import replace_trend_reports
from pinzhi.domain.products_quality.operations import store_product_grades
from pinzhi.domain.products_quality.product_grade import ProductFacts, grade_product

DAY = date(2026, 11, 23)
MEASURES: dict[str, Any] = {
    "counts": {"orders": 80, "delivered_late": 6},
    "scores": [
        {"measure": "late_delivery_rate", "dimension": "operations", "raw": "0.075",
         "score": "25.00", "weight": "0.0525", "peer_percentile": "20.0"},
    ],
    "improvements": [
        {"measure": "late_delivery_rate", "current": "0.075", "target": "0.03",
         "points": "3.10", "text": "late delivery rate from 7.5 % to 3 % adds 3.10 points"},
    ],
    "offences": [],
}  # fmt: skip


def facts(pid: str, merchant_id: str, **kw: Any) -> ProductFacts:
    values: dict[str, Any] = {
        "product_id": pid, "merchant_id": merchant_id, "category": "家电",
        "key_category": False, "description_length": 300, "photo_count": 5,
        "attribute_count": 8, "branded": False, "brand_authorised": False, "certifications": 0,
        "inspections_passed": 0, "inspections_failed": 0, "latest_inspection_failed": False,
        "units": 40, "returned_units": 1, "cases": 1, "quality_cases": 0, "complaints": 0,
        "quality_complaints": 0, "reviews": 10, "rating_sum": 48, "quality_praise_rate": 0.3,
    }  # fmt: skip
    return ProductFacts(**{**values, **kw})


def seed_grades(platform: Platform) -> None:
    """m1 graded B then A over three days, m2 graded D; m1's products p1 (premium) and p2
    (failed check); trend report and m1's brief."""
    with platform.uow() as uow:
        for back, (m1_total, m1_tier) in enumerate(
            ((8150, Tier.A), (7900, Tier.B), (7000, Tier.B))
        ):
            day = DAY - timedelta(days=back)
            replace_merchant_grades(
                uow=uow, run_id=f"run{back}", as_of=day,
                grades=[
                    GradeRecord("m1", 80, m1_total, m1_tier, {"operations": "71.20"}, MEASURES,
                                f"tier {m1_tier.value}: late delivery rate weighs most"),
                    GradeRecord("m2", 50, 4000, Tier.D, {"operations": "30.00"}, MEASURES,
                                "tier D: defects"),
                ],
            )  # fmt: skip
        graded = [(f, grade_product(f)) for f in (
            facts("p1", "m1"),
            facts("p2", "m1", key_category=True, inspections_failed=1,
                  latest_inspection_failed=True),
            facts("p3", "m2"),
        )]  # fmt: skip
        store_product_grades(
            uow=uow, run_id="run0", as_of=DAY, decided_at=datetime(2026, 11, 24, tzinfo=UTC),
            graded=graded,
        )  # fmt: skip
        replace_trend_reports(
            uow=uow, run_id="run0", as_of=DAY,
            reports={
                PLATFORM_SCOPE: {
                    "as_of": DAY.isoformat(), "days": 30,
                    "rising_categories": [{"name": "家电", "recent": 60, "previous": 40,
                                           "change": 0.5, "category": None}],
                    "falling_categories": [], "rising_attributes": [], "falling_attributes": [],
                    "price_shifts": [{"category": "家电", "band": "100-200",
                                      "recent_share": 0.5, "previous_share": 0.25}],
                    "complaint_themes": {"家电": [{"source": "complaint", "theme": "quality",
                                                   "count": 3}]},
                    "demand_gaps": [{"phrase": "静音", "mentions": 5}], "notes": [],
                },
                "m1": {
                    "merchant_id": "m1", "as_of": DAY.isoformat(), "days": 30,
                    "categories": {"家电": {"recent": 30, "previous": 20}},
                    "actions": [
                        {"kind": "grow_category", "category": "家电", "change": 0.5},
                        {"kind": "fill_gap", "phrase": "静音", "mentions": 5},
                        {"kind": "fix_theme", "category": "家电", "source": "complaint",
                         "theme": "quality", "count": 3},
                        {"kind": "fix_product", "product_id": "p2", "tier": "D",
                         "reasons": ["the latest inspection failed"]},
                    ],
                },
            },
        )  # fmt: skip
        uow.commit()
