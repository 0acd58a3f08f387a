"""The console in a real browser: Debian's chromium driven by Playwright, never a downloaded one.

A seeded SQLite store with 60 days of indicators is served by uvicorn on a free local port.
Screenshots go to $PINZHI_SCREENSHOT_DIR (default: a temporary directory) for people to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

import factories as f
from pinzhi import bootstrap
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.api.app import create_app
from pinzhi.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAST_DAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Site:
    url: str
    shots: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    root = tmp_path_factory.mktemp("console")
    platform = bootstrap.build(
        Settings(data_dir=root / "var", secret_key="e2e-secret"),
        database_url=f"sqlite:///{root / 'console.db'}",
    )
    bootstrap.migrate_to_head(platform)
    _seed(platform)
    port = _free_port()
    config = uvicorn.Config(
        create_app(platform), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    shots = Path(os.environ.get("PINZHI_SCREENSHOT_DIR") or root / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    yield Site(f"http://127.0.0.1:{port}", shots)
    server.should_exit = True
    thread.join(timeout=10)
    platform.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} missing: apt-get install chromium fonts-noto-cjk"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page: Page, site: Site, username: str) -> None:
    page.goto(f"{site.url}/console/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


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

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="订单").click()

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
