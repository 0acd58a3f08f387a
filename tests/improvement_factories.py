"""A small world for the improvement tests: 20 days of stored indicators and attainment, and a
few complaints, return requests and satisfaction surveys on the last days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
import sla_factories as sla
from attainment_factories import attainment_history
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.service.models import ComplaintStatus
from service_factories import imported_complaint
from survey_factories import survey

LAST_DAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
"""12:00 in Shanghai on the last day."""
ANALYST = Actor(user_id="u-analyst", role=Role.QUALITY_ANALYST)
ASSESSOR = Actor(user_id="u-assessor", role=Role.ASSESSOR)
AGENT = Actor(user_id="u-agent", role=Role.SERVICE_AGENT)


def improvement_world(session: Session) -> None:
    """m1 and m2, consumers c1/c2, orders o1–o3; 20 days of the platform's and m1's indicators;
    on the last day: two complaints against m1 (one resolved after 10 h), one return request;
    surveys: m1 four sent on the last day (5, 4, 2, unanswered), one the day before (3); m2 one
    on the last day (5)."""
    for merchant in ("m1", "m2"):
        f.merchant(session, merchant)
    for consumer in ("c1", "c2"):
        f.consumer(session, consumer)
    f.order(session, "o1", merchant_id="m1", consumer_id="c1")
    f.order(session, "o2", merchant_id="m1", consumer_id="c2")
    f.order(session, "o3", merchant_id="m2", consumer_id="c1")
    f.indicator_history(session, end=LAST_DAY, days=20)
    f.indicator_history(session, end=LAST_DAY, days=20, merchant_id="m1", seed=3)
    attainment_history(session, end=LAST_DAY)
    imported_complaint(
        session, "cp1", status=ComplaintStatus.RESOLVED, filed_at=NOON - timedelta(hours=2),
        resolved_after=timedelta(hours=10),
    )  # fmt: skip
    imported_complaint(session, "cp2", status=ComplaintStatus.OPEN, filed_at=NOON,
                       responded_after=None)  # fmt: skip
    sla.case(session, "as1", kind=CaseKind.RETURN_REFUND, requested_at=NOON)
    sla.case(session, "as2", kind=CaseKind.REFUND_BEFORE_SHIPMENT, requested_at=NOON)
    for n, overall in enumerate((5, 4, 2, None)):
        survey(session, f"sv{n}", sent_at=NOON + timedelta(minutes=n), overall=overall)
    survey(session, "sv_before", sent_at=NOON - timedelta(days=1), overall=3)
    survey(session, "sv_m2", sent_at=NOON, overall=5, consumer_id="c2", merchant_id="m2")
    session.flush()
