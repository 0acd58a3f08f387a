"""Satisfaction API (S1 10.2; S3 7.1–7.2): consumers answer their surveys, partners rate the
platform, staff read the results, work the feedback inbox and keep the solution base.

Comments are scored for sentiment here, at the edge, and the score handed to the domain.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pinzhi.domain.satisfaction import inbox, inbox_queries, queries, surveys
from pinzhi.domain.satisfaction.inbox import SolutionDraft
from pinzhi.domain.satisfaction.inbox_queries import InboxItemView, SolutionGap, SolutionView
from pinzhi.domain.satisfaction.queries import (
    GroupBy,
    PartnerFigure,
    SatisfactionFigure,
    SurveyView,
)
from pinzhi.domain.satisfaction.rules import (
    MAX_COMMENT,
    InboxChannel,
    InboxStatus,
    RespondentKind,
    ServiceType,
    Theme,
)
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses
from pinzhi.interfaces.feedback_scoring import score_text

router = APIRouter(tags=["satisfaction"])


class SurveyAnswer(BaseModel):
    scores: dict[str, int] = Field(description="question key → 1–5, every scored question")
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)


class PartnerFeedbackIn(BaseModel):
    respondent_kind: RespondentKind
    respondent_id: str | None = Field(
        default=None, max_length=64, description="the partner; a merchant gives its own"
    )
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)


class PartnerFeedbackOut(BaseModel):
    id: str
    respondent_kind: RespondentKind
    respondent_id: str
    score: int
    sentiment: float | None


class Triage(BaseModel):
    assignee_id: str = Field(min_length=1, max_length=64)
    theme: Theme | None = None


class Resolve(BaseModel):
    resolution: str = Field(min_length=1, max_length=2000)
    solution_id: str | None = Field(default=None, max_length=64)


class LinkSolution(BaseModel):
    solution_id: str = Field(max_length=64)


class SolutionIn(BaseModel):
    problem: str = Field(min_length=1, max_length=2000)
    cause: str = Field(min_length=1, max_length=2000)
    steps: list[str] = Field(min_length=1, max_length=inbox.MAX_STEPS)
    theme: Theme
    category: str | None = Field(default=None, max_length=32)
    knowledge_entry_id: str | None = Field(default=None, max_length=64)

    def draft(self) -> SolutionDraft:
        return SolutionDraft(
            problem=self.problem,
            cause=self.cause,
            steps=tuple(self.steps),
            theme=self.theme,
            category=self.category,
            knowledge_entry_id=self.knowledge_entry_id,
        )


@router.get("/api/v1/surveys/mine", responses=problem_responses(401, 403), summary="My surveys")
def my_surveys(*, actor: CurrentActor, uow: DbUow, now: Now) -> list[SurveyView]:
    return queries.my_surveys(uow=uow, actor=actor, now=now)


@router.get(
    "/api/v1/surveys/{survey_id}", responses=problem_responses(401, 404), summary="One survey"
)
def get_survey(*, survey_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> SurveyView:
    return queries.get_survey(uow=uow, actor=actor, survey_id=survey_id, now=now)


@router.post(
    "/api/v1/surveys/{survey_id}/answer",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Answer your survey, once, before it expires",
)
def answer_survey(
    *, survey_id: str, body: SurveyAnswer, actor: CurrentActor, uow: DbUow, now: Now
) -> SurveyView:
    surveys.answer_survey(
        uow=uow,
        actor=actor,
        now=now,
        survey_id=survey_id,
        scores=body.scores,
        comment=body.comment,
        sentiment=score_text(body.comment),
    )
    uow.commit()
    return queries.get_survey(uow=uow, actor=actor, survey_id=survey_id, now=now)


@router.get(
    "/api/v1/satisfaction/summary",
    responses=problem_responses(401, 403, 422),
    summary="Satisfaction of surveys sent in [start, end), grouped",
)
def summary(
    *,
    start: datetime,
    end: datetime,
    actor: CurrentActor,
    uow: DbUow,
    by: GroupBy = GroupBy.ALL,
    service_type: ServiceType | None = None,
    merchant_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[SatisfactionFigure]:
    return queries.read_summary(
        uow=uow,
        actor=actor,
        start=start,
        end=end,
        by=by,
        service_type=service_type,
        merchant_id=merchant_id,
    )


@router.get(
    "/api/v1/satisfaction/partners",
    responses=problem_responses(401, 403),
    summary="Merchants' and providers' ratings of the platform",
)
def partners(
    *, start: datetime, end: datetime, actor: CurrentActor, uow: DbUow
) -> list[PartnerFigure]:
    queries.require_reader(actor)
    return queries.partner_feedback_summary(uow=uow, start=start, end=end)


@router.post(
    "/api/v1/satisfaction/partner-feedback",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 422),
    summary="Rate the platform's service (merchants; staff for logistics/installation partners)",
)
def give_feedback(
    *, body: PartnerFeedbackIn, actor: CurrentActor, uow: DbUow, now: Now
) -> PartnerFeedbackOut:
    row = surveys.give_platform_feedback(
        uow=uow,
        actor=actor,
        now=now,
        respondent_kind=body.respondent_kind,
        respondent_id=body.respondent_id,
        score=body.score,
        comment=body.comment,
        sentiment=score_text(body.comment),
    )
    out = PartnerFeedbackOut(
        id=row.id,
        respondent_kind=row.respondent_kind,
        respondent_id=row.respondent_id,
        score=row.score,
        sentiment=row.sentiment,
    )
    uow.commit()
    return out


@router.get(
    "/api/v1/feedback/inbox",
    responses=problem_responses(401, 403, 422),
    summary="The unified feedback inbox, newest first",
)
def list_inbox(
    *,
    actor: CurrentActor,
    uow: DbUow,
    channel: InboxChannel | None = None,
    theme: Theme | None = None,
    status: InboxStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=inbox_queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[InboxItemView]:
    return inbox_queries.list_inbox(
        uow=uow,
        actor=actor,
        channel=channel,
        theme=theme.value if theme else None,
        status=status,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/api/v1/feedback/inbox/{item_id}/triage",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Assign an item and set its theme",
)
def triage(
    *, item_id: str, body: Triage, actor: CurrentActor, uow: DbUow, now: Now
) -> InboxItemView:
    view = inbox.triage_item(
        uow=uow, actor=actor, now=now, item_id=item_id, assignee_id=body.assignee_id,
        theme=body.theme,
    )  # fmt: skip
    uow.commit()
    return view


@router.post(
    "/api/v1/feedback/inbox/{item_id}/resolve",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Close an item with what was done, optionally naming the solution used",
)
def resolve(
    *, item_id: str, body: Resolve, actor: CurrentActor, uow: DbUow, now: Now
) -> InboxItemView:
    view = inbox.resolve_item(
        uow=uow, actor=actor, now=now, item_id=item_id, resolution=body.resolution,
        solution_id=body.solution_id,
    )  # fmt: skip
    uow.commit()
    return view


@router.post(
    "/api/v1/feedback/inbox/{item_id}/solution",
    responses=problem_responses(401, 403, 404),
    summary="Link an item to a solution from the base",
)
def link(
    *, item_id: str, body: LinkSolution, actor: CurrentActor, uow: DbUow, now: Now
) -> InboxItemView:
    view = inbox.link_solution(
        uow=uow, actor=actor, now=now, item_id=item_id, solution_id=body.solution_id
    )
    uow.commit()
    return view


@router.get("/api/v1/solutions", responses=problem_responses(401, 403), summary="The solution base")
def list_solutions(
    *, actor: CurrentActor, uow: DbUow, theme: Theme | None = None
) -> list[SolutionView]:
    return inbox_queries.list_solutions(uow=uow, actor=actor, theme=theme.value if theme else None)


@router.get(
    "/api/v1/solutions/gaps",
    responses=problem_responses(401, 403),
    summary="Recurring themes in [start, end) that no solution answers",
)
def gaps(
    *,
    start: datetime,
    end: datetime,
    actor: CurrentActor,
    uow: DbUow,
    at_least: Annotated[int, Query(ge=1)] = 3,
) -> list[SolutionGap]:
    return inbox_queries.solution_gaps(
        uow=uow, actor=actor, since=start, until=end, at_least=at_least
    )


@router.post(
    "/api/v1/solutions",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 422),
    summary="Add a solution",
)
def create_solution(*, body: SolutionIn, actor: CurrentActor, uow: DbUow, now: Now) -> SolutionView:
    view = inbox.save_solution(uow=uow, actor=actor, now=now, draft=body.draft())
    uow.commit()
    return view


@router.put(
    "/api/v1/solutions/{solution_id}",
    responses=problem_responses(401, 403, 404, 422),
    summary="Revise a solution (its use count stays)",
)
def revise_solution(
    *, solution_id: str, body: SolutionIn, actor: CurrentActor, uow: DbUow, now: Now
) -> SolutionView:
    view = inbox.save_solution(
        uow=uow, actor=actor, now=now, draft=body.draft(), solution_id=solution_id
    )
    uow.commit()
    return view


@router.post(
    "/api/v1/solutions/{solution_id}/retire",
    responses=problem_responses(401, 403, 404),
    summary="Take a solution out of use",
)
def retire_solution(*, solution_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> SolutionView:
    view = inbox.retire_solution(uow=uow, actor=actor, now=now, solution_id=solution_id)
    uow.commit()
    return view
