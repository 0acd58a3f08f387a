"""Creating users and signing in, on both stores."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, Unauthenticated, ValidationFailed
from pinzhi.domain.accounts import operations
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role, User

ADMIN = Actor.command_line()
PASSWORD = "correct horse battery"


def create(platform: Platform, username: str = "alice", **overrides: object) -> object:
    arguments: dict[str, object] = {
        "actor": ADMIN,
        "now": f.T0,
        "username": username,
        "password": PASSWORD,
        "role": Role.QUALITY_ANALYST,
    }
    arguments.update(overrides)
    with platform.uow() as uow:
        return operations.create_user(uow=uow, **arguments)  # type: ignore[arg-type]


class TestCreateUser:
    def test_an_admin_adds_a_user_with_a_hashed_password(self, platform: Platform) -> None:
        created = create(platform)

        with platform.uow() as uow:
            row = uow.session.scalars(select(User).where(User.username == "alice")).one()
            assert row.id == created.id  # type: ignore[attr-defined]
            assert row.password_hash.startswith("$argon2id$")

    def test_a_merchant_user_is_bound_to_its_merchant(self, platform: Platform) -> None:
        with platform.uow() as uow:
            f.merchant(uow.session, "m1")
            uow.commit()

        created = create(platform, "shop", role=Role.MERCHANT, merchant_id="m1")

        assert created.actor.merchant_id == "m1"  # type: ignore[attr-defined]

    def test_binding_to_an_unknown_merchant_is_refused(self, platform: Platform) -> None:
        with pytest.raises(ValidationFailed, match="no merchant m9"):
            create(platform, "shop", role=Role.MERCHANT, merchant_id="m9")

    def test_a_taken_username_is_a_conflict(self, platform: Platform) -> None:
        create(platform)

        with pytest.raises(Conflict):
            create(platform)

    def test_only_a_user_manager_may_add_users(self, platform: Platform) -> None:
        analyst = Actor(user_id="u1", role=Role.QUALITY_ANALYST)

        with pytest.raises(Forbidden):
            create(platform, actor=analyst)

    def test_a_weak_password_adds_nobody(self, platform: Platform) -> None:
        with pytest.raises(ValidationFailed):
            create(platform, password="short")

        with platform.uow() as uow:
            assert uow.session.scalars(select(User)).first() is None


class TestAuthenticate:
    def test_good_credentials_give_the_user(self, platform: Platform) -> None:
        create(platform)

        with platform.uow() as uow:
            user = operations.authenticate(uow=uow, username="alice", password=PASSWORD)

        assert (user.username, user.role) == ("alice", Role.QUALITY_ANALYST)

    @pytest.mark.parametrize(("username", "password"), [("alice", "wrong!"), ("bob", PASSWORD)])
    def test_bad_credentials_are_refused_alike(
        self, platform: Platform, username: str, password: str
    ) -> None:
        create(platform)

        with (
            platform.uow() as uow,
            pytest.raises(Unauthenticated, match="wrong username or password"),
        ):
            operations.authenticate(uow=uow, username=username, password=password)

    def test_a_disabled_user_is_refused(self, platform: Platform) -> None:
        with platform.uow() as uow:
            f.user(uow.session, "gone", role=Role.MEDIATOR, active=False)
            uow.commit()

        with platform.uow() as uow, pytest.raises(Unauthenticated):
            operations.authenticate(uow=uow, username="gone", password=f.PASSWORD)

    def test_an_old_cheap_hash_is_upgraded_at_sign_in(self, platform: Platform) -> None:
        cheap = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
        with platform.uow() as uow:
            f.user(uow.session, "old", role=Role.ASSESSOR, password=PASSWORD)
            uow.session.get_one(User, "usr_old").password_hash = cheap
            uow.commit()

        with platform.uow() as uow:
            operations.authenticate(uow=uow, username="old", password=PASSWORD)

        with platform.uow() as uow:
            assert uow.session.get_one(User, "usr_old").password_hash != cheap
