"""Search orderings, marks, fees and the listing checks against the store (C15)."""

from __future__ import annotations

from datetime import timedelta

import pytest

import listing_factories as lf
from pinzhi.adapters.language.listing_text import TitleRelevance, check_listing_text
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.listings import operations, queries
from pinzhi.domain.listings.models import AdStatus, FeeKind, FindingKind
from pinzhi.domain.listings.queries import SearchResult
from pinzhi.domain.listings.ranking import Ordering

NOW = lf.NOW
ANALYST = Actor(user_id="usr_analyst", role=Role.QUALITY_ANALYST)


def consumer(consumer_id: str) -> Actor:
    return Actor(user_id=f"usr_{consumer_id}", role=Role.CONSUMER, consumer_id=consumer_id)


@pytest.fixture
def world(platform: Platform) -> Platform:
    with platform.uow() as uow:
        lf.search_world(uow.session)
        uow.commit()
    return platform


def search(platform: Platform, actor: Actor, ordering: Ordering, q: str = "电饭煲") -> SearchResult:
    with platform.uow() as uow:
        return queries.search(
            uow=uow, actor=actor, query=q, matcher=TitleRelevance(q), ordering=ordering, now=NOW
        )


def ids(result: SearchResult) -> list[str]:
    return [r.product_id for r in result.results]


class TestOrderings:
    def test_neutral_order_is_the_same_for_consumers_with_different_histories(
        self, world: Platform
    ) -> None:
        first = search(world, consumer("c1"), Ordering.NEUTRAL)
        second = search(world, consumer("c2"), Ordering.NEUTRAL)

        assert ids(first) == ids(second)
        assert ids(first)[:2] == ["p_self", "p_m1_0"]

    def test_personalised_order_follows_each_consumers_own_categories(
        self, world: Platform
    ) -> None:
        kitchen = search(world, consumer("c1"), Ordering.PERSONALISED)
        appliances = search(world, consumer("c2"), Ordering.PERSONALISED)

        assert ids(kitchen) != ids(appliances)
        assert ids(kitchen)[0] == "p_kitchen"
        assert ids(appliances).index("p_appliance") < ids(appliances).index("p_kitchen")

    def test_the_response_offers_and_explains_the_neutral_ordering(self, world: Platform) -> None:
        result = search(world, consumer("c1"), Ordering.PERSONALISED)

        assert set(result.orderings_offered) == {"neutral", "personalised"}
        assert "same for everyone" in result.orderings_offered["neutral"]
        assert "广告" in result.ad_terms

    def test_only_matching_titles_are_found(self, world: Platform) -> None:
        result = search(world, consumer("c1"), Ordering.NEUTRAL, q="电水壶")

        assert ids(result) == ["p_kettle"]

    def test_one_shop_fills_at_most_three_places_on_the_first_page(self, world: Platform) -> None:
        result = search(world, consumer("c1"), Ordering.NEUTRAL)

        assert sum(r.merchant_id == "m1" for r in result.results) == 3
        assert result.has_next_page


class TestMarks:
    def test_paid_placement_is_marked_in_both_orderings(self, world: Platform) -> None:
        with world.uow() as uow:
            lf.ad(uow.session, "p_appliance", merchant_id="m3")
            uow.commit()

        for ordering in Ordering:
            first = search(world, consumer("c1"), ordering).results[0]

            assert (first.product_id, first.sponsored) == ("p_appliance", True)
            assert "广告" in first.marks

    def test_an_expired_ad_is_not_shown_as_paid(self, world: Platform) -> None:
        with world.uow() as uow:
            lf.ad(uow.session, "p_appliance", merchant_id="m3", ends_at=NOW - timedelta(hours=1))
            uow.commit()

        result = search(world, consumer("c1"), Ordering.NEUTRAL)

        assert not any(r.sponsored for r in result.results)

    def test_self_operated_listing_is_marked_and_others_are_not(self, world: Platform) -> None:
        result = search(world, consumer("c1"), Ordering.NEUTRAL)

        marks = {r.product_id: r.marks for r in result.results}
        assert marks["p_self"] == ("自营",)
        assert marks["p_m1_0"] == ()


class TestPriceAndFees:
    def test_every_fee_is_itemised_and_the_total_is_their_sum_in_fen(self, world: Platform) -> None:
        with world.uow() as uow:
            lf.fee(uow.session, "p_kitchen", FeeKind.SHIPPING, 1_200)
            lf.fee(uow.session, "p_kitchen", FeeKind.INSTALLATION, 5_001)
            lf.bundle(uow.session, "p_kitchen")
            uow.commit()

        with world.uow() as uow:
            view = queries.get_listing(uow=uow, product_id="p_kitchen", now=NOW)

        assert view.price_fen == 29_900
        assert [(f.label, f.amount_fen) for f in view.fees] == [("运费", 1_200), ("安装费", 5_001)]
        assert view.total_fen == 36_101
        assert isinstance(view.total_fen, int)

    def test_bundled_items_are_flagged_and_never_preselected_nor_in_the_total(
        self, world: Platform
    ) -> None:
        with world.uow() as uow:
            lf.bundle(uow.session, "p_kitchen", price_fen=5_900)
            uow.commit()

        with world.uow() as uow:
            view = queries.get_listing(uow=uow, product_id="p_kitchen", now=NOW)

        assert "搭售" in view.marks
        assert [(b.mark, b.selected) for b in view.bundles] == [("搭售", False)]
        assert view.total_fen == view.price_fen

    def test_unknown_listing_is_not_found(self, world: Platform) -> None:
        with world.uow() as uow, pytest.raises(NotFound):
            queries.get_listing(uow=uow, product_id="nope", now=NOW)


class TestListingChecks:
    def test_expired_ad_is_taken_down_and_flagged_once(self, world: Platform) -> None:
        with world.uow() as uow:
            lf.ad(uow.session, "p_kitchen", merchant_id="m2", ends_at=NOW - timedelta(hours=1))
            uow.commit()

        for _ in range(2):
            with world.uow() as uow:
                operations.take_down_expired_ads(uow=uow, now=NOW)
                uow.commit()

        with world.uow() as uow:
            found = queries.list_findings(uow=uow, actor=ANALYST, kind=FindingKind.EXPIRED_AD)
        assert [f.subject_id for f in found] == ["ad_p_kitchen"]

    def test_changed_wording_is_checked_again_and_unchanged_is_not(self, world: Platform) -> None:
        with world.uow() as uow:
            first = operations.recheck_listing_texts(uow=uow, now=NOW, checker=check_listing_text)
            again = operations.recheck_listing_texts(uow=uow, now=NOW, checker=check_listing_text)
            product = uow.session.get(lf.Product, "p_kitchen")
            assert product is not None
            product.title = "全网第一 电饭煲"
            changed = operations.recheck_listing_texts(uow=uow, now=NOW, checker=check_listing_text)
            uow.commit()

        assert (first.findings, again.checked, changed.checked) == (0, 0, 1)
        with world.uow() as uow:
            found = queries.list_findings(uow=uow, actor=ANALYST)
        assert [(f.subject_id, f.term, f.start, f.current) for f in found] == [
            ("p_kitchen", "全网第一", 0, True)
        ]

    def test_wording_changed_back_is_not_stored_twice(self, world: Platform) -> None:
        titles = ("顶级电饭煲", "电饭煲", "顶级电饭煲")

        with world.uow() as uow:
            for title in titles:
                product = uow.session.get(lf.Product, "p_kitchen")
                assert product is not None
                product.title = title
                operations.recheck_listing_texts(uow=uow, now=NOW, checker=check_listing_text)
            uow.commit()

        with world.uow() as uow:
            found = queries.list_findings(uow=uow, actor=ANALYST)
        assert [(f.term, f.current) for f in found] == [("顶级", True)]

    def test_a_merchant_sees_only_its_own_findings(self, world: Platform) -> None:
        with world.uow() as uow:
            for pid in ("p_kitchen", "p_appliance"):
                product = uow.session.get(lf.Product, pid)
                assert product is not None
                product.title = "顶级电饭煲"
            operations.recheck_listing_texts(uow=uow, now=NOW, checker=check_listing_text)
            uow.commit()

        shop = Actor(user_id="usr_m2", role=Role.MERCHANT, merchant_id="m2")
        with world.uow() as uow:
            found = queries.list_findings(uow=uow, actor=shop)

        assert [f.subject_id for f in found] == ["p_kitchen"]

    def test_an_ad_with_banned_wording_is_refused(self, world: Platform) -> None:
        shop = Actor(user_id="usr_m2", role=Role.MERCHANT, merchant_id="m2")

        with world.uow() as uow, pytest.raises(Exception, match="wording") as refused:
            operations.place_advertisement(
                uow=uow, actor=shop, product_id="p_kitchen", headline="最 佳电饭煲",
                starts_at=NOW, ends_at=NOW + timedelta(days=3), now=NOW,
                checker=check_listing_text,
            )  # fmt: skip

        assert "最 佳" in str(refused.value.details)  # type: ignore[attr-defined]

    def test_a_clean_ad_is_placed_live(self, world: Platform) -> None:
        shop = Actor(user_id="usr_m2", role=Role.MERCHANT, merchant_id="m2")

        with world.uow() as uow:
            view = operations.place_advertisement(
                uow=uow, actor=shop, product_id="p_kitchen", headline="家用电饭煲 4L",
                starts_at=NOW, ends_at=NOW + timedelta(days=3), now=NOW,
                checker=check_listing_text,
            )  # fmt: skip
            uow.commit()

        assert view.status is AdStatus.LIVE
