"""价保 (price protection): the difference owed when a protected SKU gets cheaper (S3 6.8).

The window opens at payment and lasts the product's `price_protection_days`. Only price points
that take effect after payment and inside the window count; the lowest of them is compared with
the unit price actually paid (after discounts). The formula is deterministic (S3 6.8.2), so the
consumer's claim (S3 6.8.1) and the platform's automatic scan give the same amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pinzhi.domain.aftersales.returns import Reason

# The price kinds are the catalog package's enum; a value import, no table is touched.
from pinzhi.domain.catalog.models import PriceKind

CLAUSE = "S3 6.8"


@dataclass(frozen=True)
class PriceProtectionPolicy:
    """Scope of 价保. By default a price reachable only with a coupon is not a drop."""

    coupon_drops_count: bool = False


@dataclass(frozen=True)
class PriceObservation:
    """A SKU's price from `effective_at` on, as in the catalog's price history."""

    price_fen: int
    kind: PriceKind
    effective_at: datetime


@dataclass(frozen=True)
class ProtectedPurchase:
    """An order line of a product with price protection."""

    order_id: str
    sku_id: str
    unit_paid_fen: int  # paid per unit after every discount
    quantity: int
    paid_at: datetime
    protection_days: int
    already_paid_fen: int = 0  # earlier 价保 payouts on this line
    refunded: bool = False


@dataclass(frozen=True)
class PriceProtectionQuote:
    """What is owed on a purchase as of a moment, and whether the consumer may still claim."""

    due_fen: int
    claimable: bool
    lowest_price_fen: int | None
    window_ends_at: datetime
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Payout:
    order_id: str
    sku_id: str
    amount_fen: int
    lowest_price_fen: int


def window_ends_at(purchase: ProtectedPurchase) -> datetime:
    """The last instant of protection: payment time plus the protection days."""
    return purchase.paid_at + timedelta(days=purchase.protection_days)


def lowest_eligible_price(
    *,
    purchase: ProtectedPurchase,
    history: Sequence[PriceObservation],
    as_of: datetime,
    policy: PriceProtectionPolicy,
) -> int | None:
    """Lowest price taking effect after payment, up to `as_of` and inside the window."""
    until = min(as_of, window_ends_at(purchase))
    prices = [
        p.price_fen
        for p in history
        if purchase.paid_at < p.effective_at <= until
        and (policy.coupon_drops_count or p.kind is not PriceKind.COUPON)
    ]
    return min(prices, default=None)


def price_protection_quote(
    *,
    purchase: ProtectedPurchase,
    history: Sequence[PriceObservation],
    as_of: datetime,
    policy: PriceProtectionPolicy | None = None,
) -> PriceProtectionQuote:
    """The difference owed: (paid unit price − lowest eligible price) × quantity (S3 6.8).

    Never negative, never more than was paid, less what earlier payouts already returned.
    Claimable while `as_of` is inside the window and something is owed.
    """
    policy = policy or PriceProtectionPolicy()
    ends = window_ends_at(purchase)
    if purchase.protection_days <= 0 or purchase.refunded:
        why = "the product carries no price protection" if not purchase.refunded else "refunded"
        return PriceProtectionQuote(0, False, None, ends, (Reason(CLAUSE, why),))
    lowest = lowest_eligible_price(purchase=purchase, history=history, as_of=as_of, policy=policy)
    gap = 0 if lowest is None else max(0, purchase.unit_paid_fen - lowest)
    total = min(gap * purchase.quantity, purchase.unit_paid_fen * purchase.quantity)
    due = max(0, total - purchase.already_paid_fen)
    in_window = as_of <= ends
    reasons = [Reason(CLAUSE, _explain(due=due, lowest=lowest, in_window=in_window))]
    return PriceProtectionQuote(due, in_window and due > 0, lowest, ends, tuple(reasons))


def scan_price_drops(
    *,
    purchases: Iterable[ProtectedPurchase],
    history: Mapping[str, Sequence[PriceObservation]],
    as_of: datetime,
    policy: PriceProtectionPolicy | None = None,
) -> list[Payout]:
    """Automatic 价保: every purchase owed a difference as of `as_of`, ordered by order and SKU.

    A drop that happened inside the window is paid even if the scan runs after the window closed:
    the platform, not the consumer, was late.
    """
    payouts = []
    for purchase in purchases:
        quote = price_protection_quote(
            purchase=purchase, history=history.get(purchase.sku_id, ()), as_of=as_of, policy=policy
        )
        if quote.due_fen > 0 and quote.lowest_price_fen is not None:
            payouts.append(
                Payout(purchase.order_id, purchase.sku_id, quote.due_fen, quote.lowest_price_fen)
            )
    return sorted(payouts, key=lambda p: (p.order_id, p.sku_id))


def price_protection_clawback(*, paid_out_fen: int, quantity: int, refunded_quantity: int) -> int:
    """What a later refund takes back of the 价保 paid: the refunded units' share, all if all.

    Rounded down per share so that partial refunds never take back more than was paid out.
    """
    refunded = max(0, min(refunded_quantity, quantity))
    if quantity <= 0 or refunded == 0:
        return 0
    return paid_out_fen * refunded // quantity


def _explain(*, due: int, lowest: int | None, in_window: bool) -> str:
    if lowest is None:
        return "no lower price within the protection window"
    if due == 0:
        return "the lower price does not beat the amount paid, or it was already paid"
    if not in_window:
        return "a lower price within the window; the claim period has ended"
    return "a lower price within the window: the difference is owed"
