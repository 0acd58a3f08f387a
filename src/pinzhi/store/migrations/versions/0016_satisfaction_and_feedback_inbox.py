"""satisfaction surveys, partner feedback, the feedback inbox and solutions

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 22:51:10.522872
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_feedback",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column(
            "respondent_kind",
            sa.Enum(
                "merchant",
                "logistics_provider",
                "installation_provider",
                name="respondentkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("respondent_id", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("given_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("given_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_partner_feedback_score_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_feedback")),
    )
    with op.batch_alter_table("partner_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_feedback_given_at"), ["given_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_feedback_respondent_id"), ["respondent_id"], unique=False
        )

    op.create_table(
        "survey_questionnaires",
        sa.Column(
            "service_type",
            sa.Enum(
                "consultation",
                "return",
                "exchange",
                "repair",
                "refund",
                "complaint",
                name="servicetype",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("published_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("service_type", "version", name=op.f("pk_survey_questionnaires")),
    )

    op.create_table(
        "satisfaction_surveys",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column(
            "service_type",
            sa.Enum(
                "consultation",
                "return",
                "exchange",
                "repair",
                "refund",
                "complaint",
                name="servicetype",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("consumer_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=64), nullable=True),
        sa.Column("closed_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "overall BETWEEN 1 AND 5", name=op.f("ck_satisfaction_surveys_overall_range")
        ),
        sa.ForeignKeyConstraint(
            ["consumer_id"],
            ["consumers.id"],
            name=op.f("fk_satisfaction_surveys_consumer_id_consumers"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_satisfaction_surveys_merchant_id_merchants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_surveys")),
        sa.UniqueConstraint("subject_kind", "subject_id", name="one_survey_per_subject"),
    )
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_satisfaction_surveys_agent_id"), ["agent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_satisfaction_surveys_consumer_id"), ["consumer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_satisfaction_surveys_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_satisfaction_surveys_sent_at"), ["sent_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_satisfaction_surveys_service_type"), ["service_type"], unique=False
        )

    op.create_table(
        "solutions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("knowledge_entry_id", sa.String(length=64), nullable=True),
        sa.Column("times_used", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("times_used >= 0", name=op.f("ck_solutions_times_used_nonnegative")),
        sa.ForeignKeyConstraint(
            ["knowledge_entry_id"],
            ["knowledge_entries.id"],
            name=op.f("fk_solutions_knowledge_entry_id_knowledge_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solutions")),
    )
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_solutions_theme"), ["theme"], unique=False)

    op.create_table(
        "feedback_inbox",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "survey",
                "complaint",
                "chat",
                "review",
                "partner",
                name="inboxchannel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "triaged",
                "resolved",
                name="inboxstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("assignee_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("triaged_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("solution_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["solution_id"], ["solutions.id"], name=op.f("fk_feedback_inbox_solution_id_solutions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_inbox")),
        sa.UniqueConstraint("channel", "source_id", name="one_item_per_source"),
    )
    with op.batch_alter_table("feedback_inbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_inbox_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_inbox_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_inbox_solution_id"), ["solution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_inbox_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_inbox_theme"), ["theme"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_inbox_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_inbox_received_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_inbox_solution_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_inbox_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_inbox_theme"))
    op.drop_table("feedback_inbox")
    with op.batch_alter_table("solutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_solutions_theme"))
    op.drop_table("solutions")
    with op.batch_alter_table("satisfaction_surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_agent_id"))
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_consumer_id"))
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_sent_at"))
        batch_op.drop_index(batch_op.f("ix_satisfaction_surveys_service_type"))
    op.drop_table("satisfaction_surveys")
    op.drop_table("survey_questionnaires")
    with op.batch_alter_table("partner_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_feedback_given_at"))
        batch_op.drop_index(batch_op.f("ix_partner_feedback_respondent_id"))
    op.drop_table("partner_feedback")
