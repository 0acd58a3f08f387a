"""Roles get only what their duties need (C16 least privilege; SPEC role table)."""

from __future__ import annotations

import pytest

from pinzhi.core.errors import Forbidden, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.rules import (
    Permission,
    Scope,
    allows,
    check_binding,
    check_password,
    check_username,
    permissions_of,
    read_scope,
    require,
)

P = Permission
ANALYST = Actor(user_id="u1", role=Role.QUALITY_ANALYST)
MERCHANT = Actor(user_id="u2", role=Role.MERCHANT, merchant_id="m1")
CONSUMER = Actor(user_id="u3", role=Role.CONSUMER, consumer_id="c1")
ASSESSOR = Actor(user_id="u4", role=Role.ASSESSOR)
ORDERS = {
    "any_row": P.READ_ANY_ORDER,
    "own_merchant": P.READ_OWN_MERCHANT_ORDERS,
    "own_consumer": P.READ_OWN_CONSUMER_ORDERS,
}


class TestRolePermissions:
    def test_every_role_has_an_entry(self) -> None:
        assert all(permissions_of(role) for role in Role)

    def test_only_the_platform_admin_manages_users(self) -> None:
        managers = {role for role in Role if P.MANAGE_USERS in permissions_of(role)}

        assert managers == {Role.PLATFORM_ADMIN}

    def test_the_admin_reads_no_orders(self) -> None:
        assert not permissions_of(Role.PLATFORM_ADMIN) & {P.READ_ANY_ORDER, P.READ_PERSONAL_DATA}

    def test_personal_data_is_for_those_who_contact_consumers(self) -> None:
        readers = {role for role in Role if P.READ_PERSONAL_DATA in permissions_of(role)}

        assert readers == {Role.SERVICE_AGENT, Role.MEDIATOR}

    def test_merchants_and_consumers_see_only_their_own(self) -> None:
        wide = {
            P.READ_ANY_ORDER,
            P.READ_ANY_MERCHANT_INDICATORS,
            P.READ_PLATFORM_INDICATORS,
            P.READ_ANY_COMPLAINT,
            P.WORK_SERVICE_QUEUE,
        }

        assert not permissions_of(Role.MERCHANT) & wide
        assert not permissions_of(Role.CONSUMER) & wide
        assert P.READ_OWN_CONSUMER_ORDERS in permissions_of(Role.CONSUMER)

    def test_require_refuses_a_missing_permission(self) -> None:
        with pytest.raises(Forbidden):
            require(MERCHANT, P.MANAGE_USERS)

    def test_the_command_line_acts_as_admin(self) -> None:
        assert allows(Actor.command_line(), P.MANAGE_USERS)


class TestReadScope:
    def test_staff_with_the_wide_permission_read_everything(self) -> None:
        assert read_scope(ANALYST, **ORDERS).everything

    def test_a_merchant_reads_its_own_merchant_rows(self) -> None:
        assert read_scope(MERCHANT, **ORDERS) == Scope(merchant_id="m1")

    def test_a_consumer_reads_their_own_rows(self) -> None:
        assert read_scope(CONSUMER, **ORDERS) == Scope(consumer_id="c1")

    def test_a_merchant_user_without_a_merchant_reads_nothing(self) -> None:
        unbound = Actor(user_id="u9", role=Role.MERCHANT)

        with pytest.raises(Forbidden):
            read_scope(unbound, **ORDERS)

    def test_a_role_without_any_grant_is_refused(self) -> None:
        with pytest.raises(Forbidden):
            read_scope(ASSESSOR, **ORDERS)


class TestAccountRules:
    @pytest.mark.parametrize("name", ["alice", "li.wei", "agent_07", "a-b"])
    def test_plain_usernames_pass(self, name: str) -> None:
        check_username(name)

    @pytest.mark.parametrize("name", ["", "ab", "Alice", "li wei", "张伟", "-ab", "a" * 65])
    def test_other_usernames_are_refused(self, name: str) -> None:
        with pytest.raises(ValidationFailed):
            check_username(name)

    def test_a_short_password_is_refused(self) -> None:
        with pytest.raises(ValidationFailed):
            check_password("short", username="alice")

    def test_the_username_as_password_is_refused(self) -> None:
        with pytest.raises(ValidationFailed):
            check_password("AliceAlice", username="alicealice")

    def test_a_long_password_passes(self) -> None:
        check_password("correct horse battery", username="alice")

    @pytest.mark.parametrize(
        ("role", "merchant_id", "consumer_id"),
        [
            (Role.MERCHANT, None, None),
            (Role.MERCHANT, "m1", "c1"),
            (Role.CONSUMER, None, None),
            (Role.CONSUMER, "m1", "c1"),
            (Role.QUALITY_ANALYST, "m1", None),
            (Role.SERVICE_AGENT, None, "c1"),
        ],
    )
    def test_wrong_bindings_are_refused(
        self, role: Role, merchant_id: str | None, consumer_id: str | None
    ) -> None:
        with pytest.raises(ValidationFailed):
            check_binding(role, merchant_id=merchant_id, consumer_id=consumer_id)

    def test_right_bindings_pass(self) -> None:
        check_binding(Role.MERCHANT, merchant_id="m1", consumer_id=None)
        check_binding(Role.CONSUMER, merchant_id=None, consumer_id="c1")
        check_binding(Role.MEDIATOR, merchant_id=None, consumer_id=None)
