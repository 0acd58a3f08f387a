"""platform rules, agreements and policies: versions, comments, fairness reviews

Revision ID: 0018
Revises: 0015
Create Date: 2026-11-24 23:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0018"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _utc() -> pinzhi.store.types.UtcDateTime:
    return pinzhi.store.types.UtcDateTime(timezone=True)


def upgrade() -> None:
    kinds = ("rule", "service_agreement", "privacy_policy", "service_standard", "closing_notice")
    op.create_table(
        "platform_documents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("kind", _enum(*kinds, name="documentkind"), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_documents")),
        sa.UniqueConstraint("slug", name=op.f("uq_platform_documents_slug")),
    )
    with op.batch_alter_table("platform_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_platform_documents_kind"), ["kind"], unique=False)
    op.create_table(
        "platform_document_versions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status", _enum("draft", "published", "withdrawn", name="versionstatus"), nullable=False
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=True),
        sa.Column("body_en", sa.Text(), nullable=True),
        sa.Column("summary_of_change", sa.Text(), nullable=True),
        sa.Column("drafted_at", _utc(), nullable=False),
        sa.Column("drafted_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", _utc(), nullable=True),
        sa.Column("effective_at", _utc(), nullable=True),
        sa.Column("withdrawn_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["platform_documents.id"],
            name=op.f("fk_platform_document_versions_document_id_platform_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_document_versions")),
        sa.UniqueConstraint("document_id", "version", name="one_number_per_version"),
    )
    with op.batch_alter_table("platform_document_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_document_versions_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_platform_document_versions_effective_at"), ["effective_at"], unique=False
        )
    op.create_table(
        "platform_document_comments",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_platform_document_comments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["platform_document_versions.id"],
            name=op.f("fk_platform_document_comments_version_id_platform_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_document_comments")),
    )
    with op.batch_alter_table("platform_document_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_document_comments_version_id"), ["version_id"], unique=False
        )
    op.create_table(
        "platform_document_reviews",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("reviewed_at", _utc(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=False),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["platform_documents.id"],
            name=op.f("fk_platform_document_reviews_document_id_platform_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_document_reviews")),
    )
    with op.batch_alter_table("platform_document_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_document_reviews_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    for table, index in (
        ("platform_document_reviews", "document_id"),
        ("platform_document_comments", "version_id"),
        ("platform_document_versions", "effective_at"),
        ("platform_document_versions", "document_id"),
        ("platform_documents", "kind"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{index}"))
    op.drop_table("platform_document_reviews")
    op.drop_table("platform_document_comments")
    op.drop_table("platform_document_versions")
    op.drop_table("platform_documents")
