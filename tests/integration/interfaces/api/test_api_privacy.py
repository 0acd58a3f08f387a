"""Personal data through the API: unmasked reads logged, masked ones not; export and erasure.

C7, C16; S3 4.3.1–4.3.3 (access by role, logged); S2 7.8 (a consumer's data rights).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

import factories as f
import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.models import User
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order
from pinzhi.domain.privacy.models import PersonalDataAccess
from pinzhi.domain.privacy.operations import ERASED
from pinzhi.domain.records import queries as records
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.api.deps import get_now

Bearer = Callable[[str], dict[str, str]]
NOW = sf.T0 + timedelta(days=1)
OTHER = {"name": "王芳", "phone": "13999990000", "address": "上海市浦东新区世纪大道 100 号"}
FILING = {
    "channel": "online_chat",
    "nature": "quality",
    "matter": "收到的电水壶底部漏水，请联系张伟",
    "contact": "13812345678",
    "order_id": "o1",
}


@pytest.fixture
def client(world: Platform) -> Iterator[TestClient]:
    """The shared API world; consumer c2 with details of its own; clock held at NOW."""
    with world.uow() as uow:
        sf.complaint_staff(uow.session)
        uow.session.execute(update(Consumer).where(Consumer.id == "c2").values(**OTHER))
        uow.session.execute(
            update(Order)
            .where(Order.consumer_id == "c2")
            .values(recipient_name=OTHER["name"], recipient_phone=OTHER["phone"])
        )
        uow.commit()
    app = create_app(world)
    app.dependency_overrides[get_now] = lambda: NOW
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def complaint(client: TestClient, bearer: Bearer) -> str:
    answer = client.post("/api/v1/complaints", json=FILING, headers=bearer("buyer1"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["summary"]["id"])


def log(platform: Platform) -> list[tuple[str, str, str, str, str]]:
    with platform.uow() as uow:
        rows = uow.session.scalars(select(PersonalDataAccess).order_by(PersonalDataAccess.id))
        return [(r.user_id, r.record_kind, r.record_id, r.fields, r.purpose) for r in rows]


def user_id(platform: Platform, username: str) -> str:
    with platform.uow() as uow:
        return uow.session.scalars(select(User.id).where(User.username == username)).one()


class TestUnmaskedReadsAreLogged:
    @pytest.mark.parametrize(
        "case",
        [
            ("agent", "/api/v1/orders/o1", "order", "o1", "name,phone,address"),
            ("agent", "/api/v1/orders", "order", "o2", "name,phone,address"),
            ("buyer1", "/api/v1/orders/o3", "order", "o3", "name,phone,address"),
            ("shop1", "/api/v1/orders/o2", "order", "o2", "name,phone,address"),
            ("agent", "/api/v1/complaints/{cid}", "complaint", "{cid}", "name,phone,contact"),
            ("buyer1", "/api/v1/complaints/{cid}", "complaint", "{cid}", "name,phone,contact"),
            ("admin", "/api/v1/privacy/consumers/c1/export", "consumer", "c1", "export"),
            ("buyer1", "/api/v1/privacy/consumers/c1/export", "consumer", "c1", "export"),
            ("assessor", "/api/v1/privacy/access-log", "access_log", "*", "log"),
        ],
    )
    def test_each_endpoint_showing_personal_data_logs_who_saw_which_fields(
        self,
        client: TestClient,
        bearer: Bearer,
        world: Platform,
        complaint: str,
        case: tuple[str, str, str, str, str],
    ) -> None:
        username, path, kind, record, fields = case
        headers = bearer(username)
        before = log(world)

        answer = client.get(path.format(cid=complaint), headers=headers)

        assert answer.status_code == 200, answer.text
        grown = log(world)[len(before) :]
        expected = (user_id(world, username), kind, record.format(cid=complaint), fields)
        assert expected in [row[:4] for row in grown]
        assert all(row[4] == f"GET {path.format(cid=complaint)}" for row in grown)

    def test_filing_a_complaint_logs_the_file_shown_back(
        self, client: TestClient, bearer: Bearer, world: Platform, complaint: str
    ) -> None:
        rows = log(world)

        assert (user_id(world, "buyer1"), "complaint", complaint, "name,phone,contact") in [
            row[:4] for row in rows
        ]

    @pytest.mark.parametrize(
        "path", ["/api/v1/orders/o1", "/api/v1/orders", "/api/v1/complaints/{cid}"]
    )
    def test_masked_reads_are_not_logged(
        self, client: TestClient, bearer: Bearer, world: Platform, complaint: str, path: str
    ) -> None:
        headers = bearer("analyst")
        before = log(world)

        answer = client.get(path.format(cid=complaint), headers=headers)

        assert answer.status_code == 200
        assert "13812345678" not in answer.text and "138****5678" in answer.text
        assert log(world) == before


class TestAccessLog:
    def test_roles_without_the_permission_may_not_read_it(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/privacy/access-log", headers=bearer("agent"))

        assert answer.status_code == 403

    def test_it_lists_reads_newest_first_filtered_by_record(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        client.get("/api/v1/orders/o1", headers=bearer("agent"))

        answer = client.get(
            "/api/v1/privacy/access-log",
            params={"record_kind": "order", "record_id": "o1"},
            headers=bearer("admin"),
        )

        rows = answer.json()
        assert [(r["record_id"], r["role"], r["fields"]) for r in rows] == [
            ("o1", "service_agent", ["name", "phone", "address"])
        ]


class TestExport:
    def test_a_consumer_exports_their_own_data_and_nobody_elses(
        self, client: TestClient, bearer: Bearer, complaint: str
    ) -> None:
        answer = client.get("/api/v1/privacy/consumers/c1/export", headers=bearer("buyer1"))

        body = answer.json()
        records = body["records"]
        assert body["profile"]["phone"] == "13812345678"
        assert {o["id"] for o in records["orders"]} == {"o1", "o3"}
        assert [c["id"] for c in records["complaints"]] == [complaint]
        assert records["complaint_handling"][0]["contact"] == "13812345678"
        assert not any(word in answer.text for word in OTHER.values())
        assert "password" not in answer.text

    def test_a_consumer_may_not_export_another(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/privacy/consumers/c2/export", headers=bearer("buyer1"))

        assert answer.status_code == 403

    def test_an_admin_exports_on_request_and_a_stranger_is_not_found(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        found = client.get("/api/v1/privacy/consumers/c2/export", headers=bearer("admin"))
        missing = client.get("/api/v1/privacy/consumers/nobody/export", headers=bearer("admin"))

        assert found.json()["profile"]["name"] == OTHER["name"]
        assert missing.status_code == 404


class TestErasure:
    def test_erasure_removes_personal_data_keeps_money_and_the_chain_verifies(
        self, client: TestClient, bearer: Bearer, world: Platform, complaint: str
    ) -> None:
        answer = client.post("/api/v1/privacy/consumers/c1/erase", headers=bearer("admin"))

        assert answer.status_code == 200, answer.text
        exported = client.get("/api/v1/privacy/consumers/c1/export", headers=bearer("admin"))
        body = exported.json()
        assert body["profile"]["name"] is None and body["profile"]["phone"] is None
        assert all(o["recipient_phone"] is None for o in body["records"]["orders"])
        assert [o["paid_fen"] for o in body["records"]["orders"]] == [12_900, 12_900]
        assert body["records"]["complaints"][0]["matter"] == ERASED
        assert "张伟" not in exported.text and "13812345678" not in exported.text
        with world.uow() as uow:
            assert records.verify_chain(uow=uow, key=world.secret_key).broken is None
            assert uow.session.get_one(Consumer, "c2").name == OTHER["name"]

    def test_a_consumer_erases_themselves_but_no_one_else(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        other = client.post("/api/v1/privacy/consumers/c2/erase", headers=bearer("buyer1"))
        mine = client.post("/api/v1/privacy/consumers/c1/erase", headers=bearer("buyer1"))

        assert other.status_code == 403
        assert mine.status_code == 200
        assert mine.json()["rows"]["consumers"] == 1
        assert mine.json()["rows"]["sign_ins_closed"] == 1

    def test_an_erased_consumer_can_no_longer_sign_in(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        signed_in = bearer("buyer1")
        client.post("/api/v1/privacy/consumers/c1/erase", headers=bearer("admin"))

        after = client.get("/api/v1/orders", headers=signed_in)
        again = client.post(
            "/api/v1/auth/login", json={"username": "buyer1", "password": f.PASSWORD}
        )

        assert (after.status_code, again.status_code) == (401, 401)
