"""after-sales evidence, dispute decisions, exchange SKU, red-letter invoices

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("aftersales_workflow", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exchange_sku_id", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_aftersales_workflow_exchange_sku_id_skus"),
            "skus",
            ["exchange_sku_id"],
            ["id"],
        )
    op.create_table(
        "aftersales_evidence",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "photo",
                "video",
                "inspection_report",
                "logistics_record",
                "other",
                name="evidencekind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["aftersales_cases.id"],
            name=op.f("fk_aftersales_evidence_case_id_aftersales_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_evidence")),
    )
    op.create_index(op.f("ix_aftersales_evidence_case_id"), "aftersales_evidence", ["case_id"])
    op.create_table(
        "aftersales_dispute_decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("favours", sa.String(length=16), nullable=False),
        sa.Column("refund_fen", sa.BigInteger(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "refund_fen >= 0",
            name=op.f("ck_aftersales_dispute_decisions_decision_refund_nonnegative"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["aftersales_cases.id"],
            name=op.f("fk_aftersales_dispute_decisions_case_id_aftersales_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aftersales_dispute_decisions")),
    )
    op.create_index(
        op.f("ix_aftersales_dispute_decisions_case_id"),
        "aftersales_dispute_decisions",
        ["case_id"],
    )
    op.create_table(
        "red_letter_invoices",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("issued_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "amount_fen > 0", name=op.f("ck_red_letter_invoices_red_letter_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_red_letter_invoices_invoice_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_letter_invoices")),
    )
    op.create_index(op.f("ix_red_letter_invoices_case_id"), "red_letter_invoices", ["case_id"])
    op.create_index(
        op.f("ix_red_letter_invoices_invoice_id"), "red_letter_invoices", ["invoice_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_red_letter_invoices_invoice_id"), table_name="red_letter_invoices")
    op.drop_index(op.f("ix_red_letter_invoices_case_id"), table_name="red_letter_invoices")
    op.drop_table("red_letter_invoices")
    op.drop_index(
        op.f("ix_aftersales_dispute_decisions_case_id"), table_name="aftersales_dispute_decisions"
    )
    op.drop_table("aftersales_dispute_decisions")
    op.drop_index(op.f("ix_aftersales_evidence_case_id"), table_name="aftersales_evidence")
    op.drop_table("aftersales_evidence")
    with op.batch_alter_table("aftersales_workflow", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_aftersales_workflow_exchange_sku_id_skus"), type_="foreignkey"
        )
        batch_op.drop_column("exchange_sku_id")
