"""service attainment

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-24 19:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attainment_values",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("statistic", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("numerator", sa.BigInteger(), nullable=False),
        sa.Column("denominator", sa.BigInteger(), nullable=False),
        sa.Column("samples", sa.BigInteger(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attainment_values")),
        sa.UniqueConstraint(
            "day",
            "channel",
            "merchant_id",
            "agent_id",
            "measure",
            "statistic",
            name="one_attainment",
        ),
    )
    with op.batch_alter_table("attainment_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attainment_values_day"), ["day"], unique=False)
        batch_op.create_index(
            "ix_attainment_values_merchant_day", ["merchant_id", "day"], unique=False
        )
        batch_op.create_index("ix_attainment_values_agent_day", ["agent_id", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attainment_values", schema=None) as batch_op:
        batch_op.drop_index("ix_attainment_values_agent_day")
        batch_op.drop_index("ix_attainment_values_merchant_day")
        batch_op.drop_index(batch_op.f("ix_attainment_values_day"))

    op.drop_table("attainment_values")
