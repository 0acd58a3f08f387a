"""Notice periods, the comment window, the version in effect and the fairness review, as pure
rules (S4 4.2.2.1, 4.2.1.1 d; S2 7.3.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.publications import rules
from pinzhi.domain.publications.models import DocumentKind, VersionStatus
from pinzhi.domain.publications.rules import Timing

PUBLISHED = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
CHANGES = [k for k in DocumentKind if k is not DocumentKind.CLOSING_NOTICE]
instants = st.builds(  # any second between 2020 and 2040, aware UTC
    lambda seconds: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds),
    st.integers(min_value=0, max_value=20 * 365 * 86_400),
)
_SECOND = timedelta(seconds=1)
offsets = st.one_of(  # any notice up to 60 days, and each boundary with its neighbours
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
    st.sampled_from(
        [timedelta(days=d) + s for d in (7, 30) for s in (-_SECOND, 0 * _SECOND, _SECOND)]
    ),
)


def published(version: int, *, at: datetime, effective: datetime) -> Timing:
    return Timing(version, VersionStatus.PUBLISHED, at, effective)


class TestRuleChangeNotice:
    def test_effective_date_six_days_after_publication_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match=r"S4 4\.2\.2\.1.*at least 7 days"):
            rules.check_notice(
                kind=DocumentKind.RULE,
                published_at=PUBLISHED,
                effective_at=PUBLISHED + timedelta(days=6),
            )

    def test_effective_date_exactly_seven_days_after_publication_is_accepted(self) -> None:
        rules.check_notice(
            kind=DocumentKind.RULE, published_at=PUBLISHED, effective_at=PUBLISHED + timedelta(7)
        )

    def test_one_second_short_of_seven_days_is_refused(self) -> None:
        short = PUBLISHED + timedelta(days=7) - timedelta(seconds=1)

        assert not rules.notice_is_long_enough(
            kind=DocumentKind.SERVICE_AGREEMENT, published_at=PUBLISHED, effective_at=short
        )

    @given(kind=st.sampled_from(CHANGES), published_at=instants, notice=offsets)
    def test_accepted_exactly_when_the_notice_is_seven_days_or_more(
        self, kind: DocumentKind, published_at: datetime, notice: timedelta
    ) -> None:
        accepted = rules.notice_is_long_enough(
            kind=kind, published_at=published_at, effective_at=published_at + notice
        )

        assert accepted == (notice >= timedelta(days=7))


class TestClosingNotice:
    def test_a_closing_notice_29_days_ahead_is_refused(self) -> None:
        with pytest.raises(ValidationFailed, match=r"S4 4\.2\.1\.1 d.*at least 30 days"):
            rules.check_notice(
                kind=DocumentKind.CLOSING_NOTICE,
                published_at=PUBLISHED,
                effective_at=PUBLISHED + timedelta(days=29),
            )

    def test_a_closing_notice_exactly_30_days_ahead_is_accepted(self) -> None:
        rules.check_notice(
            kind=DocumentKind.CLOSING_NOTICE,
            published_at=PUBLISHED,
            effective_at=PUBLISHED + timedelta(days=30),
        )

    @given(published_at=instants, notice=offsets)
    def test_accepted_exactly_when_the_notice_is_thirty_days_or_more(
        self, published_at: datetime, notice: timedelta
    ) -> None:
        accepted = rules.notice_is_long_enough(
            kind=DocumentKind.CLOSING_NOTICE,
            published_at=published_at,
            effective_at=published_at + notice,
        )

        assert accepted == (notice >= timedelta(days=30))


class TestCommentWindow:
    def test_open_from_publication_until_just_before_the_effective_instant(self) -> None:
        version = published(2, at=PUBLISHED, effective=PUBLISHED + timedelta(days=7))

        assert rules.open_for_comment(version, now=PUBLISHED)
        assert rules.open_for_comment(version, now=PUBLISHED + timedelta(days=7, seconds=-1))
        assert not rules.open_for_comment(version, now=PUBLISHED + timedelta(days=7))
        assert not rules.open_for_comment(version, now=PUBLISHED - timedelta(seconds=1))

    def test_drafts_and_withdrawn_versions_take_no_comments(self) -> None:
        effective = PUBLISHED + timedelta(days=8)
        withdrawn = Timing(2, VersionStatus.WITHDRAWN, PUBLISHED, effective)
        draft = Timing(3, VersionStatus.DRAFT, None, None)

        assert not rules.open_for_comment(withdrawn, now=PUBLISHED + timedelta(days=1))
        assert not rules.open_for_comment(draft, now=PUBLISHED + timedelta(days=1))


class TestVersionInEffect:
    def test_the_latest_started_version_is_in_effect(self) -> None:
        first = published(1, at=PUBLISHED, effective=PUBLISHED)
        second = published(2, at=PUBLISHED, effective=PUBLISHED + timedelta(days=7))

        before = rules.effective_version([first, second], as_of=PUBLISHED + timedelta(days=6))
        after = rules.effective_version([first, second], as_of=PUBLISHED + timedelta(days=7))

        assert before == first
        assert after == second

    def test_a_withdrawn_version_never_takes_effect(self) -> None:
        first = published(1, at=PUBLISHED, effective=PUBLISHED)
        withdrawn = Timing(2, VersionStatus.WITHDRAWN, PUBLISHED, PUBLISHED + timedelta(days=7))

        found = rules.effective_version([first, withdrawn], as_of=PUBLISHED + timedelta(days=30))

        assert found == first

    def test_nothing_is_in_effect_before_the_first_version(self) -> None:
        first = published(1, at=PUBLISHED, effective=PUBLISHED + timedelta(days=7))

        assert rules.effective_version([first], as_of=PUBLISHED) is None


class TestFairnessReview:
    def test_a_rule_reviewed_twelve_months_ago_is_due(self) -> None:
        reviewed = PUBLISHED - rules.REVIEW_INTERVAL

        assert rules.review_due(last_reviewed_at=reviewed, in_effect_since=reviewed, now=PUBLISHED)

    def test_a_rule_reviewed_a_day_short_of_twelve_months_is_not_due(self) -> None:
        reviewed = PUBLISHED - rules.REVIEW_INTERVAL + timedelta(days=1)

        assert not rules.review_due(
            last_reviewed_at=reviewed, in_effect_since=reviewed, now=PUBLISHED
        )

    def test_a_never_reviewed_rule_counts_from_when_it_took_effect(self) -> None:
        since = PUBLISHED - timedelta(days=400)

        assert rules.review_due(last_reviewed_at=None, in_effect_since=since, now=PUBLISHED)
        assert not rules.review_due(
            last_reviewed_at=None, in_effect_since=PUBLISHED - timedelta(days=30), now=PUBLISHED
        )
