"""Service sessions: why buyers get in touch, on which channel, and who answers.

Buyers ask before buying, chase late or stuck parcels, follow up after-sales requests and
ask for invoices. Chats go to the merchant's service or to platform agents, often after an
exchange with the bot (AI first, human on demand: S1 9.7.2); calls reach platform agents
within hotline hours (S3 5.3.3). First human replies are over 30 s (S1 9.2.2) at the rate
of the answering merchant (its profile and slack), or rarely for platform agents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.answers import Cases
from pinzhi.adapters.simulate.chat_texts import Topic
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.logistics import Anomaly, Shipments
from pinzhi.adapters.simulate.orders import Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.staff import ANSWERING
from pinzhi.adapters.simulate.timing import DAY, HOUR, LOCAL_OFFSET, NEVER, over_limit
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.service.models import Channel

C = Channel
CHANNEL_SHARES = {C.BOT: 0.30, C.ONLINE_CHAT: 0.55, C.PHONE: 0.12, C.MESSAGE: 0.03}
ELDERLY_CHANNEL_SHARES = {C.BOT: 0.10, C.ONLINE_CHAT: 0.40, C.PHONE: 0.45, C.MESSAGE: 0.05}
PLATFORM_CHAT_SHARE = 0.4
"""Chats answered by platform agents rather than the merchant's own service."""
BOT_FIRST_SHARE = 0.5
"""Human chats that begin with the bot until the buyer asks for a person."""
CHAT_FIRST_LIMIT = 30
PHONE_QUEUE_LIMIT = 20
AGENT_FIRST_BREACH = (0.03, 0.1)
PHONE_QUEUE_BREACH = (0.12, 0.35)
"""Platform agents over the limit: ordinary day, promotion day."""
HOTLINE_OPENS, HOTLINE_CLOSES = 8 * HOUR, 1 * HOUR
CASE_TOPIC = {
    CaseKind.REFUND_BEFORE_SHIPMENT: Topic.REFUND,
    CaseKind.RETURN_REFUND: Topic.REFUND,
    CaseKind.REFUND_ONLY: Topic.REFUND,
    CaseKind.EXCHANGE: Topic.EXCHANGE,
    CaseKind.REPAIR: Topic.REPAIR,
    CaseKind.RESEND: Topic.QUALITY,
    CaseKind.PRICE_PROTECTION: Topic.PRICE_PROTECTION,
    CaseKind.COMPENSATION: Topic.LOGISTICS,
}


@dataclass(frozen=True)
class Sessions:
    ids: pa.Array
    order: np.ndarray
    presale: np.ndarray
    """Asked before buying: the session names no order."""
    topic: np.ndarray
    channel: np.ndarray
    agent: np.ndarray
    """Staff index of the platform agent, or −1 (bot, merchant service)."""
    started_at: np.ndarray
    bot_first: np.ndarray
    first_response: np.ndarray
    """Seconds from the buyer's first message to a person to the first human reply."""
    joined_after: np.ndarray
    """Seconds from queueing to the agent joining."""
    elderly: np.ndarray

    @property
    def count(self) -> int:
        return int(self.order.size)


def plan_sessions(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    shipments: Shipments,
    cases: Cases,
    *,
    chunk: Chunk,
) -> Sessions:
    order, topic, started = _reasons(rng, orders, shipments, cases)
    presale = topic == Topic.PRESALE
    n = order.size
    elderly = world.consumers.elderly[orders.demand.consumer[order]]
    channel = _channels(rng, elderly)
    started = np.where(channel == columns.code(C.PHONE), _within_hotline(rng, started), started)
    platform = (channel == columns.code(C.PHONE)) | (
        (channel == columns.code(C.ONLINE_CHAT)) & (rng.random(n) < PLATFORM_CHAT_SHARE)
    )
    answering = world.staff.holding(*ANSWERING)
    agent = np.where(platform, answering[rng.integers(0, answering.size, n)], -1)
    first, joined = _response(rng, world, orders, order=order, channel=channel, platform=platform)
    bot_first = (channel == columns.code(C.ONLINE_CHAT)) & (rng.random(n) < BOT_FIRST_SHARE)
    sequence = np.argsort(started, kind="stable")
    return Sessions(
        ids=chunk.ids("SES", n),
        order=order[sequence],
        presale=presale[sequence],
        topic=topic[sequence],
        channel=channel[sequence],
        agent=agent[sequence],
        started_at=started[sequence],
        bot_first=bot_first[sequence],
        first_response=first[sequence],
        joined_after=joined[sequence],
        elderly=elderly[sequence],
    )


def session_rows(
    world: World, orders: Orders, sessions: Sessions, *, queued_at: np.ndarray, ended_at: np.ndarray
) -> pa.Table:
    as_of = world.scenario.as_of
    kept = np.flatnonzero(sessions.started_at <= as_of)
    order = sessions.order[kept]
    human = np.isin(sessions.channel[kept], [columns.code(C.ONLINE_CHAT), columns.code(C.PHONE)])
    queued = np.where(human, queued_at[kept], NEVER)
    agent = sessions.agent[kept]
    return table(
        "service_sessions",
        {
            "id": sessions.ids.take(pa.array(kept)),
            "consumer_id": columns.static_ids("CON", orders.demand.consumer[order]),
            "merchant_id": columns.static_ids("MER", orders.demand.merchant[order]),
            "order_id": columns.nulls_where(
                sessions.presale[kept], orders.ids.take(pa.array(order))
            ),
            "agent_id": columns.nulls_where(
                agent < 0, columns.static_ids("STF", np.maximum(agent, 0))
            ),
            "channel": columns.enum_values(Channel, sessions.channel[kept]),
            "started_at": columns.utc(sessions.started_at[kept], horizon=as_of),
            "queued_at": columns.utc(queued, horizon=as_of),
            "agent_joined_at": columns.utc(
                np.where(human, queued + sessions.joined_after[kept], NEVER), horizon=as_of
            ),
            "ended_at": columns.utc(ended_at[kept], horizon=as_of),
        },
    )


def _reasons(
    rng: np.random.Generator, orders: Orders, shipments: Shipments, cases: Cases
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, topic, start) of every session the day's orders cause."""
    n = orders.count
    ordinary = ~orders.demand.burst
    placed = orders.demand.placed
    presale = np.flatnonzero(ordinary & (rng.random(n) < 0.04))
    presale_at = placed[presale] - rng.integers(300, 3 * HOUR, presale.size)
    late = (orders.handover > orders.ship_by) & (orders.handover != NEVER) & ordinary
    chase = np.flatnonzero(late & (rng.random(n) < 0.35))
    chase_at = orders.ship_by[chase] + rng.integers(HOUR, 12 * HOUR, chase.size)
    troubled = np.isin(shipments.anomaly, [Anomaly.STUCK, Anomaly.EXCEPTION])
    curious = rng.random(shipments.order.size) < np.where(troubled, 0.5, 0.02)
    parcel = np.flatnonzero(curious & ordinary[shipments.order] & (shipments.delivered_at != NEVER))
    journey = shipments.delivered_at[parcel] - shipments.shipped_at[parcel]
    parcel_at = shipments.shipped_at[parcel] + (
        journey * rng.uniform(0.2, 0.8, parcel.size)
    ).astype(np.int64)
    follow = np.flatnonzero(rng.random(cases.request.order.size) < 0.4)
    follow_at = cases.request.requested_at[follow] + rng.integers(60, 1800, follow.size)
    case_topic = np.array([CASE_TOPIC[k] for k in CaseKind])[cases.request.kind[follow]]
    quality = cases.request.reason[follow] == columns.code(CaseReason.QUALITY)
    invoice = np.flatnonzero((orders.handover != NEVER) & ordinary & (rng.random(n) < 0.01))
    invoice_at = orders.handover[invoice] + rng.integers(DAY, 5 * DAY, invoice.size)
    return (
        np.concatenate(
            [presale, chase, shipments.order[parcel], cases.request.order[follow], invoice]
        ),
        np.concatenate(
            [
                np.full(presale.size, Topic.PRESALE),
                np.full(chase.size + parcel.size, Topic.LOGISTICS),
                np.where(quality, Topic.QUALITY, case_topic),
                np.full(invoice.size, Topic.INVOICE),
            ]
        ),
        np.concatenate([presale_at, chase_at, parcel_at, follow_at, invoice_at]),
    )


def _channels(rng: np.random.Generator, elderly: np.ndarray) -> np.ndarray:
    codes = [columns.code(c) for c in CHANNEL_SHARES]
    usual = rng.choice(codes, size=elderly.size, p=list(CHANNEL_SHARES.values()))
    older = rng.choice(
        codes, size=elderly.size, p=[ELDERLY_CHANNEL_SHARES[c] for c in CHANNEL_SHARES]
    )
    return np.where(elderly, older, usual)


def _within_hotline(rng: np.random.Generator, started: np.ndarray) -> np.ndarray:
    """Calls placed while the line is closed (01:00–08:00 local) come after it opens."""
    local = (started + LOCAL_OFFSET) % DAY
    closed = (local >= HOTLINE_CLOSES) & (local < HOTLINE_OPENS)
    return np.where(
        closed, started + HOTLINE_OPENS - local + rng.integers(0, HOUR, started.size), started
    )


def _response(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    *,
    order: np.ndarray,
    channel: np.ndarray,
    platform: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """First human reply and joining delay, in seconds."""
    n = order.size
    busy = int(orders.promotion)
    merchant_share = world.merchants.trait("chat_first_breach", orders.demand.merchant[order])
    share = np.where(platform, AGENT_FIRST_BREACH[busy], merchant_share)
    first = over_limit(rng, limit=CHAT_FIRST_LIMIT, share=share, sigma=0.7)
    joined = (first * rng.uniform(0.3, 0.9, n)).astype(np.int64)
    queue = over_limit(
        rng, limit=PHONE_QUEUE_LIMIT, share=np.full(n, PHONE_QUEUE_BREACH[busy]), sigma=0.7
    )
    phone = channel == columns.code(C.PHONE)
    return np.where(phone, queue + rng.integers(2, 7, n), first), np.where(phone, queue, joined)
