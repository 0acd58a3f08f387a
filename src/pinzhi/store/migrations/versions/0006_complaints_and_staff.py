"""complaints and staff: complaint handling and steps, staff trainings and exams

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-24 19:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.personal
import pinzhi.store.types

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_exams",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "pre_duty",
                "refresher",
                "specialised",
                name="trainingkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("taken_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "pass_mark BETWEEN 0 AND 100", name=op.f("ck_staff_exams_pass_mark_range")
        ),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_staff_exams_score_range")),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_exams_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_exams")),
    )
    with op.batch_alter_table("staff_exams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_exams_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "staff_trainings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "pre_duty",
                "refresher",
                "specialised",
                name="trainingkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("completed_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_staff_trainings_minutes_positive")),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_trainings_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_trainings")),
    )
    with op.batch_alter_table("staff_trainings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_trainings_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "complaint_handling",
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("contact", pinzhi.store.personal.PersonalText(length=512), nullable=True),
        sa.Column("tier", sa.String(length=32), nullable=False),
        sa.Column("fast_lane", sa.Boolean(), nullable=False),
        sa.Column("respond_by", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolve_by", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("grading_version", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.String(length=64), nullable=True),
        sa.Column("mediator", sa.String(length=128), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("remedy", sa.Text(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("imported", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "satisfaction BETWEEN 1 AND 5", name=op.f("ck_complaint_handling_satisfaction_range")
        ),
        sa.CheckConstraint("steps >= 1", name=op.f("ck_complaint_handling_steps_positive")),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["staff.id"], name=op.f("fk_complaint_handling_assignee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_handling_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_handling")),
    )
    with op.batch_alter_table("complaint_handling", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_handling_assignee_id"), ["assignee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaint_handling_resolve_by"), ["resolve_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaint_handling_stage"), ["stage"], unique=False)

    op.create_table(
        "complaint_steps",
        sa.Column("complaint_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("from_stage", sa.String(length=32), nullable=True),
        sa.Column("to_stage", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.Column("at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("promised_by", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("mediator", sa.String(length=128), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("remedy", sa.Text(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.String(length=64), nullable=True),
        sa.Column("record_sequence", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_complaint_steps_seq_positive")),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_steps_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", "seq", name=op.f("pk_complaint_steps")),
        sa.UniqueConstraint(
            "complaint_id", "event_id", name=op.f("uq_complaint_steps_complaint_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("complaint_steps")
    with op.batch_alter_table("complaint_handling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_handling_stage"))
        batch_op.drop_index(batch_op.f("ix_complaint_handling_resolve_by"))
        batch_op.drop_index(batch_op.f("ix_complaint_handling_assignee_id"))

    op.drop_table("complaint_handling")
    with op.batch_alter_table("staff_trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_trainings_staff_id"))

    op.drop_table("staff_trainings")
    with op.batch_alter_table("staff_exams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_exams_staff_id"))

    op.drop_table("staff_exams")
