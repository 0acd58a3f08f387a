"""Survey rows placed directly, sent and answered at known moments, so figures built from
surveys (the satisfaction indicator, the quality report) can be recomputed from the rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pinzhi.domain.satisfaction.models import Survey
from pinzhi.domain.satisfaction.rules import ServiceType, expires_at


def survey(
    session: Session,
    survey_id: str,
    *,
    sent_at: datetime,
    overall: int | None,
    service_type: ServiceType = ServiceType.RETURN,
    consumer_id: str = "c1",
    merchant_id: str | None = "m1",
) -> Survey:
    """One survey of a closed after-sales case; `overall=None` leaves it unanswered."""
    row = Survey(
        id=survey_id,
        subject_kind="aftersales_case",
        subject_id=f"subject_{survey_id}",
        service_type=service_type,
        questionnaire_version=1,
        consumer_id=consumer_id,
        merchant_id=merchant_id,
        agent_id=None,
        closed_at=sent_at - timedelta(hours=1),
        sent_at=sent_at,
        expires_at=expires_at(sent_at),
        answered_at=None if overall is None else sent_at + timedelta(hours=2),
        scores=None if overall is None else {"overall": overall},
        overall=overall,
    )
    session.add(row)
    return row
