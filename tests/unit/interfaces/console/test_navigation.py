"""The navigation by role: staff get every page they may open in one of the named groups,
merchants and consumers one row, and the page shown marks its own entry only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.queries import UserView
from pinzhi.interfaces.console import i18n
from pinzhi.interfaces.console.views import GROUPS, ONE_ROW, navigation

STAFF = [role for role in Role if role not in ONE_ROW]


def user(role: Role) -> UserView:
    return UserView(
        id="usr_1",
        username="someone",
        role=role,
        merchant_id="m1" if role is Role.MERCHANT else None,
        consumer_id="c1" if role is Role.CONSUMER else None,
        active=True,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_staff_find_every_page_once_in_a_named_group(role: Role) -> None:
    nav = navigation(user(role), path="/console/overview", lang="zh-CN", elderly=False)
    names = [i18n.translator("zh-CN")(key) for key in GROUPS]

    grouped = [item for group in nav.groups for item in group.items]
    labels = [group.label for group in nav.groups]

    assert sorted(grouped, key=nav.items.index) == list(nav.items)
    assert labels == sorted(labels, key=names.index) and len(labels) >= 4
    assert all(group.items for group in nav.groups)


@pytest.mark.parametrize("role", sorted(ONE_ROW), ids=str)
def test_merchants_and_consumers_keep_one_row(role: Role) -> None:
    nav = navigation(user(role), path="/console/orders", lang="zh-CN", elderly=False)

    assert nav.groups == ()
    assert len(nav.items) >= 8


def test_the_page_marks_its_own_entry_and_its_group_only() -> None:
    nav = navigation(
        user(Role.QUALITY_ANALYST), path="/console/grades/products", lang="en", elderly=False
    )

    assert [item.label for item in nav.items if item.current] == ["Product grades"]
    assert [group.label for group in nav.groups if group.current] == ["Grades & oversight"]


def test_a_page_below_an_entry_marks_that_entry() -> None:
    nav = navigation(
        user(Role.QUALITY_ANALYST), path="/console/grades/merchants/m2", lang="zh-CN", elderly=False
    )

    assert [item.href for item in nav.items if item.current] == ["/console/grades"]
