"""价保: the difference on a price drop inside the protection window (S3 6.8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.domain.aftersales.price_protection import (
    Payout,
    PriceObservation,
    PriceProtectionPolicy,
    ProtectedPurchase,
    price_protection_clawback,
    price_protection_quote,
    scan_price_drops,
)
from pinzhi.domain.catalog.models import PriceKind

PAID_AT = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)
WINDOW_END = PAID_AT + timedelta(days=30)
BASE = ProtectedPurchase(
    order_id="o1",
    sku_id="s1",
    unit_paid_fen=9_000,
    quantity=2,
    paid_at=PAID_AT,
    protection_days=30,
)


def purchase(**changes: Any) -> ProtectedPurchase:
    return replace(BASE, **changes)


def point(price: int, at: datetime, kind: PriceKind = PriceKind.PROMOTION) -> PriceObservation:
    return PriceObservation(price_fen=price, kind=kind, effective_at=at)


class TestPriceProtection:
    def test_drop_inside_window_pays_difference_times_quantity(self) -> None:
        history = [
            point(10_000, PAID_AT - timedelta(days=5)),
            point(8_000, PAID_AT + timedelta(days=3)),
        ]

        quote = price_protection_quote(
            purchase=BASE, history=history, as_of=PAID_AT + timedelta(days=4)
        )

        assert quote.due_fen == 2_000
        assert quote.claimable
        assert quote.lowest_price_fen == 8_000

    def test_lowest_drop_in_window_is_used(self) -> None:
        history = [
            point(8_500, PAID_AT + timedelta(days=1)),
            point(7_000, PAID_AT + timedelta(days=2)),
        ]

        quote = price_protection_quote(purchase=BASE, history=history, as_of=WINDOW_END)

        assert quote.due_fen == 4_000

    def test_drop_on_the_last_instant_of_the_window_counts(self) -> None:
        quote = price_protection_quote(
            purchase=BASE, history=[point(8_000, WINDOW_END)], as_of=WINDOW_END
        )

        assert quote.due_fen == 2_000
        assert quote.claimable

    def test_drop_after_window_pays_nothing(self) -> None:
        late = WINDOW_END + timedelta(seconds=1)

        quote = price_protection_quote(purchase=BASE, history=[point(8_000, late)], as_of=late)

        assert quote.due_fen == 0
        assert not quote.claimable

    def test_claim_after_window_is_not_claimable(self) -> None:
        history = [point(8_000, PAID_AT + timedelta(days=1))]

        quote = price_protection_quote(
            purchase=BASE, history=history, as_of=WINDOW_END + timedelta(seconds=1)
        )

        assert quote.due_fen == 2_000
        assert not quote.claimable

    def test_price_at_the_moment_of_payment_is_not_a_drop(self) -> None:
        quote = price_protection_quote(
            purchase=BASE, history=[point(5_000, PAID_AT)], as_of=WINDOW_END
        )

        assert quote.due_fen == 0

    def test_future_drop_is_not_owed_yet(self) -> None:
        history = [point(8_000, PAID_AT + timedelta(days=10))]

        quote = price_protection_quote(
            purchase=BASE, history=history, as_of=PAID_AT + timedelta(days=9)
        )

        assert quote.due_fen == 0

    def test_price_above_what_was_paid_pays_nothing(self) -> None:
        history = [point(9_500, PAID_AT + timedelta(days=1))]

        quote = price_protection_quote(purchase=BASE, history=history, as_of=WINDOW_END)

        assert quote.due_fen == 0
        assert not quote.claimable

    def test_coupon_only_drop_does_not_count_by_default(self) -> None:
        history = [point(6_000, PAID_AT + timedelta(days=1), PriceKind.COUPON)]

        quote = price_protection_quote(purchase=BASE, history=history, as_of=WINDOW_END)

        assert quote.due_fen == 0

    def test_coupon_only_drop_counts_when_configured(self) -> None:
        history = [point(6_000, PAID_AT + timedelta(days=1), PriceKind.COUPON)]
        policy = PriceProtectionPolicy(coupon_drops_count=True)

        quote = price_protection_quote(
            purchase=BASE, history=history, as_of=WINDOW_END, policy=policy
        )

        assert quote.due_fen == 6_000

    def test_product_without_protection_pays_nothing(self) -> None:
        history = [point(1_000, PAID_AT + timedelta(hours=1))]

        quote = price_protection_quote(
            purchase=purchase(protection_days=0),
            history=history,
            as_of=PAID_AT + timedelta(hours=2),
        )

        assert quote.due_fen == 0
        assert not quote.claimable

    def test_refunded_order_pays_nothing(self) -> None:
        history = [point(1_000, PAID_AT + timedelta(hours=1))]

        quote = price_protection_quote(
            purchase=purchase(refunded=True), history=history, as_of=WINDOW_END
        )

        assert quote.due_fen == 0

    def test_earlier_payout_is_deducted_from_a_deeper_drop(self) -> None:
        history = [
            point(8_000, PAID_AT + timedelta(days=1)),
            point(7_000, PAID_AT + timedelta(days=5)),
        ]

        quote = price_protection_quote(
            purchase=purchase(already_paid_fen=2_000), history=history, as_of=WINDOW_END
        )

        assert quote.due_fen == 2_000

    @given(
        unit=st.integers(0, 10**7),
        quantity=st.integers(1, 50),
        prices=st.lists(
            st.tuples(
                st.integers(0, 2 * 10**7),
                st.integers(-(10**6), 40 * 86_400),
                st.sampled_from(PriceKind),
            ),
            max_size=8,
        ),
        coupons=st.booleans(),
        as_of_offset=st.integers(0, 60 * 86_400),
    )
    def test_payout_is_between_zero_and_what_was_paid(
        self,
        unit: int,
        quantity: int,
        prices: list[tuple[int, int, PriceKind]],
        coupons: bool,
        as_of_offset: int,
    ) -> None:
        history = [point(p, PAID_AT + timedelta(seconds=s), k) for p, s, k in prices]
        bought = purchase(unit_paid_fen=unit, quantity=quantity)

        quote = price_protection_quote(
            purchase=bought,
            history=history,
            as_of=PAID_AT + timedelta(seconds=as_of_offset),
            policy=PriceProtectionPolicy(coupon_drops_count=coupons),
        )

        assert 0 <= quote.due_fen <= unit * quantity

    @given(prices=st.lists(st.integers(0, 20_000), min_size=1, max_size=6))
    def test_history_order_does_not_change_the_result(self, prices: list[int]) -> None:
        history = [point(p, PAID_AT + timedelta(days=i + 1)) for i, p in enumerate(prices)]

        forward = price_protection_quote(purchase=BASE, history=history, as_of=WINDOW_END)
        backward = price_protection_quote(purchase=BASE, history=history[::-1], as_of=WINDOW_END)

        assert forward == backward


class TestPriceProtectionScan:
    def test_scan_pays_every_eligible_order_in_a_stable_order(self) -> None:
        purchases = [
            purchase(order_id="o3"),
            purchase(order_id="o1", quantity=1),
            purchase(order_id="o2", sku_id="s2"),
        ]
        history = {"s1": [point(8_000, PAID_AT + timedelta(days=2))], "s2": []}

        payouts = scan_price_drops(purchases=purchases, history=history, as_of=WINDOW_END)

        assert payouts == [Payout("o1", "s1", 1_000, 8_000), Payout("o3", "s1", 2_000, 8_000)]

    def test_scan_after_the_window_still_pays_a_drop_inside_it(self) -> None:
        history = {"s1": [point(8_000, PAID_AT + timedelta(days=2))]}

        payouts = scan_price_drops(
            purchases=[BASE], history=history, as_of=WINDOW_END + timedelta(days=3)
        )

        assert [p.amount_fen for p in payouts] == [2_000]

    def test_scan_and_claim_agree(self) -> None:
        history = [point(7_500, PAID_AT + timedelta(days=2))]
        as_of = PAID_AT + timedelta(days=10)

        payouts = scan_price_drops(purchases=[BASE], history={"s1": history}, as_of=as_of)
        quote = price_protection_quote(purchase=BASE, history=history, as_of=as_of)

        assert payouts[0].amount_fen == quote.due_fen


class TestPriceProtectionClawback:
    def test_full_refund_claws_back_everything_paid_out(self) -> None:
        assert (
            price_protection_clawback(paid_out_fen=2_000, quantity=2, refunded_quantity=2) == 2_000
        )

    def test_partial_refund_claws_back_the_refunded_units_share(self) -> None:
        assert (
            price_protection_clawback(paid_out_fen=3_001, quantity=3, refunded_quantity=1) == 1_000
        )

    def test_no_refund_claws_back_nothing(self) -> None:
        assert price_protection_clawback(paid_out_fen=2_000, quantity=2, refunded_quantity=0) == 0

    @given(paid=st.integers(0, 10**8), quantity=st.integers(0, 100), refunded=st.integers(-5, 200))
    def test_clawback_never_exceeds_what_was_paid_out(
        self, paid: int, quantity: int, refunded: int
    ) -> None:
        assert (
            0
            <= price_protection_clawback(
                paid_out_fen=paid, quantity=quantity, refunded_quantity=refunded
            )
            <= paid
        )
