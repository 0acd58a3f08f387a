"""sla clocks can be withdrawn (the request went away unanswered); complaints remember the
deadline the worker last flagged

Revision ID: 0022
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("running", "paused", "stopped")
AFTER = (*BEFORE, "withdrawn")


def _status(statuses: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *statuses, name="clockstatus", native_enum=False, create_constraint=True, length=32
    )


def _change(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    # the CHECK constraint belongs to the enum type: changing the type replaces it
    with op.batch_alter_table("sla_clocks") as batch_op:
        batch_op.alter_column(
            "status", existing_type=_status(old), type_=_status(new), existing_nullable=False
        )


def upgrade() -> None:
    _change(BEFORE, AFTER)
    with op.batch_alter_table("complaint_handling") as batch_op:
        batch_op.add_column(
            sa.Column("flagged_deadline", pinzhi.store.types.UtcDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint_handling") as batch_op:
        batch_op.drop_column("flagged_deadline")
    op.execute("UPDATE sla_clocks SET status = 'stopped' WHERE status = 'withdrawn'")
    _change(AFTER, BEFORE)
