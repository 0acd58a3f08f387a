"""The chat in a real browser (Debian chromium via Playwright): a refund question answered with
the consumer's real case, an angry message handed to a person, the agent's desk.

Screenshots go to $PINZHI_SCREENSHOT_DIR (default: a temporary directory).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

import chat_factories as cf
from conftest import Site, open_menu, served, sign_in
from pinzhi import bootstrap

pytestmark = pytest.mark.browser
ANGRY = "退款到现在还没到账，你们就是骗子！！"


def _stock(platform: bootstrap.Platform) -> None:
    with platform.uow() as uow:
        cf.minimal_world(uow.session)
        cf.stock(uow)
        uow.commit()


@pytest.fixture(scope="module")
def chat_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("chat"), _stock, secret="e2e-chat-secret") as serving:
        yield serving


def _page(browser: Browser) -> Page:
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


def _say(page: Page, text: str) -> None:
    page.get_by_label("输入您的问题").fill(text)
    page.get_by_role("button", name="发送").click()


def test_a_consumer_is_answered_then_handed_to_a_person(browser: Browser, chat_site: Site) -> None:
    page = _page(browser)
    sign_in(page, chat_site, "buyer1")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="在线客服").click()
    page.get_by_role("button", name="开始咨询").click()

    _say(page, cf.REFUND_QUESTION)

    answer = page.locator(".chat-from-bot .chat-body").last
    expect(answer).to_contain_text("2026-11-20 09:15")
    expect(answer).to_contain_text("o1")
    expect(page.get_by_role("button", name="转人工")).to_be_visible()
    page.screenshot(path=chat_site.shots / "chat-refund-answer.png", full_page=True)

    page.get_by_role("link", name="开启长辈模式").click()
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.chat-handoff-button')).fontSize)"
    )
    assert size >= 26
    page.screenshot(path=chat_site.shots / "chat-elderly.png", full_page=True)

    _say(page, ANGRY)

    expect(page.get_by_role("status")).to_contain_text("已转人工")
    expect(page.get_by_role("button", name="转人工")).to_have_count(0)
    page.screenshot(path=chat_site.shots / "chat-handed-off.png", full_page=True)
    page.context.close()

    desk = _page(browser)
    sign_in(desk, chat_site, "agent")
    open_menu(desk, "服务响应").get_by_role("link", name="在线会话").click()
    row = desk.locator("table.chat-waiting tbody tr").first
    expect(row).to_contain_text("情绪激动")
    expect(row).to_contain_text(ANGRY)
    desk.screenshot(path=chat_site.shots / "chat-desk.png", full_page=True)
    row.get_by_role("button", name="接入").click()
    desk.get_by_label("回复内容").fill("您好，我是客服小李，马上为您核实退款进度。")
    desk.get_by_role("button", name="发送回复").click()

    expect(desk.locator(".chat-from-agent .chat-body").last).to_contain_text("马上为您核实")
    expect(desk.locator(".chat-summary")).to_contain_text("情绪激动")
    desk.screenshot(path=chat_site.shots / "chat-agent.png", full_page=True)
    desk.context.close()
