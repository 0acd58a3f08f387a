"""Order tables. Money in minor units of the order's currency (fen for CNY)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class OrderStatus(StrEnum):
    PLACED = "placed"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaymentMethod(StrEnum):
    ALIPAY = "alipay"
    WECHAT = "wechat"
    CARD = "card"
    CREDIT = "credit"
    CASH_ON_DELIVERY = "cash_on_delivery"
    VOUCHER = "voucher"
    OTHER = "other"


class PaymentStatus(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"
    FAILED = "failed"


class InvoiceKind(StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"


class InvoiceStatus(StrEnum):
    ISSUED = "issued"
    VOIDED = "voided"
    REVERSED = "reversed"


class Order(Base):
    """An order with the promises made at checkout: ship-by and estimated delivery.

    `merchant_id` is empty only for an order no merchant ever took on (its items were
    unavailable at checkout): the platform still answers for it, no merchant does.
    """

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    goods_fen: Mapped[int] = mapped_column(Fen)
    freight_fen: Mapped[int] = mapped_column(Fen, default=0)
    discount_fen: Mapped[int] = mapped_column(Fen, default=0)
    paid_fen: Mapped[int] = mapped_column(Fen)
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ship_by: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    estimated_delivery_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cross_border: Mapped[bool] = mapped_column(Boolean, default=False)
    recipient_name: Mapped[str | None] = mapped_column(PersonalText)
    recipient_phone: Mapped[str | None] = mapped_column(PersonalText)
    recipient_address: Mapped[str | None] = mapped_column(PersonalText)
    __table_args__ = (
        CheckConstraint("goods_fen >= 0", name="goods_nonnegative"),
        CheckConstraint("freight_fen >= 0", name="freight_nonnegative"),
        CheckConstraint("discount_fen >= 0", name="discount_nonnegative"),
        CheckConstraint("paid_fen >= 0", name="paid_nonnegative"),
    )


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(Fen)
    paid_fen: Mapped[int] = mapped_column(Fen)
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_fen >= 0", name="unit_price_nonnegative"),
        CheckConstraint("paid_fen >= 0", name="item_paid_nonnegative"),
    )


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    amount_fen: Mapped[int] = mapped_column(Fen)
    installments: Mapped[int] = mapped_column(Integer, default=1)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[PaymentStatus] = mapped_column(enum_column(PaymentStatus))
    __table_args__ = (CheckConstraint("amount_fen >= 0", name="amount_nonnegative"),)


class Invoice(Base):
    """An invoice for an order; electronic invoices are queryable and downloadable (S3 6.9)."""

    __tablename__ = "invoices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[InvoiceKind] = mapped_column(enum_column(InvoiceKind))
    title: Mapped[str] = mapped_column(String(200))
    tax_number: Mapped[str | None] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(Fen)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus))
    __table_args__ = (CheckConstraint("amount_fen >= 0", name="invoice_amount_nonnegative"),)


class RedLetterInvoice(Base):
    """A red-letter (negative) electronic invoice reversing part or all of an invoice (S3 6.9).

    Issued when money goes back to the consumer on a return or refund; the original invoice
    is marked reversed once its whole amount has been reversed.
    """

    __tablename__ = "red_letter_invoices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(String(64), index=True)
    amount_fen: Mapped[int] = mapped_column(Fen)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(200))
    __table_args__ = (CheckConstraint("amount_fen > 0", name="red_letter_amount_positive"),)
