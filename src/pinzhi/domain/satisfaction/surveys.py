"""Writes of satisfaction surveys and partners' feedback (S1 10.2; S3 7.1.1).

The daily run sends one survey for every closed after-sales case, closed complaint and ended
chat (`send_surveys`; a subject already surveyed is skipped, so running twice sends nothing
more). The consumer answers once, before the survey expires; the comment's sentiment score is
computed at the edge by the language module and passed in, so the domain stays model-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from pinzhi.core.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.satisfaction import rules
from pinzhi.domain.satisfaction.models import PartnerFeedback, Questionnaire, Survey
from pinzhi.domain.satisfaction.rules import (
    MAX_COMMENT,
    Question,
    RespondentKind,
    ServiceType,
    SubjectKind,
)
from pinzhi.store.uow import UnitOfWork

SHIPPED_AT = datetime(2026, 1, 1, tzinfo=UTC)
"""When the default questionnaires count as published (they ship with pinzhi)."""
LOOKUP_CHUNK = 500
"""Ids per IN-list when looking for subjects already surveyed (keeps each statement small)."""


@dataclass(frozen=True)
class SurveySubject:
    """A closed service that earns a survey: what it was, whose, and who served it."""

    kind: SubjectKind
    subject_id: str
    service_type: ServiceType
    consumer_id: str
    merchant_id: str | None
    agent_id: str | None
    closed_at: datetime


def current_questionnaire(uow: UnitOfWork, service_type: ServiceType) -> Questionnaire:
    """The newest published version; the shipped default becomes version 1 on first use."""
    found = uow.session.scalars(
        select(Questionnaire)
        .where(Questionnaire.service_type == service_type)
        .order_by(Questionnaire.version.desc())
        .limit(1)
    ).first()
    if found is not None:
        return found
    shipped = Questionnaire(
        service_type=service_type,
        version=1,
        questions=rules.raw_questions(rules.DEFAULT_QUESTIONNAIRES[service_type]),
        published_at=SHIPPED_AT,
        published_by="pinzhi",
    )
    uow.session.add(shipped)
    uow.session.flush()
    return shipped


def publish_questionnaire(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    service_type: ServiceType,
    questions: tuple[Question, ...],
) -> int:
    """Publish a new version for a service type; surveys already sent keep theirs."""
    require(actor, Permission.MANAGE_KNOWLEDGE)
    rules.check_questionnaire(questions)
    version = current_questionnaire(uow, service_type).version + 1
    uow.session.add(
        Questionnaire(
            service_type=service_type,
            version=version,
            questions=rules.raw_questions(questions),
            published_at=now,
            published_by=actor.user_id,
        )
    )
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="questionnaire",
        subject_id=service_type.value,
        action="questionnaire_published",
        payload={"version": version, "questions": [q.key for q in questions]},
    )
    return version


def send_surveys(*, uow: UnitOfWork, now: datetime, subjects: list[SurveySubject]) -> int:
    """Create a pending survey for each subject not yet surveyed; returns how many were new."""
    if not subjects:
        return 0
    ids = sorted({s.subject_id for s in subjects})
    surveyed: set[tuple[str, str]] = set()
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        surveyed.update(
            (kind, subject_id)
            for kind, subject_id in uow.session.execute(
                select(Survey.subject_kind, Survey.subject_id).where(Survey.subject_id.in_(chunk))
            )
        )
    versions: dict[ServiceType, int] = {}
    sent = 0
    for subject in subjects:
        key = (subject.kind.value, subject.subject_id)
        if key in surveyed:
            continue
        surveyed.add(key)
        if subject.service_type not in versions:
            versions[subject.service_type] = current_questionnaire(
                uow, subject.service_type
            ).version
        uow.session.add(
            Survey(
                id=new_id("srv"),
                subject_kind=subject.kind.value,
                subject_id=subject.subject_id,
                service_type=subject.service_type,
                questionnaire_version=versions[subject.service_type],
                consumer_id=subject.consumer_id,
                merchant_id=subject.merchant_id,
                agent_id=subject.agent_id,
                closed_at=subject.closed_at,
                sent_at=now,
                expires_at=rules.expires_at(now),
            )
        )
        sent += 1
    uow.session.flush()
    return sent


def answer_survey(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    survey_id: str,
    scores: dict[str, int],
    comment: str | None = None,
    sentiment: float | None = None,
) -> Survey:
    """The consumer's one answer to their own survey; a second answer or a late one is refused."""
    require(actor, Permission.ANSWER_SURVEYS)
    survey = uow.session.get(Survey, survey_id, with_for_update=True)
    if survey is None or survey.consumer_id != actor.consumer_id:
        raise NotFound(f"survey {survey_id!r} does not exist")
    if survey.answered_at is not None:
        raise Conflict(f"survey {survey_id!r} was already answered; an answer cannot be changed")
    if now >= survey.expires_at:
        raise InvalidTransition(
            f"survey {survey_id!r} expired {rules.SURVEY_VALID_DAYS} days after it was sent"
        )
    rules.check_scores(questions_of(uow, survey), scores)
    survey.scores = dict(scores)
    survey.overall = scores["overall"]
    survey.comment = _comment(comment)
    survey.sentiment = sentiment if survey.comment else None
    survey.answered_at = now
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind=survey.subject_kind,
        subject_id=survey.subject_id,
        action="survey_answered",
        payload={"survey_id": survey.id, "overall": survey.overall},
    )
    return survey


def questions_of(uow: UnitOfWork, survey: Survey) -> tuple[Question, ...]:
    row = uow.session.get(Questionnaire, (survey.service_type, survey.questionnaire_version))
    if row is None:  # the version a survey names is always published first
        raise NotFound(f"questionnaire {survey.service_type} v{survey.questionnaire_version}")
    return rules.questions_of(row.questions)


def give_platform_feedback(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    respondent_kind: RespondentKind,
    respondent_id: str | None,
    score: int,
    comment: str | None = None,
    sentiment: float | None = None,
) -> PartnerFeedback:
    """A merchant rates the platform for itself; staff record a logistics or installation
    partner's rating on its behalf (partners hold no accounts)."""
    require(actor, Permission.GIVE_PLATFORM_FEEDBACK)
    if actor.role is Role.MERCHANT:
        if respondent_kind is not RespondentKind.MERCHANT:
            raise Forbidden("a merchant gives feedback as its own shop only")
        respondent_id = actor.merchant_id
    if not respondent_id:
        raise ValidationFailed("name the partner who gives the feedback")
    if not 1 <= score <= 5:
        raise ValidationFailed(f"score must be 1–5, not {score}")
    text = _comment(comment)
    row = PartnerFeedback(
        id=new_id("pfb"),
        respondent_kind=respondent_kind,
        respondent_id=respondent_id,
        score=score,
        comment=text,
        sentiment=sentiment if text else None,
        given_at=now,
        given_by=actor.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def _comment(comment: str | None) -> str | None:
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise ValidationFailed(f"a comment has at most {MAX_COMMENT} characters")
    return text or None
