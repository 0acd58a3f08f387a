"""The asking consumer's own facts that personal answers are filled with (S3 7.2.2).

Every read goes through the actor's scope: the order through `orders.queries.get_order` (an order
outside the scope is "missing"), cases through `aftersales.case_queries`; shipments, invoices
and order lines are read only for an order that passed that check. Without an explicit order,
only an actor bound to a consumer gets their own newest record; staff must name the order.
Times are shown in China time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from pinzhi.core.clock import CHINA
from pinzhi.core.money import format_yuan
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales import case_queries
from pinzhi.domain.aftersales.case_queries import CaseSummary
from pinzhi.domain.aftersales.models import CaseKind, CaseStatus
from pinzhi.domain.aftersales.price_protection import ProtectedPurchase, window_ends_at

# Shipments, order lines, products and invoices have no query module yet; they are read here
# only for an order the actor's scope already returned (see the module docstring).
from pinzhi.domain.catalog.models import Product
from pinzhi.domain.knowledge.models import PersonalKind
from pinzhi.domain.logistics.models import LogisticsEvent, Shipment, TrackingNode
from pinzhi.domain.orders import queries as order_queries
from pinzhi.domain.orders.models import Invoice, InvoiceKind, InvoiceStatus, OrderItem, OrderStatus
from pinzhi.domain.orders.queries import OrderView
from pinzhi.store.uow import UnitOfWork

Facts = dict[str, str]

ORDER_STATUS = {
    OrderStatus.PLACED: "待付款",
    OrderStatus.PAID: "已付款、待发货",
    OrderStatus.SHIPPED: "已发货",
    OrderStatus.DELIVERED: "已签收",
    OrderStatus.COMPLETED: "已完成",
    OrderStatus.CANCELLED: "已取消",
}
CASE_KIND = {
    CaseKind.REFUND_BEFORE_SHIPMENT: "未发货退款",
    CaseKind.RETURN_REFUND: "退货退款",
    CaseKind.REFUND_ONLY: "仅退款",
    CaseKind.EXCHANGE: "换货",
    CaseKind.REPAIR: "维修",
    CaseKind.RESEND: "补发",
    CaseKind.PRICE_PROTECTION: "价保",
    CaseKind.COMPENSATION: "赔付",
}
CASE_STATUS = {
    CaseStatus.REQUESTED: "待商家审核",
    CaseStatus.APPROVED: "已同意",
    CaseStatus.REJECTED: "已拒绝",
    CaseStatus.AWAITING_RETURN: "待您寄回商品",
    CaseStatus.IN_REPAIR: "维修中",
    CaseStatus.REFUNDED: "已退款",
    CaseStatus.COMPLETED: "已完成",
    CaseStatus.CANCELLED: "已撤销",
}
NODE = {
    TrackingNode.PICKED_UP: "已揽收",
    TrackingNode.IN_TRANSIT: "运输中",
    TrackingNode.OUT_FOR_DELIVERY: "派送中",
    TrackingNode.SIGNED: "已签收",
    TrackingNode.EXCEPTION: "物流异常",
    TrackingNode.RETURNED: "已退回",
}
REFUND_ARRIVAL = "退款原路退回，余额即时到账，银行卡一般 1–7 个工作日到账"
APPROVED = "approved"


def shown(moment: datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def gather_facts(
    *, uow: UnitOfWork, actor: Actor, kind: PersonalKind, order_id: str | None, now: datetime
) -> Facts:
    """The facts of `kind` the actor may see; empty when there is no such record."""
    if kind is PersonalKind.NONE or (order_id is None and actor.consumer_id is None):
        return {}
    if kind is PersonalKind.AFTERSALES:
        return _case_facts(uow, actor, order_id)
    order = _order(uow, actor, order_id)
    if order is None:
        return {}
    facts = _order_facts(order)
    if kind is PersonalKind.LOGISTICS:
        return _with_logistics(uow, order, facts)
    if kind is PersonalKind.PRICE_PROTECTION:
        return _with_price_protection(uow, order, facts, now=now)
    return _with_invoice(uow, order, facts) if kind is PersonalKind.INVOICE else facts


def _order(uow: UnitOfWork, actor: Actor, order_id: str | None) -> OrderView | None:
    if order_id is not None:
        return order_queries.get_order(uow=uow, actor=actor, order_id=order_id)
    newest = order_queries.list_orders(uow=uow, actor=actor, limit=1)
    return newest[0] if newest else None


def _order_facts(order: OrderView) -> Facts:
    facts = {
        "order_id": order.id,
        "order_status": ORDER_STATUS[order.status],
        "placed_at": shown(order.placed_at),
        "paid_yuan": format_yuan(order.paid_fen),
    }
    for name in ("paid_at", "ship_by", "shipped_at", "estimated_delivery_at", "delivered_at"):
        if (value := getattr(order, name)) is not None:
            facts[name] = shown(value)
    facts["order_progress"] = _order_progress(order, facts)
    return facts


def _order_progress(order: OrderView, facts: Facts) -> str:
    status = order.status
    if status is OrderStatus.PAID:
        promise = f"，商家承诺 {facts['ship_by']} 前发货" if "ship_by" in facts else ""
        return f"已付款、待发货{promise}"
    if status is OrderStatus.SHIPPED:
        sent = f"已于 {facts['shipped_at']} 发货" if "shipped_at" in facts else "已发货"
        due = facts.get("estimated_delivery_at")
        return sent + (f"，预计 {due} 前送达" if due else "")
    if status is OrderStatus.DELIVERED and "delivered_at" in facts:
        return f"已于 {facts['delivered_at']} 签收"
    if status is OrderStatus.CANCELLED and order.cancelled_at is not None:
        return f"已于 {shown(order.cancelled_at)} 取消"
    return ORDER_STATUS[status]


def _case_facts(uow: UnitOfWork, actor: Actor, order_id: str | None) -> Facts:
    if order_id is not None:  # the order must be the actor's before its cases are looked up
        order_queries.get_order(uow=uow, actor=actor, order_id=order_id)
    found = case_queries.list_cases(uow=uow, actor=actor, order_id=order_id, limit=1)
    if not found:
        return {}
    case = found[0]
    view = case_queries.get_case(uow=uow, actor=actor, case_id=case.id)
    approved = next((s.occurred_at for s in view.steps if s.to_state == APPROVED), None)
    if approved is None and case.status not in (CaseStatus.REQUESTED, CaseStatus.REJECTED):
        approved = case.first_response_at  # an imported case keeps only its first response
    facts = {
        "order_id": case.order_id,
        "case_id": case.id,
        "case_kind": CASE_KIND[case.kind],
        "case_status": CASE_STATUS[case.status],
        "requested_at": shown(case.requested_at),
        "refunded_yuan": format_yuan(case.refunded_fen),
    }
    if approved is not None:
        facts["approved_at"] = shown(approved)
    if case.resolved_at is not None:
        facts["resolved_at"] = shown(case.resolved_at)
    facts["case_progress"] = _case_progress(case, facts, view.rejection)
    return facts


def _case_progress(case: CaseSummary, facts: Facts, rejection: str | None) -> str:
    approved = f"已于 {facts['approved_at']} 审核通过" if "approved_at" in facts else "已审核通过"
    refunded = f"已于 {facts['resolved_at']} " if "resolved_at" in facts else "已"
    closed = f"已于 {facts['resolved_at']} 办结" if "resolved_at" in facts else "已办结"
    why = f"（{rejection}）" if rejection else ""
    sentences = {
        CaseStatus.REQUESTED: f"已于 {facts['requested_at']} 提交，正在等待商家审核",
        CaseStatus.REJECTED: f"已被商家拒绝{why}，您可以补充凭证重新申请或申请平台介入",
        CaseStatus.APPROVED: f"{approved}，{REFUND_ARRIVAL}",
        CaseStatus.AWAITING_RETURN: f"{approved}，请按售后单上的地址寄回商品，商家确认收货后退款",
        CaseStatus.IN_REPAIR: f"{approved}，商品正在维修中",
        CaseStatus.REFUNDED: (
            f"{approved}，{refunded}退款 {facts['refunded_yuan']} 元，{REFUND_ARRIVAL}"
        ),
        CaseStatus.COMPLETED: closed,
        CaseStatus.CANCELLED: "已撤销",
    }
    return sentences[case.status]


def _with_logistics(uow: UnitOfWork, order: OrderView, facts: Facts) -> Facts:
    shipment = uow.session.scalars(
        select(Shipment)
        .where(Shipment.order_id == order.id)
        .order_by(Shipment.shipped_at.desc(), Shipment.id.desc())
        .limit(1)
    ).first()
    if shipment is None:
        return facts
    facts |= {"carrier": shipment.carrier, "tracking_number": shipment.tracking_number}
    event = uow.session.scalars(
        select(LogisticsEvent)
        .where(LogisticsEvent.shipment_id == shipment.id)
        .order_by(LogisticsEvent.occurred_at.desc(), LogisticsEvent.id.desc())
        .limit(1)
    ).first()
    if event is not None:
        note = f"（{event.note}）" if event.note else ""
        facts |= {
            "last_event": NODE[event.node] + note,
            "last_event_at": shown(event.occurred_at),
            "last_location": event.location or "",
        }
    return facts


def _with_price_protection(
    uow: UnitOfWork, order: OrderView, facts: Facts, *, now: datetime
) -> Facts:
    if order.paid_at is None:
        return facts
    found = uow.session.execute(
        select(OrderItem, Product)
        .join(Product, Product.id == OrderItem.product_id)
        .where(OrderItem.order_id == order.id, Product.price_protection_days > 0)
        .order_by(OrderItem.id)
        .limit(1)
    ).first()
    if found is None:
        return facts
    item, product = found
    purchase = ProtectedPurchase(
        order_id=order.id,
        sku_id=item.sku_id,
        unit_paid_fen=item.paid_fen // item.quantity,
        quantity=item.quantity,
        paid_at=order.paid_at,
        protection_days=product.price_protection_days,
    )
    ends = window_ends_at(purchase)
    state = "目前仍在价保期内，降价后可申请补差" if now <= ends else "价保期已结束，无法再申请补差"
    return facts | {
        "product_title": product.title,
        "protection_days": str(product.price_protection_days),
        "protection_ends_at": shown(ends),
        "protection_state": state,
    }


def _with_invoice(uow: UnitOfWork, order: OrderView, facts: Facts) -> Facts:
    invoice = uow.session.scalars(
        select(Invoice)
        .where(Invoice.order_id == order.id)
        .order_by(Invoice.issued_at.desc(), Invoice.id.desc())
        .limit(1)
    ).first()
    if invoice is None:
        return facts
    kinds = {InvoiceKind.ELECTRONIC: "电子发票", InvoiceKind.PAPER: "纸质发票"}
    states = {
        InvoiceStatus.ISSUED: "已开具",
        InvoiceStatus.VOIDED: "已作废",
        InvoiceStatus.REVERSED: "已红冲",
    }
    return facts | {
        "invoice_kind": kinds[invoice.kind],
        "invoice_status": states[invoice.status],
        "invoice_title": invoice.title,
        "issued_at": shown(invoice.issued_at),
    }
