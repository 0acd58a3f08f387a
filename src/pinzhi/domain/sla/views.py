"""Read-only views of stored clocks: what callers get back once the unit of work closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow


@dataclass(frozen=True)
class ClockView:
    id: str
    subject_kind: str
    subject_id: str
    policy_key: str
    policy_version: int
    limit_seconds: int
    started_at: datetime
    status: ClockStatus
    elapsed_seconds: float
    paused_seconds: float
    deadline: datetime | None
    breached_at: datetime | None
    flagged_at: datetime | None
    escalation_level: int
    priority: PriorityTier
    assignee_staff_id: str | None

    def time_left(self, now: datetime) -> timedelta | None:
        """Until the deadline while running (negative once past); the unused limit while paused;
        None once stopped or withdrawn."""
        if self.status in (ClockStatus.STOPPED, ClockStatus.WITHDRAWN):
            return None
        if self.deadline is not None:
            return self.deadline - now
        return timedelta(seconds=self.limit_seconds - self.elapsed_seconds)

    def breached(self, now: datetime) -> bool:
        return self.breached_at is not None or (self.deadline is not None and self.deadline <= now)


def clock_view(row: SlaClockRow, *, limit_seconds: int) -> ClockView:
    return ClockView(
        id=row.id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        policy_key=row.policy_key,
        policy_version=row.policy_version,
        limit_seconds=limit_seconds,
        started_at=row.started_at,
        status=row.status,
        elapsed_seconds=row.elapsed_ms / 1000,
        paused_seconds=row.paused_ms / 1000,
        deadline=row.deadline,
        breached_at=row.breached_at,
        flagged_at=row.flagged_at,
        escalation_level=row.escalation_level,
        priority=row.priority,
        assignee_staff_id=row.assignee_staff_id,
    )
