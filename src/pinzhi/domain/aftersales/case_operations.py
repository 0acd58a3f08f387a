"""After-sales cases in the store: open a case, move it through its workflow, move the money.

Each call runs in the caller's unit of work and never commits, so the case row, its step, the
ledger entry and the record-chain entry of one action become durable together or not at all.
Who may fire which event is decided here (`ACTORS_OF`); whether the event may happen now is
decided by the pure workflow (`workflow.fire`), and how much money may move by the pure ledger.

- Refund before shipment is approved by the system and refunded in the same transaction as the
  request (S3 6.3.2.2).
- 极速退款 advances the refund when the return ships (S3 6.3.2.1); the merchant's settlement
  repays the advance when the goods arrive.
- 价保 pays the difference computed from the price history (S3 6.8); 先行赔付 pays from the fund
  and is then recovered from the merchant, or waived when the merchant's appeal is upheld
  (S1 9.7.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, text

from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.aftersales import entitlements, ledger_store, workflow
from pinzhi.domain.aftersales.ledger import Movement, Operation
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    CaseStepRow,
    CaseWorkflowRow,
    LedgerEntryRow,
)
from pinzhi.domain.aftersales.workflow import CaseEvent, Step
from pinzhi.domain.catalog.models import Sku
from pinzhi.domain.orders import invoices
from pinzhi.domain.orders.models import Order, OrderItem, OrderStatus
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.sla import engine as sla_engine
from pinzhi.domain.sla.engine import SlaEvent
from pinzhi.domain.sla.subjects import AFTERSALES_CASE
from pinzhi.store.uow import UnitOfWork

SUBJECT = "aftersales_case"
SYSTEM = "system:aftersales"


class Party(StrEnum):
    CONSUMER = "consumer"  # the consumer who owns the case
    MERCHANT = "merchant"  # the merchant the case is against
    AGENT = "agent"  # platform service staff working queues
    MEDIATOR = "mediator"  # decides appeals and waives recoveries
    SYSTEM = "system"  # pinzhi itself (automatic approvals)


E = CaseEvent
ACTORS_OF: Mapping[CaseEvent, frozenset[Party]] = {
    E.AUTO_APPROVE: frozenset({Party.SYSTEM}),
    E.APPROVE: frozenset({Party.MERCHANT, Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
    E.REJECT: frozenset({Party.MERCHANT, Party.AGENT, Party.MEDIATOR}),
    E.CANCEL: frozenset({Party.CONSUMER, Party.AGENT, Party.MEDIATOR}),
    E.ARRANGE_RETURN: frozenset({Party.MERCHANT, Party.AGENT, Party.MEDIATOR}),
    E.SHIP_RETURN: frozenset({Party.CONSUMER, Party.AGENT}),
    E.ADVANCE_REFUND: frozenset({Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
    E.RECEIVE_RETURN: frozenset({Party.MERCHANT, Party.AGENT}),
    E.REFUND: frozenset({Party.MERCHANT, Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
    E.SEND_GOODS: frozenset({Party.MERCHANT, Party.AGENT}),
    E.CONFIRM_RECEIPT: frozenset({Party.CONSUMER, Party.AGENT}),
    E.PAY_OUT: frozenset({Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
    E.RECOVER_FROM_MERCHANT: frozenset({Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
    E.APPEAL_RECOVERY: frozenset({Party.MERCHANT}),
    E.WAIVE_RECOVERY: frozenset({Party.MEDIATOR}),
    E.CLOSE: frozenset({Party.AGENT, Party.MEDIATOR, Party.SYSTEM}),
}
"""Who may fire each event; the workflow still decides whether it may happen now."""

_RESPONSES = frozenset({E.AUTO_APPROVE, E.APPROVE, E.REJECT, E.ARRANGE_RETURN})
"""The events that count as the seller side's first response to the request (S1 9.2.3)."""


@dataclass(frozen=True)
class CaseRequest:
    order_id: str
    kind: CaseKind
    reason: CaseReason
    order_item_id: str | None = None
    amount_fen: int | None = None
    """Defaults to what was paid for the line (or the order); 价保 computes it."""
    note: str | None = None
    exchange_sku_id: str | None = None
    """An exchange of size or model online (S3 6.3.4.1): another SKU of the same product."""


def parties(actor: Actor, case: AftersalesCase) -> frozenset[Party]:
    """The roles an actor plays on a case (none: the case is outside their reach)."""
    found: set[Party] = set()
    if actor.role is Role.CONSUMER and actor.consumer_id == case.consumer_id:
        found.add(Party.CONSUMER)
    if actor.role is Role.MERCHANT and actor.merchant_id == case.merchant_id:
        found.add(Party.MERCHANT)
    if allows(actor, Permission.WORK_SERVICE_QUEUE):
        found.add(Party.AGENT)
    if allows(actor, Permission.MEDIATE_COMPLAINTS):
        found.add(Party.MEDIATOR)
    if actor.user_id == SYSTEM:
        found.add(Party.SYSTEM)
    return frozenset(found)


def system_actor() -> Actor:
    return Actor(user_id=SYSTEM, role=Role.PLATFORM_ADMIN)


def open_case(*, uow: UnitOfWork, actor: Actor, request: CaseRequest, now: datetime) -> str:
    """Open a case on an order (line) the actor may act for; returns the new case id."""
    facts = entitlements.line_facts(
        uow=uow, order_id=request.order_id, order_item_id=request.order_item_id
    )
    order = facts.order
    if order.merchant_id is None:
        raise ValidationFailed(f"order {order.id!r} has no merchant to answer for it")
    own = actor.role is Role.CONSUMER and actor.consumer_id == order.consumer_id
    if not (own or actor.user_id == SYSTEM or allows(actor, Permission.WORK_SERVICE_QUEUE)):
        raise NotFound(f"order {order.id!r} does not exist")
    entitled = entitlements.entitlement(uow=uow, facts=facts, now=now)
    fault = (
        entitlements.sanbao_entitlement(uow=uow, facts=facts, now=now)
        if request.reason in entitlements.PERFORMANCE_FAULTS
        else None
    )
    entitlements.check_request(
        entitled,
        kind=request.kind,
        reason=request.reason,
        shipped=order.shipped_at is not None,
        fault=fault,
    )
    amount = _requested_amount(uow=uow, request=request, facts=facts, now=now)
    _check_exchange_sku(uow, request, facts)
    case = AftersalesCase(
        id=new_id("as"),
        order_id=order.id,
        order_item_id=request.order_item_id,
        consumer_id=order.consumer_id,
        merchant_id=order.merchant_id,
        kind=request.kind,
        reason=request.reason,
        status=CaseStatus.REQUESTED,
        requested_at=now,
        requested_fen=amount,
        refunded_fen=0,
        note=request.note,
    )
    uow.session.add(case)
    uow.session.add(
        CaseWorkflowRow(
            case_id=case.id,
            step=None,
            entitlement=entitlements.snapshot(entitled),
            exchange_sku_id=request.exchange_sku_id,
        )
    )
    uow.session.flush()
    _log(uow, case, actor=actor, now=now, event="open", source="-", target=CaseStatus.REQUESTED)
    _clock(uow, case, "request_filed", now)  # the response deadline starts with the request
    if request.kind is CaseKind.REFUND_BEFORE_SHIPMENT:  # S3 6.3.2.2: at once, by the system
        act(uow=uow, actor=system_actor(), case_id=case.id, event=E.AUTO_APPROVE, now=now)
        act(uow=uow, actor=system_actor(), case_id=case.id, event=E.REFUND, now=now)
    return case.id


def act(
    *,
    uow: UnitOfWork,
    actor: Actor,
    case_id: str,
    event: CaseEvent,
    now: datetime,
    note: str | None = None,
) -> CaseStatus | Step:
    """Fire `event` on the case as `actor`; returns the new state. Moves money where due."""
    case, flow = _locked_case(uow, case_id)
    playing = parties(actor, case)
    if not playing:
        raise NotFound(f"after-sales case {case_id!r} does not exist")
    if not playing & ACTORS_OF[event]:
        allowed = ", ".join(sorted(p.value for p in ACTORS_OF[event]))
        raise Forbidden(f"only {allowed} may {event} a case")
    before = workflow_case(case, flow)
    after = workflow.fire(before, event, rejection=note if event is E.REJECT else None)
    amount = _move_money(uow, case, event, now=now)
    case.status = workflow.stored_status(after.state)
    flow.step = after.state.value if isinstance(after.state, Step) else None
    flow.rejection = after.rejection
    if event in _RESPONSES and case.first_response_at is None:
        case.first_response_at = now
        _clock(uow, case, "merchant_responded", now)
    if workflow.is_closed(after) and case.resolved_at is None:
        case.resolved_at = now
        if case.first_response_at is None:
            # closed before anyone answered (the consumer withdrew it): no response is owed
            sla_engine.withdraw_clocks(
                uow=uow,
                actor_id=SYSTEM,
                now=now,
                subject_kind=AFTERSALES_CASE,
                subject_id=case.id,
                why=f"case closed by {event} before a response",
            )
    uow.session.flush()
    _log(
        uow,
        case,
        actor=actor,
        now=now,
        event=event.value,
        source=before.state,
        target=after.state,
        note=note,
        amount=amount,
    )
    return after.state


def workflow_case(case: AftersalesCase, flow: CaseWorkflowRow | None) -> workflow.Case:
    """The pure workflow's view of a stored case."""
    state: CaseStatus | Step = case.status
    if flow is not None and flow.step:
        state = Step(flow.step)
    return workflow.Case(
        kind=case.kind,
        reason=case.reason,
        state=state,
        entitlement=entitlements.restore(flow.entitlement if flow is not None else {}),
        rejection=flow.rejection if flow is not None else None,
    )


def _locked_case(uow: UnitOfWork, case_id: str) -> tuple[AftersalesCase, CaseWorkflowRow]:
    session = uow.session
    query = select(AftersalesCase).where(AftersalesCase.id == case_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    else:  # SQLite: take the single write lock before reading, so the read is current
        session.execute(text("UPDATE aftersales_cases SET id = id WHERE 1 = 0"))
    case = session.scalars(query).one_or_none()
    if case is None:
        raise NotFound(f"after-sales case {case_id!r} does not exist")
    flow = session.get(CaseWorkflowRow, case_id)
    if flow is None:  # an imported case: its workflow starts from the stored status
        flow = CaseWorkflowRow(case_id=case_id, step=None, entitlement={})
        session.add(flow)
    return case, flow


def _check_exchange_sku(
    uow: UnitOfWork, request: CaseRequest, facts: entitlements.LineFacts
) -> None:
    if request.exchange_sku_id is None:
        return
    if request.kind is not CaseKind.EXCHANGE or facts.item is None:
        raise ValidationFailed("a replacement SKU is chosen on an exchange of one order item")
    wanted = uow.session.get(Sku, request.exchange_sku_id)
    if wanted is None or wanted.product_id != facts.item.product_id:
        raise ValidationFailed(
            f"SKU {request.exchange_sku_id!r} is not a size or model of the ordered product"
        )
    if wanted.id == facts.item.sku_id:
        raise ValidationFailed(
            "the replacement SKU is the one ordered: choose another size or model"
        )


def _requested_amount(
    *, uow: UnitOfWork, request: CaseRequest, facts: entitlements.LineFacts, now: datetime
) -> int:
    if request.kind is CaseKind.PRICE_PROTECTION:
        quote = entitlements.price_protection_due(uow=uow, facts=facts, now=now)
        if not quote.claimable:
            why = "; ".join(r.text for r in quote.reasons)
            raise ValidationFailed(f"S3 6.8: nothing is due on this purchase ({why})")
        return quote.due_fen
    paid = facts.item.paid_fen if facts.item is not None else facts.order.paid_fen
    if request.amount_fen is None:
        return paid
    if request.kind is not CaseKind.COMPENSATION and not 0 < request.amount_fen <= paid:
        raise ValidationFailed(
            f"the amount must be between 1 and the {paid} fen paid for the line, "
            f"not {request.amount_fen}"
        )
    if request.amount_fen <= 0:
        raise ValidationFailed("a compensation amount must be positive")
    return request.amount_fen


def _move_money(uow: UnitOfWork, case: AftersalesCase, event: CaseEvent, *, now: datetime) -> int:
    """Post the money an event moves; returns the amount (0 when none moves)."""
    movement = _movement(case, event)
    if movement is None:
        return 0
    if movement is Movement.ADVANCE_RECOVERY or movement is Movement.COMPENSATION_RECOVERY:
        amount = _case_total(uow, case.id, _RECOVERED[movement])
    elif movement is Movement.REFUND:
        amount = case.requested_fen - _case_total(uow, case.id, Movement.ADVANCE)
    else:
        amount = case.requested_fen
    if amount <= 0:
        return 0
    if movement in _TO_CONSUMER:
        _claw_back_price_protection(uow, case, refunded=amount, now=now)
    operation = Operation(f"case:{case.id}:{movement.value}", movement, case.order_id, amount)
    ledger_store.post(uow=uow, operation=operation, now=now, case_id=case.id)
    if movement in _TO_CONSUMER:
        case.refunded_fen += amount
        invoices.reverse_for_refund(
            uow=uow, order_id=case.order_id, case_id=case.id, amount_fen=amount, now=now
        )
        _settle_order(uow, case, now=now)
    return amount


def _claw_back_price_protection(
    uow: UnitOfWork, case: AftersalesCase, *, refunded: int, now: datetime
) -> None:
    """A refund takes back the refunded share of 价保 already paid on the line (S3 6.8)."""
    if case.order_item_id is None:
        return
    paid_out = entitlements.price_protection_paid(uow=uow, order_item_id=case.order_item_id)
    item = uow.session.get(OrderItem, case.order_item_id)
    if paid_out <= 0 or item is None or item.paid_fen <= 0:
        return
    share = min(paid_out, paid_out * refunded // item.paid_fen)
    if share <= 0:
        return
    movement = Movement.PRICE_PROTECTION_CLAWBACK
    operation = Operation(f"case:{case.id}:{movement.value}", movement, case.order_id, share)
    ledger_store.post(uow=uow, operation=operation, now=now, case_id=_pp_case(uow, case))


def _pp_case(uow: UnitOfWork, case: AftersalesCase) -> str:
    """The line's latest 价保 case: the clawback is booked against what it paid."""
    found = uow.session.scalar(
        select(AftersalesCase.id)
        .where(
            AftersalesCase.order_item_id == case.order_item_id,
            AftersalesCase.kind == CaseKind.PRICE_PROTECTION,
        )
        .order_by(AftersalesCase.requested_at.desc())
        .limit(1)
    )
    return found or case.id


_RECOVERED = {
    Movement.ADVANCE_RECOVERY: Movement.ADVANCE,
    Movement.COMPENSATION_RECOVERY: Movement.COMPENSATION,
}
_TO_CONSUMER = frozenset({Movement.REFUND, Movement.ADVANCE})


_MOVES: Mapping[CaseEvent, Movement] = {
    E.REFUND: Movement.REFUND,
    E.ADVANCE_REFUND: Movement.ADVANCE,
    E.RECOVER_FROM_MERCHANT: Movement.COMPENSATION_RECOVERY,
}


def _movement(case: AftersalesCase, event: CaseEvent) -> Movement | None:
    if event is E.RECEIVE_RETURN and case.kind is CaseKind.RETURN_REFUND:
        return Movement.ADVANCE_RECOVERY  # moves money only if an advance was paid
    if event is E.PAY_OUT:
        if case.kind is CaseKind.PRICE_PROTECTION:
            return Movement.PRICE_PROTECTION_PAYOUT
        return Movement.COMPENSATION
    return _MOVES.get(event)


def _case_total(uow: UnitOfWork, case_id: str, movement: Movement) -> int:
    found = uow.session.scalar(
        select(func.coalesce(func.sum(LedgerEntryRow.amount_fen), 0)).where(
            LedgerEntryRow.case_id == case_id, LedgerEntryRow.movement == movement.value
        )
    )
    return int(found or 0)


def _settle_order(uow: UnitOfWork, case: AftersalesCase, *, now: datetime) -> None:
    """An unshipped order refunded in full is cancelled (S3 6.3.2.2)."""
    if case.kind is not CaseKind.REFUND_BEFORE_SHIPMENT:
        return
    order = uow.session.get(Order, case.order_id)
    if order is not None and order.shipped_at is None and case.refunded_fen >= order.paid_fen:
        order.status = OrderStatus.CANCELLED
        order.cancelled_at = order.cancelled_at or now


def _clock(uow: UnitOfWork, case: AftersalesCase, name: str, at: datetime) -> None:
    """Tell the SLA engine (S1 9.2.3): it keeps the response deadline and flags breaches."""
    event = SlaEvent(f"{case.id}:{name}", AFTERSALES_CASE, case.id, name, at)
    sla_engine.apply_as(uow=uow, actor_id=SYSTEM, now=at, event=event)


def _log(
    uow: UnitOfWork,
    case: AftersalesCase,
    *,
    actor: Actor,
    now: datetime,
    event: str,
    source: CaseStatus | Step | str,
    target: CaseStatus | Step,
    note: str | None = None,
    amount: int = 0,
) -> None:
    """Keep the step on the case's timeline and chain it onto the record log (S1 9.1.2)."""
    uow.session.add(
        CaseStepRow(
            case_id=case.id,
            occurred_at=now,
            actor_id=actor.user_id,
            event=event,
            from_state=str(source),
            to_state=str(target),
            note=note,
            amount_fen=amount or None,
        )
    )
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=SUBJECT,
        subject_id=case.id,
        action=event,
        payload={
            "from": str(source),
            "to": str(target),
            "amount_fen": amount,
            "note": note or "",
            "order_id": case.order_id,
        },
    )
