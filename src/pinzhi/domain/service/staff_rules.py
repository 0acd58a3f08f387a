"""Who may take which work: pre-duty training, experience, refresher training, performance (C6).

Gating (S1 9.3.2; S3 5.2.2.2): nobody takes a case before completing pre-duty training and
passing its exam. Complaint handling, pre-compensation (先行赔付) and senior-agent work need at
least one year of relevant experience (S1 9.3.4): the months of prior experience brought to the
job plus the time since `hired_at`, counted in calendar months, so "one year" is exact to the day.

Refresher training (S3 5.2.2.3): at least 12 sessions in the 12 calendar months up to `now`.

Performance (S1 9.3.3), over the complaints assigned to an agent:

    satisfaction  S = (mean follow-up satisfaction − 1) / 4       (scores 1…5 mapped to 0…1)
    closure rate  C = complaints with a result delivered / complaints assigned
    score         = 100 × (0.6 × S + 0.4 × C), rounded to one decimal

Satisfaction weighs more because it is the consumer's own verdict; the closure rate keeps an
agent from being rated on the few easy cases that got a visit. An agent with no assigned
complaint, or with no rated visit yet, has no score (None) rather than a misleading 0 or 100.

Pure: `now` and the records are parameters.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.service.models import StaffPost, TrainingKind

YEAR_OF_EXPERIENCE_MONTHS = 12
REFRESHERS_PER_YEAR = 12
SATISFACTION_WEIGHT = 0.6
CLOSURE_WEIGHT = 0.4


class Duty(StrEnum):
    """Work an agent can be assigned."""

    CASE = "case"  # any service case or session
    COMPLAINT_HANDLING = "complaint_handling"
    PRE_COMPENSATION = "pre_compensation"
    SENIOR_AGENT = "senior_agent"


EXPERIENCED_DUTIES = frozenset({Duty.COMPLAINT_HANDLING, Duty.PRE_COMPENSATION, Duty.SENIOR_AGENT})
EXPERIENCED_POSTS = frozenset(
    {StaffPost.COMPLAINT_HANDLER, StaffPost.PRE_COMPENSATION, StaffPost.SENIOR_AGENT}
)


@dataclass(frozen=True)
class Training:
    kind: TrainingKind
    completed_at: datetime


@dataclass(frozen=True)
class Exam:
    kind: TrainingKind
    passed: bool
    taken_at: datetime


@dataclass(frozen=True)
class StaffRecord:
    staff_id: str
    post: StaffPost
    hired_at: datetime
    prior_experience_months: int
    active: bool
    trainings: tuple[Training, ...] = ()
    exams: tuple[Exam, ...] = ()


def months_before(moment: datetime, months: int) -> datetime:
    """The same instant `months` calendar months earlier; 31 Mar − 1 month is 28 or 29 Feb."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def experienced_since(record: StaffRecord) -> datetime:
    """When the agent's relevant experience began: prior months counted back from hiring."""
    return months_before(record.hired_at, record.prior_experience_months)


def has_year_of_experience(record: StaffRecord, now: datetime) -> bool:
    return months_before(now, YEAR_OF_EXPERIENCE_MONTHS) >= experienced_since(record)


def passed_pre_duty(record: StaffRecord, now: datetime) -> bool:
    """Pre-duty training completed and its exam passed, both by `now`."""
    trained = any(
        t.kind is TrainingKind.PRE_DUTY and t.completed_at <= now for t in record.trainings
    )
    examined = any(
        e.kind is TrainingKind.PRE_DUTY and e.passed and e.taken_at <= now for e in record.exams
    )
    return trained and examined


def assignment_problems(record: StaffRecord, duty: Duty, now: datetime) -> list[str]:
    """Every reason `record` may not take `duty` at `now`; empty when it may."""
    problems = [] if record.active else [f"staff {record.staff_id} is not active"]
    if not passed_pre_duty(record, now):
        problems.append(
            f"staff {record.staff_id} has not completed pre-duty training with a passed exam "
            "(S1 9.3.2)"
        )
    if duty in EXPERIENCED_DUTIES and not has_year_of_experience(record, now):
        problems.append(
            f"{duty} needs at least one year of relevant experience; staff {record.staff_id} "
            f"has had it since {experienced_since(record).date()} (S1 9.3.4)"
        )
    return problems


def check_assignment(record: StaffRecord, duty: Duty, now: datetime) -> None:
    """Raise ValidationFailed naming every reason the agent may not take the duty."""
    problems = assignment_problems(record, duty, now)
    if problems:
        raise ValidationFailed(
            f"cannot assign {duty} to staff {record.staff_id}: {'; '.join(problems)}",
            details=problems,
        )


def post_gap(record: StaffRecord, now: datetime) -> str | None:
    """Why the agent's own post is a staffing gap (S1 9.3.4), if it is."""
    if record.post in EXPERIENCED_POSTS and not has_year_of_experience(record, now):
        return f"{record.post} held with under one year of relevant experience"
    return None


def refreshers_in_last_year(trainings: Iterable[Training], now: datetime) -> int:
    """Refresher sessions completed in (now − 12 calendar months, now]."""
    since = months_before(now, 12)
    return sum(
        1 for t in trainings if t.kind is TrainingKind.REFRESHER and since < t.completed_at <= now
    )


def below_refresher_minimum(trainings: Iterable[Training], now: datetime) -> bool:
    return refreshers_in_last_year(trainings, now) < REFRESHERS_PER_YEAR


@dataclass(frozen=True)
class Performance:
    assigned: int
    closed: int
    visits: int
    mean_satisfaction: float | None
    closure_rate: float | None
    score: float | None


def performance(*, closed_flags: Sequence[bool], satisfactions: Sequence[int]) -> Performance:
    """The S1 9.3.3 score from the agent's complaints (closed or not) and the visits' scores."""
    if any(s not in range(1, 6) for s in satisfactions):
        raise ValidationFailed("satisfaction scores run from 1 to 5")
    assigned, closed = len(closed_flags), sum(closed_flags)
    closure = closed / assigned if assigned else None
    mean = sum(satisfactions) / len(satisfactions) if satisfactions else None
    score = None
    if closure is not None and mean is not None:
        raw = SATISFACTION_WEIGHT * (mean - 1) / 4 + CLOSURE_WEIGHT * closure
        score = round(100 * raw, 1)
    return Performance(assigned, closed, len(satisfactions), mean, closure, score)
