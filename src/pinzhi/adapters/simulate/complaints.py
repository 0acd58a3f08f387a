"""Complaints: from buyers of fraudulent merchants (counterfeits), refused after-sales
requests, answers over the S1 9.2.3 limits, very late shipments, and a general background.

Each is answered (sooner for higher urgency), then settled on the spot or given a promised
time that is usually, not always, kept (S1 9.2.4); the upheld flag follows the merchant.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.answers import Cases, response_limit
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.feedback_texts import COMPLAINT_MATTERS, COMPLAINT_RESULTS
from pinzhi.adapters.simulate.logistics import Shipments
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.profiles import Profile, trait
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.streams import draw_by_row
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER, over_limit
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.aftersales.models import CaseStatus
from pinzhi.domain.service.models import Channel, ComplaintNature, ComplaintStatus, Urgency

N, U = ComplaintNature, Urgency
BACKGROUND = {
    N.QUALITY: 0.35,
    N.LOGISTICS: 0.15,
    N.SERVICE: 0.15,
    N.AFTERSALES: 0.10,
    N.FALSE_ADVERTISING: 0.10,
    N.PRICE: 0.08,
    N.PRIVACY: 0.02,
    N.OTHER: 0.05,
}
URGENCY = {
    N.COUNTERFEIT: {U.NORMAL: 0.3, U.HIGH: 0.6, U.CRITICAL: 0.1},
    N.QUALITY: {U.LOW: 0.05, U.NORMAL: 0.6, U.HIGH: 0.33, U.CRITICAL: 0.02},
    N.PRIVACY: {U.HIGH: 0.8, U.CRITICAL: 0.2},
}
USUAL_URGENCY = {U.LOW: 0.2, U.NORMAL: 0.7, U.HIGH: 0.1}
RESPONSE_LIMIT = {U.LOW: 48 * HOUR, U.NORMAL: 24 * HOUR, U.HIGH: 6 * HOUR, U.CRITICAL: 2 * HOUR}
CHANNELS = {
    Channel.ONLINE_CHAT: 0.45,
    Channel.PHONE: 0.35,
    Channel.EMAIL: 0.1,
    Channel.MESSAGE: 0.1,
}
UPHELD = {Profile.GOOD: 0.35, Profile.SLOPPY: 0.6, Profile.FRAUD: 0.75}
COUNTERFEIT_UPHELD = 0.85
ON_THE_SPOT = 0.35
PROMISE_KEPT = 0.85


def complaint_rows(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    shipments: Shipments,
    cases: Cases,
    *,
    chunk: Chunk,
) -> pa.Table:
    order, nature, filed = _complaints(rng, world, orders, shipments, cases)
    as_of = world.scenario.as_of
    kept = np.flatnonzero(filed <= as_of)
    kept = kept[np.argsort(filed[kept], kind="stable")]
    order, nature, filed = order[kept], nature[kept], filed[kept]
    n = order.size
    urgency = draw_by_row(rng, _urgency_weights(), nature)
    responded, promised, resolved = _handling(rng, filed, urgency)
    done = resolved <= as_of
    code = columns.code
    status = np.select(
        [done & (rng.random(n) < 0.6), done, responded <= as_of],
        [
            code(ComplaintStatus.CLOSED),
            code(ComplaintStatus.RESOLVED),
            code(ComplaintStatus.IN_PROGRESS),
        ],
        code(ComplaintStatus.OPEN),
    )
    merchant = orders.demand.merchant[order]
    upheld = _upheld(rng, nature, world.merchants.profile[merchant])
    about_platform = (nature == code(N.SERVICE)) & (rng.random(n) < 0.1)
    channel_shares = np.array(list(CHANNELS.values()))
    return table(
        "complaints",
        {
            "id": chunk.ids("CMP", n),
            "consumer_id": columns.static_ids("CON", orders.demand.consumer[order]),
            "merchant_id": columns.nulls_where(about_platform, columns.static_ids("MER", merchant)),
            "order_id": columns.nulls_where(rng.random(n) < 0.03, orders.ids.take(pa.array(order))),
            "channel": columns.enum_values(
                Channel, rng.choice([code(c) for c in CHANNELS], n, p=channel_shares)
            ),
            "nature": columns.enum_values(ComplaintNature, nature),
            "urgency": columns.enum_values(Urgency, urgency),
            "status": columns.enum_values(ComplaintStatus, status),
            "filed_at": columns.utc(filed, horizon=as_of),
            "responded_at": columns.utc(responded, horizon=as_of),
            "promised_by": columns.utc(
                promised, horizon=as_of, known=(promised != NEVER) & (responded <= as_of)
            ),
            "resolved_at": columns.utc(resolved, horizon=as_of),
            "upheld": columns.nulls_where(~done, pa.array(upheld)),
            "matter": COMPLAINT_MATTERS.draw(rng, nature),
            "result": columns.nulls_where(
                ~done, COMPLAINT_RESULTS.draw(rng, upheld.astype(np.int64))
            ),
        },
    )


def _handling(
    rng: np.random.Generator, filed: np.ndarray, urgency: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Responded, promised (NEVER when settled on the spot) and resolved (S1 9.2.4).

    Urgent complaints are answered sooner; most promises are kept, some are not.
    """
    n = filed.size
    limit = np.array([RESPONSE_LIMIT[u] for u in Urgency])[urgency]
    responded = filed + over_limit(rng, limit=limit, share=np.full(n, 0.1))
    critical = urgency == columns.code(U.CRITICAL)
    promised = responded + np.where(critical, DAY, rng.integers(DAY, 7 * DAY, n))
    kept = responded + (rng.uniform(0.2, 1.0, n) * (promised - responded)).astype(np.int64)
    broken = promised + rng.integers(HOUR, 5 * DAY, n)
    spot = rng.random(n) < ON_THE_SPOT
    resolved = np.select([spot, rng.random(n) < PROMISE_KEPT], [responded, kept], broken)
    return responded, np.where(spot, NEVER, promised), resolved


def _upheld(rng: np.random.Generator, nature: np.ndarray, profile: np.ndarray) -> np.ndarray:
    """Found justified: more often the worse the merchant, nearly always for its counterfeits."""
    counterfeit = (nature == columns.code(N.COUNTERFEIT)) & (profile == Profile.FRAUD)
    chance = np.where(
        counterfeit, COUNTERFEIT_UPHELD, np.array([UPHELD[p] for p in Profile])[profile]
    )
    upheld: np.ndarray = rng.random(nature.size) < chance
    return upheld


def _complaints(
    rng: np.random.Generator, world: World, orders: Orders, shipments: Shipments, cases: Cases
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, nature, filed) with at most one complaint per order, in priority order."""
    code = columns.code
    request = cases.request
    refused = np.flatnonzero(
        (cases.outcome == code(CaseStatus.REJECTED)) & (rng.random(request.order.size) < 0.3)
    )
    over = cases.responded_at - request.requested_at > response_limit(request)
    slow = np.flatnonzero(over & (rng.random(request.order.size) < 0.15))
    late = (orders.handover != NEVER) & (orders.handover - orders.ship_by > DAY)
    waiting = np.flatnonzero(late & (rng.random(orders.count) < 0.1))
    background, background_nature, background_at = _background(rng, world, orders, shipments)
    order = np.concatenate([request.order[refused], request.order[slow], waiting, background])
    nature = np.concatenate(
        [
            np.full(refused.size, code(N.AFTERSALES)),
            np.full(slow.size, code(N.SERVICE)),
            np.full(waiting.size, code(N.LOGISTICS)),
            background_nature,
        ]
    )
    filed = np.concatenate(
        [
            cases.resolved_at[refused] + rng.integers(HOUR, 3 * DAY, refused.size),
            request.requested_at[slow]
            + response_limit(request)[slow]
            + rng.integers(0, DAY, slow.size),
            orders.ship_by[waiting] + rng.integers(DAY, 2 * DAY, waiting.size),
            background_at,
        ]
    )
    _, first = np.unique(order, return_index=True)
    return order[first], nature[first], filed[first]


def _background(
    rng: np.random.Generator, world: World, orders: Orders, shipments: Shipments
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    delivered = shipments.per_order(shipments.delivered_at, orders.count)
    merchant = orders.demand.merchant
    profile = world.merchants.profile[merchant]
    fake = world.catalog.unauthorised[orders.items.product[orders.first_item]]
    rate = world.merchants.trait("complaint_rate", merchant) * np.where(fake, 2.0, 1.0)
    eligible = (orders.fate == Fate.DELIVERED) & ~orders.demand.burst & (delivered != NEVER)
    order = np.flatnonzero(eligible & (rng.random(orders.count) < rate))
    counterfeit_share = np.minimum(
        0.9, trait("counterfeit_share", profile[order]) * np.where(fake[order], 1.5, 1.0)
    )
    usual = rng.choice(
        [columns.code(k) for k in BACKGROUND], order.size, p=list(BACKGROUND.values())
    )
    nature = np.where(
        rng.random(order.size) < counterfeit_share, columns.code(N.COUNTERFEIT), usual
    )
    return order, nature, delivered[order] + rng.integers(HOUR, 5 * DAY, order.size)


def _urgency_weights() -> np.ndarray:
    """[nature, urgency] weights."""
    return np.array(
        [[URGENCY.get(n, USUAL_URGENCY).get(u, 0.0) for u in Urgency] for n in ComplaintNature]
    )
