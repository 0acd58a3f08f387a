"""The logistics console: anomalies by role, a parcel's timeline, the notice inbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

import factories as f
import logistics_factories as lf
from pinzhi.bootstrap import Platform
from pinzhi.domain.logistics.anomalies import detect_anomalies
from pinzhi.domain.logistics.models import TrackingNode

T0 = datetime(2026, 11, 2, 2, tzinfo=UTC)
H = timedelta(hours=1)
N = TrackingNode


@pytest.fixture
def parcels(world: Platform) -> Platform:
    """s1 (o1: m1, c1) damaged and then stuck; s3 (o3: m2, c1) moving normally."""
    with world.uow() as uow:
        s = uow.session
        lf.shipment(s, "s1", order_id="o1", shipped_at=T0)
        lf.scan(s, "e11", shipment_id="s1", node=N.PICKED_UP, at=T0, location="深圳营业部")
        lf.scan(s, "e12", shipment_id="s1", node=N.EXCEPTION, at=T0 + 8 * H, note="外包装破损")
        lf.shipment(s, "s3", order_id="o3", shipped_at=T0 + 50 * H)
        lf.scan(s, "e31", shipment_id="s3", node=N.PICKED_UP, at=T0 + 50 * H)
        detect_anomalies(uow=uow, now=T0 + 60 * H)
        uow.commit()
    return world


def signed_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    form = {"username": username, "password": f.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/console/login", data=form).status_code == 303
    return client


class TestAnomaliesPage:
    def test_the_merchant_sees_its_parcels_issues_linked_to_the_timeline(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "shop1").get("/console/logistics/anomalies")

        assert page.status_code == 200
        assert "/console/shipments/s1/trajectory" in page.text
        assert page.text.count("<tr>") == 3  # header and two anomalies: damaged, stuck
        assert "破损" in page.text and "停滞" in page.text

    def test_another_merchant_sees_none_of_them(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "shop2").get("/console/logistics/anomalies")

        assert "/console/shipments/s1/" not in page.text
        assert "没有符合条件的物流异常" in page.text

    def test_the_kind_filter_and_english(self, parcels: Platform, client: TestClient) -> None:
        signed_in(client, "agent").get("/console/prefs?lang=en")

        page = client.get("/console/logistics/anomalies?kind=stuck")

        assert "Stuck" in page.text and "No tracking update for too long" in page.text
        assert "Carrier reported damage" not in page.text

    def test_the_nav_offers_the_page_and_the_inbox(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "buyer1").get("/console/logistics/anomalies")

        assert 'href="/console/logistics/anomalies" aria-current="page"' in page.text
        assert 'href="/console/notices"' in page.text


class TestTrajectoryPage:
    def test_the_timeline_lists_scans_in_order_and_marks_the_evidence(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "buyer1").get("/console/shipments/s1/trajectory").text

        assert page.index("深圳营业部") < page.index("外包装破损")
        marked = re.findall(r'class="timeline-item timeline-(\w+) timeline-marked', page)
        assert marked == ["exception"]  # the damage report, also where the parcel went quiet

    def test_someone_elses_parcel_is_not_found(self, parcels: Platform, client: TestClient) -> None:
        page = signed_in(client, "shop2").get("/console/shipments/s1/trajectory")

        assert page.status_code == 404


class TestNoticesPage:
    def test_the_buyer_reads_an_alert_and_marks_it_read(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "buyer1").get("/console/notices").text
        notice_id = re.search(r'action="/console/notices/([^"]+)/read"', page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert notice_id is not None and token is not None
        assert "2 条未读" in page

        answer = client.post(
            f"/console/notices/{notice_id.group(1)}/read", data={"csrf_token": token.group(1)}
        )

        assert answer.status_code == 303
        assert "1 条未读" in client.get("/console/notices").text

    def test_marking_read_without_the_csrf_token_is_refused(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "buyer1").get("/console/notices").text
        notice_id = re.search(r'action="/console/notices/([^"]+)/read"', page)
        assert notice_id is not None

        answer = client.post(f"/console/notices/{notice_id.group(1)}/read", data={})

        assert answer.status_code == 403

    def test_staff_without_notices_see_an_empty_inbox(
        self, parcels: Platform, client: TestClient
    ) -> None:
        page = signed_in(client, "assessor").get("/console/notices")

        assert page.status_code == 200
        assert "暂无消息" in page.text
