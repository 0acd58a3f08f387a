"""Platform rules in the store: notice before effect, comments while out for comment, the
version in effect at any instant, withdrawal, fairness reviews and the starter set (C15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.publications import operations, queries, seed
from pinzhi.domain.publications.models import DocumentKind
from pinzhi.domain.publications.queries import Stage
from pinzhi.domain.records.models import RecordEntry
from pinzhi.store.uow import UnitOfWork
from publications_factories import (
    ADMIN,
    ANALYST,
    BUYER,
    NOW,
    WEEK,
    published_version,
    rule_in_effect_with_pending_change,
)

DAY = timedelta(days=1)


@pytest.fixture
def uow(platform: Platform) -> Iterator[UnitOfWork]:
    with platform.uow() as unit:
        f.consumer(unit.session, "c1")
        buyer = f.user(unit.session, "buyer1", role=Role.CONSUMER, consumer_id="c1")
        assert buyer.id == "usr_buyer1"
        f.user(unit.session, "admin", role=Role.PLATFORM_ADMIN)
        yield unit


def _draft(
    uow: UnitOfWork, kind: DocumentKind = DocumentKind.RULE, slug: str = "trading-rules"
) -> str:
    found = operations.draft_version(
        uow=uow, actor=ADMIN, now=NOW, slug=slug, kind=kind, title="规则", body="正文"
    )
    return found.id


class TestNoticeBeforeEffect:
    def test_effective_date_six_days_after_publication_is_refused(self, uow: UnitOfWork) -> None:
        draft = _draft(uow)

        with pytest.raises(ValidationFailed, match=r"S4 4\.2\.2\.1"):
            operations.publish_version(
                uow=uow, actor=ADMIN, now=NOW, version_id=draft, effective_at=NOW + 6 * DAY
            )

        assert queries.get_version(uow=uow, version_id=draft, now=NOW, actor=ADMIN).stage is (
            Stage.DRAFT
        )

    def test_effective_date_seven_days_after_publication_is_accepted(self, uow: UnitOfWork) -> None:
        draft = _draft(uow)

        published = operations.publish_version(
            uow=uow, actor=ADMIN, now=NOW, version_id=draft, effective_at=NOW + 7 * DAY
        )

        assert published.stage is Stage.OPEN_FOR_COMMENT
        assert published.effective_at == NOW + 7 * DAY

    def test_closing_notice_29_days_ahead_is_refused(self, uow: UnitOfWork) -> None:
        draft = _draft(uow, DocumentKind.CLOSING_NOTICE, slug="closing-flash-sales")

        with pytest.raises(ValidationFailed, match=r"S4 4\.2\.1\.1 d.*30 days"):
            operations.publish_version(
                uow=uow, actor=ADMIN, now=NOW, version_id=draft, effective_at=NOW + 29 * DAY
            )

    def test_closing_notice_30_days_ahead_is_accepted(self, uow: UnitOfWork) -> None:
        draft = _draft(uow, DocumentKind.CLOSING_NOTICE, slug="closing-flash-sales")

        published = operations.publish_version(
            uow=uow, actor=ADMIN, now=NOW, version_id=draft, effective_at=NOW + 30 * DAY
        )

        assert published.stage is Stage.OPEN_FOR_COMMENT

    def test_only_a_rule_manager_publishes(self, uow: UnitOfWork) -> None:
        draft = _draft(uow)
        analyst = ANALYST

        with pytest.raises(Forbidden):
            operations.publish_version(
                uow=uow, actor=analyst, now=NOW, version_id=draft, effective_at=NOW + WEEK
            )

    def test_publishing_chains_a_record(self, uow: UnitOfWork) -> None:
        version = published_version(uow)

        actions = uow.session.scalars(
            select(RecordEntry.action).where(RecordEntry.subject_id == version.id)
        ).all()

        assert list(actions) == ["document_drafted", "document_published"]


class TestVersionInEffect:
    def test_the_version_in_effect_follows_the_as_of_time(self, uow: UnitOfWork) -> None:
        first, second = rule_in_effect_with_pending_change(uow)

        def as_of(delta: timedelta) -> int | None:
            found = queries.effective_version(uow=uow, slug="trading-rules", as_of=NOW + delta)
            return found.version if found else None

        assert as_of(-40 * DAY) is None  # before version 1 took effect
        assert as_of(timedelta(0)) == first.version
        assert as_of(WEEK - timedelta(seconds=1)) == first.version
        assert as_of(WEEK) == second.version

    def test_the_public_list_shows_current_and_upcoming_with_the_effective_date(
        self, uow: UnitOfWork
    ) -> None:
        first, second = rule_in_effect_with_pending_change(uow)

        (document,) = queries.list_documents(uow=uow, now=NOW)

        assert document.current is not None and document.current.id == first.id
        assert [(v.id, v.effective_at) for v in document.upcoming] == [(second.id, NOW + WEEK)]
        assert document.drafts == ()


class TestComments:
    def test_a_signed_in_user_comments_during_the_comment_period(self, uow: UnitOfWork) -> None:
        _, pending = rule_in_effect_with_pending_change(uow)
        buyer = BUYER

        operations.comment_on_version(
            uow=uow, actor=buyer, now=NOW + DAY, version_id=pending.id, body="预售发货日应精确到天"
        )
        public = queries.list_comments(uow=uow, version_id=pending.id, now=NOW + DAY)

        assert [(c.body, c.author_id) for c in public] == [("预售发货日应精确到天", None)]

    def test_comments_are_refused_once_the_version_is_in_effect(self, uow: UnitOfWork) -> None:
        _, pending = rule_in_effect_with_pending_change(uow)
        buyer = BUYER

        with pytest.raises(InvalidTransition, match="out for comment"):
            operations.comment_on_version(
                uow=uow, actor=buyer, now=NOW + WEEK, version_id=pending.id, body="太晚了"
            )

    def test_a_draft_takes_no_comments_and_the_public_cannot_see_it(self, uow: UnitOfWork) -> None:
        draft = _draft(uow)
        buyer = BUYER

        with pytest.raises(NotFound):
            operations.comment_on_version(
                uow=uow, actor=buyer, now=NOW, version_id=draft, body="草稿"
            )
        with pytest.raises(InvalidTransition):
            operations.comment_on_version(
                uow=uow, actor=ADMIN, now=NOW, version_id=draft, body="草稿"
            )

    def test_the_admin_answers_and_sees_who_commented(self, uow: UnitOfWork) -> None:
        _, pending = rule_in_effect_with_pending_change(uow)
        buyer = BUYER
        comment = operations.comment_on_version(
            uow=uow, actor=buyer, now=NOW, version_id=pending.id, body="请说明预售定义"
        )

        operations.answer_comment(
            uow=uow, actor=ADMIN, now=NOW + DAY, comment_id=comment.id, answer="已补充定义"
        )
        seen = queries.list_comments(uow=uow, version_id=pending.id, now=NOW, actor=ADMIN)

        assert [(c.author_id, c.answer) for c in seen] == [("usr_buyer1", "已补充定义")]


class TestWithdrawal:
    def test_a_version_withdrawn_before_effect_never_takes_effect(self, uow: UnitOfWork) -> None:
        first, pending = rule_in_effect_with_pending_change(uow)

        operations.withdraw_version(uow=uow, actor=ADMIN, now=NOW + DAY, version_id=pending.id)
        later = queries.effective_version(uow=uow, slug="trading-rules", as_of=NOW + 30 * DAY)

        assert later is not None and later.id == first.id

    def test_a_version_in_effect_cannot_be_withdrawn(self, uow: UnitOfWork) -> None:
        first, _ = rule_in_effect_with_pending_change(uow)

        with pytest.raises(InvalidTransition, match="in_effect"):
            operations.withdraw_version(uow=uow, actor=ADMIN, now=NOW, version_id=first.id)

    def test_one_change_in_the_pipeline_at_a_time(self, uow: UnitOfWork) -> None:
        rule_in_effect_with_pending_change(uow)

        with pytest.raises(Conflict, match="publish or withdraw it first"):
            _draft(uow)


class TestFairnessReview:
    def test_rules_unreviewed_for_twelve_months_are_due(self, uow: UnitOfWork) -> None:
        published_version(uow, at=NOW - 400 * DAY)
        published_version(uow, slug="privacy-policy", kind=DocumentKind.PRIVACY_POLICY,
                          at=NOW - 400 * DAY)  # fmt: skip
        published_version(uow, slug="merchant-conduct", at=NOW - 100 * DAY)

        due = queries.reviews_due(uow=uow, actor=ADMIN, now=NOW)

        assert [d.slug for d in due] == ["trading-rules"]

    def test_a_recorded_review_clears_it_for_twelve_months(self, uow: UnitOfWork) -> None:
        published_version(uow, at=NOW - 400 * DAY)

        operations.record_review(
            uow=uow, actor=ADMIN, now=NOW, slug="trading-rules", finding="未发现不公平条款"
        )

        assert queries.reviews_due(uow=uow, actor=ADMIN, now=NOW + 364 * DAY) == []
        assert [d.slug for d in queries.reviews_due(uow=uow, actor=ADMIN, now=NOW + 365 * DAY)] == [
            "trading-rules"
        ]


class TestStarterDocuments:
    def test_seeding_adopts_the_starter_set_once(self, uow: UnitOfWork) -> None:
        added = seed.seed_default_documents(uow=uow, now=NOW)
        again = seed.seed_default_documents(uow=uow, now=NOW + DAY)

        documents = {d.slug: d for d in queries.list_documents(uow=uow, now=NOW)}
        assert (added, again) == (4, 0)
        assert {d.kind for d in documents.values()} >= {
            DocumentKind.RULE,
            DocumentKind.SERVICE_AGREEMENT,
            DocumentKind.PRIVACY_POLICY,
        }
        privacy = documents["privacy-policy"].current
        assert privacy is not None and privacy.body_en and "personal data" in privacy.body_en
        (change,) = documents["trading-rules"].upcoming
        assert change.effective_at == NOW + WEEK
