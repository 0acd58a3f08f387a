"""Satisfaction steps of the daily run: send surveys, then fill the feedback inbox (S1 10.2;
S3 7.1–7.2).

Both steps look back over the survey validity period (or the run's look-back, if longer) and
rely on the domain's unique keys — one survey per subject, one inbox item per source — so a
second run over the same days sends and files nothing more. Comments are scored here with the
language module's sentiment model and the scores handed to the domain.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pinzhi.adapters.language import handoff
from pinzhi.adapters.language.aspects import NEGATIVE, aspects_of
from pinzhi.domain.aftersales import case_queries
from pinzhi.domain.feedback import queries as reviews
from pinzhi.domain.satisfaction import inbox, queries, rules, surveys
from pinzhi.domain.satisfaction.inbox import Incoming
from pinzhi.domain.satisfaction.rules import (
    InboxChannel,
    RespondentKind,
    ServiceType,
    SubjectKind,
    Theme,
)
from pinzhi.domain.satisfaction.surveys import SurveySubject
from pinzhi.domain.service import chat_queries, complaint_queries
from pinzhi.domain.service.models import Sender
from pinzhi.interfaces.feedback_scoring import score_texts
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step
from pinzhi.store.uow import UnitOfWork

NEGATIVE_HANDOFF_REASONS = frozenset({handoff.ANGRY, handoff.COMPLAINT})
"""A chat handed to a person because the consumer was angry or complaining enters the inbox."""
SERVICE_THEMES = {
    ServiceType.CONSULTATION: Theme.SERVICE,
    ServiceType.COMPLAINT: Theme.SERVICE,
}


def window(ctx: RunContext) -> tuple[datetime, datetime]:
    until = min(ctx.cutoff, ctx.now)
    days = max(ctx.look_back_days, rules.SURVEY_VALID_DAYS)
    return until - timedelta(days=days), until


@step("satisfaction_surveys", order=60)
def satisfaction_surveys_step(ctx: RunContext) -> Summary:
    """Send a survey after every after-sales case closed, complaint closed and chat ended."""
    since, until = window(ctx)
    with ctx.platform.uow() as uow:
        subjects = closed_subjects(uow, since, until)
        sent = surveys.send_surveys(uow=uow, now=until, subjects=subjects)
        uow.commit()
    return {"closed": len(subjects), "sent": sent}


def closed_subjects(uow: UnitOfWork, since: datetime, until: datetime) -> list[SurveySubject]:
    found = [
        SurveySubject(
            SubjectKind.AFTERSALES_CASE,
            case.id,
            rules.service_type_of_case(case.kind.value),
            case.consumer_id,
            case.merchant_id,
            None,
            case.resolved_at or until,
        )
        for case in case_queries.cases_between(
            uow=uow, actor=None, start=since, end=until, by=case_queries.CaseTime.CLOSED
        )
    ]
    found += [
        SurveySubject(
            SubjectKind.COMPLAINT,
            c.id,
            ServiceType.COMPLAINT,
            c.consumer_id,
            c.merchant_id,
            c.assignee_id,
            c.resolved_at or until,
        )
        for c in complaint_queries.complaints_between(
            uow=uow, actor=None, start=since, end=until, by=complaint_queries.ComplaintTime.CLOSED
        )
    ]
    found += [
        SurveySubject(
            SubjectKind.CHAT,
            chat.session.id,
            ServiceType.CONSULTATION,
            chat.session.consumer_id,
            chat.session.merchant_id,
            chat.session.agent_id,
            chat.session.ended_at or until,
        )
        for chat in chat_queries.ended_chats(uow=uow, since=since, until=until)
    ]
    return found


@step("feedback_inbox", order=61)
def feedback_inbox_step(ctx: RunContext) -> Summary:
    """File negative survey comments, complaints, angry chats, low reviews and partners'
    feedback into the unified inbox (S3 7.2.1)."""
    since, until = window(ctx)
    with ctx.platform.uow() as uow:
        incoming = collect(uow, since, until)
        filed = inbox.feed_inbox(uow=uow, items=incoming)
        uow.commit()
    per_channel: dict[str, int] = {}
    for item in incoming:
        per_channel[item.channel.value] = per_channel.get(item.channel.value, 0) + 1
    return {"seen": len(incoming), "filed": filed, "per_channel": per_channel}


def collect(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    return [
        *_survey_items(uow, since, until),
        *_complaint_items(uow, since, until),
        *_chat_items(uow, since, until),
        *_review_items(uow, since, until),
        *_partner_items(uow, since, until),
    ]


def _survey_items(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    return [
        Incoming(
            InboxChannel.SURVEY,
            s.id,
            s.subject_kind,
            s.subject_id,
            s.merchant_id,
            SERVICE_THEMES.get(s.service_type, Theme.AFTERSALES),
            s.sentiment,
            s.comment,
            s.answered_at or until,
        )
        for s in queries.answered_surveys(uow=uow, since=since, until=until)
        if s.comment
        and ((s.overall or 5) <= rules.LOW_SURVEY_SCORE or rules.is_negative(s.sentiment))
    ]


def _complaint_items(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    found = complaint_queries.complaints_between(uow=uow, actor=None, start=since, end=until)
    scores = score_texts([c.matter for c in found])
    return [
        Incoming(
            InboxChannel.COMPLAINT,
            c.id,
            SubjectKind.COMPLAINT.value,
            c.id,
            c.merchant_id,
            _theme(c.nature.value),
            score,
            c.matter,
            c.filed_at,
        )
        for c, score in zip(found, scores, strict=True)
    ]


def _chat_items(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    chats = chat_queries.ended_chats(uow=uow, since=since, until=until)
    texts = ["，".join(chat.consumer_turns()) for chat in chats]
    scores = score_texts(texts)
    items = []
    for chat, text, score in zip(chats, texts, scores, strict=True):
        note = chat.handoff_note() or {}
        flagged = NEGATIVE_HANDOFF_REASONS & set(note.get("reasons", ()))
        if not text or not (flagged or rules.is_negative(score)):
            continue
        last = [m.sent_at for m in chat.messages if m.sender is Sender.CONSUMER]
        items.append(
            Incoming(
                InboxChannel.CHAT,
                chat.session.id,
                SubjectKind.CHAT.value,
                chat.session.id,
                chat.session.merchant_id,
                Theme.SERVICE,
                score,
                text,
                chat.session.ended_at or (last[-1] if last else until),
            )
        )
    return items


def _review_items(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    found = reviews.low_rated_reviews(
        uow=uow, since=since, until=until, max_rating=rules.LOW_REVIEW_RATING
    )
    texts = [r.text for r in found]
    scores, aspects = score_texts(texts), aspects_of(texts) if texts else []
    return [
        Incoming(
            InboxChannel.REVIEW,
            r.id,
            "order",
            r.order_id,
            r.merchant_id,
            _theme(next((a for a, p in said.items() if p == NEGATIVE), Theme.QUALITY.value)),
            score,
            r.text or f"{r.rating}★",
            r.created_at,
        )
        for r, score, said in zip(found, scores, aspects, strict=True)
    ]


def _partner_items(uow: UnitOfWork, since: datetime, until: datetime) -> list[Incoming]:
    return [
        Incoming(
            InboxChannel.PARTNER,
            f.id,
            f.respondent_kind.value,
            f.respondent_id,
            f.respondent_id if f.respondent_kind is RespondentKind.MERCHANT else None,
            Theme.PLATFORM,
            f.sentiment,
            f.comment or f"{f.score}/5",
            f.given_at,
        )
        for f in queries.partner_feedback_between(uow=uow, since=since, until=until)
        if f.comment or f.score <= rules.LOW_SURVEY_SCORE
    ]


def _theme(value: str) -> Theme:
    try:
        return Theme(value)
    except ValueError:
        return Theme.OTHER
