"""The console in a real browser: sign-in, the overview in both languages and elderly mode,
orders with masking, and the API docs served without the network (fixtures in conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page

import factories as f
from conftest import Site, open_menu, served, sign_in
from pinzhi import bootstrap
from pinzhi.domain.accounts.models import Role

pytestmark = pytest.mark.browser

LAST_DAY = date(2026, 11, 23)


def _seed(platform: bootstrap.Platform) -> None:
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.merchant(s, "m2", name="新开小店")
        f.user(s, "analyst", role=Role.QUALITY_ANALYST)
        f.user(s, "shop", role=Role.MERCHANT, merchant_id="m1")
        f.user(s, "newshop", role=Role.MERCHANT, merchant_id="m2")
        f.consumer(s, "c1")
        for n in range(12):
            f.order(
                s, f"o{n:03d}", placed_at=f.T0 + timedelta(hours=5 * n), paid_fen=9_900 + 1_000 * n
            )
        f.indicator_history(s, end=LAST_DAY, days=60)
        f.indicator_history(s, end=LAST_DAY, days=60, merchant_id="m1", seed=11)
        uow.commit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("console"), _seed) as serving:
        yield serving


class TestOverview:
    def test_analyst_sees_the_platform_in_chinese(self, page: Page, site: Site) -> None:
        sign_in(page, site, "analyst")

        heading = page.get_by_role("heading", level=1)

        assert heading.inner_text() == "平台品质概览"
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.get_by_text("订单量").first.is_visible()
        assert page.get_by_text("数据截至 2026-11-23").is_visible()
        assert page.locator("svg.chart path.line-main").count() == 1
        page.screenshot(path=site.shots / "overview-zh.png", full_page=True)

    def test_english_switch_translates_the_page(self, page: Page, site: Site) -> None:
        sign_in(page, site, "analyst")

        page.get_by_role("link", name="English").click()
        page.get_by_role("link", name="Show GMV in the chart").click()

        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Platform quality overview"
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_text("Late shipment rate").first.is_visible()
        assert page.get_by_role("heading", name="GMV by day").is_visible()
        page.screenshot(path=site.shots / "overview-en.png", full_page=True)

    def test_elderly_mode_enlarges_type(self, page: Page, site: Site) -> None:
        sign_in(page, site, "analyst")

        page.get_by_role("link", name="开启长辈模式").click()

        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 20
        assert page.get_by_role("link", name="退出长辈模式").is_visible()
        assert page.locator("svg.chart").count() == 1
        page.screenshot(path=site.shots / "overview-elderly.png", full_page=True)

    def test_merchant_sees_its_own_shop(self, page: Page, site: Site) -> None:
        sign_in(page, site, "shop")

        heading = page.get_by_role("heading", level=1)

        assert heading.inner_text() == "店铺品质概览"
        assert page.get_by_text("商家 m1").is_visible()
        page.screenshot(path=site.shots / "overview-merchant.png", full_page=True)

    def test_before_the_first_run_the_page_says_so(self, page: Page, site: Site) -> None:
        sign_in(page, site, "newshop")

        assert page.get_by_role("heading", name="还没有指标数据").is_visible()
        page.screenshot(path=site.shots / "overview-empty.png", full_page=True)


def test_login_page(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/console/login")

    assert page.get_by_role("heading", name="登录品质控制台").is_visible()
    page.screenshot(path=site.shots / "login-zh.png", full_page=True)


def test_orders_are_listed_with_personal_data_masked(page: Page, site: Site) -> None:
    sign_in(page, site, "analyst")

    open_menu(page, "订单与售后").get_by_role("link", name="订单", exact=True).click()

    assert page.get_by_role("heading", level=1).inner_text() == "订单"
    assert page.locator("table.orders tbody tr").count() == 12
    assert page.get_by_text("个人信息已按角色脱敏显示。").is_visible()
    page.screenshot(path=site.shots / "orders-zh.png", full_page=True)


def test_api_docs_render_without_the_network(page: Page, site: Site) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{site.url}/docs")

    assert page.locator(".swagger-ui .info .title").first.inner_text().startswith("pinzhi 品质")
    assert page.get_by_text("/api/v1/orders/{order_id}").first.is_visible()
    assert all(url.startswith(site.url) for url in requested), requested
    page.screenshot(path=site.shots / "api-docs.png")
