"""GET /api/v1/grades: merchants by tier, the explained grade, product grades and trends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from grades_fixtures import DAY, seed_grades

from pinzhi.bootstrap import Platform

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def graded(world: Platform, client: TestClient) -> TestClient:
    seed_grades(world)
    return client


class TestMerchantGrades:
    def test_analyst_lists_by_tier_lowest_first(self, graded: TestClient, bearer: Bearer) -> None:
        headers = bearer("analyst")

        everyone = graded.get("/api/v1/grades/merchants", headers=headers).json()
        only_d = graded.get("/api/v1/grades/merchants?tier=D", headers=headers).json()

        assert everyone["as_of"] == DAY.isoformat()
        assert [(g["merchant_id"], g["tier"]) for g in everyone["grades"]] == [
            ("m2", "D"), ("m1", "A"),
        ]  # fmt: skip
        assert [g["merchant_id"] for g in only_d["grades"]] == ["m2"]

    def test_explained_grade_with_measurements_percentile_improvements_history(
        self, graded: TestClient, bearer: Bearer
    ) -> None:
        answer = graded.get("/api/v1/grades/merchants/m1", headers=bearer("shop1"))

        assert answer.status_code == 200
        body = answer.json()
        assert (body["tier"], body["total"]) == ("A", "81.5")
        assert body["measures"][0]["peer_percentile"] == "20.0"
        assert body["improvements"][0]["target"] == "0.03"
        assert [(h["as_of"], h["tier"]) for h in body["history"]] == [
            ("2026-11-23", "A"), ("2026-11-22", "B"), ("2026-11-21", "B"),
        ]  # fmt: skip

    def test_a_merchant_cannot_read_another_merchant(
        self, graded: TestClient, bearer: Bearer
    ) -> None:
        answer = graded.get("/api/v1/grades/merchants/m2", headers=bearer("shop1"))
        listing = graded.get("/api/v1/grades/merchants", headers=bearer("shop1")).json()

        assert answer.status_code == 404
        assert [g["merchant_id"] for g in listing["grades"]] == ["m1"]

    def test_a_consumer_is_forbidden(self, graded: TestClient, bearer: Bearer) -> None:
        answer = graded.get("/api/v1/grades/merchants", headers=bearer("buyer1"))

        assert answer.status_code == 403
        assert answer.headers["content-type"].startswith("application/problem+json")


class TestProductGradesAndTrends:
    def test_product_grades_filters_and_decisions(self, graded: TestClient, bearer: Bearer) -> None:
        headers = bearer("analyst")

        premium = graded.get("/api/v1/grades/products?premium=true", headers=headers).json()
        mine = graded.get("/api/v1/grades/products", headers=bearer("shop1")).json()
        detail = graded.get("/api/v1/grades/products/p2", headers=headers).json()

        assert [g["product_id"] for g in premium["grades"]] == ["p1", "p3"]
        assert [g["product_id"] for g in mine["grades"]] == ["p2", "p1"]
        assert detail["history"][0]["tier"] == "D"
        assert "the latest inspection failed" in detail["history"][0]["reasons"]
        assert [d["kind"] for d in detail["decisions"]] == ["traffic_withheld"]

    def test_trend_report_and_briefs(self, graded: TestClient, bearer: Bearer) -> None:
        report = graded.get("/api/v1/grades/trends", headers=bearer("analyst")).json()
        brief = graded.get("/api/v1/grades/trends", headers=bearer("shop1")).json()
        other = graded.get("/api/v1/grades/trends?merchant_id=m1", headers=bearer("shop2"))

        assert report["scope"] == "platform"
        assert report["content"]["demand_gaps"] == [{"phrase": "静音", "mentions": 5}]
        assert brief["scope"] == "m1"
        assert brief["content"]["actions"][0]["kind"] == "grow_category"
        assert other.status_code == 404

    def test_bad_tier_is_a_clear_422(self, graded: TestClient, bearer: Bearer) -> None:
        answer = graded.get("/api/v1/grades/products?tier=Z", headers=bearer("analyst"))

        assert answer.status_code == 422
        assert "tier" in answer.text
