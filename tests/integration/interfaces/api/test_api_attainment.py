"""SLA attainment over the API: figures beside their S1 9.2 limits, each reader its own scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from attainment_factories import attainment_history
from pinzhi.bootstrap import Platform

Bearer = Callable[[str], dict[str, str]]
LAST = date(2026, 11, 23)


@pytest.fixture
def attained(world: Platform, client: TestClient) -> TestClient:
    """Three days of attainment up to 23 November (see `attainment_factories`)."""
    with world.uow() as uow:
        attainment_history(uow.session, end=LAST)
        uow.commit()
    return client


def get(client: TestClient, headers: dict[str, str], query: str = "") -> Any:
    return client.get(f"/api/v1/attainment{query}", headers=headers)


def measure(body: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in body["measures"] if m["measure"] == name)
    return found


class TestAttainmentApi:
    def test_an_analyst_reads_the_platform_with_each_limit(
        self, attained: TestClient, bearer: Bearer
    ) -> None:
        body = get(attained, bearer("analyst")).json()

        first = measure(body, "chat_first_response")
        assert (body["merchant_id"], body["agent_id"]) == ("*", "*")
        assert (body["start"], body["end"]) == ("2026-10-25", "2026-11-23")
        assert first["limit"] == {"seconds": 30.0, "applies_to": "each", "policy_version": 1}
        assert measure(body, "phone_average_queue")["limit"]["seconds"] == 20.0
        assert measure(body, "refund_before_shipment_response")["limit"]["seconds"] == 3_600.0
        assert [d["day"] for d in first["days"]] == ["2026-11-21", "2026-11-22", "2026-11-23"]

    def test_the_range_total_recomputes_from_numerators(
        self, attained: TestClient, bearer: Bearer
    ) -> None:
        first = measure(get(attained, bearer("analyst")).json(), "chat_first_response")

        assert first["total"]["within_limit"] == pytest.approx(63 / 90)
        assert first["total"]["breaches"] == 27
        assert first["total"]["mean_seconds"] == pytest.approx(30.0)
        assert first["total"]["p50_seconds"] is None, "percentiles do not roll up over days"
        assert first["meets_limit"] is False, "every first response must be within 30 s"

    def test_one_day_keeps_its_percentiles(self, attained: TestClient, bearer: Bearer) -> None:
        body = get(attained, bearer("analyst"), "?start=2026-11-23&end=2026-11-23").json()

        assert measure(body, "chat_first_response")["total"]["p50_seconds"] == 30.0
        assert measure(body, "phone_average_queue")["meets_limit"] is True, "mean 18 s ≤ 20 s"

    def test_a_channel_and_an_agent_narrow_the_answer(
        self, attained: TestClient, bearer: Bearer
    ) -> None:
        body = get(attained, bearer("analyst"), "?channel=online_chat&agent_id=a1").json()

        assert [m["measure"] for m in body["measures"]] == ["chat_first_response"]
        assert body["measures"][0]["total"]["within_limit"] == pytest.approx(13 / 20)

    def test_a_merchant_reads_its_own_by_default(
        self, attained: TestClient, bearer: Bearer
    ) -> None:
        body = get(attained, bearer("shop1")).json()

        assert body["merchant_id"] == "m1"
        assert measure(body, "chat_first_response")["total"]["within_limit"] == pytest.approx(
            17 / 20
        )

    @pytest.mark.parametrize("subject", ["*", "m9"])
    def test_a_merchant_may_not_read_others(
        self, attained: TestClient, bearer: Bearer, subject: str
    ) -> None:
        answer = get(attained, bearer("shop1"), f"?merchant_id={subject}")

        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/problem+json"

    def test_a_consumer_reads_no_attainment(self, attained: TestClient, bearer: Bearer) -> None:
        assert get(attained, bearer("buyer1")).status_code == 403

    def test_an_agent_reads_the_platform_but_no_merchant(
        self, attained: TestClient, bearer: Bearer
    ) -> None:
        assert get(attained, bearer("agent")).status_code == 200
        assert get(attained, bearer("agent"), "?merchant_id=m1").status_code == 403

    @pytest.mark.parametrize(
        "query", ["?channel=fax", "?start=2026-11-23&end=2026-11-01", "?start=2020-01-01"]
    )
    def test_bad_input_is_a_422_problem(
        self, attained: TestClient, bearer: Bearer, query: str
    ) -> None:
        answer = get(attained, bearer("analyst"), query)

        assert answer.status_code == 422
        assert answer.json()["code"] == "validation_failed"
