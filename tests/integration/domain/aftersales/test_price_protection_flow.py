"""价保 in the store: automatic payouts once per drop, claims never pay twice, refunds claw back."""

from __future__ import annotations

import pytest
from aftersales_world import BUYER, SHOP, at, build

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.aftersales import case_operations, entitlements, ledger, ledger_store
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.ledger import Movement
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.aftersales.price_protection_scan import pay_price_drops
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.catalog.models import PriceKind, PricePoint, Product

CLAIM = CaseRequest("protected", CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP, "i_protected")


def _drop(
    platform: Platform,
    price_fen: int,
    day: float,
    point: str = "drop",
    kind: PriceKind = PriceKind.PROMOTION,
) -> None:
    with platform.uow() as uow:
        uow.session.add(
            PricePoint(id=point, sku_id="k_protected", price_fen=price_fen,
                       kind=kind, effective_at=at(day))
        )  # fmt: skip
        uow.commit()


def _scan(platform: Platform, day: float) -> tuple[int, int]:
    with platform.uow() as uow:
        run = pay_price_drops(uow=uow, now=at(day))
    return run.paid, run.paid_fen


def _paid(platform: Platform) -> int:
    with platform.uow() as uow:
        return entitlements.price_protection_paid(uow=uow, order_item_id="i_protected")


class TestAutomaticPriceProtection:
    def test_a_drop_is_paid_once_and_a_deeper_drop_pays_the_rest(self, platform: Platform) -> None:
        build(platform)
        _drop(platform, 9_900, 1)

        first = _scan(platform, 2)
        again = _scan(platform, 3)
        _drop(platform, 8_900, 4, point="deeper")
        deeper = _scan(platform, 5)

        assert (first, again, deeper) == ((1, 3_000), (0, 0), (1, 1_000))
        assert _paid(platform) == 4_000

    def test_a_line_paid_for_every_drop_so_far_is_not_read_again(self, platform: Platform) -> None:
        build(platform)
        _drop(platform, 9_900, 1)
        _scan(platform, 2)

        with platform.uow() as uow:
            again = pay_price_drops(uow=uow, now=at(3))

        assert (again.candidates, again.paid) == (0, 0)

    def test_a_price_reached_only_with_a_coupon_is_no_drop(self, platform: Platform) -> None:
        build(platform)
        _drop(platform, 9_900, 1, kind=PriceKind.COUPON)

        assert _scan(platform, 2) == (0, 0)

    def test_a_drop_is_not_paid_once_the_lines_own_window_closed(self, platform: Platform) -> None:
        build(platform)
        with platform.uow() as uow:  # a longer window elsewhere: the scan looks further back
            uow.session.get_one(Product, "p_second").price_protection_days = 60
            uow.commit()
        _drop(platform, 9_900, 20)

        closed = _scan(platform, 29)  # paid at T0, 30 days: the window closed at day 27
        open_ = _scan(platform, 26)

        assert (closed, open_) == ((0, 0), (1, 3_000))

    def test_a_claim_after_the_automatic_payout_finds_nothing_owed(
        self, platform: Platform
    ) -> None:
        build(platform)
        _drop(platform, 9_900, 1)
        _scan(platform, 2)

        with platform.uow() as uow, pytest.raises(ValidationFailed, match="nothing is due"):
            case_operations.open_case(uow=uow, actor=BUYER, request=CLAIM, now=at(3))


class TestClawback:
    def test_a_full_refund_takes_the_payout_back(self, platform: Platform) -> None:
        build(platform)
        _drop(platform, 9_900, 1)
        _scan(platform, 2)
        request = CaseRequest("protected", CaseKind.REFUND_ONLY, CaseReason.DAMAGED, "i_protected")

        with platform.uow() as uow:
            case_id = case_operations.open_case(uow=uow, actor=BUYER, request=request, now=at(3))
            for event in (CaseEvent.APPROVE, CaseEvent.REFUND):
                case_operations.act(uow=uow, actor=SHOP, case_id=case_id, event=event, now=at(3))
            uow.commit()

        with platform.uow() as uow:
            book = ledger_store.order_ledger(uow=uow, order_id="protected")
        assert ledger.total(book, Movement.PRICE_PROTECTION_CLAWBACK, order_id="protected") == 3_000
        assert ledger.returned_fen(book, order_id="protected") == 12_900
        assert ledger.violations(book) == []
        assert _paid(platform) == 0
        assert _scan(platform, 4) == (0, 0)  # a refunded line is no longer protected
