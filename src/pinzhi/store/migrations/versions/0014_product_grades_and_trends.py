"""product grades, product decisions and trend reports

Revision ID: 0014
Revises: 0003
Create Date: 2026-11-24 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0014"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True,
        nullable=False,
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "product_grades",
        _id(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column(
            "tier",
            sa.Enum(
                "S",
                "A",
                "B",
                "C",
                "D",
                name="tier",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("measurements", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("premium", sa.Boolean(), nullable=False),
        sa.Column("traffic", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_grades")),
        sa.UniqueConstraint("product_id", "as_of", name="one_product_grade_per_day"),
    )
    with op.batch_alter_table("product_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_grades_as_of"), ["as_of"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_product_grades_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_product_grades_product_id"), ["product_id"], unique=False
        )
    op.create_table(
        "product_decisions",
        _id(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("product_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "premium_granted",
                "premium_revoked",
                "traffic_boost",
                "traffic_withheld",
                name="productdecisionkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_decisions")),
        sa.UniqueConstraint("product_id", "as_of", "kind", name="one_product_decision_per_day"),
    )
    with op.batch_alter_table("product_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_decisions_as_of"), ["as_of"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_product_decisions_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_product_decisions_product_id"), ["product_id"], unique=False
        )
    op.create_table(
        "trend_reports",
        _id(),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_reports")),
        sa.UniqueConstraint("scope", "as_of", name="one_trend_report_per_day"),
    )
    with op.batch_alter_table("trend_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trend_reports_as_of"), ["as_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_trend_reports_scope"), ["scope"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trend_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trend_reports_scope"))
        batch_op.drop_index(batch_op.f("ix_trend_reports_as_of"))
    op.drop_table("trend_reports")
    with op.batch_alter_table("product_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_decisions_product_id"))
        batch_op.drop_index(batch_op.f("ix_product_decisions_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_product_decisions_as_of"))
    op.drop_table("product_decisions")
    with op.batch_alter_table("product_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_grades_product_id"))
        batch_op.drop_index(batch_op.f("ix_product_grades_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_product_grades_as_of"))
    op.drop_table("product_grades")
