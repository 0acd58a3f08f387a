"""Test data for satisfaction: closed services of every kind, reviews, and the actors who answer,
triage and manage solutions (import as `satisfaction_factories`)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.feedback.models import Review
from pinzhi.domain.service.models import (
    Channel,
    ComplaintStatus,
    Sender,
    ServiceMessage,
    ServiceSession,
    StaffPost,
)
from pinzhi.interfaces.jobs.registry import Engines, RunContext

AS_OF = date(2026, 11, 10)
CLOSED_AT = datetime(2026, 11, 9, 3, 0, tzinfo=UTC)
RUN_AT = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)
SENT_AT = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)
"""The end of AS_OF in China time: when the run sends its surveys."""
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
OTHER_BUYER = Actor("usr_buyer2", Role.CONSUMER, consumer_id="c2")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
ANALYST = Actor("usr_analyst", Role.QUALITY_ANALYST)
ADMIN = Actor("usr_admin", Role.PLATFORM_ADMIN)
SHOP = Actor("usr_shop1", Role.MERCHANT, merchant_id="m1")
ALL_SCORES = {"overall": 5, "speed": 4, "attitude": 5, "resolution": 4}


def context(platform: Platform, *, as_of: date = AS_OF, now: datetime = RUN_AT) -> RunContext:
    """A run context for calling a step directly, with a fixed clock reading."""
    return RunContext(platform, "run_test", as_of, now, Engines(platform, "duckdb"), 1)


def world(session: Session) -> None:
    """Shops m1, m2; consumers c1, c2; orders o1 (m1, c1), o2 (m2, c2); agent staff s1."""
    for merchant in ("m1", "m2"):
        f.merchant(session, merchant)
    for consumer in ("c1", "c2"):
        f.consumer(session, consumer)
    f.order(session, "o1", merchant_id="m1", consumer_id="c1")
    f.order(session, "o2", merchant_id="m2", consumer_id="c2")
    sf.staff(session, "s1", post=StaffPost.AGENT)


def closed_case(
    session: Session,
    case_id: str,
    *,
    kind: CaseKind = CaseKind.RETURN_REFUND,
    order_id: str = "o1",
    consumer_id: str = "c1",
    merchant_id: str = "m1",
    status: CaseStatus = CaseStatus.REFUNDED,
    resolved_at: datetime | None = CLOSED_AT,
) -> AftersalesCase:
    row = AftersalesCase(
        id=case_id,
        order_id=order_id,
        consumer_id=consumer_id,
        merchant_id=merchant_id,
        kind=kind,
        reason=CaseReason.QUALITY,
        status=status,
        requested_at=CLOSED_AT - timedelta(days=3),
        resolved_at=resolved_at,
        requested_fen=12_900,
        refunded_fen=12_900 if status is CaseStatus.REFUNDED else 0,
    )
    session.add(row)
    session.flush()
    return row


def closed_complaint(session: Session, complaint_id: str, *, consumer_id: str = "c1") -> None:
    """A logistics complaint filed the day before CLOSED_AT and closed at CLOSED_AT."""
    sf.imported_complaint(
        session,
        complaint_id,
        status=ComplaintStatus.CLOSED,
        consumer_id=consumer_id,
        order_id="o1" if consumer_id == "c1" else "o2",
        merchant_id="m1" if consumer_id == "c1" else "m2",
        filed_at=CLOSED_AT - timedelta(days=1),
        resolved_after=timedelta(days=1),
    )


def ended_chat(
    session: Session,
    session_id: str,
    *,
    consumer_id: str = "c1",
    agent_id: str | None = "s1",
    says: str = "请问什么时候发货",
    handoff_reasons: tuple[str, ...] = (),
    ended_at: datetime | None = CLOSED_AT,
) -> ServiceSession:
    start = CLOSED_AT - timedelta(minutes=20)
    row = ServiceSession(
        id=session_id,
        consumer_id=consumer_id,
        merchant_id="m1",
        agent_id=agent_id,
        channel=Channel.ONLINE_CHAT,
        started_at=start,
        queued_at=start if handoff_reasons else None,
        agent_joined_at=start + timedelta(minutes=1) if agent_id else None,
        ended_at=ended_at,
    )
    session.add(row)
    session.flush()
    bodies = [(Sender.CONSUMER, says)]
    if handoff_reasons:
        note = {"event": "handoff", "reasons": list(handoff_reasons)}
        bodies.append((Sender.SYSTEM, json.dumps(note)))
    for seq, (sender, body) in enumerate(bodies, start=1):
        session.add(
            ServiceMessage(
                id=f"{session_id}_{seq}",
                session_id=session_id,
                seq=seq,
                sender=sender,
                sent_at=start + timedelta(seconds=seq),
                body=body,
            )
        )
    session.flush()
    return row


def review(
    session: Session, review_id: str, *, rating: int, body: str, order_id: str = "o1"
) -> Review:
    row = Review(
        id=review_id,
        order_id=order_id,
        consumer_id="c1",
        merchant_id="m1",
        rating=rating,
        body=body,
        created_at=CLOSED_AT,
    )
    session.add(row)
    session.flush()
    return row
