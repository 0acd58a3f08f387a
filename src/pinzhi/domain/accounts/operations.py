"""Writes on user accounts, each one transaction.

Audit: the tamper-evident record of C7 has no table yet; when it lands, `create_user` writes its
entry inside the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pinzhi.core.errors import Conflict, Unauthenticated, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts import passwords, rules
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.accounts.queries import UserView, view_of
from pinzhi.store.uow import UnitOfWork


def create_user(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    username: str,
    password: str,
    role: Role,
    merchant_id: str | None = None,
    consumer_id: str | None = None,
) -> UserView:
    """Add a user bound to its merchant or consumer; only a user manager may."""
    rules.require(actor, rules.Permission.MANAGE_USERS)
    rules.check_username(username)
    rules.check_password(password, username=username)
    rules.check_binding(role, merchant_id=merchant_id, consumer_id=consumer_id)
    if uow.session.scalars(select(User.id).where(User.username == username)).first():
        raise Conflict(f"username {username} is taken")
    user = User(
        id=new_id("usr"),
        username=username,
        password_hash=passwords.hash_password(password),
        role=role,
        merchant_id=merchant_id,
        consumer_id=consumer_id,
        active=True,
        created_at=now,
    )
    uow.session.add(user)
    try:
        uow.session.flush()
    except IntegrityError as exc:
        owner = f"merchant {merchant_id}" if merchant_id else f"consumer {consumer_id}"
        raise ValidationFailed(f"no {owner} to bind the user to") from exc
    uow.commit()
    return view_of(user)


def authenticate(*, uow: UnitOfWork, username: str, password: str) -> UserView:
    """The active user with these credentials, else Unauthenticated (one message for all cases).

    A hash made with older parameters is upgraded on the way in.
    """
    user = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        passwords.burn_verification(password)
        raise Unauthenticated("wrong username or password")
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        raise Unauthenticated("wrong username or password")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        uow.commit()
    return view_of(user)


def close_consumer_accounts(*, uow: UnitOfWork, consumer_id: str) -> int:
    """A consumer's data was erased on request: their sign-ins stop working and their chosen
    usernames (often a name or phone number) are replaced by a pseudonym. Returns how many."""
    users = uow.session.scalars(select(User).where(User.consumer_id == consumer_id)).all()
    for user in users:
        user.active = False
        user.username = f"erased-{user.id}"[:64]
    uow.session.flush()
    return len(users)
