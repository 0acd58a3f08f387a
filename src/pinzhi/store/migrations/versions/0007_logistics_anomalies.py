"""logistics anomalies

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-24 19:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pinzhi.store.types

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "logistics_anomalies",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("shipment_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("merchant_id", sa.String(length=64), nullable=True),
        sa.Column("consumer_id", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "late",
                "stuck",
                "damaged",
                "undeliverable",
                name="anomalykind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "resolved",
                name="anomalystatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("started_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("detected_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_logistics_anomalies_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_logistics_anomalies_shipment_id_shipments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logistics_anomalies")),
        sa.UniqueConstraint("shipment_id", "kind", name=op.f("uq_logistics_anomalies_shipment_id")),
    )
    with op.batch_alter_table("logistics_anomalies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_logistics_anomalies_consumer_id"), ["consumer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_logistics_anomalies_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_logistics_anomalies_order_id"), ["order_id"], unique=False
        )
        batch_op.create_index(
            "ix_logistics_anomalies_open", ["status", "kind", "started_at"], unique=False
        )

    op.create_table(
        "shipment_watches",
        sa.Column("shipment_id", sa.String(length=64), nullable=False),
        sa.Column("checked_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("next_check_at", pinzhi.store.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_shipment_watches_shipment_id_shipments"),
        ),
        sa.PrimaryKeyConstraint("shipment_id", name=op.f("pk_shipment_watches")),
    )
    with op.batch_alter_table("shipment_watches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_watches_checked_at"), ["checked_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_shipment_watches_next_check_at"), ["next_check_at"], unique=False
        )

    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipments_shipped_at"), ["shipped_at"], unique=False)
    with op.batch_alter_table("logistics_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_logistics_events_occurred_at"), ["occurred_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("logistics_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_logistics_events_occurred_at"))
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_shipped_at"))

    with op.batch_alter_table("shipment_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_watches_next_check_at"))
        batch_op.drop_index(batch_op.f("ix_shipment_watches_checked_at"))
    op.drop_table("shipment_watches")

    with op.batch_alter_table("logistics_anomalies", schema=None) as batch_op:
        batch_op.drop_index("ix_logistics_anomalies_open")
        batch_op.drop_index(batch_op.f("ix_logistics_anomalies_order_id"))
        batch_op.drop_index(batch_op.f("ix_logistics_anomalies_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_logistics_anomalies_consumer_id"))
    op.drop_table("logistics_anomalies")
