"""indicator targets, PDCA improvement plans and their effect checks

Revision ID: 0017
Revises: 0015
Create Date: 2026-11-24 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stage() -> sa.Enum:
    return sa.Enum(
        "plan", "do", "check", "act", "closed", name="pdcastage", native_enum=False,
        create_constraint=True, length=32,
    )  # fmt: skip


def _utc() -> pinzhi.store.types.UtcDateTime:
    return pinzhi.store.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "indicator_targets",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("changed_at", _utc(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_targets")),
        sa.UniqueConstraint("indicator", "version", name="one_target_version"),
    )
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_targets_indicator"), ["indicator"], unique=False
        )
    op.create_table(
        "improvement_plans",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("open_key", sa.String(length=160), nullable=True),
        sa.Column("stage", _stage(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("goal_value", sa.Float(), nullable=False),
        sa.Column("goal_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("whys", sa.JSON(), nullable=False),
        sa.Column("fishbone", sa.JSON(), nullable=False),
        sa.Column("opening_value", sa.Float(), nullable=True),
        sa.Column("opening_day", sa.Date(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_plans")),
        sa.UniqueConstraint("open_key", name=op.f("uq_improvement_plans_open_key")),
    )
    with op.batch_alter_table("improvement_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_improvement_plans_subject"), ["subject"], unique=False)
    op.create_table(
        "improvement_effects",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("stage", _stage(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["improvement_plans.id"],
            name=op.f("fk_improvement_effects_plan_id_improvement_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_effects")),
    )
    with op.batch_alter_table("improvement_effects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_improvement_effects_plan_id"), ["plan_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("improvement_effects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_effects_plan_id"))
    op.drop_table("improvement_effects")
    with op.batch_alter_table("improvement_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_improvement_plans_subject"))
    op.drop_table("improvement_plans")
    with op.batch_alter_table("indicator_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_targets_indicator"))
    op.drop_table("indicator_targets")
