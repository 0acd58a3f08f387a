"""Trajectories, anomalies and notices through the API, each scoped to the caller."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

import logistics_factories as lf
from pinzhi.bootstrap import Platform
from pinzhi.domain.logistics.anomalies import detect_anomalies
from pinzhi.domain.logistics.models import TrackingNode

Bearer = Callable[[str], dict[str, str]]
T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)
H = timedelta(hours=1)
N = TrackingNode


@pytest.fixture
def parcels(world: Platform) -> Platform:
    """s1 (o1: m1, c1) stuck after a scan sent twice; s3 (o3: m2, c1) damaged on the way."""
    with world.uow() as uow:
        s = uow.session
        lf.shipment(s, "s1", order_id="o1", shipped_at=T0)
        lf.scan(s, "e12", shipment_id="s1", node=N.IN_TRANSIT, at=T0 + 10 * H)
        lf.scan(s, "e11", shipment_id="s1", node=N.PICKED_UP, at=T0, location="深圳营业部")
        lf.scan(s, "e13", shipment_id="s1", node=N.IN_TRANSIT, at=T0 + 10 * H)
        lf.shipment(s, "s3", order_id="o3", shipped_at=T0)
        lf.scan(s, "e31", shipment_id="s3", node=N.EXCEPTION, at=T0 + 5 * H, note="包裹破损")
        lf.scan(s, "e32", shipment_id="s3", node=N.IN_TRANSIT, at=T0 + 40 * H)
        detect_anomalies(uow=uow, now=T0 + 60 * H)
        uow.commit()
    return world


class TestTrajectory:
    def test_the_buyer_sees_every_scan_in_time_order_with_repeats_marked(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/shipments/s1/trajectory", headers=bearer("buyer1"))

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert [(s["id"], s["repeat"]) for s in body["scans"]] == [
            ("e11", False),
            ("e12", False),
            ("e13", True),
        ]
        assert [(a["kind"], a["status"]) for a in body["anomalies"]] == [("stuck", "open")]
        assert body["anomalies"][0]["evidence_ids"] == ["e12"]

    def test_another_merchants_shipment_does_not_exist(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/shipments/s1/trajectory", headers=bearer("shop2"))

        assert answer.status_code == 404
        assert answer.json()["detail"] == "no shipment s1"

    def test_staff_see_any_and_strangers_must_sign_in(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        assert (
            client.get("/api/v1/shipments/s3/trajectory", headers=bearer("agent")).status_code
            == 200
        )
        assert client.get("/api/v1/shipments/s3/trajectory").status_code == 401


class TestAnomalies:
    @pytest.mark.parametrize(
        ("username", "expected"),
        [
            ("shop1", [("s1", "stuck")]),
            ("shop2", [("s3", "damaged")]),
            ("buyer1", [("s3", "damaged"), ("s1", "stuck")]),
            ("analyst", [("s3", "damaged"), ("s1", "stuck")]),
        ],
    )
    def test_each_caller_sees_the_anomalies_of_their_orders(
        self,
        parcels: Platform,
        client: TestClient,
        bearer: Bearer,
        username: str,
        expected: list[tuple[str, str]],
    ) -> None:
        answer = client.get("/api/v1/logistics/anomalies", headers=bearer(username))

        assert answer.status_code == 200, answer.text
        assert [(a["shipment_id"], a["kind"]) for a in answer.json()["items"]] == expected

    def test_filters_narrow_by_kind(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/logistics/anomalies?kind=stuck", headers=bearer("agent"))

        assert [a["shipment_id"] for a in answer.json()["items"]] == ["s1"]

    def test_an_unknown_kind_is_a_clear_error(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/logistics/anomalies?kind=lost", headers=bearer("agent"))

        assert answer.status_code == 422
        assert "kind" in answer.text

    def test_a_role_without_order_access_is_refused(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        assert (
            client.get("/api/v1/logistics/anomalies", headers=bearer("assessor")).status_code == 403
        )


class TestNotices:
    def test_the_buyer_reads_their_alerts_and_marks_one_read(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")
        inbox = client.get("/api/v1/notices", headers=headers).json()["items"]

        answer = client.post(f"/api/v1/notices/{inbox[0]['id']}/read", headers=headers)

        assert sorted(n["params"]["kind"] for n in inbox) == ["damaged", "stuck"]
        assert answer.status_code == 200, answer.text
        assert answer.json()["read_at"] is not None
        again = client.get("/api/v1/notices", headers=headers).json()["items"]
        assert [n["read_at"] is not None for n in again if n["id"] == inbox[0]["id"]] == [True]

    def test_someone_elses_notice_cannot_be_marked(
        self, parcels: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        theirs = client.get("/api/v1/notices", headers=bearer("buyer1")).json()["items"][0]["id"]

        answer = client.post(f"/api/v1/notices/{theirs}/read", headers=bearer("shop2"))

        assert answer.status_code == 403
