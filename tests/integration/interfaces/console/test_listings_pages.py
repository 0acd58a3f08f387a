"""The consumer search page (marks in words, fees, ordering switch, elderly mode), the analysts'
findings page and the no-sign-in opt-out page (C15, C17)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from test_console_pages import sign_in

import listing_factories as lf
from pinzhi.adapters.language.listing_text import check_listing_text
from pinzhi.bootstrap import Platform
from pinzhi.domain.listings import marketing, operations
from pinzhi.interfaces.api.deps import get_now
from pinzhi.interfaces.api.marketing import opt_out_link


@pytest.fixture
def shop(world: Platform, client: TestClient) -> Iterator[TestClient]:
    with world.uow() as uow:
        lf.shop_window(uow.session)
        uow.commit()
    client.app.dependency_overrides[get_now] = lambda: lf.NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _csrf(html: str) -> str:
    return str(re.findall(r'name="csrf_token" value="([^"]+)"', html)[0])


class TestSearchPage:
    def test_marks_fees_and_the_total_are_written_out(self, shop: TestClient) -> None:
        sign_in(shop, "buyer1")

        page = shop.get("/console/search", params={"q": "电饭煲"})

        assert page.status_code == 200
        for words in ("广告", "自营", "含搭售", "运费", "服务费", "合计应付", "¥218.40"):
            assert words in page.text
        (bundle_box,) = re.findall(r'<input type="checkbox" name="bundle"[^>]*>', page.text)
        assert "checked" not in bundle_box

    def test_both_orderings_are_offered_and_the_chosen_one_is_said(self, shop: TestClient) -> None:
        sign_in(shop, "buyer1")

        page = shop.get("/console/search", params={"q": "电饭煲", "ordering": "personalised"})

        assert 'value="neutral"' in page.text and 'value="personalised"' in page.text
        assert "当前排序：按我的购买记录" in page.text

    def test_the_page_works_in_elderly_mode(self, shop: TestClient) -> None:
        sign_in(shop, "buyer1")
        shop.get("/console/prefs", params={"elderly": "true", "next": "/console/search"})

        page = shop.get("/console/search", params={"q": "电饭煲"})

        assert page.status_code == 200
        assert 'class="elderly"' in page.text and "广告" in page.text


class TestFindingsPage:
    def test_the_analyst_sees_the_term_its_position_and_why(
        self, shop: TestClient, world: Platform
    ) -> None:
        with world.uow() as uow:
            product = uow.session.get(lf.Product, "p_fees")
            assert product is not None
            product.title = "国家级 电饭煲"
            operations.recheck_listing_texts(uow=uow, now=lf.NOW, checker=check_listing_text)
            uow.commit()
        sign_in(shop, "analyst")

        page = shop.get("/console/listings/findings")

        assert page.status_code == 200
        assert "<mark>国家级</mark>" in page.text and "冒称官方级别" in page.text
        assert "广告法" in page.text


class TestOptOutPage:
    def test_one_button_opts_out_without_signing_in(
        self, shop: TestClient, world: Platform
    ) -> None:
        link = opt_out_link(secret_key=world.secret_key, consumer_id="c1", now=lf.NOW)
        page = shop.get(link)
        token = unquote(link.split("token=")[1])

        done = shop.post(
            "/console/marketing/opt-out", data={"token": token, "csrf_token": _csrf(page.text)}
        )

        assert "已退订" in done.text
        with world.uow() as uow:
            clearance = marketing.marketing_clearance(uow=uow, consumer_id="c1")
        assert not clearance.allowed
        assert "opted out" in clearance.reason

    def test_a_forged_link_changes_nothing(self, shop: TestClient, world: Platform) -> None:
        page = shop.get("/console/marketing/opt-out", params={"token": "forged"})

        refused = shop.post(
            "/console/marketing/opt-out", data={"token": "forged", "csrf_token": _csrf(page.text)}
        )

        assert refused.status_code == 400 and "无效" in refused.text
