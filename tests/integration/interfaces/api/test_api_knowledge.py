"""The knowledge-base API: maintained by staff, asked by consumers about their own orders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    CaseStepRow,
)
from pinzhi.domain.knowledge.seed import seed_knowledge

Bearer = Callable[[str], dict[str, str]]
APPROVED_AT = datetime(2026, 11, 2, 1, 15, tzinfo=UTC)  # 09:15 in China
ENTRY = {
    "id": "gift-wrap",
    "title": "礼品包装",
    "category": "order",
    "answer": "下单时勾选礼品包装即可，包装免费。",
    "questions": ["能包装成礼物吗", "有礼品包装吗"],
}


@pytest.fixture
def stocked(world: Platform) -> Platform:
    """The starter knowledge base, and a refund on buyer1's order o1 approved at APPROVED_AT."""
    with world.uow() as uow:
        seed_knowledge(uow=uow, actor=Actor("usr_admin", Role.PLATFORM_ADMIN), now=APPROVED_AT)
        uow.session.add(
            AftersalesCase(
                id="as1",
                order_id="o1",
                consumer_id="c1",
                merchant_id="m1",
                kind=CaseKind.RETURN_REFUND,
                reason=CaseReason.QUALITY,
                status=CaseStatus.APPROVED,
                requested_at=APPROVED_AT - timedelta(hours=5),
            )
        )
        uow.session.flush()
        uow.session.add(
            CaseStepRow(
                case_id="as1",
                occurred_at=APPROVED_AT,
                actor_id="usr_shop1",
                event="approve",
                from_state="requested",
                to_state="approved",
            )
        )
        uow.commit()
    return world


class TestEntries:
    def test_an_editor_creates_revises_and_withdraws_an_entry(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("analyst")

        created = client.post("/api/v1/knowledge/entries", json=ENTRY, headers=headers)
        revised = client.put(
            "/api/v1/knowledge/entries/gift-wrap",
            json={**ENTRY, "answer": "礼品包装 5 元一份。", "base_version": 1},
            headers=headers,
        )
        withdrawn = client.put(
            "/api/v1/knowledge/entries/gift-wrap/active",
            json={"active": False, "base_version": 2},
            headers=headers,
        )
        history = client.get("/api/v1/knowledge/entries/gift-wrap/revisions", headers=headers)

        assert created.status_code == 201, created.text
        assert created.json()["version"] == 1
        assert revised.json()["answer"] == "礼品包装 5 元一份。"
        assert withdrawn.json()["active"] is False
        assert [r["change"] for r in history.json()] == ["created", "updated", "deactivated"]

    def test_a_stale_revision_is_a_conflict(self, client: TestClient, bearer: Bearer) -> None:
        headers = bearer("admin")
        client.post("/api/v1/knowledge/entries", json=ENTRY, headers=headers)

        stale = client.put(
            "/api/v1/knowledge/entries/gift-wrap",
            json={**ENTRY, "base_version": 0},
            headers=headers,
        )

        assert stale.status_code == 409
        assert stale.json()["code"] == "conflict"

    def test_an_unknown_entry_is_a_404_problem(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/knowledge/entries/no-such-entry", headers=bearer("admin"))

        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"] == "knowledge entry 'no-such-entry' does not exist"

    @pytest.mark.parametrize("username", ["buyer1", "agent", "shop1"])
    def test_only_knowledge_editors_maintain_entries(
        self, client: TestClient, bearer: Bearer, username: str
    ) -> None:
        headers = bearer(username)

        listed = client.get("/api/v1/knowledge/entries", headers=headers)
        created = client.post("/api/v1/knowledge/entries", json=ENTRY, headers=headers)

        assert (listed.status_code, created.status_code) == (403, 403)

    def test_an_unknown_placeholder_is_refused(self, client: TestClient, bearer: Bearer) -> None:
        body = {**ENTRY, "personal_kind": "order", "personal_template": "{case_id} 已受理"}

        answer = client.post("/api/v1/knowledge/entries", json=body, headers=bearer("admin"))

        assert answer.status_code == 422
        assert "case_id" in answer.json()["detail"]


class TestAnswer:
    def test_a_consumer_hears_when_their_refund_was_approved(
        self, stocked: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.post(
            "/api/v1/knowledge/answer",
            json={"question": "我的退款审核通过了没有，钱啥时候到"},
            headers=bearer("buyer1"),
        )

        body = answer.json()
        assert answer.status_code == 200, answer.text
        assert body["entry_id"] in {"refund-timing", "refund-progress"}
        assert body["confident"] is True
        assert body["order_id"] == "o1"
        assert "2026-11-02 09:15 审核通过" in body["answer"]
        assert len(body["alternatives"]) == 2

    def test_another_consumers_order_is_not_found(
        self, stocked: Platform, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.post(
            "/api/v1/knowledge/answer",
            json={"question": "我的订单到哪了", "order_id": "o2"},
            headers=bearer("buyer1"),
        )

        assert answer.status_code == 404
        assert answer.json()["detail"] == "no order o2"

    def test_asking_needs_a_signed_in_user(self, stocked: Platform, client: TestClient) -> None:
        answer = client.post("/api/v1/knowledge/answer", json={"question": "退款多久到账"})

        assert answer.status_code == 401
