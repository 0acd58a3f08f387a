"""Reads of satisfaction: a consumer's surveys, the results as indicators, partners' ratings
(S1 10.2; S3 7.1, 7.3). The inbox and the solution base are read in `inbox_queries`.

`satisfaction_summary` is the one place satisfaction figures are computed; reports and the
indicator catalogue call it rather than counting survey rows themselves. Figures are computed
from the survey rows of the period each time, never stored, so they always match the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pinzhi.core.clock import CHINA, local_day
from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows, read_scope, require
from pinzhi.domain.satisfaction import rules
from pinzhi.domain.satisfaction.models import PartnerFeedback, Survey
from pinzhi.domain.satisfaction.rules import (
    SATISFIED_FROM,
    Question,
    ServiceType,
)
from pinzhi.domain.satisfaction.surveys import questions_of
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 200


class GroupBy(StrEnum):
    ALL = "all"
    SERVICE_TYPE = "service_type"
    MERCHANT = "merchant"
    AGENT = "agent"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class SurveyView:
    id: str
    service_type: ServiceType
    subject_kind: str
    subject_id: str
    merchant_id: str | None
    sent_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    expired: bool
    questions: tuple[Question, ...]
    scores: dict[str, int] | None
    comment: str | None

    @property
    def open(self) -> bool:
        return self.answered_at is None and not self.expired


@dataclass(frozen=True)
class SatisfactionFigure:
    """Satisfaction of one group over a period (S3 7.1.1, 7.3).

    `sent`: surveys sent; `answered`: of those, answered; `response_rate` = answered / sent;
    `mean_overall`: mean overall score of the answers; `satisfied_share`: share of answers with
    overall ≥ 4; `mean_by_question`: the mean of each scored question. None where nothing was
    answered (no figure, rather than a misleading zero).
    """

    key: str
    sent: int
    answered: int
    response_rate: float | None
    mean_overall: float | None
    satisfied_share: float | None
    mean_by_question: dict[str, float]
    negative_comments: int


def my_surveys(*, uow: UnitOfWork, actor: Actor, now: datetime) -> list[SurveyView]:
    """The consumer's own surveys: open ones first (soonest to expire), then the rest newest
    first."""
    require(actor, Permission.ANSWER_SURVEYS)
    rows = uow.session.scalars(
        select(Survey)
        .where(Survey.consumer_id == actor.consumer_id)
        .order_by(Survey.sent_at.desc(), Survey.id)
        .limit(MAX_PAGE)
    ).all()
    views = [_view(uow, row, now) for row in rows]
    return sorted(views, key=lambda v: (not v.open, v.expires_at if v.open else now))


def get_survey(*, uow: UnitOfWork, actor: Actor, survey_id: str, now: datetime) -> SurveyView:
    """One survey: the consumer's own, or any for staff who read satisfaction."""
    survey = uow.session.get(Survey, survey_id)
    if survey is None or not _may_read(actor, survey):
        raise NotFound(f"survey {survey_id!r} does not exist")
    return _view(uow, survey, now)


def satisfaction_summary(
    *,
    uow: UnitOfWork,
    start: datetime,
    end: datetime,
    by: GroupBy = GroupBy.ALL,
    service_type: ServiceType | None = None,
    merchant_id: str | None = None,
    tz: ZoneInfo = CHINA,
) -> list[SatisfactionFigure]:
    """Satisfaction of surveys sent in [start, end), one figure per group, sorted by key.

    `by`: all (one figure), service type, merchant, agent, or the local day / month (in `tz`)
    the survey was sent. Surveys without a merchant or agent group under "-". A system read:
    callers check the reader's permission (`Permission.READ_SATISFACTION`) themselves.
    """
    if end <= start:
        raise ValidationFailed("the period must end after it starts")
    query = select(Survey).where(Survey.sent_at >= start, Survey.sent_at < end)
    if service_type is not None:
        query = query.where(Survey.service_type == service_type)
    if merchant_id is not None:
        query = query.where(Survey.merchant_id == merchant_id)
    groups: dict[str, list[Survey]] = defaultdict(list)
    for survey in uow.session.scalars(query):
        groups[_key(survey, by, tz)].append(survey)
    return [figure(key, groups[key]) for key in sorted(groups)]


def read_summary(
    *,
    uow: UnitOfWork,
    actor: Actor,
    start: datetime,
    end: datetime,
    by: GroupBy = GroupBy.ALL,
    service_type: ServiceType | None = None,
    merchant_id: str | None = None,
) -> list[SatisfactionFigure]:
    """`satisfaction_summary` for a reader: staff see any merchant, a merchant its own only."""
    scope = read_scope(
        actor,
        any_row=Permission.READ_SATISFACTION,
        own_merchant=Permission.READ_OWN_MERCHANT_INDICATORS,
    )
    return satisfaction_summary(
        uow=uow,
        start=start,
        end=end,
        by=by,
        service_type=service_type,
        merchant_id=scope.merchant_id or merchant_id,
    )


def figure(key: str, surveys: Iterable[Survey]) -> SatisfactionFigure:
    """The figure of one group of survey rows (also used by tests to recompute by hand)."""
    rows = list(surveys)
    answers = [s for s in rows if s.answered_at is not None and s.overall is not None]
    per_question: dict[str, list[int]] = defaultdict(list)
    for survey in answers:
        for question, score in (survey.scores or {}).items():
            per_question[question].append(score)
    n = len(answers)
    return SatisfactionFigure(
        key=key,
        sent=len(rows),
        answered=n,
        response_rate=round(n / len(rows), 4) if rows else None,
        mean_overall=round(sum(s.overall or 0 for s in answers) / n, 4) if n else None,
        satisfied_share=(
            round(sum((s.overall or 0) >= SATISFIED_FROM for s in answers) / n, 4) if n else None
        ),
        mean_by_question={q: round(sum(v) / len(v), 4) for q, v in sorted(per_question.items())},
        negative_comments=sum(rules.is_negative(s.sentiment) for s in answers),
    )


@dataclass(frozen=True)
class PartnerFigure:
    respondent_kind: str
    responses: int
    mean_score: float
    satisfied_share: float


def require_reader(actor: Actor) -> None:
    """Staff who read satisfaction results (the API's check before a system read)."""
    require(actor, Permission.READ_SATISFACTION)


def partner_feedback_summary(
    *, uow: UnitOfWork, start: datetime, end: datetime
) -> list[PartnerFigure]:
    """Merchants' and service providers' ratings of the platform given in [start, end)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for kind, score in uow.session.execute(
        select(PartnerFeedback.respondent_kind, PartnerFeedback.score).where(
            PartnerFeedback.given_at >= start, PartnerFeedback.given_at < end
        )
    ):
        groups[kind.value].append(score)
    return [
        PartnerFigure(
            kind,
            len(scores),
            round(sum(scores) / len(scores), 4),
            round(sum(s >= SATISFIED_FROM for s in scores) / len(scores), 4),
        )
        for kind, scores in sorted(groups.items())
    ]


def answered_surveys(*, uow: UnitOfWork, since: datetime, until: datetime) -> list[Survey]:
    """Surveys answered in [since, until), oldest first (the inbox's survey channel)."""
    return list(
        uow.session.scalars(
            select(Survey)
            .where(Survey.answered_at >= since, Survey.answered_at < until)
            .order_by(Survey.answered_at, Survey.id)
        )
    )


def partner_feedback_between(
    *, uow: UnitOfWork, since: datetime, until: datetime
) -> list[PartnerFeedback]:
    return list(
        uow.session.scalars(
            select(PartnerFeedback)
            .where(PartnerFeedback.given_at >= since, PartnerFeedback.given_at < until)
            .order_by(PartnerFeedback.given_at, PartnerFeedback.id)
        )
    )


def _key(survey: Survey, by: GroupBy, tz: ZoneInfo) -> str:
    if by is GroupBy.SERVICE_TYPE:
        return survey.service_type.value
    if by is GroupBy.MERCHANT:
        return survey.merchant_id or "-"
    if by is GroupBy.AGENT:
        return survey.agent_id or "-"
    if by is GroupBy.DAY:
        return local_day(survey.sent_at, tz).isoformat()
    if by is GroupBy.MONTH:
        return local_day(survey.sent_at, tz).isoformat()[:7]
    return "all"


def _may_read(actor: Actor, survey: Survey) -> bool:
    if actor.consumer_id is not None:
        return survey.consumer_id == actor.consumer_id
    return allows(actor, Permission.READ_SATISFACTION)


def _view(uow: UnitOfWork, survey: Survey, now: datetime) -> SurveyView:
    return SurveyView(
        id=survey.id,
        service_type=survey.service_type,
        subject_kind=survey.subject_kind,
        subject_id=survey.subject_id,
        merchant_id=survey.merchant_id,
        sent_at=survey.sent_at,
        expires_at=survey.expires_at,
        answered_at=survey.answered_at,
        expired=survey.answered_at is None and now >= survey.expires_at,
        questions=questions_of(uow, survey),
        scores=survey.scores,
        comment=survey.comment,
    )
