"""After-sales case workflows: one explicit state machine per case kind (C10).

Every move is a named `CaseEvent` from one state to the next, some with a guard. Anything else
raises `InvalidTransition` naming the state, the event and the events that are allowed, and
`allowed_events` gives the same answer to the agent's decision buttons.

- Refund before shipment (未发货秒退, S3 6.3.2.2): approved by the system, never by hand, then
  refunded at once.
- Return and refund: reviewed, goods sent back, then refunded on receipt, or refunded on return
  shipment when the platform advances the money (极速退款, S3 6.3.2.1; S1 9.7.3).
- Exchange, repair and re-send: goods come back (not for a re-send) and goods go out again.
- Price protection (价保, S3 6.8): reviewed and paid out.
- Compensation (先行赔付, S1 9.7.6): the fund pays first, then recovers from the merchant. The
  merchant may appeal the recovery first; a mediator then recovers (appeal dismissed) or waives
  the recovery (appeal upheld).

Guards read the consumer's `Entitlement` from `returns.py`, computed when the case was opened, so
the statutory rules live in one place: a no-reason return inside its window cannot be rejected
(S3 6.3.1.2), only an entitled consumer gets the advance, only an unshipped order is auto-approved.

States are the stored `CaseStatus` values plus a few finer `Step`s that the coarse column cannot
tell apart; `stored_status` maps each step to the status that is persisted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from pinzhi.core.errors import InvalidTransition, ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus
from pinzhi.domain.aftersales.returns import Entitlement


class Step(StrEnum):
    """Finer states inside one stored status (the value in brackets is what is stored)."""

    RETURN_SHIPPED = "return_shipped"  # goods on their way back [awaiting_return]
    RETURN_RECEIVED = "return_received"  # goods back, refund or replacement pending [approved]
    REFUND_ADVANCED = "refund_advanced"  # 极速退款 paid, goods still in transit [refunded]
    GOODS_SENT = "goods_sent"  # replacement, repaired unit or re-sent item on its way [approved]
    PAID_OUT = "paid_out"  # 先行赔付 paid, recovery from the merchant pending [refunded]
    RECOVERY_APPEALED = "recovery_appealed"  # the merchant contests the recovery [refunded]


State = CaseStatus | Step

_STORED: Mapping[Step, CaseStatus] = {
    Step.RETURN_SHIPPED: CaseStatus.AWAITING_RETURN,
    Step.RETURN_RECEIVED: CaseStatus.APPROVED,
    Step.REFUND_ADVANCED: CaseStatus.REFUNDED,
    Step.GOODS_SENT: CaseStatus.APPROVED,
    Step.PAID_OUT: CaseStatus.REFUNDED,
    Step.RECOVERY_APPEALED: CaseStatus.REFUNDED,
}


class CaseEvent(StrEnum):
    AUTO_APPROVE = "auto_approve"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    ARRANGE_RETURN = "arrange_return"  # return address given or door pickup booked
    SHIP_RETURN = "ship_return"
    ADVANCE_REFUND = "advance_refund"
    RECEIVE_RETURN = "receive_return"
    REFUND = "refund"
    SEND_GOODS = "send_goods"
    CONFIRM_RECEIPT = "confirm_receipt"
    PAY_OUT = "pay_out"
    RECOVER_FROM_MERCHANT = "recover_from_merchant"
    APPEAL_RECOVERY = "appeal_recovery"
    WAIVE_RECOVERY = "waive_recovery"
    CLOSE = "close"


NO_ENTITLEMENT = Entitlement(choices=frozenset(), reasons=())


@dataclass(frozen=True)
class Case:
    """What the workflow needs of a case; `entitlement` is as computed when it was opened."""

    kind: CaseKind
    reason: CaseReason
    state: State = CaseStatus.REQUESTED
    entitlement: Entitlement = field(default=NO_ENTITLEMENT)
    rejection: str | None = None


# A guard returns why the event is refused now, or None when it may happen.
Guard = Callable[[Case], str | None]


def _system_approval_only(case: Case) -> str | None:
    if case.entitlement.auto_approve:
        return None
    return "S3 6.3.2.2: only an order not yet shipped is approved automatically"


def _not_a_protected_return(case: Case) -> str | None:
    protected = (
        case.kind is CaseKind.RETURN_REFUND
        and case.reason is CaseReason.NO_REASON
        and CaseKind.RETURN_REFUND in case.entitlement.choices
    )
    if protected:
        return "S3 6.3.1.2: a no-reason return inside its window may not be refused"
    return None


def _fast_refund_entitled(case: Case) -> str | None:
    if case.entitlement.fast_refund:
        return None
    return "S3 6.3.2.1: the consumer or merchant does not qualify for fast refund"


@dataclass(frozen=True)
class Transition:
    source: State
    event: CaseEvent
    target: State
    guard: Guard | None = None


def _t(source: State, event: CaseEvent, target: State, guard: Guard | None = None) -> Transition:
    return Transition(source, event, target, guard)


S, P, E = CaseStatus, Step, CaseEvent

_REVIEW = (
    _t(S.REQUESTED, E.APPROVE, S.APPROVED),
    _t(S.REQUESTED, E.REJECT, S.REJECTED, _not_a_protected_return),
    _t(S.REQUESTED, E.CANCEL, S.CANCELLED),
)
_GOODS_BACK = (
    _t(S.APPROVED, E.ARRANGE_RETURN, S.AWAITING_RETURN),
    _t(S.APPROVED, E.CANCEL, S.CANCELLED),
    _t(S.AWAITING_RETURN, E.SHIP_RETURN, P.RETURN_SHIPPED),
    _t(S.AWAITING_RETURN, E.CANCEL, S.CANCELLED),
)
_GOODS_OUT = (_t(P.GOODS_SENT, E.CONFIRM_RECEIPT, S.COMPLETED),)

_MACHINES: Mapping[CaseKind, tuple[Transition, ...]] = {
    CaseKind.REFUND_BEFORE_SHIPMENT: (
        _t(S.REQUESTED, E.AUTO_APPROVE, S.APPROVED, _system_approval_only),
        _t(S.REQUESTED, E.CANCEL, S.CANCELLED),
        _t(S.APPROVED, E.REFUND, S.REFUNDED),
    ),
    CaseKind.REFUND_ONLY: (*_REVIEW, _t(S.APPROVED, E.REFUND, S.REFUNDED)),
    CaseKind.RETURN_REFUND: (
        *_REVIEW,
        *_GOODS_BACK,
        _t(P.RETURN_SHIPPED, E.ADVANCE_REFUND, P.REFUND_ADVANCED, _fast_refund_entitled),
        _t(P.RETURN_SHIPPED, E.RECEIVE_RETURN, P.RETURN_RECEIVED),
        _t(P.RETURN_RECEIVED, E.REFUND, S.REFUNDED),
        _t(P.REFUND_ADVANCED, E.RECEIVE_RETURN, S.REFUNDED),
        _t(S.REFUNDED, E.CLOSE, S.COMPLETED),
    ),
    CaseKind.EXCHANGE: (
        *_REVIEW,
        *_GOODS_BACK,
        _t(P.RETURN_SHIPPED, E.RECEIVE_RETURN, P.RETURN_RECEIVED),
        _t(P.RETURN_RECEIVED, E.SEND_GOODS, P.GOODS_SENT),
        *_GOODS_OUT,
    ),
    CaseKind.REPAIR: (
        *_REVIEW,
        *_GOODS_BACK,
        _t(P.RETURN_SHIPPED, E.RECEIVE_RETURN, S.IN_REPAIR),
        _t(S.IN_REPAIR, E.SEND_GOODS, P.GOODS_SENT),
        *_GOODS_OUT,
    ),
    CaseKind.RESEND: (*_REVIEW, _t(S.APPROVED, E.SEND_GOODS, P.GOODS_SENT), *_GOODS_OUT),
    CaseKind.PRICE_PROTECTION: (*_REVIEW, _t(S.APPROVED, E.PAY_OUT, S.COMPLETED)),
    CaseKind.COMPENSATION: (
        *_REVIEW,
        _t(S.APPROVED, E.PAY_OUT, P.PAID_OUT),
        _t(P.PAID_OUT, E.RECOVER_FROM_MERCHANT, S.COMPLETED),
        _t(P.PAID_OUT, E.WAIVE_RECOVERY, S.COMPLETED),
        _t(P.PAID_OUT, E.APPEAL_RECOVERY, P.RECOVERY_APPEALED),
        _t(P.RECOVERY_APPEALED, E.RECOVER_FROM_MERCHANT, S.COMPLETED),
        _t(P.RECOVERY_APPEALED, E.WAIVE_RECOVERY, S.COMPLETED),
    ),
}


def transitions(kind: CaseKind) -> tuple[Transition, ...]:
    """The whole machine of one case kind, in the order a case usually walks it."""
    return _MACHINES[kind]


def stored_status(state: State) -> CaseStatus:
    """The `CaseStatus` persisted for a state: itself, or the coarse status of a finer step."""
    return state if isinstance(state, CaseStatus) else _STORED[state]


def allowed_events(case: Case) -> tuple[CaseEvent, ...]:
    """The events that may happen to the case now: its state's transitions whose guard passes."""
    return tuple(
        t.event
        for t in _MACHINES[case.kind]
        if t.source == case.state and (t.guard is None or t.guard(case) is None)
    )


def is_closed(case: Case) -> bool:
    """A case with nothing left to happen (completed, rejected, cancelled, refunded at once)."""
    return not any(t.source == case.state for t in _MACHINES[case.kind])


def fire(case: Case, event: CaseEvent, *, rejection: str | None = None) -> Case:
    """The case after `event`; a rejection must say why. Raises `InvalidTransition` otherwise."""
    transition = _find(case, event)
    if transition.guard is not None and (refusal := transition.guard(case)) is not None:
        raise _invalid(case, event, refusal)
    if event is CaseEvent.REJECT:
        if rejection is None or not rejection.strip():
            raise ValidationFailed("a rejection must give the consumer its reason")
        return replace(case, state=transition.target, rejection=rejection.strip())
    return replace(case, state=transition.target)


def _find(case: Case, event: CaseEvent) -> Transition:
    for t in _MACHINES[case.kind]:
        if t.source == case.state and t.event is event:
            return t
    raise _invalid(case, event, "no such transition")


def _invalid(case: Case, event: CaseEvent, why: str) -> InvalidTransition:
    allowed = [str(e) for e in allowed_events(case)]
    return InvalidTransition(
        f"{case.kind} case in state {case.state}: cannot {event} ({why}); "
        f"allowed: {', '.join(allowed) or 'none'}",
        details=allowed,
    )
