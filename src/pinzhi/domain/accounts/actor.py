"""Who is acting: the value every query and operation receives as `actor`."""

from __future__ import annotations

from dataclasses import dataclass

from pinzhi.domain.accounts.models import Role


@dataclass(frozen=True)
class Actor:
    """An authenticated user as the domain sees it: identity, role and the record it owns.

    A merchant actor carries its `merchant_id`, a consumer actor its `consumer_id`; staff carry
    neither. What the actor may do follows from the role alone (`rules.permissions_of`).
    """

    user_id: str
    role: Role
    merchant_id: str | None = None
    consumer_id: str | None = None

    @classmethod
    def command_line(cls) -> Actor:
        """The operator at the server's shell: already holds the database, so acts as admin."""
        return cls(user_id="system:cli", role=Role.PLATFORM_ADMIN)
