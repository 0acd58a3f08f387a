"""The published service standards (S2 4.2): what the platform promises, read from the rules
that enforce it — never a second copy of a number.

- delivery: the checkout promise is each order's own ship-by and estimated delivery time; the
  logistics rules say when a parcel counts as late, stuck or undeliverable (C9);
- returns: the no-reason window, the premium window, the exempt categories and fast refund from
  the after-sales return policy (S3 6.3.1.2, 6.3.2.1; S1 9.7.4); the 三包 warranty terms from
  the 三包 catalogue (S3 6.5.2);
- response times: the SLA policies in force (S1 9.2.2–9.2.3), including any newer version an
  administrator published, and the complaint response and resolution targets (S1 9.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pinzhi.domain.aftersales.returns import ReturnPolicy
from pinzhi.domain.aftersales.sanbao_catalogue import DEFAULT_CATALOGUE
from pinzhi.domain.logistics.anomaly_rules import FAILED_ATTEMPTS_LIMIT, StuckPolicy
from pinzhi.domain.service.complaints import DEFAULT_GRADING
from pinzhi.domain.service.sla import Measure, Statistic
from pinzhi.domain.sla.policies import current_policy
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class ResponseLimit:
    measure: Measure
    limit: timedelta
    statistic: Statistic
    calendar: str
    version: int


@dataclass(frozen=True)
class ComplaintTarget:
    urgency: str | None
    """None: the fast lane for quality and counterfeit complaints."""
    respond_within: timedelta
    resolve_within: timedelta


@dataclass(frozen=True)
class Warranty:
    category: str
    whole_unit_days: int
    main_part_days: int


@dataclass(frozen=True)
class ServiceStandards:
    stuck_after: timedelta
    failed_attempts_limit: int
    return_window_days: int
    premium_return_window_days: int
    exempt_categories: tuple[str, ...]
    fast_refund_cap_fen: int
    fast_refund_min_credit: str
    warranties: tuple[Warranty, ...]
    response_limits: tuple[ResponseLimit, ...]
    complaint_targets: tuple[ComplaintTarget, ...]
    complaint_fast_lane: ComplaintTarget


def service_standards(*, uow: UnitOfWork, now: datetime) -> ServiceStandards:
    """The standards as they stand at `now`; public, so no actor."""
    returns = ReturnPolicy()
    limits = []
    for measure in Measure:
        policy = current_policy(uow=uow, key=measure, now=now)
        limits.append(
            ResponseLimit(
                measure=measure,
                limit=timedelta(seconds=policy.limit_seconds),
                statistic=policy.statistic,
                calendar=policy.calendar,
                version=policy.version,
            )
        )
    grading = DEFAULT_GRADING
    return ServiceStandards(
        stuck_after=StuckPolicy().default,
        failed_attempts_limit=FAILED_ATTEMPTS_LIMIT,
        return_window_days=returns.window_days,
        premium_return_window_days=returns.premium_window_days,
        exempt_categories=tuple(sorted(returns.exempt_categories)),
        fast_refund_cap_fen=returns.fast_refund.cap_fen,
        fast_refund_min_credit=returns.fast_refund.min_credit_level.value,
        warranties=tuple(
            Warranty(entry.category, entry.whole_unit_warranty_days, entry.main_part_warranty_days)
            for entry in DEFAULT_CATALOGUE.values()
        ),
        response_limits=tuple(limits),
        complaint_targets=tuple(
            ComplaintTarget(urgency.value, targets.respond_within, targets.resolve_within)
            for urgency, targets in sorted(
                grading.targets.items(), key=lambda item: item[1].respond_within
            )
        ),
        complaint_fast_lane=ComplaintTarget(
            None,
            grading.fast_lane_targets.respond_within,
            grading.fast_lane_targets.resolve_within,
        ),
    )
