"""The console's navigation in a real browser: staff get a menu of groups that opens without
script, by mouse or keyboard, one group at a time, with every page reachable; merchants and
consumers keep one row; nothing scrolls sideways or overlaps, in Chinese, English and elderly
mode. Screenshots go to $PINZHI_SCREENSHOT_DIR as nav-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import factories as f
import showcase_factories as sc
from conftest import Site, open_menu, served
from pinzhi import bootstrap
from pinzhi.core.clock import utcnow
from pinzhi.domain.accounts.models import Role

pytestmark = pytest.mark.browser

GROUPS_ZH = ["服务响应", "订单与售后", "评级与治理", "质量与报告", "规则与透明", "系统"]
GROUPS_EN = [
    "Service",
    "Orders & after-sales",
    "Grades & oversight",
    "Quality & reports",
    "Rules & transparency",
    "System",
]
BOXES_JS = """(selector) => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom];
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    def seed(platform: bootstrap.Platform) -> None:
        sc.seed_everything(platform, now=utcnow())

    with served(tmp_path_factory.mktemp("nav"), seed) as serving:
        yield serving


def _signed_in(browser: Browser, site: Site, role: Role, *, lang: str = "zh-CN") -> Page:
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "pinzhi_lang", "value": lang, "url": site.url}])
    page = context.new_page()
    page.goto(f"{site.url}/console/login")
    page.fill("#username", sc.USERS[role])
    page.fill("#password", f.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/console/(?!login).*"))
    return page


def _elderly(page: Page) -> None:
    page.get_by_role("link", name="开启长辈模式").click()
    expect(page.locator("html")).to_have_class("elderly")  # the page came back, enlarged


def _overlaps(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, (l1, t1, r1, b1) in enumerate(boxes)
        for j, (l2, t2, r2, b2) in enumerate(boxes[i + 1 :], start=i + 1)
        if l1 < r2 - 1 and l2 < r1 - 1 and t1 < b2 - 1 and t2 < b1 - 1
    ]


def _assert_laid_out(page: Page) -> None:
    """No sideways scrolling, and no two entries of the top row on top of each other."""
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    tops = page.evaluate(BOXES_JS, ".mainnav > ul > li")
    assert tops and not _overlaps(tops)
    bar = page.evaluate(BOXES_JS, ".mainnav, .topbar-end, .brand")
    assert not _overlaps(bar)


class TestStaffMenu:
    def test_every_group_opens_and_every_page_in_it_opens(
        self, browser: Browser, site: Site
    ) -> None:
        page = _signed_in(browser, site, Role.QUALITY_ANALYST)
        nav = page.get_by_role("navigation", name="主导航")

        assert nav.locator("summary").all_inner_texts() == GROUPS_ZH
        expect(nav.locator(".nav-menu a").first).to_be_hidden()  # closed until asked
        current = nav.locator('summary[aria-current="true"]')
        expect(current).to_have_text("质量与报告")  # the start page, the overview, is in it
        _assert_laid_out(page)
        hrefs: list[str] = []
        for group in GROUPS_ZH:
            menu = open_menu(page, group).locator("details[open] .nav-menu")
            links = menu.get_by_role("link")
            expect(links.first).to_be_visible()
            assert nav.locator("details[open]").count() == 1, "one group open at a time"
            box = menu.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
            hrefs += [link.get_attribute("href") or "" for link in links.all()]
            if group == "评级与治理":
                page.screenshot(path=site.shots / "nav-staff-zh.png")

        assert len(hrefs) == len(set(hrefs)) >= 15
        for href in hrefs:
            response = page.context.request.get(site.url + href)
            assert response.status == 200, href
        page.context.close()

    def test_the_current_page_marks_its_group_and_itself(
        self, browser: Browser, site: Site
    ) -> None:
        page = _signed_in(browser, site, Role.QUALITY_ANALYST)

        page.goto(f"{site.url}/console/grades/products")
        nav = page.get_by_role("navigation", name="主导航")

        expect(nav.locator('summary[aria-current="true"]')).to_have_text("评级与治理")
        expect(nav.locator('[aria-current="page"]')).to_have_count(1)  # not 商家评级 as well
        expect(nav.locator('[aria-current="page"]')).to_have_text("商品评级")
        page.context.close()

    def test_the_keyboard_opens_a_group_and_follows_a_link(
        self, browser: Browser, site: Site
    ) -> None:
        page = _signed_in(browser, site, Role.SERVICE_AGENT)
        nav = page.get_by_role("navigation", name="主导航")

        nav.locator("summary", has_text="服务响应").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        page.keyboard.press("Enter")

        assert focused == "服务响应达标"
        page.wait_for_url(f"{site.url}/console/attainment")
        page.context.close()

    def test_english_names_the_groups(self, browser: Browser, site: Site) -> None:
        page = _signed_in(browser, site, Role.QUALITY_ANALYST, lang="en")
        nav = page.get_by_role("navigation", name="Main navigation")

        assert nav.locator("summary").all_inner_texts() == GROUPS_EN
        nav.locator("summary", has_text="Quality & reports").click()
        expect(nav.get_by_role("link", name="Quality report")).to_be_visible()
        _assert_laid_out(page)
        page.screenshot(path=site.shots / "nav-staff-en.png")
        page.context.close()

    def test_elderly_mode_keeps_the_menu_large(self, browser: Browser, site: Site) -> None:
        page = _signed_in(browser, site, Role.QUALITY_ANALYST)
        _elderly(page)

        open_menu(page, "订单与售后")
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.nav-menu a')).fontSize)"
        )

        assert size >= 22
        _assert_laid_out(page)
        page.screenshot(path=site.shots / "nav-staff-elderly.png")
        page.context.close()


class TestOneRow:
    @pytest.mark.parametrize("role", [Role.MERCHANT, Role.CONSUMER])
    def test_merchants_and_consumers_keep_a_flat_row_that_wraps(
        self, browser: Browser, site: Site, role: Role
    ) -> None:
        page = _signed_in(browser, site, role)
        nav = page.get_by_role("navigation", name="主导航")

        assert nav.locator("details").count() == 0
        expect(nav.get_by_role("link", name="规则与公示")).to_be_visible()
        _assert_laid_out(page)
        page.screenshot(path=site.shots / f"nav-{role.value}-zh.png")
        page.context.close()

    def test_a_consumer_in_elderly_mode_reads_large_type(
        self, browser: Browser, site: Site
    ) -> None:
        page = _signed_in(browser, site, Role.CONSUMER)
        _elderly(page)
        nav = page.get_by_role("navigation", name="主导航")

        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.mainnav a')).fontSize)"
        )

        assert size >= 22
        expect(nav.get_by_role("link", name="我的订单")).to_be_visible()
        _assert_laid_out(page)
        page.screenshot(path=site.shots / "nav-consumer-elderly.png", full_page=True)
        page.context.close()
