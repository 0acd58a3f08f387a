"""one head again: satisfaction, improvement, publications, privacy, listings and the SLA
withdrawal branches meet

Revision ID: 0023
Revises: 0016, 0017, 0018, 0019, 0020, 0022

These capabilities were built side by side, each migrating from 0015; this revision joins their
branches so later migrations have a single parent. It changes no table.
"""

from collections.abc import Sequence

revision: str = "0023"
down_revision: str | Sequence[str] | None = ("0016", "0017", "0018", "0019", "0020", "0022")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
