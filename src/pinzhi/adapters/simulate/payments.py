"""Payments (a method mix, some split with a voucher, some failed attempts) and invoices."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, names, places
from pinzhi.adapters.simulate.chunks import Chunk
from pinzhi.adapters.simulate.orders import Fate, Orders
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import HOUR, NEVER
from pinzhi.adapters.simulate.world import World
from pinzhi.domain.orders.models import InvoiceKind, InvoiceStatus, PaymentMethod, PaymentStatus

M = PaymentMethod
METHOD_SHARES = {M.ALIPAY: 0.47, M.WECHAT: 0.36, M.CARD: 0.07, M.CREDIT: 0.07, M.OTHER: 0.03}
INSTALMENTS = {M.CREDIT: (0.4, 0.3, 0.2, 0.1), M.CARD: (0.8, 0.1, 0.05, 0.05)}
"""Chances of paying in 1, 3, 6 or 12 instalments."""
VOUCHER_SHARE = 0.03
PAID_FAILED_FIRST = 0.03
UNPAID_FAILED = 0.25
"""Shares of paid and of never-paid orders with a failed payment attempt."""
INVOICE_SHARE = 0.25
SELF_OPERATED_INVOICE_SHARE = 0.6


def payment_rows(
    rng: np.random.Generator, world: World, orders: Orders, *, refunded: np.ndarray, chunk: Chunk
) -> pa.Table:
    """Per order: failed attempts, then the payment, then the voucher part if split."""
    as_of = world.scenario.as_of
    n = orders.count
    paid = np.flatnonzero(orders.paid_at <= as_of)
    split = paid[(rng.random(paid.size) < VOUCHER_SHARE) & (orders.paid[paid] > 2000)]
    voucher = np.zeros(n, dtype=np.int64)
    voucher[split] = rng.choice([500, 1000, 2000], split.size)
    attempt = rng.random(n) < np.where(orders.fate == Fate.UNPAID, UNPAID_FAILED, PAID_FAILED_FIRST)
    failed = np.flatnonzero(attempt & (orders.demand.placed <= as_of))
    order = np.concatenate([failed, paid, split])
    part = np.repeat([0, 1, 2], [failed.size, paid.size, split.size])
    row = np.lexsort((part, order))
    order, part = order[row], part[row]
    amount = np.select(
        [part == 1, part == 2],
        [orders.paid[order] - voucher[order], voucher[order]],
        orders.paid[order],
    )
    full = refunded[order] >= orders.paid[order]
    status = np.select(
        [part == 0, full, (part == 1) & (refunded[order] > 0)],
        [
            columns.code(PaymentStatus.FAILED),
            columns.code(PaymentStatus.REFUNDED),
            columns.code(PaymentStatus.PARTIALLY_REFUNDED),
        ],
        columns.code(PaymentStatus.PAID),
    )
    method = _methods(rng, order.size)
    method = np.where(part == 2, columns.code(M.VOUCHER), method)
    return table(
        "payments",
        {
            "id": chunk.ids("PAY", order.size),
            "order_id": orders.ids.take(pa.array(order)),
            "method": columns.enum_values(PaymentMethod, method),
            "currency": columns.pick(["CNY"], np.zeros(order.size, dtype=np.int64)),
            "amount_fen": pa.array(amount),
            "installments": pa.array(_instalments(rng, method)),
            "paid_at": columns.utc(
                np.where(part == 0, NEVER, orders.paid_at[order]), horizon=as_of
            ),
            "status": columns.enum_values(PaymentStatus, status),
        },
    )


def invoice_rows(
    rng: np.random.Generator,
    world: World,
    orders: Orders,
    *,
    refunded: np.ndarray,
    refunded_at: np.ndarray,
    chunk: Chunk,
) -> pa.Table:
    """Invoices issued at hand-over (paper, in the parcel) or some hours later (electronic);
    a fully refunded order's invoice is reversed (红冲) or, on paper, voided (S3 6.9)."""
    as_of = world.scenario.as_of
    n = orders.count
    share = np.where(
        world.merchants.self_operated[orders.demand.merchant],
        SELF_OPERATED_INVOICE_SHARE,
        INVOICE_SHARE,
    )
    paper = rng.random(n) < 0.08
    issued = orders.handover + np.where(
        paper, 0, (4 * HOUR * np.exp(rng.standard_normal(n))).astype(np.int64)
    )
    order = np.flatnonzero((orders.handover != NEVER) & (issued <= as_of) & (rng.random(n) < share))
    k = order.size
    undone = (
        (refunded[order] >= orders.paid[order])
        & (refunded_at[order] > issued[order])
        & (refunded_at[order] <= as_of)
    )
    company = rng.random(k) < 0.3
    status = np.select(
        [undone & paper[order], undone],
        [columns.code(InvoiceStatus.VOIDED), columns.code(InvoiceStatus.REVERSED)],
        columns.code(InvoiceStatus.ISSUED),
    )
    return table(
        "invoices",
        {
            "id": chunk.ids("INV", k),
            "order_id": orders.ids.take(pa.array(order)),
            "kind": columns.enum_values(
                InvoiceKind,
                np.where(
                    paper[order],
                    columns.code(InvoiceKind.PAPER),
                    columns.code(InvoiceKind.ELECTRONIC),
                ),
            ),
            "title": columns.where(company, _company_names(rng, k), "个人"),
            "tax_number": columns.nulls_where(
                ~company, columns.numbered("91", rng.integers(10**15, 10**16, k), width=16)
            ),
            "amount_fen": pa.array(orders.paid[order]),
            "issued_at": columns.utc(issued[order], horizon=as_of),
            "status": columns.enum_values(InvoiceStatus, status),
        },
    )


def _methods(rng: np.random.Generator, size: int) -> np.ndarray:
    shares = np.array(list(METHOD_SHARES.values()))
    return rng.choice([columns.code(m) for m in METHOD_SHARES], size=size, p=shares / shares.sum())


def _instalments(rng: np.random.Generator, method: np.ndarray) -> np.ndarray:
    plan = np.ones(method.size, dtype=np.int64)
    for kind, chances in INSTALMENTS.items():
        paying = method == columns.code(kind)
        plan[paying] = rng.choice([1, 3, 6, 12], size=int(paying.sum()), p=chances)
    return plan


def _company_names(rng: np.random.Generator, size: int) -> pa.Array:
    return columns.join(
        columns.choose(rng, places.CITIES, size),
        columns.choose(rng, names.COMPANY_WORDS, size),
        columns.choose(rng, names.COMPANY_TRADES, size),
        "有限公司",
    )
