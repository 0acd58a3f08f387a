"""The event API: batches are validated like files, applied all or nothing, and idempotent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

Bearer = Callable[[str], dict[str, str]]


def merchant_row(merchant_id: str, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": merchant_id,
        "name": "新开小店",
        "kind": "third_party",
        "main_category": "食品",
        "region": "浙江",
        "joined_at": "2026-11-01T09:30:00+08:00",
        "status": "active",
        "deposit_fen": 500000,
    }
    row.update(overrides)
    return row


def merchant_ids(client: TestClient, headers: dict[str, str]) -> set[str]:
    answer = client.get("/api/v1/orders?limit=200", headers=headers)
    assert answer.status_code == 200, answer.text
    return {order["merchant_id"] for order in answer.json()["items"]}


class TestEventApi:
    def test_a_valid_batch_is_written(self, client: TestClient, bearer: Bearer) -> None:
        rows = [merchant_row("m10"), merchant_row("m11", kind="self_operated")]

        answer = client.post("/api/v1/events/merchants", json=rows, headers=bearer("admin"))

        assert answer.status_code == 200, answer.text
        assert answer.json() == {"table": "merchants", "rows": 2, "written": 2}

    def test_sending_the_same_batch_again_changes_nothing(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        rows = [merchant_row("m10")]
        client.post("/api/v1/events/merchants", json=rows, headers=bearer("admin"))

        again = client.post("/api/v1/events/merchants", json=rows, headers=bearer("admin"))

        assert again.json()["written"] == 0

    def test_one_bad_row_rejects_the_whole_batch_and_names_it(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        rows = [merchant_row("m20"), merchant_row("m21", deposit_fen=-5), merchant_row("m22")]

        answer = client.post("/api/v1/events/merchants", json=rows, headers=bearer("admin"))
        retry = client.post(
            "/api/v1/events/merchants", json=[merchant_row("m20")], headers=bearer("admin")
        )

        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"
        detail = " ".join(answer.json()["errors"])
        assert "row 2" in detail and "deposit_fen" in detail
        assert retry.json()["written"] == 1  # m20 was not half-written by the failed batch

    def test_an_order_for_an_unknown_merchant_is_refused(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        order = {
            "id": "o99",
            "consumer_id": "c1",
            "merchant_id": "nobody",
            "status": "placed",
            "goods_fen": 100,
            "paid_fen": 100,
            "placed_at": "2026-11-20T10:00:00Z",
        }

        answer = client.post("/api/v1/events/orders", json=[order], headers=bearer("admin"))

        assert answer.status_code == 422
        assert "nobody" in " ".join(answer.json()["errors"])

    def test_an_unknown_table_is_refused(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.post("/api/v1/events/secrets", json=[{"id": "x"}], headers=bearer("admin"))

        assert answer.status_code == 422
        assert "secrets" in answer.json()["detail"] + " ".join(answer.json()["errors"])

    def test_only_the_platform_admin_may_feed_data(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.post(
            "/api/v1/events/merchants", json=[merchant_row("m30")], headers=bearer("shop1")
        )

        assert answer.status_code == 403
        assert merchant_ids(client, bearer("analyst")) == {"m1", "m2"}
