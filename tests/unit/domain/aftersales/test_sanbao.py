"""三包 outcomes per unit: windows, failed repairs, overtime repairs, warranty (S3 6.5.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.aftersales.sanbao import (
    Repair,
    RepairDelayCause,
    SanbaoCatalogueEntry,
    depreciation_fen,
    sanbao_outcome,
    warranty_ends_on,
)

RECEIVED = date(2026, 1, 10)
PHONE = SanbaoCatalogueEntry(
    category="mobile_phone",
    whole_unit_warranty_days=365,
    main_part_warranty_days=730,
    daily_depreciation_bp=10,  # 0.1 % a day
)
PAID = 300_000
ALL_THREE = {CaseKind.RETURN_REFUND, CaseKind.EXCHANGE, CaseKind.REPAIR}


def day(n: int) -> date:
    return RECEIVED + timedelta(days=n)


def outcome(
    fault_day: int,
    *,
    repairs: tuple[Repair, ...] = (),
    exchanges: tuple[date, ...] = (),
    main_part: bool = False,
) -> set[CaseKind]:
    result = sanbao_outcome(
        received_on=RECEIVED,
        fault_on=day(fault_day),
        fault_main_part=main_part,
        entry=PHONE,
        paid_fen=PAID,
        repairs=repairs,
        exchanges=exchanges,
    )
    return set(result.choices)


def failed(start: int, end: int) -> Repair:
    return Repair(started=day(start), ended=day(end), fixed=False)


def slow(days: int, cause: RepairDelayCause) -> Repair:
    return Repair(started=day(20), ended=day(20 + days), fixed=True, delay_cause=cause)


class TestSanbaoWindows:
    def test_fault_on_day_7_offers_return_exchange_or_repair(self) -> None:
        assert outcome(7) == ALL_THREE

    def test_fault_on_day_8_offers_exchange_or_repair_not_return(self) -> None:
        assert outcome(8) == {CaseKind.EXCHANGE, CaseKind.REPAIR}

    def test_fault_on_day_15_offers_exchange_or_repair(self) -> None:
        assert outcome(15) == {CaseKind.EXCHANGE, CaseKind.REPAIR}

    def test_fault_on_day_16_offers_repair_only(self) -> None:
        assert outcome(16) == {CaseKind.REPAIR}

    def test_fault_on_receipt_day_offers_all_three(self) -> None:
        assert outcome(0) == ALL_THREE

    def test_fault_before_receipt_is_rejected(self) -> None:
        with pytest.raises(ValidationFailed):
            outcome(-1)


class TestSanbaoWarranty:
    def test_fault_on_last_day_of_warranty_is_repaired(self) -> None:
        assert outcome(365) == {CaseKind.REPAIR}

    def test_fault_the_day_after_warranty_gets_nothing(self) -> None:
        assert outcome(366) == set()

    def test_main_part_has_its_own_longer_warranty(self) -> None:
        assert outcome(730, main_part=True) == {CaseKind.REPAIR}
        assert outcome(731, main_part=True) == set()

    def test_days_in_repair_extend_the_warranty(self) -> None:
        repair = Repair(started=day(100), ended=day(110), fixed=True)

        assert outcome(375, repairs=(repair,)) == {CaseKind.REPAIR}
        assert outcome(376, repairs=(repair,)) == set()

    def test_exchange_restarts_the_warranty(self) -> None:
        exchanged = (day(300),)

        assert outcome(665, exchanges=exchanged) == {CaseKind.REPAIR}
        assert outcome(666, exchanges=exchanged) == set()

    def test_repairs_before_an_exchange_do_not_count(self) -> None:
        history = (failed(20, 25), failed(30, 35))

        assert outcome(50, repairs=history, exchanges=(day(40),)) == {CaseKind.REPAIR}

    @given(
        fault_day=st.integers(0, 800),
        start=st.integers(0, 700),
        length=st.integers(0, 200),
        main_part=st.booleans(),
    )
    def test_adding_an_in_repair_period_never_shortens_the_warranty(
        self, fault_day: int, start: int, length: int, main_part: bool
    ) -> None:
        repair = Repair(started=day(start), ended=day(start + length), fixed=True)

        def ends(repairs: tuple[Repair, ...]) -> date:
            return warranty_ends_on(
                received_on=RECEIVED,
                entry=PHONE,
                main_part=main_part,
                repairs=repairs,
                on=day(fault_day),
            )

        assert ends((repair,)) >= ends(())


class TestSanbaoRepairs:
    def test_two_failed_repairs_give_free_exchange_or_return(self) -> None:
        result = outcome(100, repairs=(failed(20, 25), failed(40, 45)))

        assert result == {CaseKind.EXCHANGE, CaseKind.RETURN_REFUND, CaseKind.REPAIR}

    def test_one_failed_repair_gives_repair_only(self) -> None:
        assert outcome(100, repairs=(failed(20, 25),)) == {CaseKind.REPAIR}

    def test_repair_of_90_days_for_lack_of_parts_gives_no_exchange(self) -> None:
        assert outcome(200, repairs=(slow(90, RepairDelayCause.LACK_OF_PARTS),)) == {
            CaseKind.REPAIR
        }

    def test_repair_of_91_days_for_lack_of_parts_gives_free_exchange(self) -> None:
        assert CaseKind.EXCHANGE in outcome(
            200, repairs=(slow(91, RepairDelayCause.LACK_OF_PARTS),)
        )

    def test_repair_of_30_days_by_the_repairer_gives_no_exchange(self) -> None:
        assert outcome(200, repairs=(slow(30, RepairDelayCause.REPAIRER),)) == {CaseKind.REPAIR}

    def test_repair_of_31_days_by_the_repairer_gives_free_exchange(self) -> None:
        assert CaseKind.EXCHANGE in outcome(200, repairs=(slow(31, RepairDelayCause.REPAIRER),))

    def test_long_repair_without_a_named_cause_gives_no_exchange(self) -> None:
        assert outcome(200, repairs=(slow(120, RepairDelayCause.NONE),)) == {CaseKind.REPAIR}

    def test_unfinished_repair_counts_up_to_the_fault_date(self) -> None:
        open_repair = Repair(
            started=day(20), ended=None, fixed=False, delay_cause=RepairDelayCause.REPAIRER
        )

        assert CaseKind.EXCHANGE not in outcome(50, repairs=(open_repair,))
        assert CaseKind.EXCHANGE in outcome(51, repairs=(open_repair,))

    @given(
        earlier=st.integers(0, 800),
        gap=st.integers(0, 400),
        spans=st.lists(
            st.tuples(st.integers(0, 60), st.integers(0, 120), st.booleans()), max_size=4
        ),
        cause=st.sampled_from(RepairDelayCause),
    )
    def test_a_later_fault_never_grants_more_than_an_earlier_one(
        self,
        earlier: int,
        gap: int,
        spans: list[tuple[int, int, bool]],
        cause: RepairDelayCause,
    ) -> None:
        repairs = tuple(
            Repair(started=day(s), ended=day(s + n), fixed=f, delay_cause=cause)
            for s, n, f in spans
        )
        first = max([earlier, *(s + n for s, n, _ in spans)])

        assert outcome(first + gap, repairs=repairs) <= outcome(first, repairs=repairs)


class TestSanbaoDepreciation:
    def test_return_within_7_days_has_no_deduction(self) -> None:
        result = sanbao_outcome(
            received_on=RECEIVED, fault_on=day(7), fault_main_part=False, entry=PHONE, paid_fen=PAID
        )

        assert result.depreciation_fen == 0

    def test_return_after_failed_repairs_deducts_depreciation_for_days_used(self) -> None:
        repairs = (failed(20, 25), failed(40, 45))

        result = sanbao_outcome(
            received_on=RECEIVED,
            fault_on=day(100),
            fault_main_part=False,
            entry=PHONE,
            paid_fen=PAID,
            repairs=repairs,
        )

        # 100 days since receipt, 10 of them in repair: 90 days × 0.1 % of 3,000 yuan
        assert result.depreciation_fen == 27_000

    def test_category_without_depreciation_rule_deducts_nothing(self) -> None:
        entry = SanbaoCatalogueEntry("tv", 365, 1095)

        assert depreciation_fen(paid_fen=PAID, days_used=200, entry=entry) == 0

    @given(paid=st.integers(0, 10**8), days=st.integers(-10, 10**5), bp=st.integers(0, 10_000))
    def test_depreciation_is_between_zero_and_the_price(
        self, paid: int, days: int, bp: int
    ) -> None:
        entry = SanbaoCatalogueEntry("x", 365, 365, daily_depreciation_bp=bp)

        assert 0 <= depreciation_fen(paid_fen=paid, days_used=days, entry=entry) <= paid
