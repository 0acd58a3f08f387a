"""Service commitments: the platform checks what a shop publishes; anyone reads them."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from pinzhi.bootstrap import Platform
from pinzhi.domain.catalog.models import Merchant

Bearer = Callable[[str], dict[str, str]]
LATE = {
    "kind": "late_delivery_compensation",
    "terms": "未在承诺时间内发货，自动赔付5元",
    "compensation_fen": 500,
}


class TestCommitments:
    def test_a_shop_publishes_and_a_consumer_reads_it(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        published = client.post("/api/v1/commitments", json=LATE, headers=bearer("shop1"))
        listed = client.get("/api/v1/merchants/m1/commitments", headers=bearer("buyer1"))

        assert published.status_code == 201
        assert [(c["kind"], c["compensation_fen"]) for c in listed.json()] == [
            ("late_delivery_compensation", 500)
        ]

    def test_a_compensation_promise_must_name_its_sum(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.post(
            "/api/v1/commitments", json={**LATE, "compensation_fen": 0}, headers=bearer("shop1")
        )

        assert answer.status_code == 422
        assert "must name a compensation" in answer.json()["detail"]

    def test_one_live_commitment_per_kind_until_withdrawn(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        first = client.post("/api/v1/commitments", json=LATE, headers=bearer("shop1")).json()

        twice = client.post("/api/v1/commitments", json=LATE, headers=bearer("shop1"))
        withdrawn = client.post(
            f"/api/v1/commitments/{first['id']}/withdraw", headers=bearer("shop1")
        )
        again = client.post("/api/v1/commitments", json=LATE, headers=bearer("shop1"))

        assert twice.status_code == 409
        assert withdrawn.json()["withdrawn_at"] is not None
        assert again.status_code == 201

    def test_only_shops_publish_and_only_their_own(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        by_agent = client.post("/api/v1/commitments", json=LATE, headers=bearer("agent"))
        mine = client.post("/api/v1/commitments", json=LATE, headers=bearer("shop1")).json()
        theirs = client.post(f"/api/v1/commitments/{mine['id']}/withdraw", headers=bearer("shop2"))

        assert by_agent.status_code == 403
        assert theirs.status_code == 404

    def test_a_commitment_that_does_not_fit_the_goods_is_refused(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        with world.uow() as uow:
            uow.session.get_one(Merchant, "m2").main_category = "服装"
            uow.commit()
        measure = {"kind": "free_measurement", "terms": "下单前可预约免费上门测量"}

        clothes = client.post("/api/v1/commitments", json=measure, headers=bearer("shop2"))
        appliances = client.post("/api/v1/commitments", json=measure, headers=bearer("shop1"))

        assert clothes.status_code == 422
        assert "does not apply to 服装 goods" in clothes.json()["detail"]
        assert appliances.status_code == 201
