"""Return, refund and the premium channel: what a consumer may ask for on an order line and why.

Clauses: 7-day no-reason return that a merchant may not obstruct (S3 6.3.1.2); refund before
shipment approved and paid back at once (未发货秒退, S3 6.3.2.2); the platform advancing the refund
to consumers of good credit (极速退款, S3 6.3.2.1); the premium-goods channel with door pickup,
quick review, fast refund, longer windows and exchange in place of repair (S1 9.7.3–9.7.4).
Pure: `now` and the policy are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pinzhi.domain.aftersales.models import CaseKind

# The credit band is the customers package's enum; a value import, no table is touched.
from pinzhi.domain.customers.models import CreditLevel

# The categories the consumer-protection law takes out of the no-reason return (category codes).
DEFAULT_EXEMPT_CATEGORIES: frozenset[str] = frozenset(
    {
        "custom_made",  # made to the buyer's order
        "fresh_perishable",  # fresh, live or quickly spoiling goods
        "digital_download",  # downloaded digital content
        "opened_media_software",  # audio-visual products or software once unsealed
        "newspapers_periodicals",  # newspapers and magazines already delivered
    }
)

# Best first; a policy's minimum band admits itself and every band before it.
CREDIT_ORDER: tuple[CreditLevel, ...] = (
    CreditLevel.EXCELLENT,
    CreditLevel.GOOD,
    CreditLevel.FAIR,
    CreditLevel.POOR,
)


@dataclass(frozen=True)
class Reason:
    """One line of the explanation shown to the consumer, with the clause it rests on."""

    clause: str
    text: str


@dataclass(frozen=True)
class FastRefundPolicy:
    """极速退款 eligibility (S3 6.3.2.1). Default: good credit or better, up to 2,000 yuan."""

    min_credit_level: CreditLevel = CreditLevel.GOOD
    cap_fen: int = 200_000


@dataclass(frozen=True)
class ReturnPolicy:
    """Platform configuration of the return rules; the defaults are the statutory minimum."""

    window_days: int = 7  # S3 6.3.1.2
    premium_window_days: int = 15  # S1 9.7.4: a longer window for premium goods
    exempt_categories: frozenset[str] = DEFAULT_EXEMPT_CATEGORIES
    fast_refund: FastRefundPolicy = field(default_factory=FastRefundPolicy)


@dataclass(frozen=True)
class OrderLine:
    """The facts of one order line the return rules need."""

    category: str
    paid_fen: int
    premium: bool = False
    shipped_at: datetime | None = None
    received_at: datetime | None = None
    merchant_fast_refund: bool = False  # the merchant opted in to 极速退款
    merchant_no_returns: bool = False  # a "no returns" label; void for non-exempt goods


@dataclass(frozen=True)
class Entitlement:
    """What the consumer may choose, with the reasons; read by the request page."""

    choices: frozenset[CaseKind]
    reasons: tuple[Reason, ...]
    auto_approve: bool = False
    fast_refund: bool = False
    free_pickup: bool = False
    priority: bool = False
    return_deadline: datetime | None = None


def fast_refund_allowed(
    *,
    credit_level: CreditLevel,
    amount_fen: int,
    merchant_opted_in: bool,
    premium: bool = False,
    policy: FastRefundPolicy | None = None,
) -> tuple[bool, Reason]:
    """Whether the platform advances the refund on return shipment (S3 6.3.2.1, S1 9.7.3).

    Premium goods get it without the merchant opting in; credit band and cap still apply.
    """
    policy = policy or FastRefundPolicy()
    if CREDIT_ORDER.index(credit_level) > CREDIT_ORDER.index(policy.min_credit_level):
        return False, Reason("S3 6.3.2.1", "credit band below the fast-refund threshold")
    if amount_fen > policy.cap_fen:
        return False, Reason("S3 6.3.2.1", "amount above the fast-refund cap")
    if premium:
        return True, Reason("S1 9.7.3", "premium goods: the platform advances the refund")
    if not merchant_opted_in:
        return False, Reason("S3 6.3.2.1", "the merchant does not offer fast refund")
    return True, Reason("S3 6.3.2.1", "good credit: the platform advances the refund")


def refund_before_shipment() -> Entitlement:
    """Not yet shipped: approve at once and pay back by the original route (S3 6.3.2.2)."""
    reason = Reason("S3 6.3.2.2", "not yet shipped: refund approved automatically and at once")
    return Entitlement(
        choices=frozenset({CaseKind.REFUND_BEFORE_SHIPMENT}), reasons=(reason,), auto_approve=True
    )


def return_entitlement(
    *,
    line: OrderLine,
    credit_level: CreditLevel,
    now: datetime,
    policy: ReturnPolicy | None = None,
) -> Entitlement:
    """The no-reason return entitlement of an order line at `now` (S3 6.3.1.2; S1 9.7.3–9.7.4).

    The window runs from the receipt time for `window_days` (premium: `premium_window_days`),
    its last instant included. A merchant's "no returns" label is ignored for goods outside the
    exempt categories: the rule reports it rather than letting it remove the right.
    """
    policy = policy or ReturnPolicy()
    if line.shipped_at is None:
        return refund_before_shipment()
    if line.received_at is None:
        waiting = Reason("S3 6.3.1.2", "the no-reason window starts when the goods are received")
        return Entitlement(choices=frozenset(), reasons=(waiting,))
    if line.category in policy.exempt_categories:
        exempt = Reason("S3 6.3.1.2", f"category {line.category!r} is exempt from no-reason return")
        return Entitlement(choices=frozenset(), reasons=(exempt,))
    days = policy.premium_window_days if line.premium else policy.window_days
    deadline = line.received_at + timedelta(days=days)
    if now > deadline:
        late = Reason("S3 6.3.1.2", f"the {days}-day no-reason window has passed")
        return Entitlement(choices=frozenset(), reasons=(late,), return_deadline=deadline)
    return _open_window(
        line=line, credit_level=credit_level, days=days, deadline=deadline, policy=policy
    )


def _open_window(
    *,
    line: OrderLine,
    credit_level: CreditLevel,
    days: int,
    deadline: datetime,
    policy: ReturnPolicy,
) -> Entitlement:
    reasons = [Reason("S3 6.3.1.2", f"within {days} days of receipt: return without a reason")]
    if line.merchant_no_returns:
        reasons.append(Reason("S3 6.3.1.2", "the merchant's no-returns label does not apply"))
    choices = {CaseKind.RETURN_REFUND}
    if line.premium:
        choices.add(CaseKind.EXCHANGE)
        reasons.append(Reason("S1 9.7.3", "premium goods: free door pickup and quick review"))
        reasons.append(Reason("S1 9.7.4", "premium goods: priority handling, exchange offered"))
    fast, why = fast_refund_allowed(
        credit_level=credit_level,
        amount_fen=line.paid_fen,
        merchant_opted_in=line.merchant_fast_refund,
        premium=line.premium,
        policy=policy.fast_refund,
    )
    reasons.append(why)
    return Entitlement(
        choices=frozenset(choices),
        reasons=tuple(reasons),
        fast_refund=fast,
        free_pickup=line.premium,
        priority=line.premium,
        return_deadline=deadline,
    )
