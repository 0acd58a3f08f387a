"""The quality-service report of a period (质量服务报告, S1 10.1.2), assembled from the other
domains' reads: nothing here computes a figure another domain already keeps.

`SECTIONS` lists the report's parts in order; a part is a key and a pure function of the
`ReportContext`. Adding a part (satisfaction, improvement plans …) is one function and one line
here, plus its template in the interface's section list.

Who may read: the full report needs every merchant's figures (READ_ANY_MERCHANT_INDICATORS);
anyone with the platform's indicators (READ_PLATFORM_INDICATORS) gets the public version, which
names no merchant and no person. The public version may also be built without an actor — it is
what the platform publishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pinzhi.core.errors import Forbidden
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows
from pinzhi.domain.reports import (
    case_figures,
    grade_figures,
    improvement_figures,
    indicator_figures,
    satisfaction_figures,
    warning_figures,
)
from pinzhi.domain.reports.context import ReportContext, ThemeTagger
from pinzhi.domain.reports.periods import Period
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable[[ReportContext], object]


SECTIONS: list[Section] = [
    Section("indicators", indicator_figures.key_indicators),
    Section("attainment", indicator_figures.attainment),
    Section("aftersales", case_figures.aftersales),
    Section("complaints", case_figures.complaints),
    Section("grades", grade_figures.grades),
    Section("warnings", warning_figures.warnings),
    Section("satisfaction", satisfaction_figures.satisfaction),
    Section("improvement", improvement_figures.improvement_plans),
]


@dataclass(frozen=True)
class QualityReport:
    period: Period
    previous: Period
    public: bool
    generated_at: datetime
    sections: dict[str, object]
    """Each part's figures by its key, in `SECTIONS` order."""


def quality_report(
    *,
    uow: UnitOfWork,
    actor: Actor | None,
    period: Period,
    tz: ZoneInfo,
    now: datetime,
    public: bool = False,
    theme_tagger: ThemeTagger | None = None,
) -> QualityReport:
    """The report of `period`; the public version when asked for or when `actor` may not read
    single merchants' figures."""
    if actor is None:
        public = True
    elif not allows(actor, Permission.READ_PLATFORM_INDICATORS):
        raise Forbidden(f"role {actor.role.value} may not read the platform's quality report")
    elif not allows(actor, Permission.READ_ANY_MERCHANT_INDICATORS):
        public = True
    context = ReportContext(uow=uow, period=period, tz=tz, public=public, theme_tagger=theme_tagger)
    return QualityReport(
        period=period,
        previous=period.previous(),
        public=public,
        generated_at=now,
        sections={section.key: section.build(context) for section in SECTIONS},
    )
