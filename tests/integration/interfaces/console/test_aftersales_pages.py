"""After-sales pages: the consumer's wizard, the case view's legal buttons, double submits."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from test_console_pages import sign_in

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.aftersales.models import AftersalesCase


def _form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _request_refund(client: TestClient) -> tuple[dict[str, str], str]:
    page = client.get("/console/aftersales/new?order_id=o1")
    fields = {**_form_fields(page.text), "kind": "refund_before_shipment", "reason": "other"}
    answer = client.post("/console/aftersales/new", data=fields)
    return fields, answer.headers["location"]


class TestRequestWizard:
    def test_lists_the_consumers_orders_first(self, client: TestClient) -> None:
        sign_in(client, "buyer1")

        page = client.get("/console/aftersales/new")

        assert page.status_code == 200
        assert "o1" in page.text and "o3" in page.text
        assert "order_id=o2" not in page.text  # another consumer's order

    def test_shows_the_entitlement_with_its_clause(self, client: TestClient) -> None:
        sign_in(client, "buyer1")

        page = client.get("/console/aftersales/new?order_id=o1")

        assert "未发货退款" in page.text
        assert "S3 6.3.2.2" in page.text

    def test_a_request_is_refunded_at_once_and_shown(
        self, client: TestClient, world: Platform
    ) -> None:
        sign_in(client, "buyer1")

        _, location = _request_refund(client)
        case = client.get(location)

        assert location.startswith("/console/aftersales/as_")
        assert "申请已提交" in case.text and "已退款" in case.text
        assert "¥129.00" in case.text

    def test_a_double_submit_opens_one_case(self, client: TestClient, world: Platform) -> None:
        sign_in(client, "buyer1")
        fields, first = _request_refund(client)

        again = client.post("/console/aftersales/new", data=fields)

        assert again.headers["location"] == first
        with world.uow() as uow:
            assert uow.session.query(AftersalesCase).count() == 1

    def test_a_form_without_csrf_is_refused(self, client: TestClient) -> None:
        sign_in(client, "buyer1")
        fields = {
            "order_id": "o1",
            "kind": "refund_before_shipment",
            "reason": "other",
            "form_key": "k",
        }

        assert client.post("/console/aftersales/new", data=fields).status_code == 403

    def test_another_consumers_order_is_missing(self, client: TestClient) -> None:
        sign_in(client, "buyer1")

        assert client.get("/console/aftersales/new?order_id=o2").status_code == 404


class TestCaseView:
    def test_buttons_offer_only_the_legal_events(self, client: TestClient, world: Platform) -> None:
        with world.uow() as uow:
            order = f.order(uow.session, "o9")
            order.shipped_at = order.placed_at
            order.delivered_at = order.placed_at
            f.order_line(uow.session, "o9")
            uow.commit()
        sign_in(client, "buyer1")
        page = client.get("/console/aftersales/new?order_id=o9")
        fields = {**_form_fields(page.text), "kind": "refund_only", "reason": "damaged"}
        location = client.post("/console/aftersales/new", data=fields).headers["location"]
        client.cookies.clear()
        sign_in(client, "shop1")

        case = client.get(location)
        buttons = re.findall(r'name="event" value="([^"]+)"', case.text)

        assert buttons == ["approve", "reject"]
        assert "说明（拒绝时必填）" in case.text

    def test_a_merchant_sees_its_recoveries_section(self, client: TestClient) -> None:
        sign_in(client, "shop1")

        page = client.get("/console/aftersales")

        assert page.status_code == 200
        assert "先行赔付追偿" in page.text
