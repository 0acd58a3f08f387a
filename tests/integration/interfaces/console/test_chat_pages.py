"""The chat pages over HTTP: a consumer asks the bot and reaches a person; the agent answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from test_console_pages import csrf, sign_in

import chat_factories as cf
from pinzhi.bootstrap import Platform
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.api.deps import get_now


class Clock:
    def __init__(self) -> None:
        self.now = cf.NOW

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=20)
        return self.now


@pytest.fixture
def site(world: Platform) -> Iterator[TestClient]:
    with world.uow() as uow:
        cf.stock(uow)
        uow.commit()
    app = create_app(world)
    app.dependency_overrides[get_now] = Clock()
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def _start(site: TestClient, order_id: str = "") -> str:
    answer = site.post(
        "/console/chat", data={"csrf_token": csrf(site, "/console/chat"), "order_id": order_id}
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def _say(site: TestClient, page: str, text: str) -> str:
    token = csrf(site, page)
    answer = site.post(f"{page}/messages", data={"csrf_token": token, "body": text})
    assert answer.status_code == 303, answer.text
    return site.get(page).text


class TestConsumer:
    def test_a_refund_question_is_answered_on_the_page_with_the_handoff_button(
        self, site: TestClient
    ) -> None:
        sign_in(site, "buyer1")
        page = _start(site)

        html = _say(site, page, cf.REFUND_QUESTION)

        assert cf.REFUND_QUESTION in html
        assert "2026-11-20 09:15" in html  # the real approval time, in China time
        assert 'action="' + page + '/handoff"' in html
        assert "转人工" in html

    def test_a_message_without_the_csrf_token_is_refused(self, site: TestClient) -> None:
        sign_in(site, "buyer1")
        page = _start(site)

        answer = site.post(f"{page}/messages", data={"body": cf.REFUND_QUESTION})

        assert answer.status_code == 403
        assert "chat-from-consumer" not in site.get(page).text

    def test_an_open_chat_is_where_the_chat_page_leads(self, site: TestClient) -> None:
        sign_in(site, "buyer1")
        page = _start(site, "o1")

        answer = site.get("/console/chat")

        assert answer.status_code == 303
        assert answer.headers["location"] == page
        assert "咨询订单 o1" in site.get(page).text

    def test_another_consumers_chat_is_not_found(self, site: TestClient) -> None:
        sign_in(site, "buyer1")
        page = _start(site)
        site.cookies.clear()
        sign_in(site, "elder")

        assert site.get(page).status_code == 404

    def test_elderly_mode_marks_the_page_for_large_type(self, site: TestClient) -> None:
        sign_in(site, "buyer1")
        page = _start(site)
        site.cookies.set("pinzhi_elderly", "1")

        html = site.get(page).text

        assert re.search(r'<html lang="[^"]+" class="elderly"', html)
        assert "chat-handoff-button" in html


class TestHandOffToAgent:
    def test_an_angry_consumer_reaches_the_desk_and_the_agent_answers(
        self, site: TestClient
    ) -> None:
        sign_in(site, "buyer1")
        page = _start(site)
        consumer_view = _say(site, page, "订单 20261101888 退款还没到，你们就是骗子！！")
        session_id = page.rsplit("/", 1)[1]
        site.cookies.clear()
        sign_in(site, "agent")

        desk = site.get("/console/chat-desk").text
        token = csrf(site, "/console/chat-desk")
        joined = site.post(f"/console/chat-desk/{session_id}/join", data={"csrf_token": token})
        sent = site.post(
            f"/console/chat-desk/{session_id}/replies",
            data={"csrf_token": token, "body": "您好，我马上为您核实退款。"},
        )
        lured = site.post(
            f"/console/chat-desk/{session_id}/replies",
            data={"csrf_token": token, "body": "加我微信 abc123 私下退"},
        )

        assert "已转人工" in consumer_view
        assert session_id in desk
        assert "情绪激动" in desk and "20261101888" in desk
        assert joined.status_code == 303 and sent.status_code == 303
        assert lured.status_code == 422
        assert "引导站外交易" in lured.text
        site.cookies.clear()
        sign_in(site, "buyer1")
        shown = site.get(page).text
        assert "我马上为您核实退款" in shown
        assert "私下退" not in shown
        assert "人工客服已接入" in shown
