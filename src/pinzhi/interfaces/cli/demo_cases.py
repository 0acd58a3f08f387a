"""Live after-sales cases for the demo: every case kind, walked through the real operations.

Imported history carries only each case's final status; these cases are opened and moved by the
same code the API and console use, so the demo shows their timelines, ledger entries and record
chain — and `pinzhi verify` has a chain to verify. The demo buyer and shop get most of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import PinzhiError
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales import case_operations, disputes
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    EvidenceKind,
    MerchantAftersalesOptions,
)
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.catalog.models import Product
from pinzhi.domain.orders import invoices
from pinzhi.domain.orders.models import Order, OrderItem
from pinzhi.domain.records.operations import write_checkpoint

E = CaseEvent
AGENT = Actor(user_id="demo:agent", role=Role.SERVICE_AGENT)
MEDIATOR = Actor(user_id="demo:mediator", role=Role.MEDIATOR)
Walk = Sequence[tuple[CaseEvent, str]]
"""Events and who fires them: "consumer", "merchant", "agent" or "mediator"."""

PLANS: tuple[tuple[CaseKind, CaseReason, Walk], ...] = (
    (CaseKind.REFUND_BEFORE_SHIPMENT, CaseReason.OTHER, ()),
    (CaseKind.RETURN_REFUND, CaseReason.NO_REASON, ()),
    (CaseKind.RETURN_REFUND, CaseReason.NO_REASON,
     ((E.APPROVE, "merchant"), (E.ARRANGE_RETURN, "merchant"), (E.SHIP_RETURN, "consumer"))),
    (CaseKind.RETURN_REFUND, CaseReason.NO_REASON,
     ((E.APPROVE, "merchant"), (E.ARRANGE_RETURN, "merchant"), (E.SHIP_RETURN, "consumer"),
      (E.RECEIVE_RETURN, "merchant"), (E.REFUND, "merchant"))),
    (CaseKind.REFUND_ONLY, CaseReason.DAMAGED, ()),
    (CaseKind.REFUND_ONLY, CaseReason.MISSING_PART,
     ((E.APPROVE, "merchant"), (E.REFUND, "merchant"))),
    (CaseKind.EXCHANGE, CaseReason.QUALITY,
     ((E.APPROVE, "merchant"), (E.ARRANGE_RETURN, "merchant"))),
    (CaseKind.REPAIR, CaseReason.QUALITY,
     ((E.APPROVE, "agent"), (E.ARRANGE_RETURN, "agent"), (E.SHIP_RETURN, "consumer"),
      (E.RECEIVE_RETURN, "merchant"))),
    (CaseKind.RESEND, CaseReason.WRONG_ITEM,
     ((E.APPROVE, "merchant"), (E.SEND_GOODS, "merchant"))),
    (CaseKind.PRICE_PROTECTION, CaseReason.PRICE_DROP,
     ((E.APPROVE, "agent"), (E.PAY_OUT, "agent"))),
    (CaseKind.COMPENSATION, CaseReason.QUALITY,
     ((E.APPROVE, "agent"), (E.PAY_OUT, "agent"), (E.APPEAL_RECOVERY, "merchant"))),
    (CaseKind.COMPENSATION, CaseReason.NOT_AS_DESCRIBED,
     ((E.APPROVE, "agent"), (E.PAY_OUT, "agent"), (E.RECOVER_FROM_MERCHANT, "agent"))),
)  # fmt: skip


def open_demo_cases(
    wired: Platform, *, consumer_id: str, merchant_id: str, now: datetime
) -> Counter[str]:
    """Open and walk one case per plan, the demo buyer's orders first; returns counts by kind."""
    with wired.uow() as uow:
        uow.session.merge(
            MerchantAftersalesOptions(merchant_id=merchant_id, fast_refund=True, updated_at=now)
        )
        uow.commit()
    opened: Counter[str] = Counter()
    used: set[str] = set()
    for plan in PLANS:
        kind = plan[0]
        for line in _candidates(wired, kind, consumer_id, merchant_id, now):
            if line[0] not in used and _try(wired, plan, line, now):
                used.add(line[0])
                opened[kind.value] += 1
                break
    with wired.uow() as uow:
        write_checkpoint(uow=uow, key=wired.secret_key, now=now)
    return opened


def _try(
    wired: Platform,
    plan: tuple[CaseKind, CaseReason, Walk],
    line: tuple[str, str | None],
    now: datetime,
) -> bool:
    """Open and walk one case on the order; False (nothing kept) when the rules refuse it."""
    (kind, reason, walk), (order_id, item_id) = plan, line
    try:
        with wired.uow() as uow:
            parties = _parties(uow.session.get_one(Order, order_id))
            consumer = parties["consumer"]
            if kind is CaseKind.RETURN_REFUND:
                invoices.issue_invoice(
                    uow=uow, actor=consumer, order_id=order_id, title="个人", tax_number=None,
                    now=now - timedelta(hours=3),
                )  # fmt: skip
            request = CaseRequest(
                order_id, kind, reason, item_id, note="演示：真实流程生成的服务单"
            )
            opened_at = now - timedelta(hours=2)
            case_id = case_operations.open_case(
                uow=uow, actor=consumer, request=request, now=opened_at
            )
            for n, (event, who) in enumerate(walk, start=1):
                case_operations.act(
                    uow=uow, actor=parties[who], case_id=case_id, event=event,
                    now=opened_at + timedelta(minutes=10 * n),
                )  # fmt: skip
            if kind is CaseKind.REPAIR:
                disputes.submit_evidence(
                    uow=uow, actor=consumer, case_id=case_id, kind=EvidenceKind.PHOTO,
                    description="故障照片：开机无显示", now=now - timedelta(hours=1),
                )  # fmt: skip
            uow.commit()
    except PinzhiError:
        return False
    return True


def _parties(order: Order) -> dict[str, Actor]:
    return {
        "consumer": Actor(
            f"demo:{order.consumer_id}", Role.CONSUMER, consumer_id=order.consumer_id
        ),
        "merchant": Actor(
            f"demo:{order.merchant_id}", Role.MERCHANT, merchant_id=order.merchant_id
        ),
        "agent": AGENT,
        "mediator": MEDIATOR,
    }


def _candidates(
    wired: Platform, kind: CaseKind, consumer_id: str, merchant_id: str, now: datetime
) -> Iterator[tuple[str, str | None]]:
    """Orders the plan can apply to: the demo buyer's, then the demo shop's, newest first."""
    query = (
        select(Order.id, OrderItem.id)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .join(Product, Product.id == OrderItem.product_id)
        .where(Order.cancelled_at.is_(None), Order.paid_at.is_not(None))
        .where(~select(AftersalesCase.id).where(AftersalesCase.order_id == Order.id).exists())
    )
    if kind is CaseKind.REFUND_BEFORE_SHIPMENT:
        query = query.where(Order.shipped_at.is_(None))
    elif kind is CaseKind.RETURN_REFUND:
        query = query.where(Order.delivered_at >= now - timedelta(days=6))
    elif kind is CaseKind.PRICE_PROTECTION:
        query = query.where(Product.price_protection_days > 0, Order.delivered_at.is_not(None))
    else:
        query = query.where(Order.delivered_at.is_not(None))
    with wired.uow() as uow:
        for owner in (Order.consumer_id == consumer_id, Order.merchant_id == merchant_id):
            rows = uow.session.execute(
                query.where(owner).order_by(Order.placed_at.desc()).limit(200)
            )
            yield from ((order_id, item_id) for order_id, item_id in rows)
