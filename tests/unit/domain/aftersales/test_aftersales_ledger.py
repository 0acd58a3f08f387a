"""The after-sales money ledger: balanced postings, caps and exactly-once keys (S3 6.3.2, 6.8;
S1 9.7.6), and a random walk of cases and retried money operations keeping every invariant."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from pinzhi.core.errors import Conflict, InvalidTransition, ValidationFailed
from pinzhi.domain.aftersales.ledger import (
    Account,
    Entry,
    Ledger,
    Movement,
    Operation,
    Posting,
    apply,
    balance,
    balances,
    outstanding_fen,
    paid_fen,
    postings_for,
    returned_fen,
    violations,
)
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.aftersales.returns import Entitlement
from pinzhi.domain.aftersales.workflow import Case, CaseEvent, Step, allowed_events, fire

M = Movement
ORDER = "order-1"


def op(movement: Movement, amount_fen: int, *, key: str | None = None) -> Operation:
    return Operation(key or f"{movement}-{amount_fen}", movement, ORDER, amount_fen)


def ledger_of(*operations: Operation) -> Ledger:
    ledger = Ledger()
    for operation in operations:
        ledger = apply(ledger, operation)
    return ledger


PAID = ledger_of(op(M.PAYMENT, 10_000))


class TestPostings:
    def test_a_refund_moves_money_from_merchant_settlement_back_to_the_consumer(self) -> None:
        ledger = apply(PAID, op(M.REFUND, 4_000))

        assert balance(ledger, Account.CONSUMER) == -6_000
        assert balance(ledger, Account.MERCHANT_SETTLEMENT, order_id=ORDER) == 6_000
        assert sum(balances(ledger).values()) == 0

    def test_an_advance_is_paid_by_the_platform_and_recovered_from_the_merchant(self) -> None:
        advanced = apply(PAID, op(M.ADVANCE, 10_000))

        recovered = apply(advanced, op(M.ADVANCE_RECOVERY, 10_000))

        assert balance(advanced, Account.PLATFORM_ADVANCE) == -10_000
        assert balance(recovered, Account.PLATFORM_ADVANCE) == 0
        assert balance(recovered, Account.MERCHANT_SETTLEMENT) == 0

    def test_compensation_is_paid_by_the_fund_and_recovered_from_the_merchant(self) -> None:
        paid_out = apply(PAID, op(M.COMPENSATION, 3_000))

        recovered = apply(paid_out, op(M.COMPENSATION_RECOVERY, 3_000))

        assert balance(paid_out, Account.COMPENSATION_FUND) == -3_000
        assert balance(recovered, Account.COMPENSATION_FUND) == 0
        assert balance(recovered, Account.MERCHANT_SETTLEMENT) == 7_000

    def test_an_unbalanced_entry_cannot_exist(self) -> None:
        lopsided = (Posting(Account.CONSUMER, ORDER, 100),)

        with pytest.raises(ValidationFailed, match="balance"):
            Entry(op(M.REFUND, 100), lopsided)


class TestIdempotency:
    def test_a_retry_with_the_same_key_and_body_changes_nothing(self) -> None:
        refunded = apply(PAID, op(M.REFUND, 500, key="refund-case-7"))

        retried = apply(refunded, op(M.REFUND, 500, key="refund-case-7"))

        assert retried is refunded
        assert returned_fen(retried, order_id=ORDER) == 500

    def test_the_same_key_with_a_different_body_is_a_conflict(self) -> None:
        refunded = apply(PAID, op(M.REFUND, 500, key="refund-case-7"))

        with pytest.raises(Conflict, match="refund-case-7"):
            apply(refunded, op(M.REFUND, 600, key="refund-case-7"))

    def test_apply_leaves_the_original_ledger_untouched(self) -> None:
        apply(PAID, op(M.REFUND, 500))

        assert len(PAID.entries) == 1
        assert list(PAID.by_key) == ["payment-10000"]


class TestCaps:
    def test_refunds_may_add_up_to_what_was_paid_and_no_further(self) -> None:
        full = ledger_of(op(M.PAYMENT, 10_000), op(M.REFUND, 6_000), op(M.ADVANCE, 4_000))

        with pytest.raises(ValidationFailed, match="exceeds"):
            apply(full, op(M.REFUND, 1))
        assert returned_fen(full, order_id=ORDER) == paid_fen(full, order_id=ORDER)

    def test_a_full_refund_after_price_protection_needs_the_clawback_first(self) -> None:
        protected = apply(PAID, op(M.PRICE_PROTECTION_PAYOUT, 1_500))

        with pytest.raises(ValidationFailed):
            apply(protected, op(M.REFUND, 10_000))
        clawed = apply(protected, op(M.PRICE_PROTECTION_CLAWBACK, 1_500))
        refunded = apply(clawed, op(M.REFUND, 10_000))

        assert returned_fen(refunded, order_id=ORDER) == 10_000
        assert balance(refunded, Account.PRICE_PROTECTION_FUND) == 0

    @pytest.mark.parametrize(
        ("paid_out", "recovery"),
        [
            (M.ADVANCE, M.ADVANCE_RECOVERY),
            (M.PRICE_PROTECTION_PAYOUT, M.PRICE_PROTECTION_CLAWBACK),
            (M.COMPENSATION, M.COMPENSATION_RECOVERY),
        ],
    )
    def test_a_recovery_never_exceeds_what_is_outstanding(
        self, paid_out: Movement, recovery: Movement
    ) -> None:
        ledger = apply(PAID, op(paid_out, 2_000))

        with pytest.raises(ValidationFailed, match="exceeds"):
            apply(ledger, op(recovery, 2_001))
        assert outstanding_fen(apply(ledger, op(recovery, 2_000)), paid_out, order_id=ORDER) == 0

    def test_compensation_for_a_loss_may_exceed_the_price(self) -> None:
        ledger = apply(PAID, op(M.COMPENSATION, 30_000))

        assert violations(ledger) == []

    @pytest.mark.parametrize("amount", [0, -1])
    def test_amounts_must_be_positive(self, amount: int) -> None:
        with pytest.raises(ValidationFailed, match="positive"):
            apply(PAID, op(M.REFUND, amount))

    def test_violations_name_an_order_refunded_beyond_its_payment(self) -> None:
        refund = op(M.REFUND, 100)
        unchecked = Ledger(entries=(Entry(refund, postings_for(refund)),))

        found = violations(unchecked)

        assert found == [f"order {ORDER}: returned 100 fen exceeds paid 0 fen"]


# ------------------------------------------------ random case histories with retried money

CASH_KINDS = (
    CaseKind.REFUND_BEFORE_SHIPMENT,
    CaseKind.REFUND_ONLY,
    CaseKind.RETURN_REFUND,
    CaseKind.PRICE_PROTECTION,
    CaseKind.COMPENSATION,
)


def money_for(before: Case, event: CaseEvent, *, order_id: str, paid: int) -> Operation | None:
    """The money one workflow step moves; a case's refund and advance share one key."""
    protection = before.kind is CaseKind.PRICE_PROTECTION
    moves = {
        CaseEvent.REFUND: ("refund", M.REFUND, paid),
        CaseEvent.ADVANCE_REFUND: ("refund", M.ADVANCE, paid),
        CaseEvent.PAY_OUT: ("payout", M.PRICE_PROTECTION_PAYOUT, max(1, paid // 10))
        if protection
        else ("payout", M.COMPENSATION, paid * 2),
        CaseEvent.RECOVER_FROM_MERCHANT: ("recover", M.COMPENSATION_RECOVERY, paid * 2),
    }
    if before.state is Step.REFUND_ADVANCED:
        moves[CaseEvent.RECEIVE_RETURN] = ("recover", M.ADVANCE_RECOVERY, paid)
    if event not in moves:
        return None
    key, movement, amount = moves[event]
    return Operation(f"{key}:{order_id}", movement, order_id, amount)


class AftersalesMoney(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger()
        self.cases: list[tuple[str, Case, int]] = []
        self.sent: list[Operation] = []

    def send(self, operation: Operation) -> None:
        self.ledger = apply(self.ledger, operation)
        self.sent.append(operation)

    @precondition(lambda self: len(self.cases) < 4)
    @rule(kind=st.sampled_from(CASH_KINDS), paid=st.integers(1, 500_000), fast=st.booleans())
    def open_a_paid_case(self, kind: CaseKind, paid: int, fast: bool) -> None:
        order_id = f"order-{len(self.cases)}"
        self.send(Operation(f"pay:{order_id}", M.PAYMENT, order_id, paid))
        rights = Entitlement(
            frozenset(), (), auto_approve=kind is CaseKind.REFUND_BEFORE_SHIPMENT, fast_refund=fast
        )
        self.cases.append((order_id, Case(kind, CaseReason.QUALITY, entitlement=rights), paid))

    def open_cases(self) -> list[int]:
        return [i for i, (_, case, _) in enumerate(self.cases) if allowed_events(case)]

    @precondition(lambda self: self.open_cases())
    @rule(data=st.data())
    def take_an_allowed_step(self, data: st.DataObject) -> None:
        index = data.draw(st.sampled_from(self.open_cases()))
        order_id, case, paid = self.cases[index]
        event = data.draw(st.sampled_from(allowed_events(case)))

        after = fire(case, event, rejection="evidence shows misuse")
        operation = money_for(case, event, order_id=order_id, paid=paid)
        if operation is not None:
            self.send(operation)
        self.cases[index] = (order_id, after, paid)

    @precondition(lambda self: self.cases)
    @rule(data=st.data(), event=st.sampled_from(CaseEvent))
    def an_event_not_allowed_is_refused(self, data: st.DataObject, event: CaseEvent) -> None:
        _, case, _ = data.draw(st.sampled_from(self.cases))

        if event not in allowed_events(case):
            with pytest.raises(InvalidTransition):
                fire(case, event, rejection="evidence shows misuse")

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def retry_a_sent_operation(self, data: st.DataObject) -> None:
        before = self.ledger

        self.send(data.draw(st.sampled_from(self.sent)))

        assert self.ledger is before

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def reuse_a_key_with_another_amount(self, data: st.DataObject) -> None:
        sent = data.draw(st.sampled_from(self.sent))

        with pytest.raises(Conflict):
            apply(self.ledger, replace(sent, amount_fen=sent.amount_fen + 1))

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def try_to_refund_more_than_remains(self, data: st.DataObject) -> None:
        order_id, _, _ = data.draw(st.sampled_from(self.cases))
        room = paid_fen(self.ledger, order_id=order_id) - returned_fen(
            self.ledger, order_id=order_id
        )

        with pytest.raises(ValidationFailed):
            apply(self.ledger, Operation(f"extra:{order_id}", M.REFUND, order_id, room + 1))

    @invariant()
    def the_ledger_balances_and_no_order_is_refunded_beyond_its_payment(self) -> None:
        assert violations(self.ledger) == []

    @invariant()
    def no_order_is_refunded_twice(self) -> None:
        refunds = [
            e.operation.order_id
            for e in self.ledger.entries
            if e.operation.movement in (M.REFUND, M.ADVANCE)
        ]
        assert len(refunds) == len(set(refunds))


AftersalesMoney.TestCase.settings = settings(max_examples=60, stateful_step_count=40)
TestAftersalesMoney = AftersalesMoney.TestCase
