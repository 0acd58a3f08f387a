"""Satisfaction rules: service types, the shipped questionnaires, expiry, what counts as
satisfied or negative, and how an inbox item may move (S1 10.2; S3 7.1–7.2).

All pure: no database, no clock — the caller passes `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pinzhi.core.errors import InvalidTransition, ValidationFailed

SURVEY_VALID_DAYS = 15
"""A survey may be answered for 15 days after it is sent; later answers would describe a service
the consumer no longer remembers well, so they are refused (our choice; the standard sets none)."""
SATISFIED_FROM = 4
"""An overall score of 4 or 5 on the 1–5 scale counts as satisfied (S3 7.1.1 share satisfied)."""
NEGATIVE_BELOW = 0.5
"""A comment whose sentiment score (P(positive) from the language module) is under 0.5 is
negative."""
LOW_REVIEW_RATING = 2
"""Reviews rated 2 stars or fewer enter the inbox."""
LOW_SURVEY_SCORE = 3
"""A survey comment enters the inbox when its overall score is 3 or lower, or it reads negative."""
RECURRING_AT = 3
"""A theme with this many inbox items in a period recurs; one with no solution is a gap."""
MAX_COMMENT = 1000


class ServiceType(StrEnum):
    """What was served: each has its own questionnaire (S3 7.1.1)."""

    CONSULTATION = "consultation"  # 咨询 (chat)
    RETURN = "return"  # 退货
    EXCHANGE = "exchange"  # 换货
    REPAIR = "repair"  # 维修
    REFUND = "refund"  # 退款
    COMPLAINT = "complaint"  # 投诉


class SubjectKind(StrEnum):
    AFTERSALES_CASE = "aftersales_case"
    COMPLAINT = "complaint"
    CHAT = "chat"


class RespondentKind(StrEnum):
    """Who rates the platform besides consumers (S1 10.2)."""

    MERCHANT = "merchant"
    LOGISTICS_PROVIDER = "logistics_provider"
    INSTALLATION_PROVIDER = "installation_provider"


class InboxChannel(StrEnum):
    SURVEY = "survey"
    COMPLAINT = "complaint"
    CHAT = "chat"
    REVIEW = "review"
    PARTNER = "partner"


class InboxStatus(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    RESOLVED = "resolved"


class Theme(StrEnum):
    """What a piece of feedback is about; complaint natures and review aspects map onto these."""

    QUALITY = "quality"
    COUNTERFEIT = "counterfeit"
    LOGISTICS = "logistics"
    SERVICE = "service"
    AFTERSALES = "aftersales"
    FALSE_ADVERTISING = "false_advertising"
    PRICE = "price"
    PRIVACY = "privacy"
    DESCRIPTION_MATCH = "description_match"
    PLATFORM = "platform"
    OTHER = "other"


@dataclass(frozen=True)
class Question:
    key: str
    text_zh: str
    text_en: str
    scored: bool = True
    """Scored questions take 1–5; the comment question takes free text."""


_CORE = (
    Question("overall", "总体满意度", "Overall satisfaction"),
    Question("speed", "处理速度", "Speed"),
    Question("attitude", "服务态度", "Attitude"),
    Question("resolution", "问题解决程度", "Problem resolved"),
)
_COMMENT = Question("comment", "其他意见和建议", "Comments and suggestions", scored=False)
DEFAULT_QUESTIONNAIRES: dict[ServiceType, tuple[Question, ...]] = {
    ServiceType.CONSULTATION: (*_CORE, Question("clarity", "解答清楚", "Clear answer"), _COMMENT),
    ServiceType.RETURN: (*_CORE, Question("pickup", "退货取件便利", "Easy pick-up"), _COMMENT),
    ServiceType.EXCHANGE: (
        *_CORE,
        Question("replacement", "换货商品满意", "Replacement"),
        _COMMENT,
    ),
    ServiceType.REPAIR: (
        *_CORE,
        Question("repair_quality", "维修质量", "Repair quality"),
        _COMMENT,
    ),
    ServiceType.REFUND: (
        *_CORE,
        Question("refund_amount", "退款金额准确", "Right amount"),
        _COMMENT,
    ),
    ServiceType.COMPLAINT: (*_CORE, Question("fairness", "处理公正", "Fair handling"), _COMMENT),
}
"""Version 1 of every questionnaire, shipped; later versions are published as data."""

_CASE_KIND_TYPES = {
    "return_refund": ServiceType.RETURN,
    "exchange": ServiceType.EXCHANGE,
    "resend": ServiceType.EXCHANGE,
    "repair": ServiceType.REPAIR,
}


def service_type_of_case(kind: str) -> ServiceType:
    """Returns, exchanges and repairs are their own types; every money-only case is a refund."""
    return _CASE_KIND_TYPES.get(kind, ServiceType.REFUND)


def expires_at(sent_at: datetime) -> datetime:
    return sent_at + timedelta(days=SURVEY_VALID_DAYS)


def questions_of(raw: list[dict[str, str]]) -> tuple[Question, ...]:
    return tuple(
        Question(q["key"], q["text_zh"], q["text_en"], bool(q.get("scored", True))) for q in raw
    )


def raw_questions(questions: tuple[Question, ...]) -> list[dict[str, object]]:
    return [
        {"key": q.key, "text_zh": q.text_zh, "text_en": q.text_en, "scored": q.scored}
        for q in questions
    ]


def check_questionnaire(questions: tuple[Question, ...]) -> None:
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        raise ValidationFailed("questionnaire question keys must be unique")
    if "overall" not in {q.key for q in questions if q.scored}:
        raise ValidationFailed("a questionnaire needs the scored question 'overall'")


def check_scores(questions: tuple[Question, ...], scores: dict[str, int]) -> None:
    """Every scored question answered once with 1–5, and nothing the questionnaire lacks."""
    wanted = {q.key for q in questions if q.scored}
    missing, unknown = wanted - scores.keys(), scores.keys() - wanted
    if missing:
        raise ValidationFailed(f"unanswered questions: {', '.join(sorted(missing))}")
    if unknown:
        raise ValidationFailed(f"questions not in this survey: {', '.join(sorted(unknown))}")
    for key, score in scores.items():
        if not 1 <= score <= 5:
            raise ValidationFailed(f"score for {key!r} must be 1–5, not {score}")


def is_negative(sentiment: float | None) -> bool:
    return sentiment is not None and sentiment < NEGATIVE_BELOW


_NEXT: dict[InboxStatus, frozenset[InboxStatus]] = {
    InboxStatus.NEW: frozenset({InboxStatus.TRIAGED, InboxStatus.RESOLVED}),
    InboxStatus.TRIAGED: frozenset({InboxStatus.TRIAGED, InboxStatus.RESOLVED}),
    InboxStatus.RESOLVED: frozenset(),
}
"""new → triaged → resolved; triaging again re-assigns; a resolved item stays resolved (an item
can be closed straight from new when it needs no work, e.g. a duplicate)."""


def check_move(current: InboxStatus, target: InboxStatus) -> None:
    if target not in _NEXT[current]:
        raise InvalidTransition(f"an inbox item cannot go from {current} to {target}")
