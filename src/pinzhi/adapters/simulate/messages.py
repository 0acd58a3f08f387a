"""The turns of each session, each with its own timestamp (the SLA metrics are computed
from these raw turns, S1 9.2.2).

A session is an optional bot prelude (question, bot answer), then the main exchange: the
buyer speaks on even turns ("转人工" first after a prelude), the bot, agent or merchant on
odd ones. The first
human reply comes `first_response` seconds after the buyer's first message to a person.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.chat_texts import (
    GENERIC_CLOSING,
    GENERIC_THANKS,
    GENERIC_TRANSFER,
    PHOTO,
    PHRASES,
    Topic,
    Turn,
)
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.orders import Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.sessions import Sessions
from pinzhi.adapters.simulate.timing import HOUR, lognormal_seconds
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.service.models import Channel, MessageKind, Sender

PRELUDE = 2
"""Bot-first chats: the question and the bot's answer, before the buyer asks for a person."""
IMAGE_TOPICS = (Topic.QUALITY, Topic.REFUND, Topic.EXCHANGE, Topic.REPAIR)


@dataclass(frozen=True)
class Timeline:
    """Per session: when the buyer reached a person (queued) and when the session ended."""

    queued_at: np.ndarray
    ended_at: np.ndarray


def message_rows(
    rng: np.random.Generator, world: World, orders: Orders, sessions: Sessions, *, chunk: Chunk
) -> tuple[pa.Table, Timeline]:
    n = sessions.count
    code = columns.code
    channel = sessions.channel
    bot, phone = channel == code(Channel.BOT), channel == code(Channel.PHONE)
    offline = channel == code(Channel.MESSAGE)
    main = np.select(
        [bot, offline],
        [2 * rng.integers(1, 4, n), rng.integers(2, 4, n)],
        2 * rng.integers(2, 6, n),
    )
    pre = np.where(sessions.bot_first, PRELUDE, 0)
    length = pre + main
    first = np.cumsum(length) - length
    s = np.repeat(np.arange(n), length)
    pos = np.arange(s.size) - first[s]
    p = pos - pre[s]
    turn = Turns(s=s, pos=pos, p=p, main=main[s], buyer=np.where(p < 0, pos == 0, p % 2 == 0))
    by_bot = ~turn.buyer & ((p < 0) | bot[s])
    sender = np.select(
        [turn.buyer, by_bot, sessions.agent[s] >= 0],
        [code(Sender.CONSUMER), code(Sender.BOT), code(Sender.AGENT)],
        code(Sender.MERCHANT),
    )
    gap = _gaps(rng, sessions, turn, by_bot=by_bot, offline=offline[s], phone=phone[s])
    total = np.cumsum(gap)
    sent = sessions.started_at[s] + total - (total - gap)[first][s]
    kept = np.flatnonzero(sent <= world.scenario.as_of)
    kind, body = _bodies(
        rng, orders, sessions, turn.take(kept), by_bot=by_bot[kept], phone=phone[s[kept]]
    )
    rows = table(
        "service_messages",
        {
            "id": chunk.ids("MSG", kept.size),
            "session_id": sessions.ids.take(pa.array(s[kept])),
            "seq": pa.array(pos[kept] + 1),
            "sender": columns.enum_values(Sender, sender[kept]),
            "kind": columns.enum_values(MessageKind, kind),
            "sent_at": columns.utc(sent[kept], horizon=world.scenario.as_of),
            "body": body,
        },
    )
    ended = sent[first + length - 1] + rng.integers(5, 60, n)
    return rows, Timeline(queued_at=sent[first + pre], ended_at=ended)


@dataclass(frozen=True)
class Turns:
    """Per message: session, position in it, position after the prelude, main length, buyer?"""

    s: np.ndarray
    pos: np.ndarray
    p: np.ndarray
    main: np.ndarray
    buyer: np.ndarray

    def take(self, index: np.ndarray) -> Turns:
        return Turns(*(getattr(self, f.name)[index] for f in fields(self)))


def _gaps(
    rng: np.random.Generator,
    sessions: Sessions,
    turn: Turns,
    *,
    by_bot: np.ndarray,
    offline: np.ndarray,
    phone: np.ndarray,
) -> np.ndarray:
    """Seconds since the previous turn (since the session start for the first)."""
    m = turn.s.size
    think = lognormal_seconds(rng, median=25, sigma=0.7, size=m)
    reply = lognormal_seconds(rng, median=20, sigma=0.6, size=m)
    speaking = np.where(phone, rng.integers(3, 12, m), 0)
    return np.select(
        [
            turn.pos == 0,
            by_bot,
            (turn.p == 0) & turn.buyer,
            (turn.p == 1) & offline,
            turn.p == 1,
            turn.buyer,
        ],
        [
            np.where(phone, rng.integers(10, 30, m), 0),
            rng.integers(1, 4, m),
            rng.integers(10, 40, m),
            rng.integers(HOUR // 2, 20 * HOUR, m),
            sessions.first_response[turn.s],
            np.where(phone, speaking, think),
        ],
        np.where(phone, speaking, reply),
    )


def _bodies(
    rng: np.random.Generator,
    orders: Orders,
    sessions: Sessions,
    turn: Turns,
    *,
    by_bot: np.ndarray,
    phone: np.ndarray,
) -> tuple[np.ndarray, pa.Array]:
    m = turn.s.size
    topic = sessions.topic[turn.s] * len(Turn)
    transfer = turn.buyer & (turn.p == 0) & (turn.pos > 0)
    question = turn.buyer & (turn.p <= 0) & ~transfer
    thanks = turn.buyer & (turn.p >= 2) & (turn.p >= turn.main - 2)
    follow_up = turn.buyer & ~question & ~transfer & ~thanks
    closing = ~turn.buyer & (turn.main >= 4) & (turn.p == turn.main - 1)
    opening = ~turn.buyer & (turn.p <= 1)
    group = np.select(
        [transfer, question, thanks, follow_up, closing, opening & by_bot, opening],
        [
            GENERIC_TRANSFER,
            topic + Turn.QUESTION,
            GENERIC_THANKS,
            topic + Turn.FOLLOW_UP,
            GENERIC_CLOSING,
            topic + Turn.BOT_ANSWER,
            topic + Turn.FIRST_ANSWER,
        ],
        topic + Turn.ANSWER,
    )
    # One opener per session, then its exchanges in turn: answers fit their questions.
    intent = rng.integers(0, 1 << 20, int(turn.s.max(initial=-1)) + 1)[turn.s]
    opened = question | opening
    exchange = np.where(turn.p < 0, 0, turn.p // 2)
    text = PHRASES.nth(group, np.where(opened, intent, intent + exchange))
    cite = question & ~sessions.presale[turn.s] & (rng.random(m) < 0.3)
    order_id = orders.ids.take(pa.array(sessions.order[turn.s[cite]]))
    cited = columns.join("订单号", order_id, "，", text.filter(pa.array(cite)))
    text = columns.replace_where(text, cite, cited)
    pictured = np.isin(sessions.topic[turn.s], IMAGE_TOPICS)
    image = follow_up & pictured & (rng.random(m) < 0.3)
    spoken = phone | (turn.buyer & sessions.elderly[turn.s] & (rng.random(m) < 0.4))
    photos = columns.join("[图片] ", columns.choose(rng, PHOTO, int(image.sum())))
    text = columns.replace_where(text, image, photos)
    voiced = spoken & ~phone & ~image
    transcribed = columns.join("[语音转文字] ", text.filter(pa.array(voiced)))
    text = columns.replace_where(text, voiced, transcribed)
    code = columns.code
    kind = np.select(
        [image, spoken], [code(MessageKind.IMAGE), code(MessageKind.VOICE)], code(MessageKind.TEXT)
    )
    return kind, text
