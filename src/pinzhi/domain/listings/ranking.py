"""How search results are ordered, where paid placements go, and how many one shop may fill.

Two orderings are offered, and the non-personalised one always (S4 4.2.1.3):

- **neutral**: text relevance, then the public listing criteria — the 精品 mark the product
  grade gives (S1 7.1.1), then units sold, then the product id (a stable tie-break). Nothing
  about the person searching is read, so every consumer sees the same order.
- **personalised**: text relevance, then how often the consumer has bought in the product's
  category (their own order history only), then the neutral criteria.

Paid placements (S4 4.2.2.5) are marked 广告 in both orderings and take at most one slot in
every `AD_EVERY` (the first of each group of five). Diversity (S2 7.3.2): on the first page no
shop fills more than `MERCHANT_CAP` places, paid ones included; the rest move down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

AD_EVERY = 5
MERCHANT_CAP = 3
PAGE_SIZE = 20


class Ordering(StrEnum):
    NEUTRAL = "neutral"
    PERSONALISED = "personalised"


ORDERING_TERMS: dict[Ordering, str] = {
    Ordering.NEUTRAL: (
        "not personalised: text relevance, then the 精品 mark of the product grade, then units "
        "sold, then product id; the same for everyone"
    ),
    Ordering.PERSONALISED: (
        "personalised: text relevance, then the categories of your own past orders, then the "
        "neutral criteria"
    ),
}
AD_TERMS = f"paid placements are marked 广告 and fill at most 1 in every {AD_EVERY} places"
DIVERSITY_TERMS = f"no shop fills more than {MERCHANT_CAP} places on the first page"


@dataclass(frozen=True, slots=True)
class Candidate:
    product_id: str
    merchant_id: str
    category: str
    relevance: int
    premium: bool
    units_sold: int


@dataclass(frozen=True, slots=True)
class Placement:
    candidate: Candidate
    sponsored: bool


def neutral_key(c: Candidate) -> tuple[int, int, int, str]:
    return (-c.relevance, -int(c.premium), -c.units_sold, c.product_id)


def rank(
    candidates: Sequence[Candidate],
    ordering: Ordering,
    affinity: Mapping[str, int] | None = None,
) -> list[Candidate]:
    """Candidates in the chosen order; `affinity` (category → past purchases) only if personal."""
    if ordering is Ordering.NEUTRAL or not affinity:
        return sorted(candidates, key=neutral_key)
    weights = affinity
    return sorted(
        candidates, key=lambda c: (-c.relevance, -weights.get(c.category, 0), *neutral_key(c)[1:])
    )


def arrange(
    ranked: Sequence[Candidate],
    ads: Sequence[Candidate],
    *,
    page_size: int = PAGE_SIZE,
    ad_every: int = AD_EVERY,
    merchant_cap: int = MERCHANT_CAP,
) -> tuple[list[Placement], list[Placement]]:
    """The first page — ads in the first slot of each group of `ad_every`, at most
    `merchant_cap` places per shop — and the listings left for later pages, in rank order,
    unpaid (paid placements run on the first page only)."""
    sponsored_ids = {ad.product_id for ad in ads}
    organic = [c for c in ranked if c.product_id not in sponsored_ids]
    pending_ads = list(ads)
    per_shop: dict[str, int] = {}
    page: list[Placement] = []
    deferred: list[Candidate] = []

    def fits(c: Candidate) -> bool:
        return per_shop.get(c.merchant_id, 0) < merchant_cap

    def take(c: Candidate, sponsored: bool) -> None:
        per_shop[c.merchant_id] = per_shop.get(c.merchant_id, 0) + 1
        page.append(Placement(c, sponsored))

    while len(page) < page_size and (organic or pending_ads):
        if len(page) % ad_every == 0:
            ad = next((a for a in pending_ads if fits(a)), None)
            if ad is not None:
                pending_ads.remove(ad)
                take(ad, sponsored=True)
                continue
        if not organic:
            break
        c = organic.pop(0)
        if fits(c):
            take(c, sponsored=False)
        else:
            deferred.append(c)
    position = {c.product_id: i for i, c in enumerate(ranked)}
    rest = sorted((*deferred, *organic), key=lambda c: position[c.product_id])
    return page, [Placement(c, sponsored=False) for c in rest]
