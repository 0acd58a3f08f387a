"""The console's personal-data views: recipients logged when unmasked, the access-log page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_console_pages import sign_in

from pinzhi.bootstrap import Platform
from pinzhi.domain.privacy import queries
from pinzhi.interfaces.console.i18n import CATALOGUE

ZH = CATALOGUE["zh-CN"]


def accesses(platform: Platform, kind: str) -> int:
    with platform.uow() as uow:
        return queries.count_accesses(uow=uow, record_kind=kind)


class TestConsolePersonalData:
    def test_an_agent_viewing_orders_is_logged_per_order_shown(
        self, client: TestClient, world: Platform
    ) -> None:
        sign_in(client, "agent")

        html = client.get("/console/orders").text

        assert "张伟" in html
        assert accesses(world, "order") == 3

    def test_an_analyst_sees_recipients_masked_and_nothing_is_logged(
        self, client: TestClient, world: Platform
    ) -> None:
        sign_in(client, "analyst")

        html = client.get("/console/orders").text

        assert "张*" in html and "张伟" not in html
        assert accesses(world, "order") == 0


class TestAccessLogPage:
    def test_the_admin_reads_who_saw_what_and_the_reading_is_logged(
        self, client: TestClient, world: Platform
    ) -> None:
        sign_in(client, "agent")
        client.get("/console/orders")
        client.cookies.clear()
        sign_in(client, "admin")

        answer = client.get("/console/privacy/access-log", params={"record_kind": "order"})

        assert answer.status_code == 200
        assert answer.text.count(f"<td>{ZH['role_service_agent']}</td>") == 3  # the role in words
        assert answer.text.count(f"<td>{ZH['privacy_kind_order']}</td>") == 3
        assert "GET /console/orders" in answer.text
        assert accesses(world, "access_log") == 1

    def test_the_page_is_in_the_admins_menu_and_closed_to_an_agent(
        self, client: TestClient
    ) -> None:
        sign_in(client, "admin")
        menu = client.get("/console/notices").text
        client.cookies.clear()
        sign_in(client, "agent")

        refused = client.get("/console/privacy/access-log")

        assert "/console/privacy/access-log" in menu
        assert refused.status_code == 403
