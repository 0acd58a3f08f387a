"""Test data for chats: a consumer with a refund in progress, an elderly one, qualified and
unqualified agents, and the starter knowledge base (import as `chat_factories`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
import service_factories as sf
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.aftersales.models import (
    AftersalesCase,
    CaseKind,
    CaseReason,
    CaseStatus,
    CaseStepRow,
)
from pinzhi.domain.knowledge.seed import seed_knowledge
from pinzhi.domain.service.models import StaffPost
from pinzhi.store.uow import UnitOfWork

APPROVED_AT = datetime(2026, 11, 20, 1, 15, tzinfo=UTC)  # 09:15 China time
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
ELDER = Actor("usr_elder", Role.CONSUMER, consumer_id="c3")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
TRAINEE = Actor("usr_trainee", Role.SERVICE_AGENT)
REFUND_QUESTION = "我的退款什么时候到账"


def stock(uow: UnitOfWork, *, users: bool = True) -> None:
    """Knowledge base, consumer c3 (elderly), a refund on c1's order o1 approved at APPROVED_AT,
    staff s1 (qualified) and s2 (no pre-duty exam). Expects m1, c1, o1 to exist."""
    s = uow.session
    seed_knowledge(uow=uow, actor=Actor("usr_admin", Role.PLATFORM_ADMIN), now=APPROVED_AT)
    elder = f.consumer(s, "c3")
    elder.elderly = True
    f.order(s, "o9", consumer_id="c3")
    s.add(
        AftersalesCase(
            id="as1",
            order_id="o1",
            consumer_id="c1",
            merchant_id="m1",
            kind=CaseKind.RETURN_REFUND,
            reason=CaseReason.QUALITY,
            status=CaseStatus.APPROVED,
            requested_at=APPROVED_AT - timedelta(hours=5),
        )
    )
    s.flush()
    s.add(
        CaseStepRow(
            case_id="as1",
            occurred_at=APPROVED_AT,
            actor_id="usr_shop1",
            event="approve",
            from_state="requested",
            to_state="approved",
        )
    )
    sf.staff(s, "s1", post=StaffPost.AGENT)
    sf.staff(s, "s2", post=StaffPost.AGENT, qualified=False)
    if users:
        link(s, "agent", "s1", create=False)
        link(s, "trainee", "s2")
        f.user(s, "elder", role=Role.CONSUMER, consumer_id="c3")
    s.flush()


def link(s: Session, username: str, staff_id: str, *, create: bool = True) -> None:
    """Bind a service-agent user to a staff record (creating the user if asked)."""
    if create:
        f.user(s, username, role=Role.SERVICE_AGENT)
    user = s.get_one(User, f"usr_{username}")
    user.staff_id = staff_id
    s.flush()


def minimal_world(s: Session) -> None:
    """m1, consumers c1 and c2, order o1 of c1, the users buyer1 and agent."""
    f.merchant(s, "m1")
    f.consumer(s, "c1")
    f.consumer(s, "c2")
    f.order(s, "o1")
    f.user(s, "buyer1", role=Role.CONSUMER, consumer_id="c1")
    f.user(s, "agent", role=Role.SERVICE_AGENT)
