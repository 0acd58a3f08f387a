"""The chat API: the bot answers or hands off; agents see the reading, join, reply, end."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

import chat_factories as cf
from pinzhi.bootstrap import Platform

Bearer = Callable[[str], dict[str, str]]


@pytest.fixture
def stocked(world: Platform) -> Platform:
    with world.uow() as uow:
        cf.stock(uow)
        uow.commit()
    return world


def _start(client: TestClient, headers: dict[str, str], **body: str) -> str:
    answer = client.post("/api/v1/chat/sessions", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


@pytest.mark.usefixtures("stocked")
class TestConsumer:
    def test_a_refund_question_gets_the_bots_personal_answer(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")
        sid = _start(client, headers, order_id="o1")

        turn = client.post(
            f"/api/v1/chat/sessions/{sid}/messages",
            json={"body": cf.REFUND_QUESTION},
            headers=headers,
        )

        body = turn.json()
        assert turn.status_code == 200, turn.text
        assert body["handed_off"] is False
        assert body["reply"]["sender"] == "bot"
        assert "2026-11-20 09:15" in body["reply"]["body"]
        assert body["entry_id"].startswith("refund")

    def test_an_angry_message_is_handed_off_with_its_reasons(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")
        sid = _start(client, headers)

        turn = client.post(
            f"/api/v1/chat/sessions/{sid}/messages",
            json={"body": "你们这什么破服务，垃圾！我要投诉"},
            headers=headers,
        ).json()
        shown = client.get(f"/api/v1/chat/sessions/{sid}", headers=headers).json()

        assert turn["handed_off"] is True
        assert {"angry", "needs_judgement"} <= set(turn["reasons"])
        assert shown["session"]["state"] == "waiting"
        assert shown["handoff"] is None  # the staff note stays with staff
        assert all(m["sender"] != "system" for m in shown["messages"])

    def test_the_button_always_reaches_a_person(self, client: TestClient, bearer: Bearer) -> None:
        headers = bearer("buyer1")
        sid = _start(client, headers)

        answer = client.post(f"/api/v1/chat/sessions/{sid}/handoff", headers=headers)

        assert answer.status_code == 200
        assert answer.json()["state"] == "waiting"
        assert answer.json()["channel"] == "online_chat"

    def test_someone_elses_order_is_not_found(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.post(
            "/api/v1/chat/sessions", json={"order_id": "o2"}, headers=bearer("buyer1")
        )

        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")

    def test_an_empty_message_is_refused(self, client: TestClient, bearer: Bearer) -> None:
        headers = bearer("buyer1")
        sid = _start(client, headers)

        answer = client.post(
            f"/api/v1/chat/sessions/{sid}/messages", json={"body": ""}, headers=headers
        )

        assert answer.status_code == 422


@pytest.mark.usefixtures("stocked")
class TestAgent:
    def test_the_agent_sees_the_reading_joins_replies_and_ends(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        buyer = bearer("buyer1")
        sid = _start(client, buyer)
        client.post(
            f"/api/v1/chat/sessions/{sid}/messages",
            json={"body": "订单 20261101888 的退款到底还要等多久？？？"},
            headers=buyer,
        )
        agent = bearer("agent")

        waiting = client.get("/api/v1/chat/waiting", headers=agent).json()
        joined = client.post(f"/api/v1/chat/sessions/{sid}/join", headers=agent)
        blocked = client.post(
            f"/api/v1/chat/sessions/{sid}/replies",
            json={"body": "加我 qq 12345678 详聊"},
            headers=agent,
        )
        sent = client.post(
            f"/api/v1/chat/sessions/{sid}/replies",
            json={"body": "您好，退款已在处理中。"},
            headers=agent,
        )
        ended = client.post(f"/api/v1/chat/sessions/{sid}/end", headers=agent)
        shown = client.get(f"/api/v1/chat/sessions/{sid}", headers=agent).json()

        assert [w["session"]["id"] for w in waiting] == [sid]
        assert waiting[0]["handoff"]["facts"]["order_ids"] == ["20261101888"]
        assert "angry" in waiting[0]["handoff"]["reasons"]
        assert joined.status_code == 200 and joined.json()["agent_id"] == "s1"
        assert blocked.status_code == 422
        assert "off_platform" in blocked.json()["detail"]
        assert sent.status_code == 201
        assert ended.json()["state"] == "ended"
        assert shown["handoff"]["intent"] is not None

    def test_a_consumer_may_not_see_the_waiting_list(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/chat/waiting", headers=bearer("buyer1"))

        assert answer.status_code == 403
