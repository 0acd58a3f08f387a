"""The agent's queue page (issue 3 part 9): breached clocks on top in red with how long ago,
then countdowns to each deadline. The remaining time is rendered on the server, correct without
JavaScript; `static/countdown.js` only ticks it down from each row's `data-deadline`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.sla import queries
from pinzhi.domain.sla.models import ClockStatus
from pinzhi.interfaces.console import formats
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/queue"
SHOWN = 100

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@dataclass(frozen=True)
class Row:
    subject_kind: str
    subject_id: str
    policy_key: str
    priority: PriorityTier
    deadline: datetime | None
    deadline_text: str
    left: str
    """Signed H:MM:SS to the deadline ('-' once past), or the unused limit while paused."""
    breached: bool
    paused: bool
    level: int
    assignee: str | None


def clock_text(seconds: float) -> str:
    """`[-]H:MM:SS`, hours unbounded: the same format countdown.js writes."""
    whole = int(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    return f"{sign}{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _row(item: queries.QueueItem, tz: ZoneInfo) -> Row:
    clock = item.clock
    return Row(
        subject_kind=clock.subject_kind,
        subject_id=clock.subject_id,
        policy_key=clock.policy_key,
        priority=clock.priority,
        deadline=clock.deadline,
        deadline_text=formats.moment(clock.deadline, tz) if clock.deadline else "—",
        left=clock_text(item.seconds_left or 0.0),
        breached=item.breached,
        paused=clock.status is ClockStatus.PAUSED,
        level=clock.escalation_level,
        assignee=clock.assignee_staff_id,
    )


@router.get("/queue")
def queue_page(
    *, page: Page, tier: PriorityTier | None = None, mine: Annotated[bool, Query()] = False
) -> HTMLResponse:
    found = queries.agent_queue(
        uow=page.uow, actor=page.actor, now=page.now, tier=tier, mine=mine, limit=SHOWN
    )
    rows = [_row(item, page.tz) for item in found]
    return page.render(
        "queue.html",
        rows=rows,
        breached=sum(row.breached for row in rows),
        tier=tier,
        tiers=list(PriorityTier),
        mine=mine,
    )
