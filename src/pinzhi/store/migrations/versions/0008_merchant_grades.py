"""merchant grades

Revision ID: 0008
Revises: 0003
Create Date: 2026-11-24 19:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merchant_grades",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=True),
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
            nullable=True,
        ),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("measurements", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_grades")),
        sa.UniqueConstraint("merchant_id", "as_of", name="one_grade_per_day"),
    )
    with op.batch_alter_table("merchant_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merchant_grades_as_of"), ["as_of"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_merchant_grades_merchant_id"), ["merchant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("merchant_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merchant_grades_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_merchant_grades_as_of"))
    op.drop_table("merchant_grades")
