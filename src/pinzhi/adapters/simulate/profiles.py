"""Merchant behaviour: most merchants are good, some sloppy, a few fraudulent.

Each trait is the share of events that go wrong, so a profile reads as the rates an analyst
should find back in the data (late shipments, response-limit breaches, return multiplier …).
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


@dataclass(frozen=True)
class Traits:
    late_shipment: float
    """Share of shipments handed over after the promised ship-by."""
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


TRAITS: dict[Profile, Traits] = {
    Profile.GOOD: Traits(0.03, 0.03, 0.05, 1.0, 0.003, 0.02, 0.6, 0.03, 0.85, 0.0),
    Profile.SLOPPY: Traits(0.25, 0.25, 0.30, 1.8, 0.012, 0.05, 0.15, 0.12, 0.45, 0.6),
    Profile.FRAUD: Traits(0.10, 0.12, 0.15, 1.5, 0.080, 0.60, 0.3, 0.35, 0.6, 0.9),
}


def trait(name: str, profiles: np.ndarray) -> np.ndarray:
    """A trait's value for each element of an array of profiles."""
    values: np.ndarray = np.array([getattr(TRAITS[p], name) for p in Profile])[profiles]
    return values
