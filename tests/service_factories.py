"""Test data for complaints and service staff: qualified and unqualified agents, a small world.

Shared by the domain, API and console tests of complaints and staff gating (import as
`service_factories`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.service.models import (
    Channel,
    Complaint,
    ComplaintNature,
    ComplaintStatus,
    Staff,
    StaffExam,
    StaffPost,
    StaffTraining,
    TrainingKind,
    Urgency,
)

T0 = f.T0


def staff(
    session: Session,
    staff_id: str,
    *,
    post: StaffPost = StaffPost.COMPLAINT_HANDLER,
    hired_at: datetime = T0 - timedelta(days=800),
    prior_experience_months: int = 0,
    qualified: bool = True,
    active: bool = True,
) -> Staff:
    """A staff member; `qualified` adds a completed pre-duty training and a passed exam."""
    row = Staff(
        id=staff_id,
        name="李娜",
        post=post,
        hired_at=hired_at,
        prior_experience_months=prior_experience_months,
        quality_service=False,
        active=active,
    )
    session.add(row)
    session.flush()
    if qualified:
        training(session, staff_id, TrainingKind.PRE_DUTY, hired_at + timedelta(days=3))
        exam(session, staff_id, TrainingKind.PRE_DUTY, hired_at + timedelta(days=4), score=88)
    return row


def training(
    session: Session, staff_id: str, kind: TrainingKind, completed_at: datetime, *, n: int = 0
) -> StaffTraining:
    row = StaffTraining(
        id=f"trn_{staff_id}_{kind.value}_{n}_{completed_at:%Y%m%d%H%M}",
        staff_id=staff_id,
        kind=kind,
        topic="服务规范" if kind is TrainingKind.REFRESHER else "岗前培训",
        completed_at=completed_at,
        minutes=120,
    )
    session.add(row)
    session.flush()
    return row


def exam(
    session: Session, staff_id: str, kind: TrainingKind, taken_at: datetime, *, score: int
) -> StaffExam:
    row = StaffExam(
        id=f"exm_{staff_id}_{kind.value}_{taken_at:%Y%m%d%H%M}",
        staff_id=staff_id,
        kind=kind,
        score=score,
        pass_mark=60,
        passed=score >= 60,
        taken_at=taken_at,
    )
    session.add(row)
    session.flush()
    return row


def imported_complaint(
    session: Session,
    complaint_id: str,
    *,
    status: ComplaintStatus,
    consumer_id: str = "c1",
    merchant_id: str | None = "m1",
    order_id: str | None = "o1",
    filed_at: datetime = T0,
    responded_after: timedelta | None = timedelta(hours=2),
    promised_after: timedelta | None = None,
    resolved_after: timedelta | None = None,
) -> Complaint:
    """A complaint as the importer stores it: coarse status and timestamps, no handling row."""
    row = Complaint(
        id=complaint_id,
        consumer_id=consumer_id,
        merchant_id=merchant_id,
        order_id=order_id,
        channel=Channel.PHONE,
        nature=ComplaintNature.LOGISTICS,
        urgency=Urgency.NORMAL,
        status=status,
        filed_at=filed_at,
        responded_at=filed_at + responded_after if responded_after is not None else None,
        promised_by=filed_at + promised_after if promised_after is not None else None,
        resolved_at=filed_at + resolved_after if resolved_after is not None else None,
        upheld=None,
        matter="快递一周未更新物流信息",
        result="已联系快递补发" if resolved_after is not None else None,
    )
    session.add(row)
    session.flush()
    return row


def complaint_world(session: Session) -> None:
    """Shops m1, m2; consumers c1, c2; orders o1 (m1, c1), o2 (m2, c2); users for every party;
    staff STF_H (handler), STF_M (mediator), STF_N (new, untrained)."""
    for merchant in ("m1", "m2"):
        f.merchant(session, merchant)
    for consumer in ("c1", "c2"):
        f.consumer(session, consumer)
    f.order(session, "o1", merchant_id="m1", consumer_id="c1", paid_fen=12_900)
    f.order(session, "o2", merchant_id="m2", consumer_id="c2")
    f.user(session, "agent", role=Role.SERVICE_AGENT)
    f.user(session, "admin", role=Role.PLATFORM_ADMIN)
    f.user(session, "shop1", role=Role.MERCHANT, merchant_id="m1")
    f.user(session, "shop2", role=Role.MERCHANT, merchant_id="m2")
    f.user(session, "buyer1", role=Role.CONSUMER, consumer_id="c1")
    complaint_staff(session)


def complaint_staff(session: Session) -> None:
    """A mediator user and staff STF_H (handler), STF_M (mediator), STF_N (new, untrained)."""
    f.user(session, "mediator", role=Role.MEDIATOR)
    staff(session, "STF_H")
    staff(session, "STF_M", post=StaffPost.MEDIATOR)
    staff(session, "STF_N", post=StaffPost.AGENT, hired_at=T0 - timedelta(days=10), qualified=False)
