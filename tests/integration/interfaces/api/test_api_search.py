"""Search, listing, advertising-findings and marketing-consent endpoints (C15)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

import listing_factories as lf
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden
from pinzhi.domain.listings import marketing
from pinzhi.interfaces.api.deps import get_now

Headers = Callable[[str], dict[str, str]]


@pytest.fixture
def shop(world: Platform, client: TestClient) -> Iterator[TestClient]:
    with world.uow() as uow:
        lf.shop_window(uow.session)
        uow.commit()
    client.app.dependency_overrides[get_now] = lambda: lf.NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


class TestSearchApi:
    def test_neutral_is_the_default_and_the_response_documents_every_ordering(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.get("/api/v1/search", params={"q": "电饭煲"}, headers=bearer("buyer1"))

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["ordering"] == "neutral"
        assert set(body["orderings_offered"]) == {"neutral", "personalised"}
        assert "1 in every 5" in body["ad_terms"]

    def test_ad_and_self_operated_marks_are_in_the_results(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.get(
            "/api/v1/search",
            params={"q": "电饭煲", "ordering": "personalised"},
            headers=bearer("buyer1"),
        )

        marks = {r["product_id"]: r["marks"] for r in answer.json()["results"]}
        assert answer.json()["results"][0]["product_id"] == "p_ad"
        assert marks == {"p_ad": ["广告"], "p_self": ["自营"], "p_fees": ["搭售"]}

    def test_search_needs_a_query(self, shop: TestClient, bearer: Headers) -> None:
        assert shop.get("/api/v1/search", headers=bearer("buyer1")).status_code == 422

    def test_a_listing_shows_each_fee_and_the_total_in_fen(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.get("/api/v1/listings/p_fees", headers=bearer("buyer1"))

        body = answer.json()
        assert [(f["label"], f["amount_fen"]) for f in body["fees"]] == [
            ("运费", 800),
            ("服务费", 1_050),
        ]
        assert (body["price_fen"], body["total_fen"]) == (19_990, 21_840)
        assert body["bundles"][0]["selected"] is False


class TestMerchantDeclarations:
    def test_a_declared_fee_is_shown_itemised_and_added_to_the_total(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.put(
            "/api/v1/listings/p_fees/fees/installation",
            json={"amount_fen": 3_000},
            headers=bearer("shop1"),
        )

        assert answer.status_code == 200, answer.text
        assert [f["label"] for f in answer.json()["fees"]] == ["运费", "安装费", "服务费"]
        assert answer.json()["total_fen"] == 19_990 + 800 + 3_000 + 1_050

    def test_a_bundle_is_added_flagged_and_unselected(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.post(
            "/api/v1/listings/p_ad/bundles",
            json={"title": "量杯", "price_fen": 500},
            headers=bearer("shop2"),
        )

        assert answer.status_code == 201, answer.text
        assert "搭售" in answer.json()["marks"]
        assert [(b["title"], b["selected"]) for b in answer.json()["bundles"]] == [("量杯", False)]
        assert answer.json()["total_fen"] == answer.json()["price_fen"]

    def test_only_the_listings_own_shop_declares_fees(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.put(
            "/api/v1/listings/p_fees/fees/shipping",
            json={"amount_fen": 0},
            headers=bearer("shop2"),
        )

        assert answer.status_code == 404


class TestFindingsApi:
    def test_an_analyst_reads_findings_and_a_consumer_may_not(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        assert shop.get("/api/v1/listing-findings", headers=bearer("analyst")).status_code == 200
        assert shop.get("/api/v1/listing-findings", headers=bearer("buyer1")).status_code == 403

    def test_an_ad_with_banned_wording_is_refused_with_the_term(
        self, shop: TestClient, bearer: Headers
    ) -> None:
        answer = shop.post(
            "/api/v1/ads",
            json={
                "product_id": "p_fees",
                "headline": "全网第一 电饭煲",
                "starts_at": "2026-11-23T10:00:00Z",
                "ends_at": "2026-11-30T10:00:00Z",
            },
            headers=bearer("shop1"),
        )

        assert answer.status_code == 422
        assert "全网第一" in answer.text


class TestMarketingOptOut:
    def test_no_consent_until_the_consumer_opts_in(self, shop: TestClient, bearer: Headers) -> None:
        before = shop.get("/api/v1/marketing/consent", headers=bearer("buyer1")).json()
        after = shop.put(
            "/api/v1/marketing/consent", json={"opted_in": True}, headers=bearer("buyer1")
        ).json()

        assert (before["allowed"], after["allowed"]) == (False, True)
        assert "never opted in" in before["reason"]

    def test_the_link_opts_out_without_signing_in(
        self, shop: TestClient, bearer: Headers, world: Platform
    ) -> None:
        shop.put("/api/v1/marketing/consent", json={"opted_in": True}, headers=bearer("buyer1"))
        link = shop.get("/api/v1/marketing/opt-out-link", headers=bearer("buyer1")).json()

        answer = shop.post(link["one_click"])

        assert answer.status_code == 200, answer.text
        assert answer.json()["allowed"] is False
        with world.uow() as uow, pytest.raises(Forbidden, match="opted out"):
            marketing.require_marketing_clearance(uow=uow, consumer_id="c1")

    def test_a_forged_or_borrowed_token_is_refused(self, shop: TestClient, bearer: Headers) -> None:
        link = shop.get("/api/v1/marketing/opt-out-link", headers=bearer("buyer1")).json()
        token = link["one_click"].split("token=")[1]
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        api_token = bearer("buyer1")["Authorization"].removeprefix("Bearer ")

        for bad in (forged, api_token, "c1"):
            answer = shop.post("/api/v1/marketing/opt-out", params={"token": bad})

            assert answer.status_code == 401
