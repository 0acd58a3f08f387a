"""personal data access log

Revision ID: 0019
Revises: 0015
Create Date: 2026-11-24 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0019"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "personal_data_access",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.String(length=256), nullable=False),
        sa.Column("purpose", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_access")),
    )
    with op.batch_alter_table("personal_data_access", schema=None) as batch_op:
        batch_op.create_index("ix_personal_data_access_at", ["at"], unique=False)
        batch_op.create_index(
            "ix_personal_data_access_record", ["record_kind", "record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_personal_data_access_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("personal_data_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_personal_data_access_user_id"))
        batch_op.drop_index("ix_personal_data_access_record")
        batch_op.drop_index("ix_personal_data_access_at")

    op.drop_table("personal_data_access")
