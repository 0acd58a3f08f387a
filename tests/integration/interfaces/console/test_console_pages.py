"""The console over HTTP: CSRF-protected sign-in, a signed session, pages by role and language."""

from __future__ import annotations

import re

import httpx2
import pytest
from fastapi.testclient import TestClient

import factories as f


def csrf(client: TestClient, path: str = "/console/login") -> str:
    html = client.get(path).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = f.PASSWORD) -> httpx2.Response:
    """Sign in through the form; the answer is what Starlette's TestClient returns (httpx2)."""
    form = {"username": username, "password": password, "csrf_token": csrf(client)}
    return client.post("/console/login", data=form)


class TestSignIn:
    def test_a_post_without_the_csrf_token_is_refused(self, client: TestClient) -> None:
        client.get("/console/login")

        answer = client.post("/console/login", data={"username": "analyst", "password": f.PASSWORD})

        assert answer.status_code == 403
        assert "pinzhi_session" not in answer.cookies

    def test_a_forged_csrf_token_is_refused(self, client: TestClient) -> None:
        client.get("/console/login")
        form = {"username": "analyst", "password": f.PASSWORD, "csrf_token": "forged"}

        assert client.post("/console/login", data=form).status_code == 403

    def test_a_token_without_its_cookie_is_refused(self, client: TestClient) -> None:
        token = csrf(client)
        client.cookies.clear()
        form = {"username": "analyst", "password": f.PASSWORD, "csrf_token": token}

        assert client.post("/console/login", data=form).status_code == 403

    def test_good_credentials_start_a_signed_httponly_lax_session(self, client: TestClient) -> None:
        answer = sign_in(client, "analyst")

        cookie = next(
            h for h in answer.headers.get_list("set-cookie") if h.startswith("pinzhi_session=")
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == "/console/"
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie

    def test_wrong_credentials_show_the_form_again(self, client: TestClient) -> None:
        answer = sign_in(client, "analyst", "wrong password")

        assert answer.status_code == 401
        assert "用户名或密码错误" in answer.text

    def test_a_page_asks_for_sign_in_and_comes_back(self, client: TestClient) -> None:
        answer = client.get("/console/overview?days=60")

        assert answer.status_code == 303
        assert answer.headers["location"] == "/console/login?next=/console/overview%3Fdays%3D60"

    def test_sign_out_needs_the_csrf_token(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        refused = client.post("/console/logout", data={})
        accepted = client.post(
            "/console/logout", data={"csrf_token": csrf(client, "/console/orders")}
        )

        assert refused.status_code == 403
        assert accepted.status_code == 303
        assert client.get("/console/orders").status_code == 303


class TestOverview:
    def test_platform_roles_see_the_platform(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        page = client.get("/console/overview")

        assert page.status_code == 200
        assert '<html lang="zh-CN">' in page.text
        assert "平台品质概览" in page.text and "数据截至 2026-11-23" in page.text
        assert page.text.count('<a class="kpi') == 7
        assert '<svg class="chart"' in page.text and 'role="img"' in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]

    def test_a_merchant_sees_its_own_shop(self, client: TestClient) -> None:
        sign_in(client, "shop1")

        page = client.get("/console/overview")

        assert "店铺品质概览" in page.text and "商家 m1" in page.text

    def test_before_any_run_the_page_says_so(self, client: TestClient) -> None:
        sign_in(client, "shop2")

        page = client.get("/console/overview")

        assert "还没有指标数据" in page.text and "<svg" not in page.text

    def test_the_chart_follows_the_chosen_metric_and_range(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        page = client.get("/console/overview?metric=refund_rate&days=60")

        assert "退款率每日走势" in page.text
        assert 'aria-current="true">60 天' in page.text

    def test_a_consumer_is_sent_to_their_orders(self, client: TestClient) -> None:
        sign_in(client, "buyer1")

        home = client.get("/console/")
        overview = client.get("/console/overview")

        assert home.headers["location"] == "/console/orders"
        assert overview.status_code == 403
        assert "无权查看" in overview.text


class TestPreferences:
    def test_english_is_one_click_away(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        client.get("/console/prefs?lang=en&next=/console/overview")
        page = client.get("/console/overview")

        assert '<html lang="en">' in page.text and "Platform quality overview" in page.text

    def test_elderly_mode_marks_the_page(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        client.get("/console/prefs?elderly=true")
        page = client.get("/console/overview")

        assert 'class="elderly"' in page.text
        assert "/docs" not in page.text  # simplified navigation

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/docs"])
    def test_the_way_back_stays_in_the_console(self, client: TestClient, target: str) -> None:
        answer = client.get(f"/console/prefs?lang=en&next={target}")

        assert answer.headers["location"] == "/console/"


class TestOrders:
    def test_a_merchant_lists_only_its_orders(self, client: TestClient) -> None:
        sign_in(client, "shop1")

        page = client.get("/console/orders").text

        listed = set(re.findall(r'<th scope="row"><code>([^<]+)</code></th>', page))
        assert listed == {"o1", "o2"}

    def test_an_analyst_sees_recipients_masked(self, client: TestClient) -> None:
        sign_in(client, "analyst")

        page = client.get("/console/orders").text

        assert "张*" in page and "个人信息已按角色脱敏显示" in page


def test_an_unknown_console_page_is_an_html_404(client: TestClient) -> None:
    answer = client.get("/console/nothing-here")

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "页面不存在" in answer.text
