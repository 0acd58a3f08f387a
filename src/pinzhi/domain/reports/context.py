"""What every section of the report is built from: the period, the reader, and anonymising.

The report reads other domains with `reader`, an internal quality-analyst identity: whoever
asked for the report was checked once at the entry (`queries.quality_report`), and the public
version drops merchant identities here, before any figure leaves the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from pinzhi.core.clock import day_bounds
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.catalog.queries import merchant_names
from pinzhi.domain.reports.periods import Period
from pinzhi.store.uow import UnitOfWork

READER = Actor(user_id="system:quality-report", role=Role.QUALITY_ANALYST)
ThemeTagger = Callable[[Sequence[str]], list[set[str]]]
"""Tags each complaint's text with themes (aspects); given by the interface, which may use the
language models (`adapters.language`) the domain may not import."""


@dataclass
class ReportContext:
    uow: UnitOfWork
    period: Period
    tz: ZoneInfo
    public: bool
    theme_tagger: ThemeTagger | None = None
    reader: Actor = READER
    _names: dict[str, str] = field(default_factory=dict)

    @property
    def previous(self) -> Period:
        return self.period.previous()

    def bounds(self, period: Period) -> tuple[datetime, datetime]:
        """UTC instants [start, end) of the period's local days."""
        return day_bounds(period.start, self.tz)[0], day_bounds(period.end, self.tz)[1]

    def merchant_labels(self, ranked_ids: Sequence[str]) -> list[str]:
        """How each merchant is named in the report: 'shop (id)' inside the platform; in the
        public version only its rank in this list (#1, #2 …), which identifies no one."""
        if self.public:
            return [f"#{rank}" for rank in range(1, len(ranked_ids) + 1)]
        missing = [m for m in ranked_ids if m not in self._names]
        self._names |= merchant_names(uow=self.uow, merchant_ids=missing)
        return [f"{self._names.get(m, m)} ({m})" for m in ranked_ids]
