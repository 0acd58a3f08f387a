"""One of everything the console shows, made through the real operations where they exist: a
user per role, orders with lines, an after-sales case, a complaint, a chat waiting for a person,
logistics anomalies (and their notices), grades, product grades, a trend report, a warning with
measures, indicators and attainment figures, an improvement plan with its root cause, the
starter platform documents (one change out for comment), satisfaction surveys (one answered,
one waiting), a shop's rating of the platform, feedback inbox items and a solution. Used by the
whole-console browser audits (accessibility, languages, elderly mode); import as
`showcase_factories`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import attainment_factories as af
import factories as f
import logistics_factories as lf
import oversight_factories as of
import sla_factories as slaf
from pinzhi import bootstrap
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.aftersales import case_operations
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.grading.grading_config import Tier
from pinzhi.domain.grading.operations import GradeRecord, replace_merchant_grades
from pinzhi.domain.improvement import operations as improvement
from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.insight.models import PLATFORM_SCOPE
from pinzhi.domain.insight.operations import replace_trend_reports
from pinzhi.domain.logistics.anomalies import detect_anomalies
from pinzhi.domain.logistics.models import TrackingNode
from pinzhi.domain.orders.models import OrderStatus
from pinzhi.domain.products_quality.operations import store_product_grades
from pinzhi.domain.products_quality.product_grade import ProductFacts, grade_product
from pinzhi.domain.publications import queries as publications
from pinzhi.domain.publications.seed import seed_default_documents
from pinzhi.domain.satisfaction import inbox, inbox_queries, surveys
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.domain.satisfaction.rules import (
    InboxChannel,
    RespondentKind,
    ServiceType,
    SubjectKind,
    Theme,
)
from pinzhi.domain.service import chat, complaint_operations
from pinzhi.domain.service.models import Channel, ComplaintNature
from pinzhi.domain.sla.worker import worker_pass
from pinzhi.store.uow import UnitOfWork

USERS: dict[Role, str] = {
    Role.CONSUMER: "buyer1",
    Role.MERCHANT: "shop1",
    Role.SERVICE_AGENT: "agent",
    Role.MEDIATOR: "mediator",
    Role.QUALITY_ANALYST: "analyst",
    Role.PLATFORM_ADMIN: "admin",
    Role.ASSESSOR: "assessor",
}
"""The user who signs in for each role; buyer1 is consumer c1, shop1 runs merchant m1."""
BUYER = Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1")
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)
ANALYST = Actor("usr_analyst", Role.QUALITY_ANALYST)
SHOP = Actor("usr_shop1", Role.MERCHANT, merchant_id="m1")
CHANGED_DOCUMENT = "trading-rules"
"""The starter document whose change is out for comment."""


def seed_everything(platform: bootstrap.Platform, *, now: datetime) -> dict[str, str]:
    """Seed one of everything; returns the ids that fill the pages' path parameters."""
    _people_and_orders(platform, now=now)
    ids = {"merchant_id": "m1", "shipment_id": "s1"}
    with platform.uow() as uow:
        request = CaseRequest(
            "o1", CaseKind.RETURN_REFUND, CaseReason.NO_REASON, "i_o1", note="屏幕有划痕"
        )
        ids["case_id"] = case_operations.open_case(uow=uow, actor=BUYER, request=request, now=now)
        filed = complaint_operations.file_complaint(
            uow=uow, actor=BUYER, now=now, channel=Channel.ONLINE_CHAT,
            nature=ComplaintNature.QUALITY, matter="收到的手机屏幕有划痕，商家拒绝退货",
            contact="13812345678", order_id="o1", merchant_id="m1",
        )  # fmt: skip
        ids["complaint_id"] = filed.summary.id
        started = chat.start_chat(uow=uow, actor=BUYER, now=now, order_id="o2")
        chat.post_consumer_message(
            uow=uow, actor=BUYER, now=now, session_id=started.id, body="我的退款什么时候到账"
        )
        chat.hand_off(
            uow=uow, actor=BUYER, now=now, session_id=started.id,
            handoff=chat.Handoff(("angry",), intent="refund_progress"),
        )  # fmt: skip
        ids["session_id"] = started.id
        _parcels(uow.session, now=now)
        detect_anomalies(uow=uow, now=now)
        uow.commit()
    _grades(platform, day=now.date() - timedelta(days=1))
    of.seed_oversight(platform)
    worker_pass(uow_factory=platform.uow, now=now)
    ids |= _plan_and_documents(platform, now=now)
    _satisfaction(platform, now=now, case_id=ids["case_id"], session_id=ids["session_id"])
    return ids


def _plan_and_documents(platform: bootstrap.Platform, *, now: datetime) -> dict[str, str]:
    """A platform improvement plan with a root cause; the starter documents, with the version
    of the change out for comment."""
    with platform.uow() as uow:
        plan = improvement.open_plan(
            uow=uow, actor=ANALYST, now=now, indicator_id="refund_rate", subject=PLATFORM,
            opening_value=0.06, opening_day=now.date() - timedelta(days=1), goal_value=0.05,
        )  # fmt: skip
        assert plan is not None
        improvement.record_root_cause(
            uow=uow, actor=ANALYST, now=now, plan_id=plan.id,
            whys=["退款审核慢", "审核人手不足"], fishbone={"people": ["审核人手不足"]},
        )  # fmt: skip
        seed_default_documents(uow=uow, now=now)
        changed = publications.get_document(uow=uow, slug=CHANGED_DOCUMENT, now=now)
        uow.commit()
    return {"plan_id": plan.id, "slug": CHANGED_DOCUMENT, "version_id": changed.upcoming[0].id}


def _satisfaction(
    platform: bootstrap.Platform, *, now: datetime, case_id: str, session_id: str
) -> None:
    """Surveys for the case (answered, unhappy) and the chat (waiting for c1); m1's rating of the
    platform; the answered survey and a low review filed in the inbox, one triaged; a solution."""
    closed = now - timedelta(hours=2)
    subjects = [
        surveys.SurveySubject(
            SubjectKind.AFTERSALES_CASE, case_id, ServiceType.RETURN, "c1", "m1", None, closed
        ),
        surveys.SurveySubject(SubjectKind.CHAT, session_id, ServiceType.CONSULTATION, "c1", "m1",
                              "s1", closed),
    ]  # fmt: skip
    with platform.uow() as uow:
        surveys.send_surveys(uow=uow, now=closed, subjects=subjects)
        answered = surveys.answer_survey(
            uow=uow, actor=BUYER, now=now - timedelta(hours=1), survey_id=_survey_of(uow, case_id),
            scores={"overall": 2, "speed": 2, "attitude": 4, "resolution": 2, "pickup": 1},
            comment="取件员迟到两天", sentiment=0.1,
        )  # fmt: skip
        surveys.give_platform_feedback(
            uow=uow, actor=SHOP, now=now, respondent_kind=RespondentKind.MERCHANT,
            respondent_id=None, score=3, comment="结算周期太长",
        )  # fmt: skip
        inbox.feed_inbox(
            uow=uow,
            items=[
                inbox.Incoming(InboxChannel.SURVEY, answered.id, "aftersales_case", case_id, "m1",
                               Theme.LOGISTICS, 0.1, "取件员迟到两天", now),
                inbox.Incoming(InboxChannel.REVIEW, "r_showcase", "order", "o2", "m1",
                               Theme.QUALITY, 0.05, "用了三天就坏了", now),
            ],
        )  # fmt: skip
        review = inbox_queries.list_inbox(uow=uow, actor=AGENT, channel=InboxChannel.REVIEW)[0]
        inbox.triage_item(uow=uow, actor=AGENT, now=now, item_id=review.id, assignee_id="usr_agent")
        inbox.save_solution(
            uow=uow, actor=ANALYST, now=now,
            draft=inbox.SolutionDraft(
                problem="上门取件迟到", cause="快递网点人手不足",
                steps=("联系快递网点改约时间", "超过一天未取件时改为自行寄回并补偿运费"),
                theme=Theme.LOGISTICS, category="家电",
            ),
        )  # fmt: skip
        uow.commit()


def _survey_of(uow: UnitOfWork, subject_id: str) -> str:
    return uow.session.scalars(select(Survey.id).where(Survey.subject_id == subject_id)).one()


def _people_and_orders(platform: bootstrap.Platform, *, now: datetime) -> None:
    with platform.uow() as uow:
        s = uow.session
        f.merchant(s, "m1")
        f.merchant(s, "m2", name="新开小店")
        f.consumer(s, "c1")
        for role, username in USERS.items():
            binding = {Role.MERCHANT: {"merchant_id": "m1"}, Role.CONSUMER: {"consumer_id": "c1"}}
            f.user(s, username, role=role, **binding.get(role, {}))  # type: ignore[arg-type]
        slaf.staff(s, "s1")
        s.get_one(User, "usr_agent").staff_id = "s1"  # the agent may take chats
        for n in range(1, 4):
            order = f.order(s, f"o{n}", placed_at=now - timedelta(days=6 - n))
            order.status = OrderStatus.DELIVERED
            order.shipped_at = now - timedelta(days=4 - n)
            order.delivered_at = now - timedelta(days=3 - n)
            f.order_line(s, f"o{n}")
        f.indicator_history(s, end=now.date() - timedelta(days=1), days=30)
        f.indicator_history(s, end=now.date() - timedelta(days=1), days=30, merchant_id="m1")
        af.attainment_history(s, end=now.date() - timedelta(days=1))
        uow.commit()


def _parcels(s: Session, *, now: datetime) -> None:
    """Parcel s1 of o3 damaged and then stuck: two open anomalies and their notices."""
    shipped = now - timedelta(days=4)
    lf.shipment(s, "s1", order_id="o3", shipped_at=shipped)
    lf.scan(
        s, "e1", shipment_id="s1", node=TrackingNode.PICKED_UP, at=shipped, location="深圳营业部"
    )
    lf.scan(
        s, "e2", shipment_id="s1", node=TrackingNode.EXCEPTION, at=shipped + timedelta(hours=8),
        note="外包装破损",
    )  # fmt: skip


def _grades(platform: bootstrap.Platform, *, day: date) -> None:
    """m1 graded over three days (B, B, A) with one measure explained; m2 graded D; a trend
    report for the platform and a brief for m1."""
    measures = {
        "counts": {"orders": 80, "delivered_late": 6},
        "scores": [
            {"measure": "late_delivery_rate", "dimension": "operations", "raw": "0.075",
             "score": "25.00", "weight": "0.0525", "peer_percentile": "20.0"},
        ],
        "improvements": [
            {"measure": "late_delivery_rate", "current": "0.075", "target": "0.03",
             "points": "3.10", "text": "late delivery rate from 7.5 % to 3 % adds 3.10 points"},
        ],
        "offences": [],
    }  # fmt: skip
    with platform.uow() as uow:
        for back, (total, tier) in enumerate(((8150, Tier.A), (7900, Tier.B), (7000, Tier.B))):
            replace_merchant_grades(
                uow=uow, run_id=f"run{back}", as_of=day - timedelta(days=back),
                grades=[
                    GradeRecord("m1", 80, total, tier, {"operations": "71.20"}, measures,
                                f"tier {tier.value}"),
                    GradeRecord("m2", 50, 4000, Tier.D, {"operations": "30.00"}, measures,
                                "tier D"),
                ],
            )  # fmt: skip
        products = [_product("p_o1", key_category=False), _product("p_o2", key_category=True)]
        store_product_grades(
            uow=uow, run_id="run0", as_of=day, decided_at=datetime.combine(day, time(), UTC),
            graded=[(facts, grade_product(facts)) for facts in products],
        )  # fmt: skip
        replace_trend_reports(
            uow=uow, run_id="run0", as_of=day,
            reports={
                PLATFORM_SCOPE: {
                    "as_of": day.isoformat(), "days": 30,
                    "rising_categories": [{"name": "家电", "recent": 60, "previous": 40,
                                           "change": 0.5, "category": None}],
                    "falling_categories": [], "rising_attributes": [], "falling_attributes": [],
                    "price_shifts": [{"category": "家电", "band": "100-200",
                                      "recent_share": 0.5, "previous_share": 0.25}],
                    "complaint_themes": {"家电": [{"source": "complaint", "theme": "quality",
                                                   "count": 3}]},
                    "demand_gaps": [{"phrase": "静音", "mentions": 5}], "notes": [],
                },
                "m1": {
                    "merchant_id": "m1", "as_of": day.isoformat(), "days": 30,
                    "categories": {"家电": {"recent": 30, "previous": 20}},
                    "actions": [
                        {"kind": "grow_category", "category": "家电", "change": 0.5},
                        {"kind": "fill_gap", "phrase": "静音", "mentions": 5},
                    ],
                },
            },
        )  # fmt: skip
        uow.commit()


def _product(product_id: str, *, key_category: bool) -> ProductFacts:
    """A product of m1; one in a key category whose latest inspection failed."""
    failed = 1 if key_category else 0
    return ProductFacts(
        product_id=product_id, merchant_id="m1", category="家电", key_category=key_category,
        description_length=300, photo_count=5, attribute_count=8, branded=False,
        brand_authorised=False, certifications=0, inspections_passed=0,
        inspections_failed=failed, latest_inspection_failed=bool(failed), units=40,
        returned_units=1, cases=1, quality_cases=0, complaints=0, quality_complaints=0,
        reviews=10, rating_sum=48, quality_praise_rate=0.3,
    )  # fmt: skip
