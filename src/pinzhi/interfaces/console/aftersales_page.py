"""After-sales pages: the consumer's request wizard, the case view with its decision buttons,
and the case lists of consumers, merchants (with their fund recoveries) and agents (C10).

Forms that can move money carry a key minted when the form is drawn, so a double click or a
resubmitted form runs once (`api.idempotency.once`) and lands on the same case.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales import case_operations, case_queries, disputes, entitlements
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.orders import queries as orders
from pinzhi.domain.orders.models import OrderItem
from pinzhi.interfaces.api.idempotency import once
from pinzhi.interfaces.console.context import Page, PageContext, Posted
from pinzhi.interfaces.console.views import PREFIX
from pinzhi.store.uow import UnitOfWork

PAGE = f"{PREFIX}/aftersales"
LIST_SIZE = 50
Text = Annotated[str, Form()]
OptionalText = Annotated[str | None, Form()]

router = APIRouter(prefix=PAGE, include_in_schema=False)


@router.get("")
def case_list(
    *,
    page: Page,
    status: CaseStatus | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    found = case_queries.list_cases(
        uow=page.uow, actor=page.actor, status=status, limit=LIST_SIZE + 1, offset=offset
    )
    recoveries: list[case_queries.CaseSummary] = []
    if page.user.role is Role.MERCHANT:
        recoveries = case_queries.list_cases(
            uow=page.uow, actor=page.actor, kind=CaseKind.COMPENSATION, limit=LIST_SIZE
        )
    return page.render(
        "aftersales_list.html",
        cases=found[:LIST_SIZE],
        has_next=len(found) > LIST_SIZE,
        offset=offset,
        page_size=LIST_SIZE,
        chosen_status=status,
        statuses=list(CaseStatus),
        recoveries=recoveries,
    )


@router.get("/new")
def request_wizard(
    *, page: Page, order_id: str | None = None, item_id: str | None = None
) -> HTMLResponse:
    """Step 1: choose the order; step 2: the item, what you are entitled to and why, the form."""
    uow, actor, now = page.uow, page.actor, page.now
    if order_id is None:
        return page.render(
            "aftersales_new.html", orders=orders.list_orders(uow=uow, actor=actor, limit=20)
        )
    order = orders.get_order(uow=uow, actor=actor, order_id=order_id)
    items = uow.session.query(OrderItem).filter(OrderItem.order_id == order.id).all()
    chosen = item_id or (items[0].id if len(items) == 1 else None)
    facts = entitlements.line_facts(uow=uow, order_id=order.id, order_item_id=chosen)
    entitled = entitlements.entitlement(uow=uow, facts=facts, now=now)
    return page.render(
        "aftersales_new.html",
        order=order,
        items=[(i.id, i.quantity, i.paid_fen) for i in items],
        chosen=chosen,
        entitled=entitled,
        fault=entitlements.sanbao_entitlement(uow=uow, facts=facts, now=now),
        kinds=_kinds(entitled.choices, facts, shipped=order.shipped_at is not None),
        reasons=list(CaseReason),
        form_key=secrets.token_urlsafe(16),
    )


@router.post("/new")
def submit_request(
    *,
    post: Posted,
    order_id: Text,
    kind: Text,
    reason: Text,
    form_key: Text,
    item_id: OptionalText = None,
    note: OptionalText = None,
) -> Response:
    case_request = CaseRequest(
        order_id=order_id,
        kind=_choice(CaseKind, kind, "kind"),
        reason=_choice(CaseReason, reason, "reason"),
        order_item_id=item_id or None,
        note=(note or "").strip() or None,
    )

    def operation(uow: UnitOfWork) -> dict[str, str]:
        case_id = case_operations.open_case(
            uow=uow, actor=post.actor, request=case_request, now=post.now
        )
        return {"location": f"{PAGE}/{case_id}?opened=1"}

    return _run(post, key=form_key, body=case_request.__dict__, operation=operation)


@router.get("/{case_id}")
def case_page(*, page: Page, case_id: str, opened: bool = False) -> HTMLResponse:
    view = case_queries.get_case(uow=page.uow, actor=page.actor, case_id=case_id)
    return page.render(
        "aftersales_case.html",
        view=view,
        evidence=disputes.list_evidence(uow=page.uow, case_id=case_id),
        opened=opened,
        form_key=secrets.token_urlsafe(16),
    )


@router.post("/{case_id}/events")
def fire_event(
    *, post: Posted, case_id: str, event: Text, form_key: Text, note: OptionalText = None
) -> Response:
    chosen = _choice(CaseEvent, event, "event")

    def operation(uow: UnitOfWork) -> dict[str, str]:
        case_operations.act(
            uow=uow, actor=post.actor, case_id=case_id, event=chosen, now=post.now,
            note=note or None,
        )  # fmt: skip
        return {"location": f"{PAGE}/{case_id}"}

    body = {"case": case_id, "event": event, "note": note}
    return _run(post, key=form_key, body=body, operation=operation)


def _run(
    post: PageContext,
    *,
    key: str,
    body: dict[str, Any],
    operation: Callable[[UnitOfWork], dict[str, str]],
) -> Response:
    outcome = once(
        platform=post.platform,
        actor=post.actor,
        key=f"console:{key}",
        request=body,
        operation=operation,
        now=post.now,
        status_code=HTTPStatus.SEE_OTHER,
        refusal=lambda error: (HTTPStatus.UNPROCESSABLE_ENTITY, {"detail": error.message}),
    )
    if outcome.status_code != HTTPStatus.SEE_OTHER:  # a replayed refusal: refuse the same way
        raise ValidationFailed(str(outcome.body.get("detail", "the request was refused")))
    return RedirectResponse(str(outcome.body["location"]), status_code=HTTPStatus.SEE_OTHER)


def _choice(enum: Any, value: str, name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise ValidationFailed(f"unknown {name} {value!r}") from None


def _kinds(
    entitled: frozenset[CaseKind], facts: entitlements.LineFacts, *, shipped: bool
) -> list[CaseKind]:
    """What the form offers: before shipment only the instant refund; after it, the no-reason
    choices plus the remedies a fault gives (reviewed), and 价保 for protected goods."""
    if not shipped:
        return [CaseKind.REFUND_BEFORE_SHIPMENT]
    kinds = set(entitled) | (entitlements.REVIEWED_KINDS - {CaseKind.COMPENSATION})
    if facts.product is not None and facts.product.price_protection_days > 0:
        kinds.add(CaseKind.PRICE_PROTECTION)
    return sorted(kinds)
