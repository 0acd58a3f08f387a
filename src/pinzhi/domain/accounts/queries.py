"""Reads of user accounts. Never write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pinzhi.core.errors import NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.accounts.rules import Permission, allows, permissions_of
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    role: Role
    merchant_id: str | None
    consumer_id: str | None
    active: bool
    created_at: datetime

    @property
    def actor(self) -> Actor:
        return Actor(
            user_id=self.id,
            role=self.role,
            merchant_id=self.merchant_id,
            consumer_id=self.consumer_id,
        )

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.role)


def view_of(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        role=user.role,
        merchant_id=user.merchant_id,
        consumer_id=user.consumer_id,
        active=user.active,
        created_at=user.created_at,
    )


def get_user(*, uow: UnitOfWork, actor: Actor, user_id: str) -> UserView:
    """A user's account: one's own, or anyone's for whoever manages users."""
    user = uow.session.get(User, user_id)
    if user is None or (user_id != actor.user_id and not allows(actor, Permission.MANAGE_USERS)):
        raise NotFound(f"no user {user_id}")
    return view_of(user)


def find_active_user(*, uow: UnitOfWork, user_id: str) -> UserView | None:
    """The active user behind a verified token or session; None once disabled or removed."""
    user = uow.session.get(User, user_id)
    return view_of(user) if user is not None and user.active else None
