"""The daily listing checks (S2 7.7): expired ads come down once; wording is re-read on change."""

from __future__ import annotations

from datetime import timedelta

import listing_factories as lf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.listings.models import AdStatus, Advertisement, FindingKind
from pinzhi.domain.listings.queries import list_findings
from pinzhi.interfaces.jobs.listing_steps import listing_checks_step
from pinzhi.interfaces.jobs.registry import Engines, RunContext

ANALYST = Actor(user_id="usr_analyst", role=Role.QUALITY_ANALYST)


def context(platform: Platform) -> RunContext:
    now = lf.NOW
    return RunContext(platform, "run_test", now.date(), now, Engines(platform, "duckdb"), 1)


class TestListingChecksStep:
    def test_an_expired_ad_is_taken_down_and_flagged_once_over_two_runs(
        self, platform: Platform
    ) -> None:
        with platform.uow() as uow:
            lf.shop(uow.session, "m1")
            lf.listing(uow.session, "p1", merchant_id="m1", title="顶级 电饭煲")
            lf.ad(uow.session, "p1", merchant_id="m1", ends_at=lf.NOW - timedelta(minutes=1))
            uow.commit()

        first = listing_checks_step(context(platform))
        second = listing_checks_step(context(platform))

        assert (first["ads_taken_down"], second["ads_taken_down"]) == (1, 0)
        assert (first["findings"], second["findings"]) == (1, 0)
        with platform.uow() as uow:
            ad = uow.session.get(Advertisement, "ad_p1")
            status = ad.status if ad is not None else None
            found = list_findings(uow=uow, actor=ANALYST)
        assert status is AdStatus.EXPIRED
        assert sorted(f.kind for f in found) == [FindingKind.ABSOLUTE_CLAIM, FindingKind.EXPIRED_AD]

    def test_an_ad_still_running_stays_up(self, platform: Platform) -> None:
        with platform.uow() as uow:
            lf.shop(uow.session, "m1")
            lf.listing(uow.session, "p1", merchant_id="m1")
            lf.ad(uow.session, "p1", merchant_id="m1", ends_at=lf.NOW + timedelta(hours=1))
            uow.commit()

        summary = listing_checks_step(context(platform))

        assert summary["ads_taken_down"] == 0
