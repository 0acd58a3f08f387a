"""No-reason return, 秒退, 极速退款 and the premium channel (S3 6.3.1.2, 6.3.2; S1 9.7.3–9.7.4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.aftersales.returns import (
    Entitlement,
    FastRefundPolicy,
    OrderLine,
    ReturnPolicy,
    fast_refund_allowed,
    return_entitlement,
)
from pinzhi.domain.customers.models import CreditLevel

RECEIVED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
SHIPPED = RECEIVED - timedelta(days=2)


BASE = OrderLine(category="apparel", paid_fen=19_900, shipped_at=SHIPPED, received_at=RECEIVED)


def line(**changes: Any) -> OrderLine:
    return replace(BASE, **changes)


def clauses(entitlement: Entitlement) -> set[str]:
    return {r.clause for r in entitlement.reasons}


class TestNoReasonReturn:
    def test_last_instant_of_day_7_still_allows_return(self) -> None:
        now = RECEIVED + timedelta(days=7)

        result = return_entitlement(line=line(), credit_level=CreditLevel.GOOD, now=now)

        assert result.choices == {CaseKind.RETURN_REFUND}
        assert result.return_deadline == now
        assert "S3 6.3.1.2" in clauses(result)

    def test_one_second_after_day_7_the_window_is_closed(self) -> None:
        now = RECEIVED + timedelta(days=7, seconds=1)

        result = return_entitlement(line=line(), credit_level=CreditLevel.GOOD, now=now)

        assert result.choices == frozenset()

    def test_merchant_no_returns_label_does_not_remove_the_right(self) -> None:
        result = return_entitlement(
            line=line(merchant_no_returns=True), credit_level=CreditLevel.GOOD, now=RECEIVED
        )

        assert CaseKind.RETURN_REFUND in result.choices
        assert any("label" in r.text for r in result.reasons)

    def test_exempt_category_has_no_no_reason_return(self) -> None:
        result = return_entitlement(
            line=line(category="fresh_perishable"), credit_level=CreditLevel.GOOD, now=RECEIVED
        )

        assert result.choices == frozenset()
        assert "exempt" in result.reasons[0].text

    def test_exempt_categories_are_configuration(self) -> None:
        policy = ReturnPolicy(exempt_categories=frozenset({"apparel"}))

        result = return_entitlement(
            line=line(), credit_level=CreditLevel.GOOD, now=RECEIVED, policy=policy
        )

        assert result.choices == frozenset()

    def test_window_does_not_start_before_receipt(self) -> None:
        result = return_entitlement(
            line=line(received_at=None), credit_level=CreditLevel.GOOD, now=RECEIVED
        )

        assert result.choices == frozenset()
        assert result.return_deadline is None


class TestRefundBeforeShipment:
    def test_unshipped_order_is_refunded_automatically(self) -> None:
        result = return_entitlement(
            line=line(shipped_at=None, received_at=None),
            credit_level=CreditLevel.POOR,
            now=RECEIVED,
        )

        assert result.choices == {CaseKind.REFUND_BEFORE_SHIPMENT}
        assert result.auto_approve
        assert clauses(result) == {"S3 6.3.2.2"}


class TestFastRefund:
    def test_good_credit_within_cap_with_opted_in_merchant_is_advanced(self) -> None:
        allowed, reason = fast_refund_allowed(
            credit_level=CreditLevel.GOOD, amount_fen=200_000, merchant_opted_in=True
        )

        assert allowed
        assert reason.clause == "S3 6.3.2.1"

    def test_amount_one_fen_over_the_cap_is_not_advanced(self) -> None:
        allowed, _ = fast_refund_allowed(
            credit_level=CreditLevel.EXCELLENT, amount_fen=200_001, merchant_opted_in=True
        )

        assert not allowed

    def test_fair_credit_is_not_advanced_by_default(self) -> None:
        allowed, _ = fast_refund_allowed(
            credit_level=CreditLevel.FAIR, amount_fen=100, merchant_opted_in=True
        )

        assert not allowed

    def test_threshold_is_configurable(self) -> None:
        policy = FastRefundPolicy(min_credit_level=CreditLevel.FAIR, cap_fen=50)

        allowed, _ = fast_refund_allowed(
            credit_level=CreditLevel.FAIR, amount_fen=50, merchant_opted_in=True, policy=policy
        )

        assert allowed

    def test_merchant_not_opted_in_is_not_advanced(self) -> None:
        allowed, _ = fast_refund_allowed(
            credit_level=CreditLevel.EXCELLENT, amount_fen=100, merchant_opted_in=False
        )

        assert not allowed

    def test_entitlement_carries_fast_refund(self) -> None:
        result = return_entitlement(
            line=line(merchant_fast_refund=True), credit_level=CreditLevel.GOOD, now=RECEIVED
        )

        assert result.fast_refund

    @given(level=st.sampled_from(CreditLevel), amount=st.integers(0, 10**7), opted=st.booleans())
    def test_premium_never_loses_fast_refund(
        self, level: CreditLevel, amount: int, opted: bool
    ) -> None:
        plain, _ = fast_refund_allowed(
            credit_level=level, amount_fen=amount, merchant_opted_in=opted
        )

        premium, _ = fast_refund_allowed(
            credit_level=level, amount_fen=amount, merchant_opted_in=opted, premium=True
        )

        assert premium or not plain


class TestPremiumChannel:
    def test_premium_goods_have_a_longer_window(self) -> None:
        now = RECEIVED + timedelta(days=15)

        result = return_entitlement(line=line(premium=True), credit_level=CreditLevel.GOOD, now=now)

        assert result.choices == {CaseKind.RETURN_REFUND, CaseKind.EXCHANGE}
        assert result.free_pickup
        assert result.priority
        assert {"S1 9.7.3", "S1 9.7.4"} <= clauses(result)

    def test_premium_window_closes_after_day_15(self) -> None:
        now = RECEIVED + timedelta(days=15, seconds=1)

        result = return_entitlement(line=line(premium=True), credit_level=CreditLevel.GOOD, now=now)

        assert result.choices == frozenset()

    def test_premium_gets_fast_refund_without_merchant_opt_in(self) -> None:
        result = return_entitlement(
            line=line(premium=True), credit_level=CreditLevel.GOOD, now=RECEIVED
        )

        assert result.fast_refund

    @given(offset=st.integers(0, 40 * 24 * 3600))
    def test_premium_allows_at_least_what_ordinary_goods_allow(self, offset: int) -> None:
        now = RECEIVED + timedelta(seconds=offset)

        plain = return_entitlement(line=line(), credit_level=CreditLevel.GOOD, now=now)
        premium = return_entitlement(
            line=line(premium=True), credit_level=CreditLevel.GOOD, now=now
        )

        assert plain.choices <= premium.choices
