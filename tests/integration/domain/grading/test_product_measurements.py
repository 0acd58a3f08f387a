"""Product-grade and trend measurements on small lakes, against counts worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
from product_lakes import (
    at,
    case,
    complaint,
    inspection,
    item,
    order,
    product,
    product_sources,
    review,
    sku,
    trend_sources,
)

from pinzhi.domain.grading.measurements import Window
from pinzhi.domain.insight.trend_measurements import (
    TrendWindow,
    category_units,
    complaint_natures,
    merchant_units,
)
from pinzhi.domain.products_quality.product_measurements import COLUMNS, product_measurement_table

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)  # cutoff 2026-06-30 16:00 UTC


def rows(expr: ibis.Table, *keys: str) -> list[dict[str, Any]]:
    found = ibis.duckdb.connect().to_pyarrow(expr).to_pylist()
    return sorted(found, key=lambda r: tuple(r[k] for k in keys))


class TestProductMeasurements:
    def test_counts_per_live_listing(self) -> None:
        sources = product_sources(
            products=[
                product("p1", brand_id="b1", key_category="food", photo_count=2),
                product("p2"),
                product("gone", delisted_at=at(6, 1)),
                product("later", listed_at=at(7, 1)),
            ],
            orders=[
                order("o1", at(6, 10)),
                order("o2", at(6, 11)),
                order("o3", at(6, 12), status="cancelled", cancelled_at=at(6, 12, 6)),
                order("old", at(3, 1)),  # before the 90-day window (starts 2026-04-01 local)
            ],
            order_items=[
                item("i1", "o1", "p1"), item("i2", "o1", "p2"), item("i3", "o2", "p1"),
                item("i4", "o3", "p1"), item("i5", "old", "p1"),
            ],
            aftersales_cases=[
                case("a1", "i1", "return_refund", "quality", at(6, 15)),
                case("a2", "i3", "refund_only", "no_reason", at(6, 15)),
                case("a3", None, "return_refund", "quality", at(6, 15)),  # no line: no product
                case("a4", "i2", "exchange", "damaged", at(7, 2)),  # after the cutoff
            ],
            complaints=[
                complaint("k1", "o1", "quality", at(6, 16)),  # o1 holds p1 and p2
                complaint("k2", "o2", "logistics", at(6, 16)),
            ],
            reviews=[
                review("r1", "p1", 5, at(6, 20)), review("r2", "p1", 3, at(6, 21)),
                review("r3", "p1", 1, at(6, 30, 17)),  # after the cutoff
            ],
            certifications=[
                {"id": "c1", "product_id": "p2", "kind": "CCC", "issuer": "x", "number": "1",
                 "valid_until": date(2026, 12, 31)},
                {"id": "c2", "product_id": "p1", "kind": "SC", "issuer": "x", "number": "2",
                 "valid_until": date(2026, 6, 1)},  # lapsed
            ],
            inspections=[
                inspection("x1", "p1", "failed", at(5, 1)),
                inspection("x2", "p1", "passed", at(6, 1)),
                inspection("x3", "p2", "passed", at(1, 1)),
                inspection("x4", "p2", "failed", at(5, 1)),
            ],
            brand_authorisations=[
                {"id": "ba", "merchant_id": "m1", "brand_id": "b2", "level": "authorised",
                 "valid_from": date(2025, 1, 1)},
            ],
        )  # fmt: skip

        found = rows(product_measurement_table(sources, Window(AS_OF, TZ)), "product_id")

        assert [r["product_id"] for r in found] == ["p1", "p2"]
        assert tuple(found[0]) == COLUMNS
        p1, p2 = found
        assert {k: p1[k] for k in COLUMNS[3:]} == {
            "description_length": 300, "photo_count": 2, "attribute_count": 8,
            "key_category": 1, "branded": 1, "brand_authorised": 0, "certifications": 0,
            "inspections_passed": 1, "inspections_failed": 1, "latest_inspection_failed": 0,
            "units": 2, "returned_units": 1, "cases": 2, "quality_cases": 1,
            "complaints": 2, "quality_complaints": 1, "reviews": 2, "rating_sum": 8,
        }  # fmt: skip
        assert {k: p2[k] for k in COLUMNS[6:]} == {
            "key_category": 0, "branded": 0, "brand_authorised": 0, "certifications": 1,
            "inspections_passed": 1, "inspections_failed": 1, "latest_inspection_failed": 1,
            "units": 1, "returned_units": 0, "cases": 0, "quality_cases": 0,
            "complaints": 1, "quality_complaints": 1, "reviews": 0, "rating_sum": 0,
        }  # fmt: skip


class TestTrendMeasurements:
    def sources(self) -> Any:
        recent, previous = at(6, 20), at(5, 20)  # recent period starts 2026-06-01 local
        return trend_sources(
            orders=[
                order("n1", recent), order("n2", recent), order("b1", previous),
                order("x", recent, status="cancelled"),
                order("ancient", at(4, 1)),
            ],
            order_items=[
                item("i1", "n1", "p1", price=6_000, quantity=2), item("i2", "n2", "p2"),
                item("i3", "b1", "p1", price=6_000), item("i4", "x", "p1"),
                item("i5", "ancient", "p1"),
            ],
            products=[product("p1"), product("p2", category="服装", merchant_id="m2")],
            skus=[sku("p1", "口味:原味;规格:礼盒装"), sku("p2", "XL")],
            complaints=[
                complaint("k1", "n1", "quality", at(6, 21)),
                complaint("k2", "b1", "price", at(5, 21)),  # previous period: not counted
            ],
        )  # fmt: skip

    def test_units_by_category_spec_band_and_period(self) -> None:
        window = TrendWindow(AS_OF, TZ)
        found = rows(category_units(self.sources(), window), "category", "period")

        assert found == [
            {"category": "服装", "spec": "XL", "band": 0, "period": "recent", "units": 1},
            {"category": "食品", "spec": "口味:原味;规格:礼盒装", "band": 1,
             "period": "previous", "units": 1},
            {"category": "食品", "spec": "口味:原味;规格:礼盒装", "band": 1,
             "period": "recent", "units": 2},
        ]  # fmt: skip

    def test_units_by_merchant_and_complaints_by_nature(self) -> None:
        window = TrendWindow(AS_OF, TZ, days=30)
        sources = self.sources()

        assert rows(merchant_units(sources, window), "merchant_id", "period") == [
            {"merchant_id": "m1", "category": "食品", "period": "previous", "units": 1},
            {"merchant_id": "m1", "category": "食品", "period": "recent", "units": 2},
            {"merchant_id": "m2", "category": "服装", "period": "recent", "units": 1},
        ]
        assert rows(complaint_natures(sources, window), "category") == [
            {"category": "食品", "nature": "quality", "complaints": 1}
        ]
        assert window.previous_starts == window.recent_starts - timedelta(days=30)
