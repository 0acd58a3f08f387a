"""Published documents for the rules tests: a rule adopted long ago and a change out for
comment, each at a chosen instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.publications import operations
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.domain.publications.queries import VersionView
from pinzhi.store.uow import UnitOfWork

NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
ADMIN = Actor(user_id="usr_admin", role=Role.PLATFORM_ADMIN)
BUYER = Actor(user_id="usr_buyer1", role=Role.CONSUMER, consumer_id="c1")
ANALYST = Actor(user_id="usr_analyst", role=Role.QUALITY_ANALYST)
WEEK = timedelta(days=7)


def published_version(
    uow: UnitOfWork,
    *,
    slug: str = "trading-rules",
    kind: DocumentKind = DocumentKind.RULE,
    title: str = "平台交易规则",
    body: str = "一、商品价格包含全部费用。",
    at: datetime = NOW,
    notice: timedelta = WEEK,
) -> VersionView:
    """Draft and publish the next version of `slug` at `at`, effective `notice` later."""
    draft = operations.draft_version(
        uow=uow, actor=ADMIN, now=at, slug=slug, kind=kind, title=title, body=body
    )
    return operations.publish_version(
        uow=uow, actor=ADMIN, now=at, version_id=draft.id, effective_at=at + notice
    )


def rule_in_effect_with_pending_change(uow: UnitOfWork) -> tuple[VersionView, VersionView]:
    """Version 1 in effect since 30 days before NOW; version 2 published at NOW for a week."""
    first = published_version(uow, at=NOW - timedelta(days=37))
    second = published_version(
        uow, title="平台交易规则（修订）", body="一、价格含全部费用。二、预售须标明发货日。"
    )
    return first, second
