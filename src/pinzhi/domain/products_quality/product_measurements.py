"""What the product grade measures, as Ibis expressions over the lake (S1 7.1).

One row per live listing (listed before the cutoff, not delisted by it) of integer counts, so
DuckDB and Spark agree exactly and every rate is recomputed from its parts in `product_grade`.
Windows follow the merchant grade (`grading.measurements.Window`): order lines count when their
order was placed in the rolling window and was not cancelled by the cutoff; after-sales cases,
complaints and reviews when requested, filed or written in it.

- returns: after-sales cases on the product's order line that send goods back;
- quality cases: after-sales cases whose reason is quality, damage or not as described;
- complaints: complaints on orders that hold the product (an order of two products counts for
  both); quality complaints are those about quality or counterfeits;
- certifications valid on the as-of day; inspections in the year before the cutoff, and whether
  the latest of them failed (S1 7.1.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import ibis
import ibis.expr.types as ir

from pinzhi.domain.aftersales.models import CaseReason
from pinzhi.domain.catalog.models import InspectionResult, KeyCategory
from pinzhi.domain.grading.measurements import RETURN_KINDS, Window
from pinzhi.domain.indicators.metrics import count_where, flag
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.service.models import ComplaintNature

QUALITY_REASONS = (CaseReason.QUALITY, CaseReason.DAMAGED, CaseReason.NOT_AS_DESCRIBED)
QUALITY_NATURES = (ComplaintNature.QUALITY, ComplaintNature.COUNTERFEIT)
INSPECTION_LOOKBACK = timedelta(days=365)
COUNT_COLUMNS = (
    "description_length",
    "photo_count",
    "attribute_count",
    "key_category",
    "branded",
    "brand_authorised",
    "certifications",
    "inspections_passed",
    "inspections_failed",
    "latest_inspection_failed",
    "units",
    "returned_units",
    "cases",
    "quality_cases",
    "complaints",
    "quality_complaints",
    "reviews",
    "rating_sum",
)
COLUMNS = ("product_id", "merchant_id", "category", *COUNT_COLUMNS)
FLAG_COLUMNS = ("key_category", "branded", "brand_authorised", "latest_inspection_failed")
"""Columns that are 0/1 flags rather than counts."""


@dataclass(frozen=True)
class ProductSources:
    products: ir.Table
    orders: ir.Table
    order_items: ir.Table
    aftersales_cases: ir.Table
    complaints: ir.Table
    reviews: ir.Table
    certifications: ir.Table
    inspections: ir.Table
    brand_authorisations: ir.Table


def _at(value: object) -> ir.TimestampScalar:
    return ibis.literal(value, type="timestamp('UTC')")


def product_measurement_table(s: ProductSources, w: Window) -> ir.Table:
    """`COLUMNS` for every live listing; every count an int64, flags 0/1."""
    cut, starts = _at(w.cutoff), _at(w.starts)
    day = ibis.literal(w.as_of, type="date")
    p = s.products
    live = p.filter(p.listed_at < cut, p.delisted_at.isnull() | (p.delisted_at >= cut))
    placed = s.orders.filter(
        s.orders.placed_at >= starts,
        s.orders.placed_at < cut,
        ~((s.orders.status == OrderStatus.CANCELLED.value) & (s.orders.cancelled_at.isnull()
          | (s.orders.cancelled_at < cut))),
    ).select(order_id=s.orders.id)  # fmt: skip
    lines = s.order_items.join(placed, "order_id").select("order_id", "product_id", item_id="id")
    units = lines.group_by("product_id").aggregate(units=lines.count())

    cases = s.aftersales_cases.filter(
        s.aftersales_cases.requested_at >= starts, s.aftersales_cases.requested_at < cut
    )
    on_line = cases.join(lines, cases.order_item_id == lines.item_id)
    case_counts = on_line.group_by(on_line.product_id).aggregate(
        cases=on_line.count(),
        returned_units=count_where(on_line, on_line.kind.isin([k.value for k in RETURN_KINDS])),
        quality_cases=count_where(on_line, on_line.reason.isin([r.value for r in QUALITY_REASONS])),
    )

    c = s.complaints.filter(
        s.complaints.filed_at >= starts,
        s.complaints.filed_at < cut,
        s.complaints.order_id.notnull(),
    )
    held = s.order_items.select("order_id", "product_id").distinct()
    on_order = c.join(held, "order_id")
    complaint_counts = on_order.group_by(on_order.product_id).aggregate(
        complaints=on_order.count(),
        quality_complaints=count_where(
            on_order, on_order.nature.isin([n.value for n in QUALITY_NATURES])
        ),
    )

    r = s.reviews.filter(
        s.reviews.created_at >= starts, s.reviews.created_at < cut, s.reviews.product_id.notnull()
    )
    review_counts = r.group_by("product_id").aggregate(
        reviews=r.count(), rating_sum=r.rating.cast("int64").sum()
    )

    cert = s.certifications.filter(
        s.certifications.valid_until.isnull() | (s.certifications.valid_until >= day)
    )
    cert_counts = cert.group_by("product_id").aggregate(certifications=cert.count())

    i = s.inspections.filter(
        s.inspections.inspected_at >= _at(w.cutoff - INSPECTION_LOOKBACK),
        s.inspections.inspected_at < cut,
    )
    failed = i.result == InspectionResult.FAILED.value
    passed = i.result == InspectionResult.PASSED.value
    inspection_counts = i.group_by("product_id").aggregate(
        inspections_passed=count_where(i, passed),
        inspections_failed=count_where(i, failed),
        last_failed_at=ibis.ifelse(failed, i.inspected_at, ibis.null()).max(),
        last_passed_at=ibis.ifelse(passed, i.inspected_at, ibis.null()).max(),
    )

    a = s.brand_authorisations
    valid = (
        a.filter(a.valid_from <= day, a.valid_until.isnull() | (a.valid_until >= day))
        .select(held_by=a.merchant_id, held_brand=a.brand_id)
        .distinct()
    )

    parts = (units, case_counts, complaint_counts, review_counts, cert_counts, inspection_counts)
    joined = live.left_join(
        valid, (live.merchant_id == valid.held_by) & (live.brand_id == valid.held_brand)
    )
    for part in parts:
        joined = joined.left_join(part, live.id == part.product_id)
    owner = {col: part for part in parts for col in part.columns if col != "product_id"}

    def counted(name: str) -> ir.IntegerValue:
        return owner[name][name].fill_null(0).cast("int64")

    last_failed = owner["last_failed_at"].last_failed_at
    last_passed = owner["last_passed_at"].last_passed_at
    return joined.select(
        product_id=live.id,
        merchant_id=live.merchant_id,
        category=live.category,
        description_length=live.description_length.cast("int64"),
        photo_count=live.photo_count.cast("int64"),
        attribute_count=live.attribute_count.cast("int64"),
        key_category=flag(live.key_category != KeyCategory.NONE.value),
        branded=flag(live.brand_id.notnull()),
        brand_authorised=flag(valid.held_by.notnull()),
        certifications=counted("certifications"),
        inspections_passed=counted("inspections_passed"),
        inspections_failed=counted("inspections_failed"),
        latest_inspection_failed=flag(
            last_failed.notnull() & (last_passed.isnull() | (last_failed > last_passed))
        ),
        units=counted("units"),
        returned_units=counted("returned_units"),
        cases=counted("cases"),
        quality_cases=counted("quality_cases"),
        complaints=counted("complaints"),
        quality_complaints=counted("quality_complaints"),
        reviews=counted("reviews"),
        rating_sum=counted("rating_sum"),
    )
