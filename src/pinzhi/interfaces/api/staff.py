"""/api/v1/staff: training records, exams, eligibility, the refresher report, performance (C6).

All of it needs the staff-management permission.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, Field

from pinzhi.domain.service import staff_operations as operations
from pinzhi.domain.service import staff_queries as queries
from pinzhi.domain.service.models import TrainingKind
from pinzhi.domain.service.staff_operations import ExamView, TrainingView
from pinzhi.domain.service.staff_queries import AgentPerformance, Eligibility, RefresherGap
from pinzhi.domain.service.staff_rules import Duty
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])
DEFAULT_PERIOD = timedelta(days=30)


class TrainingInput(BaseModel):
    kind: TrainingKind
    topic: str = Field(max_length=200)
    completed_at: AwareDatetime
    minutes: int


class ExamInput(BaseModel):
    kind: TrainingKind
    score: int
    taken_at: AwareDatetime
    pass_mark: int = operations.DEFAULT_PASS_MARK


@router.post(
    "/{staff_id}/trainings",
    status_code=201,
    responses=problem_responses(401, 403, 404, 422),
    summary="Record a completed training",
)
def record_training(
    *, staff_id: str, body: TrainingInput, actor: CurrentActor, uow: DbUow, now: Now
) -> TrainingView:
    return operations.record_training(
        uow=uow, actor=actor, now=now, staff_id=staff_id, **body.model_dump()
    )


@router.post(
    "/{staff_id}/exams",
    status_code=201,
    responses=problem_responses(401, 403, 404, 422),
    summary="Record an exam; passed follows from score and pass mark",
)
def record_exam(
    *, staff_id: str, body: ExamInput, actor: CurrentActor, uow: DbUow, now: Now
) -> ExamView:
    return operations.record_exam(
        uow=uow, actor=actor, now=now, staff_id=staff_id, **body.model_dump()
    )


@router.get(
    "/refresher-report",
    responses=problem_responses(401, 403),
    summary="Active staff below 12 refresher trainings in the last 12 months (S3 5.2.2.3)",
)
def refresher_report(*, actor: CurrentActor, uow: DbUow, now: Now) -> list[RefresherGap]:
    return queries.refresher_report(uow=uow, actor=actor, now=now)


@router.get(
    "/performance",
    responses=problem_responses(401, 403, 422),
    summary="Agent scores from satisfaction and complaint closure (S1 9.3.3)",
)
def performance(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    start: AwareDatetime | None = None,
    end: AwareDatetime | None = None,
) -> list[AgentPerformance]:
    until = end or now
    return queries.performance_scores(
        uow=uow, actor=actor, start=start or until - DEFAULT_PERIOD, end=until
    )


@router.get(
    "/{staff_id}/eligibility",
    responses=problem_responses(401, 403, 404),
    summary="Whether the agent may take a duty now, and every reason if not",
)
def eligibility(
    *, staff_id: str, duty: Duty, actor: CurrentActor, uow: DbUow, now: Now
) -> Eligibility:
    return queries.eligibility(uow=uow, actor=actor, staff_id=staff_id, duty=duty, now=now)
