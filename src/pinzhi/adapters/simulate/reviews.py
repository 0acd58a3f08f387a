"""Reviews of delivered orders: the rating follows the merchant and what went wrong, the text
follows the rating, and fake-order rings leave instant five-star near-identical praise."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.answers import Cases
from pinzhi.adapters.simulate.categories import CATEGORIES
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.feedback_texts import (
    FAKE,
    NEGATIVE_ENDINGS,
    NEGATIVE_OPENINGS,
    NEUTRAL,
    POSITIVE_ENDINGS,
    POSITIVE_OPENINGS,
    TITLES,
)
from pinzhi.adapters.simulate.logistics import Shipments
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.profiles import trait
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.aftersales.models import CaseReason, CaseStatus

REVIEW_SHARE = 0.35
STARS_OFF = np.array([0.82, 0.14, 0.034, 0.004, 0.002])
"""Chance of an ordinary review losing 0 … 4 stars before the merchant's own shift."""
LATE_SPOILS = 0.5
"""Share of late deliveries whose review loses stars for it."""
PROBLEMS = (
    CaseReason.QUALITY,
    CaseReason.DAMAGED,
    CaseReason.WRONG_ITEM,
    CaseReason.NOT_AS_DESCRIBED,
    CaseReason.MISSING_PART,
)
PRAISE = columns.Pools.of([c.praise for c in CATEGORIES])


def review_rows(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    shipments: Shipments,
    cases: Cases,
    *,
    chunk: Chunk,
) -> pa.Table:
    as_of = world.scenario.as_of
    delivered = shipments.per_order(shipments.delivered_at, orders.count)
    burst = orders.demand.burst
    chance = np.where(burst, 0.95, REVIEW_SHARE)
    reviewed = (
        (orders.fate == Fate.DELIVERED) & (delivered != NEVER) & (rng.random(orders.count) < chance)
    )
    wait = np.minimum(
        15 * DAY, (1.5 * DAY * np.exp(rng.standard_normal(orders.count))).astype(np.int64)
    )
    created = delivered + np.where(burst, rng.integers(120, 1800, orders.count), wait)
    order = np.flatnonzero(reviewed & (created <= as_of))
    order = order[np.argsort(created[order], kind="stable")]
    n = order.size
    rating = _ratings(
        rng, world, orders, cases, order, late=delivered[order] > orders.estimated_delivery[order]
    )
    tone = np.select([rating <= 2, rating == 3], [0, 1], 2)
    fake = burst[order]
    product = orders.items.product[orders.first_item[order]]
    body = _bodies(rng, tone, world.catalog.category[product])
    body = columns.where(fake, columns.choose(rng, FAKE, n), body)
    reply_share = np.minimum(
        1.0,
        trait("review_reply", world.merchants.profile[orders.demand.merchant[order]])
        * np.where(tone == 0, 1.4, 1.0),
    )
    replied = created[order] + (10 * HOUR * np.exp(rng.standard_normal(n))).astype(np.int64)
    return table(
        "reviews",
        {
            "id": chunk.ids("REV", n),
            "order_id": orders.ids.take(pa.array(order)),
            "product_id": columns.static_ids("PRO", product),
            "consumer_id": columns.static_ids("CON", orders.demand.consumer[order]),
            "merchant_id": columns.static_ids("MER", orders.demand.merchant[order]),
            "rating": pa.array(rating),
            "title": columns.nulls_where(fake | (rng.random(n) > 0.25), TITLES.draw(rng, tone)),
            "body": columns.nulls_where(~fake & (rng.random(n) < 0.08), body),
            "created_at": columns.utc(created[order], horizon=as_of),
            "replied_at": columns.utc(
                np.where(rng.random(n) < reply_share, replied, NEVER), horizon=as_of
            ),
        },
    )


def _ratings(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    cases: Cases,
    order: np.ndarray,
    *,
    late: np.ndarray,
) -> np.ndarray:
    """Stars: five, less chance losses, the merchant's shift, and one to three for trouble."""
    n = order.size
    code = columns.code
    problem = np.isin(cases.request.reason, [code(r) for r in PROBLEMS])
    problem |= cases.outcome == code(CaseStatus.REJECTED)
    troubled = np.zeros(orders.count, dtype=bool)
    troubled[cases.request.order[problem]] = True
    shift = world.merchants.trait("rating_shift", orders.demand.merchant[order])
    lost = rng.choice(STARS_OFF.size, n, p=STARS_OFF) + rng.poisson(shift)
    lost += np.where(
        troubled[order] | (late & (rng.random(n) < LATE_SPOILS)), rng.integers(1, 4, n), 0
    )
    return np.where(orders.demand.burst[order], 5, np.clip(5 - lost, 1, 5))


def _bodies(rng: np.random.Generator, tone: np.ndarray, category: np.ndarray) -> pa.Array:
    n = tone.size
    positive = columns.join(
        columns.choose(rng, POSITIVE_OPENINGS, n),
        "，",
        PRAISE.draw(rng, category),
        "，",
        columns.choose(rng, POSITIVE_ENDINGS, n),
    )
    negative = columns.join(
        columns.choose(rng, NEGATIVE_OPENINGS, n), "，", columns.choose(rng, NEGATIVE_ENDINGS, n)
    )
    neutral = columns.choose(rng, NEUTRAL, n)
    return columns.where(tone == 2, positive, columns.where(tone == 1, neutral, negative))
