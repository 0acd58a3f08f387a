"""Search ordering, paid placement slots and shop diversity (S4 4.2.1.3, 4.2.2.5; S2 7.3.2)."""

from __future__ import annotations

from pinzhi.domain.listings.ranking import (
    AD_EVERY,
    MERCHANT_CAP,
    Candidate,
    Ordering,
    arrange,
    rank,
)


def cand(pid: str, merchant: str = "m", *, category: str = "家电", relevance: int = 100,
         premium: bool = False, sold: int = 0) -> Candidate:  # fmt: skip
    return Candidate(pid, merchant, category, relevance, premium, sold)


class TestRank:
    def test_neutral_ranks_relevance_then_premium_then_sales(self) -> None:
        items = [
            cand("a", sold=50),
            cand("b", premium=True),
            cand("c", relevance=150),
            cand("d", sold=90),
        ]

        ranked = rank(items, Ordering.NEUTRAL)

        assert [c.product_id for c in ranked] == ["c", "b", "d", "a"]

    def test_neutral_ignores_any_history(self) -> None:
        items = [cand("a", category="厨具"), cand("b", category="家电")]

        ranked = rank(items, Ordering.NEUTRAL, {"家电": 9})

        assert [c.product_id for c in ranked] == ["a", "b"]

    def test_personalised_puts_the_consumers_categories_first_among_equals(self) -> None:
        items = [cand("a", category="厨具", premium=True), cand("b", category="家电")]

        ranked = rank(items, Ordering.PERSONALISED, {"家电": 2})

        assert [c.product_id for c in ranked] == ["b", "a"]

    def test_personalised_never_outranks_relevance(self) -> None:
        items = [cand("a", relevance=150), cand("b", category="厨具")]

        ranked = rank(items, Ordering.PERSONALISED, {"厨具": 9})

        assert [c.product_id for c in ranked] == ["a", "b"]


class TestArrange:
    def test_ads_take_at_most_one_slot_in_each_group_of_five(self) -> None:
        organic = [cand(f"o{n:02}", f"shop{n}") for n in range(30)]
        ads = [cand(f"ad{n}", f"adshop{n}") for n in range(10)]

        page, _rest = arrange(organic, ads, page_size=20)

        paid = [i for i, p in enumerate(page) if p.sponsored]
        assert paid == [0, 5, 10, 15]
        assert len(paid) * AD_EVERY <= len(page)

    def test_an_advertised_listing_is_not_shown_twice(self) -> None:
        organic = [cand("a", "x"), cand("b", "y")]

        page, rest = arrange(organic, [cand("b", "y")])

        assert [(p.candidate.product_id, p.sponsored) for p in page + rest] == [
            ("b", True),
            ("a", False),
        ]

    def test_no_shop_fills_more_than_its_share_of_the_first_page(self) -> None:
        organic = [cand(f"big{n}", "big", sold=100 - n) for n in range(6)] + [cand("small", "s")]

        page, rest = arrange(rank(organic, Ordering.NEUTRAL), [])

        shown = [p.candidate.product_id for p in page]
        assert sum(p.candidate.merchant_id == "big" for p in page) == MERCHANT_CAP
        assert "small" in shown
        assert [p.candidate.product_id for p in rest] == ["big3", "big4", "big5"]

    def test_paid_places_count_towards_the_shop_cap(self) -> None:
        organic = [cand(f"big{n}", "big") for n in range(5)]

        page, _rest = arrange(organic, [cand("bigad", "big")])

        assert sum(p.candidate.merchant_id == "big" for p in page) == MERCHANT_CAP
        assert page[0].sponsored
