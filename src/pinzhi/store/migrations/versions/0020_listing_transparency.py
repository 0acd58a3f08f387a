"""listing fees, bundled items, advertisements, wording findings, marketing consent

Revision ID: 0020
Revises: 0015
Create Date: 2026-11-24 23:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0020"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _utc() -> pinzhi.store.types.UtcDateTime:
    return pinzhi.store.types.UtcDateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


SUBJECT = ("product", "advertisement")


def upgrade() -> None:
    op.create_table(
        "listing_fees",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            _enum("shipping", "installation", "service", "packaging", "other", name="feekind"),
            nullable=False,
        ),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_listing_fees_fee_nonnegative")),
        _fk("listing_fees", "product_id", "products"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_fees")),
        sa.UniqueConstraint("product_id", "kind", name="one_fee_per_kind"),
    )
    _index("listing_fees", "product_id")
    op.create_table(
        "bundled_items",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("price_fen", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "price_fen >= 0", name=op.f("ck_bundled_items_bundle_price_nonnegative")
        ),
        _fk("bundled_items", "product_id", "products"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundled_items")),
    )
    _index("bundled_items", "product_id")
    op.create_table(
        "advertisements",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("headline", sa.String(length=300), nullable=False),
        sa.Column("starts_at", _utc(), nullable=False),
        sa.Column("ends_at", _utc(), nullable=False),
        sa.Column("status", _enum("live", "expired", "withdrawn", name="adstatus"), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("taken_down_at", _utc(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_advertisements_ad_window_ordered")),
        _fk("advertisements", "merchant_id", "merchants"),
        _fk("advertisements", "product_id", "products"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advertisements")),
    )
    _index("advertisements", "ends_at", "merchant_id", "product_id")
    op.create_table(
        "listing_text_checks",
        sa.Column("subject_kind", _enum(*SUBJECT, name="subjectkind"), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("checked_at", _utc(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject_kind", "subject_id", name=op.f("pk_listing_text_checks")),
    )
    op.create_table(
        "listing_findings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subject_kind", _enum(*SUBJECT, name="subjectkind"), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "absolute_claim",
                "guarantee_claim",
                "medical_claim",
                "official_endorsement",
                "expired_ad",
                name="findingkind",
            ),
            nullable=False,
        ),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("found_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_findings")),
        sa.UniqueConstraint(
            "subject_kind", "subject_id", "kind", "start", "text_hash", name="one_finding_per_spot"
        ),
    )
    _index("listing_findings", "found_at", "merchant_id", "subject_id")
    op.create_table(
        "marketing_consents",
        sa.Column("consumer_id", sa.String(length=64), nullable=False),
        sa.Column("opted_in", sa.Boolean(), nullable=False),
        sa.Column("changed_at", _utc(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        _fk("marketing_consents", "consumer_id", "consumers"),
        sa.PrimaryKeyConstraint("consumer_id", name=op.f("pk_marketing_consents")),
    )


def downgrade() -> None:
    for table in (
        "marketing_consents",
        "listing_findings",
        "listing_text_checks",
        "advertisements",
        "bundled_items",
        "listing_fees",
    ):
        op.drop_table(table)
