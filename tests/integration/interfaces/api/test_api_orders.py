"""Orders through the API: each caller sees only its own; someone else's order does not exist."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.orders.models import OrderStatus

Bearer = Callable[[str], dict[str, str]]


def ids(client: TestClient, headers: dict[str, str], query: str = "") -> list[str]:
    answer = client.get(f"/api/v1/orders{query}", headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(order["id"] for order in answer.json()["items"])


class TestOwnership:
    def test_a_merchant_lists_only_its_orders(self, client: TestClient, bearer: Bearer) -> None:
        assert ids(client, bearer("shop1")) == ["o1", "o2"]

    def test_a_merchant_cannot_widen_its_scope_by_filter(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        assert ids(client, bearer("shop1"), "?merchant_id=m2") == []

    def test_another_merchants_order_is_not_found(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/orders/o3", headers=bearer("shop1"))

        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"] == "no order o3"

    def test_a_consumer_sees_only_their_own(self, client: TestClient, bearer: Bearer) -> None:
        headers = bearer("buyer1")

        assert ids(client, headers) == ["o1", "o3"]
        assert client.get("/api/v1/orders/o2", headers=headers).status_code == 404

    def test_an_analyst_sees_every_order(self, client: TestClient, bearer: Bearer) -> None:
        assert ids(client, bearer("analyst")) == ["o1", "o2", "o3"]

    @pytest.mark.parametrize("username", ["assessor", "admin"])
    def test_roles_without_order_access_are_forbidden(
        self, client: TestClient, bearer: Bearer, username: str
    ) -> None:
        answer = client.get("/api/v1/orders", headers=bearer(username))

        assert answer.status_code == 403
        assert answer.json()["code"] == "forbidden"


class TestPersonalData:
    def test_an_analyst_sees_the_recipient_masked(self, client: TestClient, bearer: Bearer) -> None:
        recipient = client.get("/api/v1/orders/o1", headers=bearer("analyst")).json()["recipient"]

        assert recipient == {
            "name": "张*",
            "phone": "138****5678",
            "address": "广东省深圳市…",
            "masked": True,
        }

    @pytest.mark.parametrize("username", ["agent", "shop1", "buyer1"])
    def test_agents_and_owners_see_it_plain(
        self, client: TestClient, bearer: Bearer, username: str
    ) -> None:
        recipient = client.get("/api/v1/orders/o1", headers=bearer(username)).json()["recipient"]

        assert (recipient["phone"], recipient["masked"]) == ("13812345678", False)

    def test_an_order_no_merchant_took_on_is_still_masked_for_staff(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        with world.uow() as uow:
            f.order(uow.session, "o9", merchant_id=None, status=OrderStatus.CANCELLED)
            uow.commit()

        answer = client.get("/api/v1/orders/o9", headers=bearer("analyst")).json()

        assert answer["merchant_id"] is None
        assert answer["recipient"]["masked"] is True


class TestRequests:
    def test_an_unknown_id_is_a_404_problem(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/orders/no-such-order", headers=bearer("analyst"))

        body = answer.json()
        assert answer.status_code == 404
        assert body["type"] == "urn:pinzhi:problem:not_found"
        assert body["instance"] == "/api/v1/orders/no-such-order"

    @pytest.mark.parametrize("query", ["?limit=abc", "?limit=0", "?offset=-1", "?status=lost"])
    def test_wrong_types_are_422_problems(
        self, client: TestClient, bearer: Bearer, query: str
    ) -> None:
        answer = client.get(f"/api/v1/orders{query}", headers=bearer("analyst"))

        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"][0]["loc"].startswith("query.")

    def test_pages_follow_newest_first(self, client: TestClient, bearer: Bearer) -> None:
        first = client.get("/api/v1/orders?limit=2", headers=bearer("analyst")).json()
        rest = client.get("/api/v1/orders?limit=2&offset=2", headers=bearer("analyst")).json()

        assert len(first["items"]) == 2 and len(rest["items"]) == 1
        assert {o["id"] for o in first["items"] + rest["items"]} == {"o1", "o2", "o3"}

    def test_a_status_filter_narrows_the_list(self, client: TestClient, bearer: Bearer) -> None:
        assert ids(client, bearer("analyst"), "?status=cancelled") == []

    def test_amounts_are_integer_fen(self, client: TestClient, bearer: Bearer) -> None:
        order = client.get("/api/v1/orders/o1", headers=bearer("analyst")).json()

        assert order["paid_fen"] == 12_900
