"""Listing transparency tables: fees shown with the price, bundled items, paid placements,
the findings of the advertising-wording checks and consumers' marketing consent (C15).

Self-operated business needs no table of its own: `catalog.Merchant.kind` already tells it
apart from third-party merchants (S4 4.2.2.4); the listing view reads it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class FeeKind(StrEnum):
    """Charges on top of the goods price that must be shown with it (S2 7.2.2)."""

    SHIPPING = "shipping"  # 运费
    INSTALLATION = "installation"  # 安装费
    SERVICE = "service"  # 服务费
    PACKAGING = "packaging"  # 包装费
    OTHER = "other"


class AdStatus(StrEnum):
    LIVE = "live"
    EXPIRED = "expired"  # taken down by the daily run when its window closed (S2 7.7)
    WITHDRAWN = "withdrawn"


class SubjectKind(StrEnum):
    PRODUCT = "product"
    ADVERTISEMENT = "advertisement"


class FindingKind(StrEnum):
    ABSOLUTE_CLAIM = "absolute_claim"  # 绝对化用语
    GUARANTEE_CLAIM = "guarantee_claim"  # 100%, 绝对, 永久
    MEDICAL_CLAIM = "medical_claim"  # 治愈, 根治, 无副作用
    OFFICIAL_ENDORSEMENT = "official_endorsement"  # 国家级
    EXPIRED_AD = "expired_ad"


class ListingFee(Base):
    """One extra charge of a listing, shown itemised next to the price (S2 7.2.2)."""

    __tablename__ = "listing_fees"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[FeeKind] = mapped_column(enum_column(FeeKind))
    amount_fen: Mapped[int] = mapped_column(Fen)
    note: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (
        UniqueConstraint("product_id", "kind", name="one_fee_per_kind"),
        CheckConstraint("amount_fen >= 0", name="fee_nonnegative"),
    )


class BundledItem(Base):
    """An item offered together with a listing (搭售, S4 4.2.1.4): flagged, never pre-selected.

    There is deliberately no "selected by default" column: the consumer adds it or not.
    """

    __tablename__ = "bundled_items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    price_fen: Mapped[int] = mapped_column(Fen)
    __table_args__ = (CheckConstraint("price_fen >= 0", name="bundle_price_nonnegative"),)


class Advertisement(Base):
    """A paid placement of a listing in search (推广), shown marked 广告 (S4 4.2.2.5)."""

    __tablename__ = "advertisements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    headline: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    status: Mapped[AdStatus] = mapped_column(enum_column(AdStatus), default=AdStatus.LIVE)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    taken_down_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ad_window_ordered"),)


class TextCheck(Base):
    """The fingerprint of the text last checked per listing or ad: only changes are re-read."""

    __tablename__ = "listing_text_checks"

    subject_kind: Mapped[SubjectKind] = mapped_column(enum_column(SubjectKind), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    findings: Mapped[int] = mapped_column(Integer, default=0)


class ListingFinding(Base):
    """One problem in a listing or ad: the term, where it is, and why it matters (S2 7.7)."""

    __tablename__ = "listing_findings"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_kind: Mapped[SubjectKind] = mapped_column(enum_column(SubjectKind))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    merchant_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[FindingKind] = mapped_column(enum_column(FindingKind))
    term: Mapped[str] = mapped_column(String(100))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    found_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    __table_args__ = (
        UniqueConstraint(
            "subject_kind", "subject_id", "kind", "start", "text_hash", name="one_finding_per_spot"
        ),
    )


class MarketingConsent(Base):
    """A consumer's choice about marketing messages (S4 4.2.1.5).

    No row means no consent: marketing is opt-in, so a consumer who never chose gets none.
    """

    __tablename__ = "marketing_consents"

    consumer_id: Mapped[str] = mapped_column(ForeignKey("consumers.id"), primary_key=True)
    opted_in: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(32))
