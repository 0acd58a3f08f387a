"""The after-sales money ledger: double-entry postings in integer fen, applied exactly once.

Every money movement is an `Operation` with an idempotency key. `apply(ledger, operation)` returns
a new ledger holding one balanced `Entry` (postings summing to zero). A repeated key with the same
body is a retry and changes nothing; the same key with a different body raises `Conflict`.

Movements and their routes (from → to):
- payment: consumer → merchant settlement (what the consumer paid, held for the merchant);
- refund: merchant settlement → consumer, by the original route (S3 6.3.2.2);
- advance (极速退款, S3 6.3.2.1): the platform's advance account pays the consumer first, and
  advance recovery later takes it back from the merchant's settlement;
- price-protection payout and clawback (价保, S3 6.8): the price-protection fund pays the
  difference; a later refund claws it back first;
- compensation (先行赔付, S1 9.7.6): the compensation fund pays first, compensation recovery
  takes it back from the merchant.

Invariants, checked on every apply and by `violations`: each entry balances; what went back to the
consumer for an order (refund + advance + net 价保) never exceeds what was paid for it; a recovery
or clawback never exceeds what is outstanding. Compensation is not capped by the price: a
compensation for a loss may exceed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from pinzhi.core.errors import Conflict, ValidationFailed
from pinzhi.core.money import format_yuan


class Account(StrEnum):
    CONSUMER = "consumer"
    MERCHANT_SETTLEMENT = "merchant_settlement"
    PLATFORM_ADVANCE = "platform_advance"
    PRICE_PROTECTION_FUND = "price_protection_fund"
    COMPENSATION_FUND = "compensation_fund"


class Movement(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"
    ADVANCE = "advance"
    ADVANCE_RECOVERY = "advance_recovery"
    PRICE_PROTECTION_PAYOUT = "price_protection_payout"
    PRICE_PROTECTION_CLAWBACK = "price_protection_clawback"
    COMPENSATION = "compensation"
    COMPENSATION_RECOVERY = "compensation_recovery"


ROUTES: Mapping[Movement, tuple[Account, Account]] = {
    Movement.PAYMENT: (Account.CONSUMER, Account.MERCHANT_SETTLEMENT),
    Movement.REFUND: (Account.MERCHANT_SETTLEMENT, Account.CONSUMER),
    Movement.ADVANCE: (Account.PLATFORM_ADVANCE, Account.CONSUMER),
    Movement.ADVANCE_RECOVERY: (Account.MERCHANT_SETTLEMENT, Account.PLATFORM_ADVANCE),
    Movement.PRICE_PROTECTION_PAYOUT: (Account.PRICE_PROTECTION_FUND, Account.CONSUMER),
    Movement.PRICE_PROTECTION_CLAWBACK: (Account.CONSUMER, Account.PRICE_PROTECTION_FUND),
    Movement.COMPENSATION: (Account.COMPENSATION_FUND, Account.CONSUMER),
    Movement.COMPENSATION_RECOVERY: (Account.MERCHANT_SETTLEMENT, Account.COMPENSATION_FUND),
}

# What a movement may not exceed: the outstanding amount of (added − taken back).
_RETURNED_TO_CONSUMER = (Movement.REFUND, Movement.ADVANCE, Movement.PRICE_PROTECTION_PAYOUT)
_RECOVERED_BY: Mapping[Movement, Movement] = {
    Movement.ADVANCE: Movement.ADVANCE_RECOVERY,
    Movement.PRICE_PROTECTION_PAYOUT: Movement.PRICE_PROTECTION_CLAWBACK,
    Movement.COMPENSATION: Movement.COMPENSATION_RECOVERY,
}
_RECOVERS = {recovery: paid_out for paid_out, recovery in _RECOVERED_BY.items()}


@dataclass(frozen=True)
class Operation:
    """One money movement for an order; `key` makes a retry harmless."""

    key: str
    movement: Movement
    order_id: str
    amount_fen: int


@dataclass(frozen=True)
class Posting:
    """A signed amount on one account for one order: positive in, negative out."""

    account: Account
    order_id: str
    amount_fen: int


@dataclass(frozen=True)
class Entry:
    """The balanced postings of one applied operation."""

    operation: Operation
    postings: tuple[Posting, ...]

    def __post_init__(self) -> None:
        if _sum(self.postings) != 0:
            raise ValidationFailed(f"entry {self.operation.key!r} does not balance")


@dataclass(frozen=True)
class Ledger:
    entries: tuple[Entry, ...] = ()
    by_key: Mapping[str, Operation] = field(default_factory=lambda: MappingProxyType({}))


def postings_for(operation: Operation) -> tuple[Posting, ...]:
    """The two postings of an operation along its movement's route."""
    source, target = ROUTES[operation.movement]
    return (
        Posting(source, operation.order_id, -operation.amount_fen),
        Posting(target, operation.order_id, operation.amount_fen),
    )


def apply(ledger: Ledger, operation: Operation) -> Ledger:
    """The ledger with `operation` applied once; a retry of the same key is a no-op.

    Raises `Conflict` for a reused key with a different body and `ValidationFailed` for an amount
    that is not positive or would break a cap.
    """
    earlier = ledger.by_key.get(operation.key)
    if earlier is not None:
        if earlier != operation:
            raise Conflict(f"idempotency key {operation.key!r} was used for a different operation")
        return ledger
    _check_cap(ledger, operation)
    entry = Entry(operation, postings_for(operation))
    return Ledger(
        entries=(*ledger.entries, entry),
        by_key=MappingProxyType({**ledger.by_key, operation.key: operation}),
    )


def total(ledger: Ledger, movement: Movement, *, order_id: str) -> int:
    """Sum of one movement's amounts for an order."""
    return sum(
        e.operation.amount_fen
        for e in ledger.entries
        if e.operation.movement is movement and e.operation.order_id == order_id
    )


def paid_fen(ledger: Ledger, *, order_id: str) -> int:
    return total(ledger, Movement.PAYMENT, order_id=order_id)


def returned_fen(ledger: Ledger, *, order_id: str) -> int:
    """What went back to the consumer on the price: refunds, advances and 价保 net of clawback."""
    given = sum(total(ledger, m, order_id=order_id) for m in _RETURNED_TO_CONSUMER)
    return given - total(ledger, Movement.PRICE_PROTECTION_CLAWBACK, order_id=order_id)


def outstanding_fen(ledger: Ledger, movement: Movement, *, order_id: str) -> int:
    """Paid out by `movement` (advance, 价保 payout, compensation) and not yet taken back."""
    paid_out = total(ledger, movement, order_id=order_id)
    return paid_out - total(ledger, _RECOVERED_BY[movement], order_id=order_id)


def balance(ledger: Ledger, account: Account, *, order_id: str | None = None) -> int:
    """An account's balance, over all orders or for one."""
    return sum(
        p.amount_fen
        for e in ledger.entries
        for p in e.postings
        if p.account is account and (order_id is None or p.order_id == order_id)
    )


def balances(ledger: Ledger) -> dict[Account, int]:
    return {account: balance(ledger, account) for account in Account}


def violations(ledger: Ledger) -> list[str]:
    """Every broken invariant, in words; empty when the ledger is sound."""
    found = [f"{e.operation.key}: unbalanced" for e in ledger.entries if _sum(e.postings)]
    if sum(balances(ledger).values()) != 0:
        found.append("account balances do not sum to zero")
    for order_id in sorted({e.operation.order_id for e in ledger.entries}):
        paid = paid_fen(ledger, order_id=order_id)
        returned = returned_fen(ledger, order_id=order_id)
        if returned > paid:
            found.append(f"order {order_id}: returned {returned} fen exceeds paid {paid} fen")
        for recovery, movement in _RECOVERS.items():
            if outstanding_fen(ledger, movement, order_id=order_id) < 0:
                found.append(f"order {order_id}: {recovery} exceeds {movement}")
    return found


def _check_cap(ledger: Ledger, operation: Operation) -> None:
    amount, order_id = operation.amount_fen, operation.order_id
    if amount <= 0:
        raise ValidationFailed(f"{operation.movement} of {amount} fen: amounts must be positive")
    if operation.movement in _RETURNED_TO_CONSUMER:
        room = paid_fen(ledger, order_id=order_id) - returned_fen(ledger, order_id=order_id)
    elif operation.movement in _RECOVERS:
        room = outstanding_fen(ledger, _RECOVERS[operation.movement], order_id=order_id)
    else:
        return
    if amount > room:
        raise ValidationFailed(
            f"{operation.movement} of {format_yuan(amount)} yuan on order {order_id} "
            f"exceeds the {format_yuan(room)} yuan that remain"
        )


def _sum(postings: tuple[Posting, ...]) -> int:
    return sum(p.amount_fen for p in postings)
