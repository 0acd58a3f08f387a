"""Service screens in a real browser, on cases opened through the real workflows just now: the
agent's queue (breaches first, live countdowns), the after-sales case view with its decision
buttons, the consumer's request wizard in elderly mode, the merchant's recoveries, a complaint's
electronic file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

import factories as f
from conftest import Site, served, sign_in
from pinzhi import bootstrap
from pinzhi.core.clock import utcnow
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales import case_operations
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.service import complaint_operations
from pinzhi.domain.service.models import Channel, ComplaintNature
from pinzhi.domain.sla.worker import worker_pass

pytestmark = pytest.mark.browser
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)


def _seed(platform: bootstrap.Platform) -> None:
    now = utcnow()
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.consumer(s, "c1")
        for username, role, binding in (
            ("agent", Role.SERVICE_AGENT, {}),
            ("shop1", Role.MERCHANT, {"merchant_id": "m1"}),
            ("buyer1", Role.CONSUMER, {"consumer_id": "c1"}),
        ):
            f.user(s, username, role=role, **binding)  # type: ignore[arg-type]
        for n, days_ago in enumerate((3, 2, 1, 1)):
            order = f.order(s, f"o{n}", placed_at=now - timedelta(days=days_ago + 2))
            order.status, order.shipped_at = (
                OrderStatus.DELIVERED,
                now - timedelta(days=days_ago + 1),
            )
            order.delivered_at = now - timedelta(days=days_ago)
            f.order_line(s, f"o{n}")
        uow.commit()
    opened = (
        ("o0", CaseKind.RETURN_REFUND, CaseReason.NO_REASON, timedelta(hours=30)),  # 24 h: breached
        ("o1", CaseKind.REFUND_ONLY, CaseReason.DAMAGED, timedelta(hours=3)),
        ("o2", CaseKind.REPAIR, CaseReason.QUALITY, timedelta(minutes=20)),
    )
    for order_id, kind, reason, ago in opened:
        with platform.uow() as uow:
            request = CaseRequest(order_id, kind, reason, f"i_{order_id}", note="屏幕有划痕")
            case_operations.open_case(uow=uow, actor=BUYER, request=request, now=now - ago)
            uow.commit()
    with platform.uow() as uow:
        request = CaseRequest("o3", CaseKind.COMPENSATION, CaseReason.QUALITY, amount_fen=5_000)
        case_id = case_operations.open_case(uow=uow, actor=AGENT, request=request, now=now)
        for event in (CaseEvent.APPROVE, CaseEvent.PAY_OUT):
            case_operations.act(uow=uow, actor=AGENT, case_id=case_id, event=event, now=now)
        complaint_operations.file_complaint(
            uow=uow, actor=BUYER, now=now, channel=Channel.ONLINE_CHAT,
            nature=ComplaintNature.QUALITY, matter="收到的手机屏幕有划痕，商家拒绝退货",
            contact="13812345678", order_id="o0", merchant_id="m1",
        )  # fmt: skip
        uow.commit()
    worker_pass(uow_factory=platform.uow, now=utcnow())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("service"), _seed) as serving:
        yield serving


def test_the_queue_shows_breaches_first_and_counts_down(page: Page, site: Site) -> None:
    sign_in(page, site, "agent")

    page.goto(f"{site.url}/console/queue")
    rows = page.locator("table.queue tbody tr")
    first_countdown = rows.nth(1).locator("time.countdown")
    before = first_countdown.inner_text()
    page.wait_for_timeout(2_100)

    expect(rows.first).to_have_class("queue-breached")
    assert rows.count() >= 3
    assert first_countdown.inner_text() != before  # the local script ticks it
    page.screenshot(path=site.shots / "queue-breaches-first.png", full_page=True)


def test_the_case_view_offers_only_legal_decisions(page: Page, site: Site) -> None:
    sign_in(page, site, "agent")
    page.goto(f"{site.url}/console/aftersales")
    page.locator("table.orders tbody tr").filter(has_text="退货退款").first.locator("a").click()

    buttons = page.locator("form.as-actions button[name=event]")

    expect(buttons).to_have_text(["同意", "撤销申请"])  # no reject inside the no-reason window
    expect(page.locator(".as-reasons").first).to_contain_text("S3 6.3.1.2")
    expect(page.locator(".as-timeline li")).to_have_count(1)
    page.screenshot(path=site.shots / "aftersales-case-agent.png", full_page=True)


def test_the_consumer_wizard_reads_large_in_elderly_mode(page: Page, site: Site) -> None:
    sign_in(page, site, "buyer1")
    page.get_by_role("link", name="开启长辈模式").click()
    page.goto(f"{site.url}/console/aftersales/new")
    page.locator("a.as-order").first.click()

    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    assert size >= 20
    expect(page.locator(".as-entitlement").first).to_contain_text("依据")
    page.screenshot(path=site.shots / "aftersales-wizard-elderly.png", full_page=True)


def test_the_merchant_sees_its_recoveries(page: Page, site: Site) -> None:
    sign_in(page, site, "shop1")
    page.goto(f"{site.url}/console/aftersales")

    expect(page.locator(".as-recoveries")).to_contain_text("先行赔付")
    page.screenshot(path=site.shots / "aftersales-merchant.png", full_page=True)


def test_a_complaint_file_shows_its_steps(page: Page, site: Site) -> None:
    sign_in(page, site, "agent")
    page.goto(f"{site.url}/console/complaints")
    page.locator("table tbody tr a").first.click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("收到的手机屏幕有划痕")
    page.screenshot(path=site.shots / "complaint-file.png", full_page=True)
