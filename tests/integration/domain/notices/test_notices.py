"""Notices are sent once per event and read only by their recipient."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.notices import operations
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient

NOW = datetime(2026, 11, 11, 2, tzinfo=UTC)
SHOP = Actor(user_id="u-m1", role=Role.MERCHANT, merchant_id="m1")
OTHER_SHOP = Actor(user_id="u-m2", role=Role.MERCHANT, merchant_id="m2")
ANALYST = Actor(user_id="u-a1", role=Role.QUALITY_ANALYST)


def _send(platform: Platform, to: Recipient, key: str) -> str:
    with platform.uow() as uow:
        notice = operations.send_notice(
            uow=uow,
            to=to,
            topic="shipment_stuck",
            subject_kind="shipment",
            subject_id="s1",
            now=NOW,
            dedupe_key=key,
            params={"hours": 48},
        )
        uow.commit()
        return notice.id


class TestNotices:
    def test_the_same_event_twice_leaves_one_notice(self, platform: Platform) -> None:
        to = Recipient(RecipientKind.MERCHANT, "m1")
        first = _send(platform, to, "stuck:s1")
        again = _send(platform, to, "stuck:s1")

        with platform.uow() as uow:
            inbox = operations.list_notices(uow=uow, actor=SHOP)

        assert first == again
        assert [(n.topic, n.params) for n in inbox] == [("shipment_stuck", {"hours": 48})]

    def test_each_recipient_sees_only_their_inbox(self, platform: Platform) -> None:
        _send(platform, Recipient(RecipientKind.MERCHANT, "m1"), "stuck:s1")
        _send(platform, Recipient(RecipientKind.ROLE, Role.QUALITY_ANALYST.value), "stuck:s1")

        with platform.uow() as uow:
            theirs = operations.list_notices(uow=uow, actor=OTHER_SHOP)
            team = operations.list_notices(uow=uow, actor=ANALYST)

        assert theirs == []
        assert [n.recipient.kind for n in team] == [RecipientKind.ROLE]

    def test_marking_read_is_limited_to_the_recipient(self, platform: Platform) -> None:
        notice_id = _send(platform, Recipient(RecipientKind.MERCHANT, "m1"), "stuck:s1")

        with platform.uow() as uow:
            with pytest.raises(Forbidden, match=notice_id):
                operations.mark_read(uow=uow, actor=OTHER_SHOP, notice_id=notice_id, now=NOW)
            with pytest.raises(NotFound, match="nope"):
                operations.mark_read(uow=uow, actor=SHOP, notice_id="nope", now=NOW)
            read = operations.mark_read(uow=uow, actor=SHOP, notice_id=notice_id, now=NOW)

        assert read.read_at == NOW
