"""Oversight pages: the warnings inbox, the key-control list, a merchant's appeal form and the
analyst's decision, and the published measures."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from test_console_pages import sign_in

from oversight_factories import seed_oversight
from pinzhi.bootstrap import Platform


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


class TestOversightPages:
    def test_the_analyst_sees_warnings_and_the_key_control_list(
        self, client: TestClient, world: Platform
    ) -> None:
        seed_oversight(world)
        sign_in(client, "analyst")

        warnings = client.get("/console/oversight/warnings")
        measures = client.get("/console/oversight/measures")

        assert warnings.status_code == 200
        assert "疑似刷单" in warnings.text and "m1" in warnings.text
        assert "window_orders" in warnings.text
        assert measures.status_code == 200
        assert "重点管控名单" in measures.text and "traffic_limit" in measures.text
        assert 'href="/console/oversight/warnings"' in measures.text

    def test_a_merchant_appeals_and_the_analyst_upholds(
        self, client: TestClient, world: Platform
    ) -> None:
        seed_oversight(world)
        sign_in(client, "shop1")
        page = client.get("/console/oversight/measures")
        fields = _hidden(page.text)
        assert fields["target"] == "measure"

        filed = client.post(
            "/console/oversight/appeals", data={**fields, "reason": "企业团购，有合同"}
        )
        assert filed.status_code == 303
        assert "已提交" in client.get("/console/oversight/measures").text

        client.post("/console/logout", data={"csrf_token": fields["csrf_token"]})
        sign_in(client, "analyst")
        page = client.get("/console/oversight/measures")
        (review_path,) = re.findall(
            r'action="(/console/oversight/appeals/[^"]+/review)"', page.text
        )
        token = _hidden(page.text)["csrf_token"]
        assert client.post(review_path, data={"csrf_token": token}).status_code == 303
        decision_path = review_path.replace("/review", "/decision")
        decided = client.post(
            decision_path, data={"csrf_token": token, "outcome": "upheld", "note": "已核实"}
        )

        assert decided.status_code == 303
        after = client.get("/console/oversight/measures").text
        assert "申诉成立" in after and "暂无重点管控商家" in after

    def test_a_form_without_csrf_is_refused(self, client: TestClient, world: Platform) -> None:
        seed_oversight(world)
        sign_in(client, "shop1")
        fields = _hidden(client.get("/console/oversight/measures").text)
        fields.pop("csrf_token")

        answer = client.post("/console/oversight/appeals", data={**fields, "reason": "x"})

        assert answer.status_code == 403

    def test_the_public_list_names_the_shop_without_personal_data(
        self, client: TestClient, world: Platform
    ) -> None:
        seed_oversight(world)
        sign_in(client, "buyer1")

        page = client.get("/console/oversight/public")
        refused = client.get("/console/oversight/warnings")

        assert page.status_code == 200
        assert "刷单炒信" in page.text
        assert refused.status_code == 403
