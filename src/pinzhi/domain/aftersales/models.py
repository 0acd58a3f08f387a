"""After-sales tables: cases and their steps, the money ledger, merchants' after-sales options.

A case row holds its coarse `status` (what reports count, and what imports carry); its workflow
row holds the finer `workflow.Step` it may sit in and the snapshot of what the consumer was
entitled to when the case was opened, so a later rule change never rewrites an open case.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class CaseKind(StrEnum):
    REFUND_BEFORE_SHIPMENT = "refund_before_shipment"
    RETURN_REFUND = "return_refund"
    REFUND_ONLY = "refund_only"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    RESEND = "resend"
    PRICE_PROTECTION = "price_protection"
    COMPENSATION = "compensation"


class CaseReason(StrEnum):
    NO_REASON = "no_reason"
    QUALITY = "quality"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    NOT_AS_DESCRIBED = "not_as_described"
    LATE_DELIVERY = "late_delivery"
    MISSING_PART = "missing_part"
    PRICE_DROP = "price_drop"
    OTHER = "other"


class CaseStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    AWAITING_RETURN = "awaiting_return"
    IN_REPAIR = "in_repair"
    REFUNDED = "refunded"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AftersalesCase(Base):
    __tablename__ = "aftersales_cases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    order_item_id: Mapped[str | None] = mapped_column(ForeignKey("order_items.id"))
    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind))
    reason: Mapped[CaseReason] = mapped_column(enum_column(CaseReason))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    requested_fen: Mapped[int] = mapped_column(Fen, default=0)
    refunded_fen: Mapped[int] = mapped_column(Fen, default=0)
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint("requested_fen >= 0", name="requested_nonnegative"),
        CheckConstraint("refunded_fen >= 0", name="refunded_nonnegative"),
    )


class CaseWorkflowRow(Base):
    """Workflow state beyond the importable case row: the finer step and the snapshot.

    A case without this row (an imported one) sits in the step its `status` names and was
    opened under no recorded entitlement.
    """

    __tablename__ = "aftersales_workflow"

    case_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id"), primary_key=True)
    step: Mapped[str | None] = mapped_column(String(32))
    entitlement: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    rejection: Mapped[str | None] = mapped_column(Text)
    exchange_sku_id: Mapped[str | None] = mapped_column(ForeignKey("skus.id"))
    """For an exchange of size or model online (S3 6.3.4.1): the SKU the consumer wants."""


class CaseStepRow(Base):
    """One transition of a case: who moved it, from which state to which, and why."""

    __tablename__ = "aftersales_steps"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    case_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    amount_fen: Mapped[int | None] = mapped_column(Fen)


class LedgerEntryRow(Base):
    """One applied money operation; `key` is its idempotency key, unique forever."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    key: Mapped[str] = mapped_column(String(160), unique=True)
    movement: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("aftersales_cases.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Fen)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("amount_fen > 0", name="ledger_amount_positive"),)


class LedgerPostingRow(Base):
    """A signed amount on one account; the postings of an entry sum to zero."""

    __tablename__ = "ledger_postings"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    account: Mapped[str] = mapped_column(String(32))
    order_id: Mapped[str] = mapped_column(String(64), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class MerchantAftersalesOptions(Base):
    """What a merchant has opted in to beyond the statutory minimum (极速退款, S3 6.3.2.1)."""

    __tablename__ = "merchant_aftersales_options"

    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), primary_key=True)
    fast_refund: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    INSPECTION_REPORT = "inspection_report"
    LOGISTICS_RECORD = "logistics_record"
    OTHER = "other"


class CaseEvidence(Base):
    """A piece of evidence on a case: what it is, who gave it, and the digest of the file.

    Condition disputes are decided on evidence (S3 6.3.3); the digest lets anyone check later
    that the file judged is the file kept.
    """

    __tablename__ = "aftersales_evidence"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    party: Mapped[str] = mapped_column(String(16))
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    description: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))


class DisputeDecision(Base):
    """A mediator's decision on a condition dispute, naming the evidence it rests on."""

    __tablename__ = "aftersales_dispute_decisions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("aftersales_cases.id"), index=True)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    favours: Mapped[str] = mapped_column(String(16))
    refund_fen: Mapped[int] = mapped_column(Fen)
    evidence_ids: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    __table_args__ = (CheckConstraint("refund_fen >= 0", name="decision_refund_nonnegative"),)
