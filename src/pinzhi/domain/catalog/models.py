"""Catalog tables: merchants and their qualifications, brands, products, SKUs, prices.

Primary keys are the source system's natural keys (text), so re-importing the same rows
is an upsert and bulk loads need no key mapping.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pinzhi.store.base import Base
from pinzhi.store.types import Fen, UtcDateTime, enum_column


class MerchantKind(StrEnum):
    """Self-operated business is shown apart from third-party merchants (S4 4.2.2.4)."""

    SELF_OPERATED = "self_operated"
    THIRD_PARTY = "third_party"


class MerchantStatus(StrEnum):
    ACTIVE = "active"
    RESTRICTED = "restricted"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class KeyCategory(StrEnum):
    """Categories where third-party checks weigh on the product grade (S1 7.1.2)."""

    NONE = "none"
    MOTHER_BABY = "mother_baby"
    FOOD = "food"
    BEAUTY = "beauty"


class QualificationKind(StrEnum):
    BUSINESS_LICENCE = "business_licence"
    FOOD_LICENCE = "food_licence"
    MEDICAL_DEVICE_LICENCE = "medical_device_licence"
    IMPORT_LICENCE = "import_licence"
    TRADEMARK = "trademark"
    OTHER = "other"


class AuthorisationLevel(StrEnum):
    OWNER = "owner"
    EXCLUSIVE = "exclusive"
    AUTHORISED = "authorised"


class InspectionResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class PriceKind(StrEnum):
    """A price observation: the list price, a promotion, or a coupon-only price (价保 rules)."""

    LIST = "list"
    PROMOTION = "promotion"
    COUPON = "coupon"


class Merchant(Base):
    __tablename__ = "merchants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MerchantKind] = mapped_column(enum_column(MerchantKind))
    main_category: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[MerchantStatus] = mapped_column(
        enum_column(MerchantStatus), default=MerchantStatus.ACTIVE
    )
    deposit_fen: Mapped[int] = mapped_column(Fen, default=0)
    __table_args__ = (CheckConstraint("deposit_fen >= 0", name="deposit_nonnegative"),)


class MerchantQualification(Base):
    """A licence or permit checked at onboarding (S4 4.1.5) and by the merchant grade."""

    __tablename__ = "merchant_qualifications"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    kind: Mapped[QualificationKind] = mapped_column(enum_column(QualificationKind))
    number: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)


class Brand(Base):
    __tablename__ = "brands"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    origin_country: Mapped[str | None] = mapped_column(String(64))
    well_known: Mapped[bool] = mapped_column(Boolean, default=False)


class BrandAuthorisation(Base):
    """A merchant's right to sell a brand (S1 7.1.1 brand authorisation)."""

    __tablename__ = "brand_authorisations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id"), index=True)
    level: Mapped[AuthorisationLevel] = mapped_column(enum_column(AuthorisationLevel))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)


class Product(Base):
    """A listing. Listing-quality fields feed the product grade (S1 7.1.1)."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"), index=True)
    brand_id: Mapped[str | None] = mapped_column(ForeignKey("brands.id"), index=True)
    category: Mapped[str] = mapped_column(String(64), index=True)
    key_category: Mapped[KeyCategory] = mapped_column(
        enum_column(KeyCategory), default=KeyCategory.NONE
    )
    title: Mapped[str] = mapped_column(String(300))
    description_length: Mapped[int] = mapped_column(Integer, default=0)
    photo_count: Mapped[int] = mapped_column(Integer, default=0)
    attribute_count: Mapped[int] = mapped_column(Integer, default=0)
    premium: Mapped[bool] = mapped_column(Boolean, default=False)
    price_protection_days: Mapped[int] = mapped_column(Integer, default=0)
    listed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delisted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    __table_args__ = (
        CheckConstraint("description_length >= 0", name="description_length_nonnegative"),
        CheckConstraint("photo_count >= 0", name="photo_count_nonnegative"),
        CheckConstraint("price_protection_days >= 0", name="protection_days_nonnegative"),
    )


class Sku(Base):
    __tablename__ = "skus"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    spec: Mapped[str] = mapped_column(String(200))
    list_price_fen: Mapped[int] = mapped_column(Fen)
    __table_args__ = (CheckConstraint("list_price_fen >= 0", name="list_price_nonnegative"),)


class Certification(Base):
    """An industry certification of a product (S1 7.1.1, 7.1.2)."""

    __tablename__ = "certifications"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(64))
    valid_until: Mapped[date | None] = mapped_column(Date)


class Inspection(Base):
    """A national or third-party spot check of a product (S1 7.1.2)."""

    __tablename__ = "inspections"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    inspector: Mapped[str] = mapped_column(String(200))
    inspected_at: Mapped[datetime] = mapped_column(UtcDateTime)
    result: Mapped[InspectionResult] = mapped_column(enum_column(InspectionResult))
    note: Mapped[str | None] = mapped_column(Text)


class PricePoint(Base):
    """A SKU's price from `effective_at` on: the history 价保 claims are computed from (S3 6.8)."""

    __tablename__ = "price_history"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id"), index=True)
    price_fen: Mapped[int] = mapped_column(Fen)
    kind: Mapped[PriceKind] = mapped_column(enum_column(PriceKind))
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    __table_args__ = (CheckConstraint("price_fen >= 0", name="price_nonnegative"),)
