"""Indicator series: the platform for platform roles, a merchant's own for the merchant."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

Bearer = Callable[[str], dict[str, str]]


def get(client: TestClient, headers: dict[str, str], query: str = "") -> object:
    return client.get(f"/api/v1/indicators{query}", headers=headers)


class TestIndicators:
    def test_an_analyst_reads_the_platform_by_default(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        body = get(client, bearer("analyst"), "?metric=orders&metric=refund_rate").json()

        assert body["merchant_id"] == "*"
        assert (body["start"], body["end"]) == ("2026-10-25", "2026-11-23")
        assert [s["metric"] for s in body["series"]] == ["orders", "refund_rate"]
        assert len(body["series"][0]["points"]) == 20

    def test_a_merchant_reads_its_own_by_default(self, client: TestClient, bearer: Bearer) -> None:
        body = get(client, bearer("shop1"), "?metric=orders").json()

        assert body["merchant_id"] == "m1"
        assert body["series"][0]["points"]

    @pytest.mark.parametrize("subject", ["*", "m2"])
    def test_a_merchant_may_not_read_others(
        self, client: TestClient, bearer: Bearer, subject: str
    ) -> None:
        answer = get(client, bearer("shop1"), f"?merchant_id={subject}")

        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/problem+json"

    def test_an_analyst_reads_any_merchant(self, client: TestClient, bearer: Bearer) -> None:
        assert get(client, bearer("analyst"), "?merchant_id=m1").json()["merchant_id"] == "m1"

    def test_a_consumer_reads_no_indicators(self, client: TestClient, bearer: Bearer) -> None:
        assert get(client, bearer("buyer1")).status_code == 403

    def test_a_range_set_by_hand_is_kept(self, client: TestClient, bearer: Bearer) -> None:
        query = "?metric=orders&start=2026-11-20&end=2026-11-23"

        points = get(client, bearer("analyst"), query).json()["series"][0]["points"]

        assert [p["day"] for p in points] == [
            "2026-11-20",
            "2026-11-21",
            "2026-11-22",
            "2026-11-23",
        ]

    @pytest.mark.parametrize(
        "query", ["?start=yesterday", "?start=2026-11-23&end=2026-11-01", "?start=2020-01-01"]
    )
    def test_bad_ranges_are_422_problems(
        self, client: TestClient, bearer: Bearer, query: str
    ) -> None:
        answer = get(client, bearer("analyst"), query)

        assert answer.status_code == 422
        assert answer.json()["code"] == "validation_failed"
