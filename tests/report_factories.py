"""A small platform for the quality report: two shops, orders in September 2026 (the period)
and August (the previous period), after-sales cases, complaints, satisfaction surveys, partners'
feedback, inbox items and improvement plans with known timestamps.

Every row is placed at local noon (04:00 UTC in Asia/Shanghai), so no day boundary is in doubt.
The raw rows are returned so tests recompute the report's figures from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

import factories as f
import service_factories as sf
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.improvement.models import ImprovementPlan, PlanEffect
from pinzhi.domain.improvement.rules import PdcaStage
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.satisfaction.models import InboxItem, PartnerFeedback, Solution, Survey
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus, RespondentKind, ServiceType
from pinzhi.domain.service.models import Complaint, ComplaintNature, ComplaintStatus
from survey_factories import survey

PERIOD = "2026-09"
SHOPS = {"m1": "甲品质旗舰店", "m2": "乙家电专营店"}
CONSUMER_NAME, CONSUMER_PHONE = "张伟", "13812345678"
PLAN_TITLE = f"{SHOPS['m1']}退款率改进"
"""A plan title naming a shop: the public edition must leave it out."""


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, tzinfo=UTC)


@dataclass
class World:
    orders: list[Order] = field(default_factory=list)
    cases: list[AftersalesCase] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)


def report_world(session: Session) -> World:
    world = World()
    for merchant_id, name in SHOPS.items():
        f.merchant(session, merchant_id, name=name)
    f.consumer(session)
    for n in range(10):  # September 1-10: m1 three orders a day, m2 one; every 3rd m1 cancelled
        day = date(2026, 9, 1 + n)
        for k, merchant_id in enumerate(("m1", "m1", "m1", "m2")):
            placed = f.order(session, f"s{n}_{k}", merchant_id=merchant_id, placed_at=noon(day))
            if merchant_id == "m1" and (3 * n + k) % 3 == 0:
                placed.status = OrderStatus.CANCELLED
                placed.cancelled_at = placed.placed_at + timedelta(hours=1)
            world.orders.append(placed)
    for n in range(5):  # August 20-24: two m1 orders a day
        for k in range(2):
            world.orders.append(
                f.order(session, f"a{n}_{k}", placed_at=noon(date(2026, 8, 20 + n)))
            )
    session.flush()
    _cases(session, world)
    _complaints(session, world)
    _satisfaction(session, world)
    _plans(session)
    session.flush()
    return world


def _cases(session: Session, world: World) -> None:
    september = [o for o in world.orders if o.id.startswith("s")]
    plan = [  # (kind, response after, resolved after, refunded)
        (CaseKind.REFUND_BEFORE_SHIPMENT, timedelta(minutes=30), timedelta(hours=2), 12_900),
        (CaseKind.REFUND_BEFORE_SHIPMENT, timedelta(hours=3), timedelta(hours=5), 12_900),
        (CaseKind.REFUND_BEFORE_SHIPMENT, timedelta(minutes=10), None, 0),
        (CaseKind.RETURN_REFUND, timedelta(hours=5), timedelta(hours=50), 12_900),
        (CaseKind.REPAIR, timedelta(hours=30), None, 0),
    ]
    for placed, (kind, response, resolved, refunded) in zip(september[1::3], plan, strict=False):
        requested = placed.placed_at + timedelta(hours=1)
        row = AftersalesCase(
            id=f"case_{placed.id}",
            order_id=placed.id,
            consumer_id=placed.consumer_id,
            merchant_id=placed.merchant_id,
            kind=kind,
            reason=CaseReason.QUALITY if kind is CaseKind.REPAIR else CaseReason.NO_REASON,
            status=CaseStatus.REFUNDED if refunded else CaseStatus.REQUESTED,
            requested_at=requested,
            first_response_at=requested + response,
            resolved_at=None if resolved is None else requested + resolved,
            requested_fen=12_900,
            refunded_fen=refunded,
        )
        session.add(row)
        world.cases.append(row)


def _complaints(session: Session, world: World) -> None:
    plan = [  # (day, merchant, nature, resolved after)
        (date(2026, 9, 2), "m1", ComplaintNature.QUALITY, timedelta(hours=24)),
        (date(2026, 9, 3), "m1", ComplaintNature.QUALITY, timedelta(hours=48)),
        (date(2026, 9, 4), "m1", ComplaintNature.LOGISTICS, timedelta(hours=12)),
        (date(2026, 9, 5), "m2", ComplaintNature.LOGISTICS, None),
        (date(2026, 9, 6), "m2", ComplaintNature.SERVICE, timedelta(hours=6)),
        (date(2026, 8, 25), "m1", ComplaintNature.PRICE, timedelta(hours=6)),
    ]
    for n, (day, merchant_id, nature, resolved) in enumerate(plan):
        row = sf.imported_complaint(
            session,
            f"cp{n}",
            status=ComplaintStatus.OPEN if resolved is None else ComplaintStatus.CLOSED,
            merchant_id=merchant_id,
            order_id=None,
            filed_at=noon(day),
            resolved_after=resolved,
        )
        row.nature = nature
        row.matter = f"{CONSUMER_NAME} 电话 {CONSUMER_PHONE}：商品质量差，物流太慢"
        world.complaints.append(row)


def _satisfaction(session: Session, world: World) -> None:
    """September: returns 5, 3, unanswered; refunds 4, 4. August: returns 5, 5. Partners rate
    the platform; the inbox gets logistics ×3 (no solution: a gap), quality ×2 (solved), one
    service item, and one logistics item in August."""
    plan = [  # (day, service type, overall)
        (date(2026, 9, 3), ServiceType.RETURN, 5),
        (date(2026, 9, 4), ServiceType.RETURN, 3),
        (date(2026, 9, 5), ServiceType.RETURN, None),
        (date(2026, 9, 6), ServiceType.REFUND, 4),
        (date(2026, 9, 7), ServiceType.REFUND, 4),
        (date(2026, 8, 21), ServiceType.RETURN, 5),
        (date(2026, 8, 22), ServiceType.RETURN, 5),
    ]
    for n, (day, service_type, overall) in enumerate(plan):
        world.surveys.append(
            survey(session, f"sv{n}", sent_at=noon(day), overall=overall,
                   service_type=service_type)
        )  # fmt: skip
    for n, (kind, respondent, score) in enumerate(
        [(RespondentKind.MERCHANT, "m1", 4), (RespondentKind.LOGISTICS_PROVIDER, "lp1", 2)]
    ):
        session.add(
            PartnerFeedback(
                id=f"pf{n}", respondent_kind=kind, respondent_id=respondent, score=score,
                given_at=noon(date(2026, 9, 8)), given_by="usr_analyst",
            )
        )  # fmt: skip
    session.add(
        Solution(
            id="sol1", problem="质量问题", cause="来料", steps=["换货"], theme="quality",
            updated_at=noon(date(2026, 8, 1)), updated_by="usr_analyst",
        )
    )  # fmt: skip
    items = [("logistics", 9, 2), ("logistics", 9, 3), ("logistics", 9, 4), ("quality", 9, 5),
             ("quality", 9, 6), ("service", 9, 7), ("logistics", 8, 26)]  # fmt: skip
    for n, (theme, month, month_day) in enumerate(items):
        session.add(
            InboxItem(
                id=f"in{n}", channel=InboxChannel.COMPLAINT, source_id=f"src{n}",
                subject_kind="complaint", subject_id=f"src{n}", merchant_id="m1", theme=theme,
                excerpt=f"{CONSUMER_NAME} {CONSUMER_PHONE}", status=InboxStatus.NEW,
                received_at=noon(date(2026, month, month_day)),
            )
        )  # fmt: skip


def _plans(session: Session) -> None:
    """m1's refund-rate plan opened and closed in September with a checked effect; the
    platform's complaint-rate plan opened in September, still in Do; an August plan left open
    (neither opened nor closed in the period)."""
    plans = [  # (id, indicator, subject, stage, opened, closed)
        ("pl1", "refund_rate", "m1", PdcaStage.CLOSED, date(2026, 9, 2), date(2026, 9, 20)),
        ("pl2", "complaint_rate", "*", PdcaStage.DO, date(2026, 9, 10), None),
        ("pl3", "return_rate", "*", PdcaStage.PLAN, date(2026, 8, 3), None),
    ]
    for plan_id, indicator, subject, stage, opened, closed in plans:
        session.add(
            ImprovementPlan(
                id=plan_id, indicator=indicator, subject=subject,
                open_key=None if closed else f"{indicator}|{subject}", stage=stage, cycle=1,
                title=PLAN_TITLE if plan_id == "pl1" else "改进", goal_value=0.05,
                goal_date=date(2026, 12, 31), due_date=date(2026, 12, 31), measures=[],
                whys=[], fishbone={}, opening_value=0.09, opening_day=opened,
                opened_by="usr_analyst", opened_at=noon(opened),
                updated_at=noon(closed or opened), closed_at=noon(closed) if closed else None,
            )
        )  # fmt: skip
    session.flush()
    session.add(
        PlanEffect(
            id="ef1", plan_id="pl1", cycle=1, stage=PdcaStage.CHECK, day=date(2026, 9, 18),
            value=0.06, note="", recorded_by="usr_analyst", recorded_at=noon(date(2026, 9, 18)),
        )
    )  # fmt: skip
