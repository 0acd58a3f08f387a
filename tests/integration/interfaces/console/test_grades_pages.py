"""Grading pages: merchants by tier, the explained grade with its history chart, product grades,
the trend report and a merchant's brief; each role sees what it may."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from grades_fixtures import seed_grades

import factories as f
from pinzhi.bootstrap import Platform


@pytest.fixture
def graded(world: Platform, client: TestClient) -> TestClient:
    seed_grades(world)
    return client


def signed_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF field on the sign-in page"
    form = {"username": username, "password": f.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/console/login", data=form).status_code == 303
    return client


class TestGradesPages:
    def test_analyst_sees_merchants_by_tier_with_nav(self, graded: TestClient) -> None:
        page = signed_in(graded, "analyst").get("/console/grades")
        only_a = graded.get("/console/grades?tier=A").text

        assert page.status_code == 200
        html = page.text
        assert "商家评级" in html and 'href="/console/grades/products"' in html
        assert html.index("<code>m2</code>") < html.index("<code>m1</code>")  # lowest first
        assert "<code>m1</code>" in only_a and "<code>m2</code>" not in only_a

    def test_merchant_page_explains_and_charts_history(self, graded: TestClient) -> None:
        html = signed_in(graded, "analyst").get("/console/grades/merchants/m1").text

        assert "延迟送达率" in html  # the measure, in words
        assert "20.0" in html  # its peer percentile
        assert "由 0.075 改善到 0.03，可加 3.10 分" in html
        assert "<svg" in html and "2026-11-21" in html

    def test_a_merchant_lands_on_its_own_grade_only(self, graded: TestClient) -> None:
        shop = signed_in(graded, "shop1")

        assert shop.get("/console/grades").headers["location"] == "/console/grades/merchants/m1"
        assert shop.get("/console/grades/merchants/m2").status_code == 404
        products = shop.get("/console/grades/products").text
        assert "<code>p2</code>" in products and "<code>p3</code>" not in products
        assert "暂停流量扶持" in products

    def test_trend_report_and_brief(self, graded: TestClient) -> None:
        report = signed_in(graded, "analyst").get("/console/trends").text
        assert "上升品类" in report and "“静音”被问到 5 次" in report
        assert "家电：100-200 元价格带占比由 25% 升到 50%" in report

        brief = signed_in(graded, "shop1").get("/console/trends").text
        assert "家电 品类在上升（+50%）" in brief
        assert "商品 p2 评级 D：the latest inspection failed" in brief
        assert "家电 最多的问题是 投诉·质量（3 次）" in brief

    def test_english_words(self, graded: TestClient) -> None:
        shop = signed_in(graded, "shop1")
        shop.cookies.set("pinzhi_lang", "en")

        brief = shop.get("/console/trends").text

        assert "家电 is rising (+50%): stock up and list new products" in brief
