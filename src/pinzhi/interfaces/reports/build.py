"""One call the CLI and the console share: period text in, report (and its documents) out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.reports.periods import parse_period
from pinzhi.domain.reports.queries import QualityReport, quality_report
from pinzhi.interfaces.reports.themes import complaint_themes
from pinzhi.store.uow import UnitOfWork


def build_report(
    *,
    uow: UnitOfWork,
    actor: Actor | None,
    period: str,
    tz: ZoneInfo,
    now: datetime,
    public: bool = False,
) -> QualityReport:
    return quality_report(
        uow=uow,
        actor=actor,
        period=parse_period(period),
        tz=tz,
        now=now,
        public=public,
        theme_tagger=complaint_themes,
    )
