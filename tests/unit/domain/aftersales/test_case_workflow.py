"""After-sales case state machines (C10; S3 6.3.1.2, 6.3.2.1, 6.3.2.2, 6.8; S1 9.7.6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pinzhi.core.errors import InvalidTransition, ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus
from pinzhi.domain.aftersales.returns import (
    Entitlement,
    OrderLine,
    refund_before_shipment,
    return_entitlement,
)
from pinzhi.domain.aftersales.workflow import (
    Case,
    CaseEvent,
    State,
    Step,
    allowed_events,
    fire,
    is_closed,
    stored_status,
    transitions,
)
from pinzhi.domain.customers.models import CreditLevel

E = CaseEvent
RECEIVED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
LINE = OrderLine(
    category="apparel",
    paid_fen=19_900,
    shipped_at=RECEIVED - timedelta(days=2),
    received_at=RECEIVED,
    merchant_fast_refund=True,
)


def entitlement(
    *, days_after_receipt: int = 1, credit: CreditLevel = CreditLevel.GOOD
) -> Entitlement:
    now = RECEIVED + timedelta(days=days_after_receipt)
    return return_entitlement(line=LINE, credit_level=credit, now=now)


def walk(case: Case, *events: CaseEvent) -> Case:
    for event in events:
        case = fire(case, event, rejection="reason given" if event is E.REJECT else None)
    return case


def return_case(*, days_after_receipt: int = 1, credit: CreditLevel = CreditLevel.GOOD) -> Case:
    rights = entitlement(days_after_receipt=days_after_receipt, credit=credit)
    return Case(CaseKind.RETURN_REFUND, CaseReason.NO_REASON, entitlement=rights)


def unshipped_refund() -> Case:
    rights = refund_before_shipment()
    return Case(CaseKind.REFUND_BEFORE_SHIPMENT, CaseReason.OTHER, entitlement=rights)


class TestRefundBeforeShipment:
    def test_is_approved_by_the_system_and_refunded_at_once(self) -> None:
        case = unshipped_refund()

        done = walk(case, E.AUTO_APPROVE, E.REFUND)

        assert done.state is CaseStatus.REFUNDED
        assert is_closed(done)

    def test_offers_no_manual_review_buttons(self) -> None:
        case = unshipped_refund()

        assert allowed_events(case) == (E.AUTO_APPROVE, E.CANCEL)

    def test_cannot_be_auto_approved_without_the_unshipped_entitlement(self) -> None:
        case = Case(CaseKind.REFUND_BEFORE_SHIPMENT, CaseReason.OTHER)

        with pytest.raises(InvalidTransition, match=r"S3 6\.3\.2\.2"):
            fire(case, E.AUTO_APPROVE)


class TestReturnAndRefund:
    def test_standard_path_refunds_on_receipt_then_completes(self) -> None:
        case = return_case(credit=CreditLevel.POOR)

        done = walk(
            case, E.APPROVE, E.ARRANGE_RETURN, E.SHIP_RETURN, E.RECEIVE_RETURN, E.REFUND, E.CLOSE
        )

        assert done.state is CaseStatus.COMPLETED

    def test_fast_refund_is_advanced_on_return_shipment(self) -> None:
        shipped = walk(return_case(), E.APPROVE, E.ARRANGE_RETURN, E.SHIP_RETURN)

        advanced = fire(shipped, E.ADVANCE_REFUND)
        received = fire(advanced, E.RECEIVE_RETURN)

        assert advanced.state is Step.REFUND_ADVANCED
        assert stored_status(advanced.state) is CaseStatus.REFUNDED
        assert received.state is CaseStatus.REFUNDED
        assert allowed_events(received) == (E.CLOSE,)

    def test_consumer_of_poor_credit_gets_no_advance(self) -> None:
        shipped = walk(
            return_case(credit=CreditLevel.POOR), E.APPROVE, E.ARRANGE_RETURN, E.SHIP_RETURN
        )

        assert allowed_events(shipped) == (E.RECEIVE_RETURN,)
        with pytest.raises(InvalidTransition, match=r"S3 6\.3\.2\.1"):
            fire(shipped, E.ADVANCE_REFUND)

    def test_no_reason_return_inside_the_window_cannot_be_rejected(self) -> None:
        case = return_case(days_after_receipt=7)

        assert E.REJECT not in allowed_events(case)
        with pytest.raises(InvalidTransition, match=r"S3 6\.3\.1\.2"):
            fire(case, E.REJECT, rejection="no reason given")

    def test_no_reason_return_after_the_window_may_be_rejected_with_a_reason(self) -> None:
        case = return_case(days_after_receipt=8)

        rejected = fire(case, E.REJECT, rejection="  the 7-day window has passed ")

        assert rejected.state is CaseStatus.REJECTED
        assert rejected.rejection == "the 7-day window has passed"

    def test_return_for_a_quality_fault_may_be_rejected_with_a_reason(self) -> None:
        case = Case(CaseKind.RETURN_REFUND, CaseReason.QUALITY, entitlement=entitlement())

        assert walk(case, E.REJECT).state is CaseStatus.REJECTED

    @pytest.mark.parametrize("rejection", [None, "", "   "])
    def test_a_rejection_without_a_reason_is_refused(self, rejection: str | None) -> None:
        case = return_case(days_after_receipt=30)

        with pytest.raises(ValidationFailed, match="reason"):
            fire(case, E.REJECT, rejection=rejection)

    def test_consumer_may_withdraw_until_the_goods_are_shipped_back(self) -> None:
        awaiting = walk(return_case(), E.APPROVE, E.ARRANGE_RETURN)

        assert fire(awaiting, E.CANCEL).state is CaseStatus.CANCELLED
        assert E.CANCEL not in allowed_events(fire(awaiting, E.SHIP_RETURN))


class TestGoodsCases:
    def test_exchange_sends_a_replacement_after_the_return_arrives(self) -> None:
        case = Case(CaseKind.EXCHANGE, CaseReason.WRONG_ITEM)

        done = walk(
            case,
            E.APPROVE,
            E.ARRANGE_RETURN,
            E.SHIP_RETURN,
            E.RECEIVE_RETURN,
            E.SEND_GOODS,
            E.CONFIRM_RECEIPT,
        )

        assert done.state is CaseStatus.COMPLETED

    def test_repair_is_in_repair_once_the_unit_arrives(self) -> None:
        case = Case(CaseKind.REPAIR, CaseReason.QUALITY)

        arrived = walk(case, E.APPROVE, E.ARRANGE_RETURN, E.SHIP_RETURN, E.RECEIVE_RETURN)

        assert arrived.state is CaseStatus.IN_REPAIR
        assert walk(arrived, E.SEND_GOODS, E.CONFIRM_RECEIPT).state is CaseStatus.COMPLETED

    def test_resend_needs_no_return(self) -> None:
        case = Case(CaseKind.RESEND, CaseReason.MISSING_PART)

        done = walk(case, E.APPROVE, E.SEND_GOODS, E.CONFIRM_RECEIPT)

        assert done.state is CaseStatus.COMPLETED

    def test_goods_cases_never_move_money(self) -> None:
        money = {E.REFUND, E.ADVANCE_REFUND, E.PAY_OUT}

        for kind in (CaseKind.EXCHANGE, CaseKind.REPAIR, CaseKind.RESEND):
            assert not money & {t.event for t in transitions(kind)}


class TestMoneyCases:
    def test_price_protection_is_reviewed_then_paid_out(self) -> None:
        case = Case(CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP)

        assert walk(case, E.APPROVE, E.PAY_OUT).state is CaseStatus.COMPLETED

    @pytest.mark.parametrize("settle", [E.RECOVER_FROM_MERCHANT, E.WAIVE_RECOVERY])
    def test_compensation_pays_first_then_recovers_or_waives(self, settle: CaseEvent) -> None:
        paid = walk(Case(CaseKind.COMPENSATION, CaseReason.QUALITY), E.APPROVE, E.PAY_OUT)

        assert paid.state is Step.PAID_OUT
        assert allowed_events(paid) == (
            E.RECOVER_FROM_MERCHANT,
            E.WAIVE_RECOVERY,
            E.APPEAL_RECOVERY,
        )
        assert fire(paid, settle).state is CaseStatus.COMPLETED

    @pytest.mark.parametrize("decision", [E.RECOVER_FROM_MERCHANT, E.WAIVE_RECOVERY])
    def test_an_appealed_recovery_waits_for_the_decision(self, decision: CaseEvent) -> None:
        paid = walk(Case(CaseKind.COMPENSATION, CaseReason.QUALITY), E.APPROVE, E.PAY_OUT)

        appealed = fire(paid, E.APPEAL_RECOVERY)

        assert appealed.state is Step.RECOVERY_APPEALED
        assert stored_status(appealed.state) is CaseStatus.REFUNDED
        assert allowed_events(appealed) == (E.RECOVER_FROM_MERCHANT, E.WAIVE_RECOVERY)
        assert fire(appealed, decision).state is CaseStatus.COMPLETED


class TestIllegalTransitions:
    def test_names_the_state_the_event_and_what_is_allowed(self) -> None:
        case = Case(CaseKind.RETURN_REFUND, CaseReason.QUALITY)

        with pytest.raises(InvalidTransition) as caught:
            fire(case, E.REFUND)

        assert "requested" in caught.value.message
        assert "refund" in caught.value.message
        assert caught.value.details == ["approve", "reject", "cancel"]

    def test_a_refunded_case_cannot_be_refunded_again(self) -> None:
        refunded = walk(
            Case(CaseKind.REFUND_ONLY, CaseReason.NOT_AS_DESCRIBED), E.APPROVE, E.REFUND
        )

        with pytest.raises(InvalidTransition, match="allowed: none"):
            fire(refunded, E.REFUND)

    @pytest.mark.parametrize("kind", list(CaseKind))
    def test_every_allowed_event_fires_and_every_other_is_refused(self, kind: CaseKind) -> None:
        for state in {t.source for t in transitions(kind)}:
            case = Case(kind, CaseReason.QUALITY, state=state, entitlement=entitlement())
            allowed = allowed_events(case)

            for event in CaseEvent:
                if event in allowed:
                    assert fire(case, event, rejection="why").state != state
                else:
                    with pytest.raises(InvalidTransition):
                        fire(case, event, rejection="why")

    @pytest.mark.parametrize("kind", list(CaseKind))
    def test_every_state_is_stored_as_a_case_status(self, kind: CaseKind) -> None:
        states: set[State] = {t.target for t in transitions(kind)}

        assert all(isinstance(stored_status(s), CaseStatus) for s in states)
