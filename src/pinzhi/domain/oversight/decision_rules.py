"""Decisions about merchants, each with its reason (S1 6.2 incentives, 6.3 training, 6.4 key
control): pure rules from a merchant's grade, confirmed offences and fake-order warnings.

- Incentives for top tiers: commission reduction (S: 20 %, A: 10 %) and financing eligibility
  (S and A) — never for a merchant under key control.
- Training for tiers C and D, in the weakest dimension of the grade.
- Key control for each offence — counterfeit, fake orders, false advertising, unsafe goods —
  proved by a confirmed violation, or for fake orders also by today's fake-order warning, with
  the restrictions that offence calls for.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from pinzhi.domain.oversight.models import MeasureKind

COMMISSION_REDUCTION = {"S": Decimal("0.20"), "A": Decimal("0.10")}
FINANCING_TIERS = frozenset({"S", "A"})
TRAINING_TIERS = frozenset({"C", "D"})
OFFENCES = ("counterfeit", "fake_orders", "false_advertising", "unsafe_goods")
RESTRICTIONS: Mapping[str, tuple[str, ...]] = {
    "counterfeit": ("listing_review", "traffic_limit", "brand_authorisation_check"),
    "fake_orders": ("traffic_limit", "review_audit", "sales_ranking_removed"),
    "false_advertising": ("listing_review",),
    "unsafe_goods": ("listing_suspension", "listing_review"),
}


@dataclass(frozen=True)
class MerchantStanding:
    """What the decisions read about one merchant on the as-of day."""

    merchant_id: str
    tier: str | None
    dimensions: Mapping[str, str]
    """Dimension → score (text), as stored with the grade."""
    offences: Collection[str]
    """Offences proved by confirmed violations in the grading window."""
    fake_order_warning: bool = False
    warning_evidence: Mapping[str, str] = field(default_factory=dict)
    """The numbers of today's fake-order warning, kept with the key control it brings."""


@dataclass(frozen=True)
class MeasureDraft:
    merchant_id: str
    kind: MeasureKind
    topic: str
    restrictions: tuple[str, ...]
    reason: str
    evidence: dict[str, str]

    @property
    def key(self) -> tuple[str, MeasureKind, str]:
        return (self.merchant_id, self.kind, self.topic)


def decide(standing: MerchantStanding) -> list[MeasureDraft]:
    """Every measure the merchant's standing calls for today."""
    controls = _key_control(standing)
    found = list(controls)
    tier = standing.tier
    if tier is not None and not controls:
        found.extend(_incentives(standing.merchant_id, tier))
    if tier in TRAINING_TIERS and standing.dimensions:
        found.append(_training(standing.merchant_id, tier, standing.dimensions))
    return found


def _key_control(standing: MerchantStanding) -> list[MeasureDraft]:
    unknown = set(standing.offences) - set(OFFENCES)
    if unknown:
        raise ValueError(f"unknown offences: {sorted(unknown)}")
    found = []
    for offence in OFFENCES:
        confirmed = offence in standing.offences
        warned = offence == "fake_orders" and standing.fake_order_warning
        if not (confirmed or warned):
            continue
        proof = "a confirmed violation" if confirmed else "a fake-order warning"
        found.append(
            MeasureDraft(
                standing.merchant_id,
                MeasureKind.KEY_CONTROL,
                offence,
                RESTRICTIONS[offence],
                f"key control for {offence.replace('_', ' ')}: {proof}",
                {
                    "confirmed_violation": str(confirmed),
                    "warning": str(warned),
                    **(standing.warning_evidence if warned else {}),
                },
            )
        )
    return found


def _incentives(merchant_id: str, tier: str) -> list[MeasureDraft]:
    found = []
    if tier in COMMISSION_REDUCTION:
        share = COMMISSION_REDUCTION[tier]
        found.append(
            MeasureDraft(
                merchant_id,
                MeasureKind.COMMISSION_REDUCTION,
                "commission",
                (f"commission_reduced_{int(share * 100)}pct",),
                f"tier {tier}: commission reduced by {int(share * 100)}%",
                {"tier": tier, "reduction": str(share)},
            )
        )
    if tier in FINANCING_TIERS:
        found.append(
            MeasureDraft(
                merchant_id,
                MeasureKind.FINANCING_ELIGIBILITY,
                "financing",
                ("financing_eligible",),
                f"tier {tier}: eligible for platform financing",
                {"tier": tier},
            )
        )
    return found


def _training(merchant_id: str, tier: str, dimensions: Mapping[str, str]) -> MeasureDraft:
    weakest = min(sorted(dimensions), key=lambda d: Decimal(dimensions[d]))
    return MeasureDraft(
        merchant_id,
        MeasureKind.TRAINING,
        weakest,
        (f"training_{weakest}",),
        f"tier {tier}: training in {weakest.replace('_', ' ')}, the weakest dimension"
        f" ({dimensions[weakest]} points)",
        {"tier": tier, "dimension": weakest, "score": dimensions[weakest]},
    )
