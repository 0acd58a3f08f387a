"""A complaint's stored rows as the pure `ComplaintFile`, and a step as its stored row.

Complaints imported from another system (the simulator, a platform's export) carry only their
coarse status and timestamps. Until pinzhi first acts on one, its file is reconstructed from
them, step by step, in a way the workflow allows (S1 9.2.4):

- open: file;
- in progress: file, then explain_delay when a time was promised, else start_handling;
- resolved or closed, answered when the result came: file, resolve_on_the_spot;
- resolved or closed later: file, explain_delay (if promised), start_handling, resolve;
- closed: the above, then close.

The closing step of an imported closed complaint is the one place where a file does not follow
`TRANSITIONS`: the source kept no follow-up visit. The step is an import's, and its note says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pinzhi.core.calendars import STANDARD_CALENDARS, ServiceCalendar, add_business_time
from pinzhi.domain.service.complaints import (
    DEFAULT_GRADING,
    Complainant,
    ComplaintEvent,
    ComplaintFile,
    ComplaintStage,
    Matter,
    Resolution,
    Step,
)
from pinzhi.domain.service.models import Complaint, ComplaintStatus, ComplaintStep
from pinzhi.domain.service.sla import PriorityTier

COMPLAINT_CALENDAR: ServiceCalendar = STANDARD_CALENDARS["online_7x24"]
"""Complaint deadlines run on the 7×24 online desk (S3 5.3.3), like the after-sales limits."""
IMPORT_ACTOR = "import"
ASSIGN = "assign"
"""The stored event of an assignment: a step of the file that leaves its stage unchanged."""
_E, _S = ComplaintEvent, ComplaintStage
_NO_VISIT = "closed in the source system; no follow-up visit on record"


@dataclass(frozen=True)
class Grade:
    tier: PriorityTier
    fast_lane: bool
    respond_by: datetime
    resolve_by: datetime
    version: int


def imported_grade(complaint: Complaint) -> Grade:
    """Deadlines for an imported complaint, from the urgency it came with."""
    targets = DEFAULT_GRADING.targets[complaint.urgency]
    filed = complaint.filed_at
    return Grade(
        PriorityTier.STANDARD,
        complaint.nature in DEFAULT_GRADING.fast_lane,
        add_business_time(COMPLAINT_CALENDAR, filed, targets.respond_within),
        add_business_time(COMPLAINT_CALENDAR, filed, targets.resolve_within),
        DEFAULT_GRADING.version,
    )


def matter_of(complaint: Complaint) -> Matter:
    return Matter(
        complaint.channel,
        complaint.nature,
        complaint.matter,
        complaint.order_id,
        complaint.merchant_id,
    )


def file_of(
    complaint: Complaint, rows: Sequence[ComplaintStep], *, stage: str, contact: str | None
) -> ComplaintFile:
    """The pure file from stored steps, folded the way `complaints.apply` builds it
    (assignments are not workflow events and stay out)."""
    steps = tuple(step_of(row) for row in rows if row.event != ASSIGN)
    result, promised, mediator = None, None, None
    for step in steps:
        if step.event in (_E.RESOLVE, _E.RESOLVE_ON_THE_SPOT, _E.REOPEN):
            result = step.result
        if step.event is _E.EXPLAIN_DELAY:
            promised = step.promised_by
        mediator = step.mediator or mediator
    return ComplaintFile(
        complaint.id,
        Complainant(complaint.consumer_id, contact or ""),
        matter_of(complaint),
        ComplaintStage(stage),
        steps,
        result=result,
        promised_by=promised,
        mediator=mediator,
    )


def step_of(row: ComplaintStep) -> Step:
    result = None
    if row.conclusion is not None:
        result = Resolution(row.conclusion, row.basis or "", row.remedy or "")
    return Step(
        row.event_id,
        ComplaintEvent(row.event),
        row.actor_id,
        row.at,
        row.note,
        row.promised_by,
        row.mediator,
        result,
        row.satisfaction,
    )


def row_of(
    complaint_id: str, seq: int, step: Step, *, from_stage: str | None, to_stage: str
) -> ComplaintStep:
    result = step.result
    return ComplaintStep(
        complaint_id=complaint_id,
        seq=seq,
        event_id=step.event_id,
        event=step.event.value,
        from_stage=from_stage,
        to_stage=to_stage,
        actor_id=step.actor,
        at=step.at,
        note=step.note,
        promised_by=step.promised_by,
        mediator=step.mediator,
        conclusion=result.conclusion if result else None,
        basis=result.basis if result else None,
        remedy=result.remedy if result else None,
        satisfaction=step.satisfaction,
    )


def _imported(
    n: int,
    event: ComplaintEvent,
    at: datetime,
    *,
    note: str = "imported",
    promised_by: datetime | None = None,
    result: Resolution | None = None,
) -> Step:
    return Step(
        f"{IMPORT_ACTOR}:{n}", event, IMPORT_ACTOR, at, note, promised_by=promised_by, result=result
    )


def imported_steps(complaint: Complaint) -> list[tuple[Step, ComplaintStage]]:
    """The reconstructed steps of an imported complaint, each with the stage it leads to."""
    steps: list[tuple[Step, ComplaintStage]] = []

    def add(event: ComplaintEvent, at: datetime, stage: ComplaintStage, **extra: Any) -> None:
        steps.append((_imported(len(steps) + 1, event, at, **extra), stage))

    add(_E.FILE, complaint.filed_at, _S.FILED)
    status, responded, promised = complaint.status, complaint.responded_at, complaint.promised_by
    if status is ComplaintStatus.OPEN or responded is None:
        return steps
    done = status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)
    resolved_at = complaint.resolved_at if done else None
    result = Resolution(complaint.result or "", "", "")
    if resolved_at is not None and resolved_at <= responded:
        add(_E.RESOLVE_ON_THE_SPOT, resolved_at, _S.RESOLVED, result=result)
    else:
        if promised is not None:
            add(_E.EXPLAIN_DELAY, responded, _S.EXPLAINED, promised_by=promised)
        if promised is None or resolved_at is not None:
            add(_E.START_HANDLING, responded, _S.IN_PROGRESS)
        if resolved_at is not None:
            add(_E.RESOLVE, resolved_at, _S.RESOLVED, result=result)
    if status is ComplaintStatus.CLOSED and resolved_at is not None:
        add(_E.CLOSE, resolved_at, _S.CLOSED, note=_NO_VISIT)
    return steps
