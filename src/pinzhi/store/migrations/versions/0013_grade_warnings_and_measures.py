"""grade warnings, measures and appeals

Revision ID: 0013
Revises: 0003
Create Date: 2026-11-24 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0013"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _utc() -> pinzhi.store.types.UtcDateTime:
    return pinzhi.store.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "merchant_warnings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "tier_drop", "rate_above_limit", "sudden_shift", "fake_orders", name="warningkind"
            ),
            nullable=False,
        ),
        sa.Column(
            "severity",
            _enum("notice", "serious", "critical", name="warningseverity"),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_warnings")),
        sa.UniqueConstraint("merchant_id", "kind", "as_of", name="one_warning_per_kind_day"),
    )
    with op.batch_alter_table("merchant_warnings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merchant_warnings_as_of"), ["as_of"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_merchant_warnings_merchant_id"), ["merchant_id"], unique=False
        )
    op.create_table(
        "merchant_measures",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "commission_reduction",
                "financing_eligibility",
                "training",
                "key_control",
                name="measurekind",
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("restrictions", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column(
            "status", _enum("active", "ended", "lifted", name="measurestatus"), nullable=False
        ),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_at", _utc(), nullable=False),
        sa.Column("ended_at", _utc(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_measures")),
    )
    with op.batch_alter_table("merchant_measures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merchant_measures_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_merchant_measures_status"), ["status"], unique=False)
    op.create_table(
        "merchant_appeals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=False),
        sa.Column("target", _enum("grade", "measure", name="appealtarget"), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            _enum("filed", "under_review", "upheld", "dismissed", name="appealstatus"),
            nullable=False,
        ),
        sa.Column("filed_at", _utc(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _utc(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_appeals")),
    )
    with op.batch_alter_table("merchant_appeals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merchant_appeals_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_merchant_appeals_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("merchant_appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merchant_appeals_status"))
        batch_op.drop_index(batch_op.f("ix_merchant_appeals_merchant_id"))
    op.drop_table("merchant_appeals")
    with op.batch_alter_table("merchant_measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merchant_measures_status"))
        batch_op.drop_index(batch_op.f("ix_merchant_measures_merchant_id"))
    op.drop_table("merchant_measures")
    with op.batch_alter_table("merchant_warnings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merchant_warnings_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_merchant_warnings_as_of"))
    op.drop_table("merchant_warnings")
