"""Merchant behaviour: most merchants are honest, some sloppy, a few fraudulent.

Each trait is the share of events that go wrong, so a profile reads as the rates an analyst
should find back in the data (late shipments, response-limit breaches, return multiplier …).
A profile's trait is its typical merchant's; each merchant's own `slack` scales the shares of
things that go wrong (`SLACK_SCALED`), so honest merchants range from careful ones well inside
the marketplace limits (late shipment < 4 %, cancellation < 2.5 %, order defects < 1 %) to
ordinary ones near them, as on a real platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Profile(IntEnum):
    GOOD = 0
    SLOPPY = 1
    FRAUD = 2


PROFILE_SHARES = {Profile.SLOPPY: 0.15, Profile.FRAUD: 0.04}
"""Share of third-party merchants per profile; the rest are good."""

SLACK_SIGMA = 0.6
"""Log-normal spread of merchants' slack around their profile's typical 1: a tenth of merchants
get things wrong less than half as often as the typical one, a tenth twice as often."""
SELF_OPERATED_SLACK = 0.5
"""The platform's own stores run its warehouses and carriers: half the usual slack."""


@dataclass(frozen=True)
class Traits:
    late_shipment: float
    """Share of shipments handed over after the promised ship-by."""
    cancellation: float
    """Share of paid orders the buyer cancels before hand-over (out of stock, slow to ship)."""
    mishap: float
    """Share of parcels stuck, held up or damaged in transit (packing, address checks, and the
    carrier service the merchant books)."""
    response_breach: float
    """Share of after-sales requests answered after their S1 9.2.3 limit."""
    chat_first_breach: float
    """Share of chats whose first human reply takes over 30 s (S1 9.2.2)."""
    aftersales_factor: float
    """After-sales cases relative to the category's rate."""
    complaint_rate: float
    """Complaints per delivered order."""
    counterfeit_share: float
    """Share of complaints about counterfeits."""
    review_reply: float
    """Share of reviews the merchant answers."""
    inspection_failure: float
    listing_quality: float
    """0–1: how complete and careful product listings are."""
    rating_shift: float
    """Stars taken off an ordinary review, on average."""


SLACK_SCALED = frozenset(
    {
        "late_shipment",
        "cancellation",
        "mishap",
        "response_breach",
        "chat_first_breach",
        "complaint_rate",
        "rating_shift",
    }
)
"""Traits that are shares (or counts) of things going wrong: a merchant's slack scales them."""


TRAITS: dict[Profile, Traits] = {
    Profile.GOOD: Traits(0.03, 0.015, 0.025, 0.03, 0.05, 1.0, 0.003, 0.02, 0.6, 0.03, 0.85, 0.1),
    Profile.SLOPPY: Traits(0.25, 0.05, 0.1, 0.25, 0.3, 1.8, 0.012, 0.05, 0.15, 0.12, 0.45, 0.6),
    Profile.FRAUD: Traits(0.1, 0.03, 0.08, 0.12, 0.15, 1.5, 0.08, 0.6, 0.3, 0.35, 0.6, 0.9),
}


def trait(name: str, profiles: np.ndarray) -> np.ndarray:
    """A trait's value for each element of an array of profiles."""
    values: np.ndarray = np.array([getattr(TRAITS[p], name) for p in Profile])[profiles]
    return values


def draw_slack(rng: np.random.Generator, self_operated: np.ndarray) -> np.ndarray:
    """Each merchant's slack: how often things go wrong relative to its profile's typical one."""
    slack: np.ndarray = rng.lognormal(0.0, SLACK_SIGMA, self_operated.size) * np.where(
        self_operated, SELF_OPERATED_SLACK, 1.0
    )
    return slack
