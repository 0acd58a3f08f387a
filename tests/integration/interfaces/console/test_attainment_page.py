"""The SLA attainment page: charts with their limits, the worst merchants and agents, by role."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

import factories as f
from attainment_factories import attainment_history
from pinzhi.bootstrap import Platform

PAGE = "/console/attainment"


@pytest.fixture
def attained(world: Platform, client: TestClient) -> TestClient:
    with world.uow() as uow:
        attainment_history(uow.session, end=date(2026, 11, 23))
        uow.commit()
    return client


def signed_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF field on the sign-in page"
    form = {"username": username, "password": f.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/console/login", data=form).status_code == 303
    return client


def table_rows(html: str, caption: str) -> list[str]:
    """The first cells (ids) of the table captioned `caption`, in order."""
    table = html[html.index(f'<caption class="visually-hidden">{caption}</caption>') :]
    body = table[: table.index("</table>")]
    return re.findall(r"<code>([^<]+)</code>", body)


class TestAttainmentPage:
    def test_an_analyst_sees_each_channel_charted_against_its_limit(
        self, attained: TestClient
    ) -> None:
        html = signed_in(attained, "analyst").get(PAGE).text

        assert "平台服务响应达标" in html
        assert "在线客服" in html and "电话客服" in html and "售后申请" in html
        assert "人工首次响应（时限 30.0 秒）" in html
        assert "电话平均排队（时限 20.0 秒）" in html
        assert "未发货退款响应（时限 1.0 小时）" in html
        assert html.count('<svg class="chart"') == 3

    def test_the_verdicts_follow_the_limits(self, attained: TestClient) -> None:
        html = signed_in(attained, "analyst").get(f"{PAGE}?days=7").text

        first = html[html.index('id="measure-chat_first_response"') :]
        phone = html[html.index('id="measure-phone_average_queue"') :]
        assert '<span class="attainment-verdict bad">未达标' in first, "27 breaches"
        assert '<span class="attainment-verdict good">达标' in phone, "mean 18 s"
        assert "70.0%" in first, "63 of 90 within"

    def test_the_worst_merchants_and_agents_come_first(self, attained: TestClient) -> None:
        html = signed_in(attained, "analyst").get(PAGE).text

        assert table_rows(html, "达标率最低的商家") == ["m9", "m1"]
        assert table_rows(html, "达标率最低的客服") == ["a1", "a2"]
        assert f"{PAGE}?merchant_id=m9&amp;days=30&amp;measure=chat_first_response" in html

    def test_a_merchant_sees_its_own_shop_and_its_agents_only(self, attained: TestClient) -> None:
        html = signed_in(attained, "shop1").get(PAGE).text

        assert "店铺服务响应达标" in html
        assert "达标率最低的商家" not in html
        assert table_rows(html, "达标率最低的客服") == ["a2", "a1"]
        assert "merchant_id=m9" not in html and ">m9<" not in html  # not a random token

    def test_a_merchant_may_not_open_another_shop(self, attained: TestClient) -> None:
        answer = signed_in(attained, "shop1").get(f"{PAGE}?merchant_id=m9")

        assert answer.status_code == 403

    def test_a_shop_without_values_is_told_to_run_the_daily_run(self, attained: TestClient) -> None:
        html = signed_in(attained, "shop2").get(PAGE).text

        assert "还没有达标数据" in html
        assert "<svg" not in html

    def test_the_page_is_in_the_navigation_of_indicator_readers(self, attained: TestClient) -> None:
        assert f'href="{PAGE}"' in signed_in(attained, "analyst").get("/console/overview").text

    def test_english_names_the_limit_in_seconds(self, attained: TestClient) -> None:
        client = signed_in(attained, "analyst")
        client.get("/console/prefs?lang=en")

        html = client.get(PAGE).text

        assert "First human response (limit 30.0 s)" in html
