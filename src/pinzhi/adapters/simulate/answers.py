"""How after-sales requests are answered and closed, and the rows as of the export instant.

First responses follow the S1 9.2.3 limits (1 h refund before shipment, 24 h after
shipment, 36 h quality problems and re-sends); each merchant breaches them at its own rate
(profile and slack). Automatic refunds (未发货秒退, S3 6.3.2.2) answer in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.cases import Requests
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.orders import Orders
from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY, HOUR, NEVER, over_limit
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.aftersales.models import CaseKind, CaseReason, CaseStatus

K, R, S = CaseKind, CaseReason, CaseStatus
REFUND_BEFORE_SHIPMENT_LIMIT = 1 * HOUR
AFTER_SHIPMENT_LIMIT = 24 * HOUR
QUALITY_OR_RESEND_LIMIT = 36 * HOUR
AUTOMATIC = {K.REFUND_BEFORE_SHIPMENT: 0.7, K.PRICE_PROTECTION: 0.5, K.COMPENSATION: 1.0}
"""Share of requests of a kind the platform approves by itself, within seconds."""
UNREFUSABLE = (K.REFUND_BEFORE_SHIPMENT, K.COMPENSATION)
REJECTION = {Profile.GOOD: 0.05, Profile.SLOPPY: 0.12, Profile.FRAUD: 0.2}
WITHDRAWN = 0.03
"""Share of requests the buyer withdraws."""
PARTIAL_REFUND_SHARE = 0.15
"""Refund-only cases settled for less than asked."""
DURATION = {
    K.REFUND_BEFORE_SHIPMENT: (10, 600),
    K.RETURN_REFUND: (2 * DAY, 6 * DAY),
    K.REFUND_ONLY: (HOUR, 2 * DAY),
    K.EXCHANGE: (4 * DAY, 9 * DAY),
    K.REPAIR: (7 * DAY, 25 * DAY),
    K.RESEND: (2 * DAY, 5 * DAY),
    K.PRICE_PROTECTION: (600, DAY),
    K.COMPENSATION: (60, HOUR),
}
"""Response to resolution, uniform between the bounds."""
REFUNDING = (
    K.REFUND_BEFORE_SHIPMENT,
    K.RETURN_REFUND,
    K.REFUND_ONLY,
    K.PRICE_PROTECTION,
    K.COMPENSATION,
)


@dataclass(frozen=True)
class Cases:
    ids: pa.Array
    request: Requests
    merchant: np.ndarray
    responded_at: np.ndarray
    resolved_at: np.ndarray
    outcome: np.ndarray
    """Final status code: refunded, completed, rejected or cancelled."""
    refund: np.ndarray
    """Fen paid back once resolved."""

    def refunded_by_order(self, orders: int, *, as_of: int) -> np.ndarray:
        """Fen refunded per order by the export instant."""
        done = (self.outcome == columns.code(S.REFUNDED)) & (self.resolved_at <= as_of)
        return np.bincount(
            self.request.order, weights=np.where(done, self.refund, 0), minlength=orders
        ).astype(np.int64)

    def closing(self, orders: int, kinds: tuple[CaseKind, ...]) -> np.ndarray:
        """When a successful case of one of `kinds` closed each order's case; NEVER otherwise."""
        chosen = np.isin(self.request.kind, [columns.code(k) for k in kinds])
        chosen &= self.outcome == columns.code(S.REFUNDED)
        closes = np.full(orders, NEVER)
        closes[self.request.order[chosen]] = self.resolved_at[chosen]
        return closes


def answer(
    rng: np.random.Generator, world: World, orders: Orders, request: Requests, *, chunk: Chunk
) -> Cases:
    merchant = orders.demand.merchant[request.order]
    profile = world.merchants.profile[merchant]
    automatic = rng.random(request.kind.size) < np.select(
        [request.kind == columns.code(k) for k in AUTOMATIC], list(AUTOMATIC.values()), 0.0
    )
    breach = world.merchants.trait("response_breach", merchant)
    delay = over_limit(rng, limit=response_limit(request), share=breach)
    responded = request.requested_at + np.where(automatic, rng.integers(1, 30, delay.size), delay)
    outcome = _outcomes(rng, request.kind, profile, automatic=automatic)
    return Cases(
        ids=chunk.ids("ASC", request.kind.size),
        request=request,
        merchant=merchant,
        responded_at=responded,
        resolved_at=responded + _durations(rng, request.kind, outcome),
        outcome=outcome,
        refund=_refunds(rng, request, outcome),
    )


def _outcomes(
    rng: np.random.Generator, kind: np.ndarray, profile: np.ndarray, *, automatic: np.ndarray
) -> np.ndarray:
    """Rejected or withdrawn now and then (never an automatic or statutory refund)."""
    unrefusable = automatic | np.isin(kind, [columns.code(k) for k in UNREFUSABLE])
    u = rng.random(kind.size)
    rejected = ~unrefusable & (u < np.array([REJECTION[p] for p in Profile])[profile])
    withdrawn = ~unrefusable & ~rejected & (u > 1 - WITHDRAWN)
    refunding = np.isin(kind, [columns.code(k) for k in REFUNDING])
    outcome: np.ndarray = np.select(
        [rejected, withdrawn, refunding],
        [columns.code(S.REJECTED), columns.code(S.CANCELLED), columns.code(S.REFUNDED)],
        columns.code(S.COMPLETED),
    )
    return outcome


def _durations(rng: np.random.Generator, kind: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Seconds from the first response to the close: a refusal closes at once."""
    low, high = (np.array([DURATION[k][i] for k in CaseKind]) for i in (0, 1))
    took = (low[kind] + rng.random(kind.size) * (high[kind] - low[kind])).astype(np.int64)
    withdrawn = rng.integers(HOUR, 3 * DAY, kind.size)
    duration: np.ndarray = np.select(
        [outcome == columns.code(S.REJECTED), outcome == columns.code(S.CANCELLED)],
        [0, withdrawn],
        took,
    )
    return duration


def _refunds(rng: np.random.Generator, request: Requests, outcome: np.ndarray) -> np.ndarray:
    """What is paid back: the request, or less where a refund-only case is settled lower."""
    partial = (request.kind == columns.code(K.REFUND_ONLY)) & (
        rng.random(request.kind.size) < PARTIAL_REFUND_SHARE
    )
    lowered = (request.amount * rng.uniform(0.5, 1.0, request.kind.size)).astype(np.int64)
    refund: np.ndarray = np.where(
        outcome == columns.code(S.REFUNDED), np.where(partial, lowered, request.amount), 0
    )
    return refund


def case_rows(rng: np.random.Generator, world: World, orders: Orders, cases: Cases) -> pa.Table:
    as_of = world.scenario.as_of
    open_ = np.flatnonzero(cases.request.requested_at <= as_of)
    request = cases.request
    kind = request.kind[open_]
    resolved = cases.resolved_at[open_]
    responded = cases.responded_at[open_]
    waiting = np.select(
        [
            np.isin(kind, [columns.code(K.RETURN_REFUND), columns.code(K.EXCHANGE)]),
            kind == columns.code(K.REPAIR),
        ],
        [columns.code(S.AWAITING_RETURN), columns.code(S.IN_REPAIR)],
        columns.code(S.APPROVED),
    )
    status = np.select(
        [resolved <= as_of, responded <= as_of],
        [cases.outcome[open_], waiting],
        columns.code(S.REQUESTED),
    )
    item = request.item[open_]
    return table(
        "aftersales_cases",
        {
            "id": cases.ids.take(pa.array(open_)),
            "order_id": orders.ids.take(pa.array(request.order[open_])),
            "order_item_id": columns.nulls_where(
                item < 0, orders.item_ids.take(pa.array(np.maximum(item, 0)))
            ),
            "consumer_id": columns.static_ids("CON", orders.demand.consumer[request.order[open_]]),
            "merchant_id": columns.static_ids("MER", cases.merchant[open_]),
            "kind": columns.enum_values(CaseKind, kind),
            "reason": columns.enum_values(CaseReason, request.reason[open_]),
            "status": columns.enum_values(CaseStatus, status),
            "requested_at": columns.utc(request.requested_at[open_], horizon=as_of),
            "first_response_at": columns.utc(responded, horizon=as_of),
            "resolved_at": columns.utc(resolved, horizon=as_of),
            "requested_fen": pa.array(request.amount[open_]),
            "refunded_fen": pa.array(
                np.where(status == columns.code(S.REFUNDED), cases.refund[open_], 0)
            ),
            "note": columns.nulls_where(
                rng.random(open_.size) < 0.3, NOTES.draw(rng, request.reason[open_])
            ),
        },
    )


def response_limit(request: Requests) -> np.ndarray:
    """The S1 9.2.3 response limit of each request."""
    quality = (request.reason == columns.code(R.QUALITY)) | np.isin(
        request.kind, [columns.code(K.REPAIR), columns.code(K.RESEND)]
    )
    return np.select(
        [request.kind == columns.code(K.REFUND_BEFORE_SHIPMENT), quality],
        [REFUND_BEFORE_SHIPMENT_LIMIT, QUALITY_OR_RESEND_LIMIT],
        AFTER_SHIPMENT_LIMIT,
    )


NOTES = columns.Pools.of(
    [
        ("七天无理由退货", "不想要了", "买多了", "尺码不合适，想换大一号"),  # no reason
        ("用了两天就坏了", "开机无反应", "有异味", "做工粗糙，开线", "屏幕有坏点"),  # quality
        ("收到时外包装破损", "商品有磕碰", "瓶子碎了，漏液"),  # damaged
        ("发错颜色了", "收到的型号和下单的不一致", "发错货"),  # wrong item
        ("实物与图片差距大", "材质和描述不符", "颜色有色差"),  # not as described
        ("超过承诺时间未发货", "物流太慢"),  # late delivery
        ("少发了一件", "配件缺失", "赠品没有收到"),  # missing part
        ("购买后降价了，申请价保", "申请退还差价"),  # price drop
        ("其他原因", "拍错了"),  # other
    ]
)
"""Buyer notes, in `CaseReason` order."""
