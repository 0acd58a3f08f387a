"""The improvement pages: the catalogue with charts and target form, and a plan page that
records the 5 Whys and fishbone, an effect, and advances the stage."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_console_pages import sign_in

from improvement_factories import ANALYST, LAST_DAY, NOON
from pinzhi.bootstrap import Platform
from pinzhi.domain.improvement import operations
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.interfaces.api.deps import get_now


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.fixture
def plan_id(world: Platform) -> str:
    with world.uow() as uow:
        plan = operations.open_plan(
            uow=uow, actor=ANALYST, now=NOON, indicator_id="late_shipment_rate",
            subject=PLATFORM, opening_value=0.06, opening_day=LAST_DAY, goal_value=0.05,
        )  # fmt: skip
        uow.commit()
    assert plan is not None
    return plan.id


@pytest.fixture
def at_noon(client: TestClient) -> Iterator[TestClient]:
    client.app.dependency_overrides[get_now] = lambda: NOON  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


class TestCataloguePage:
    def test_the_analyst_sees_each_indicator_with_chart_target_and_plans(
        self, client: TestClient, world: Platform, plan_id: str
    ) -> None:
        with world.uow() as uow:
            operations.set_target(uow=uow, actor=ANALYST, now=NOON, indicator_id="refund_rate",
                                  value=0.01, reason="从严")  # fmt: skip
            uow.commit()
        sign_in(client, "analyst")

        page = client.get("/console/improvement")

        assert page.status_code == 200
        assert "退款率" in page.text and "投诉率" in page.text and "满意度" in page.text
        assert page.text.count("<svg") >= 8
        assert "未达标" in page.text  # the seeded 5–7 % refund rate misses a 1 % target
        assert 'action="/console/improvement/targets/refund_rate"' in page.text
        assert f'href="/console/improvement/plans/{plan_id}"' in page.text
        assert 'href="/console/improvement"' in page.text  # in the navigation

    def test_a_target_saved_on_the_page_shows_as_a_new_version(self, client: TestClient) -> None:
        sign_in(client, "analyst")
        token = _hidden(client.get("/console/improvement").text)["csrf_token"]
        form = {"csrf_token": token, "value": "0.1", "reason": "旺季"}

        saved = client.post("/console/improvement/targets/refund_rate", data=form)

        assert saved.status_code == 303
        assert "第 1 版" in client.get("/console/improvement").text

    def test_the_assessor_reads_without_forms(self, client: TestClient) -> None:
        sign_in(client, "assessor")

        page = client.get("/console/improvement")

        assert page.status_code == 200
        assert "/console/improvement/targets/" not in page.text

    def test_a_merchant_may_not_open_it(self, client: TestClient) -> None:
        sign_in(client, "shop1")

        assert client.get("/console/improvement").status_code == 403


class TestPlanPage:
    def test_root_cause_effect_and_stages_are_recorded_from_the_page(
        self, at_noon: TestClient, plan_id: str
    ) -> None:
        client, path = at_noon, f"/console/improvement/plans/{plan_id}"
        sign_in(client, "analyst")
        token = _hidden(client.get(path).text)["csrf_token"]

        cause = client.post(f"{path}/root-cause", data={
            "csrf_token": token, "whys": "发货慢\n仓库人手不足\n排班未按大促调整",
            "fishbone_people": "临时工未培训", "fishbone_environment": "仓库拥挤",
        })  # fmt: skip
        for stage in ("do", "check"):
            client.post(f"{path}/advance", data={"csrf_token": token, "to": stage})
        effect = client.post(f"{path}/effects", data={"csrf_token": token, "note": "首轮检查"})
        page = client.get(path)
        early = client.post(f"{path}/advance", data={"csrf_token": token, "to": "closed"})

        assert cause.status_code == 303 and effect.status_code == 303
        assert early.status_code == 409
        assert "仓库人手不足" in page.text and "临时工未培训" in page.text
        assert "首轮检查" in page.text
        assert re.search(r'id="stage">检查<', page.text)
        assert 'name="to" value="act"' in page.text
