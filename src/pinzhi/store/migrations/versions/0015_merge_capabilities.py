"""one head again: the service, after-sales, grading and language branches meet

Revision ID: 0015
Revises: 0004, 0005, 0006, 0007, 0008, 0009, 0011, 0013, 0014

The capabilities were built side by side, each migrating from 0003; this revision joins their
branches so later migrations have a single parent. It changes no table.
"""

from collections.abc import Sequence

revision: str = "0015"
down_revision: str | Sequence[str] | None = (
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0011",
    "0013",
    "0014",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
