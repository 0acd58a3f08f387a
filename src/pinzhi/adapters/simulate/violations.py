"""Violations: fake-order bursts and counterfeits of fraudulent merchants, unsafe products
that failed a spot check, careless advertising; what key control (S1 6.4) starts from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.catalog import Catalog
from pinzhi.adapters.simulate.fraud import Rings
from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.governance.models import Severity, ViolationKind, ViolationStatus

SOURCES = columns.Pools.of(
    [
        ("品牌方投诉", "消费者投诉", "平台抽检"),  # counterfeit
        ("风控系统",),  # fake orders
        ("商品巡检", "消费者举报"),  # false advertising
        ("监管抽检", "平台抽检"),  # unsafe product
        ("消费者举报",),  # privacy
        ("商品巡检",),  # other
    ]
)
"""In `ViolationKind` order."""
DESCRIPTIONS = (
    "销售未获品牌授权的商品，经鉴定为假冒",
    "短时间内同一收货地址集中下单并即时好评，疑似刷单",
    "商品标题使用绝对化用语，宣传与实际不符",
    "商品抽检不合格，存在安全风险",
    "在聊天中索要消费者身份证照片",
    "商品类目错放",
)
"""In `ViolationKind` order."""
SEVERE = (ViolationKind.COUNTERFEIT, ViolationKind.UNSAFE_PRODUCT)


@dataclass(frozen=True)
class Found:
    merchant: np.ndarray
    product: np.ndarray
    """-1 when the violation is not about one product."""
    kind: ViolationKind
    detected: np.ndarray


def violation_rows(
    rng: np.random.Generator,
    merchants: Merchants,
    catalog: Catalog,
    rings: Rings,
    *,
    failed_products: np.ndarray,
    begins_at: int,
    as_of: int,
) -> pa.Table:
    found = [
        _fake_orders(rng, rings, begins_at=begins_at),
        _counterfeits(rng, catalog, begins_at=begins_at, as_of=as_of),
        _unsafe(rng, catalog, failed_products, as_of=as_of),
        _careless(rng, merchants, begins_at=begins_at, as_of=as_of),
    ]
    merchant = np.concatenate([f.merchant for f in found])
    product = np.concatenate([f.product for f in found])
    kind = np.concatenate([np.full(f.merchant.size, columns.code(f.kind)) for f in found])
    detected = np.concatenate([f.detected for f in found])
    known = detected <= as_of
    merchant, product, kind, detected = (
        merchant[known],
        product[known],
        kind[known],
        detected[known],
    )
    n = merchant.size
    severe = np.isin(kind, [columns.code(k) for k in SEVERE])
    severity = np.where(
        severe,
        columns.code(Severity.SEVERE),
        rng.choice([columns.code(Severity.MINOR), columns.code(Severity.MAJOR)], n),
    )
    return table(
        "violations",
        {
            "id": columns.static_ids("VIO", np.arange(n)),
            "merchant_id": columns.static_ids("MER", merchant),
            "product_id": columns.nulls_where(
                product < 0, columns.static_ids("PRO", np.maximum(product, 0))
            ),
            "kind": columns.enum_values(ViolationKind, kind),
            "severity": columns.enum_values(Severity, severity),
            "status": columns.enum_values(
                ViolationStatus, rng.choice(len(ViolationStatus), n, p=[0.25, 0.65, 0.10])
            ),
            "detected_at": columns.utc(detected, horizon=as_of),
            "source": SOURCES.draw(rng, kind),
            "description": columns.pick(DESCRIPTIONS, kind),
        },
    )


def _fake_orders(rng: np.random.Generator, rings: Rings, *, begins_at: int) -> Found:
    """Risk control flags each burst one to three days later."""
    ring, day = np.nonzero(rings.bursts)
    detected = (
        begins_at + (day + rng.integers(1, 4, day.size)) * DAY + rng.integers(0, DAY, day.size)
    )
    return Found(rings.merchant[ring], np.full(ring.size, -1), ViolationKind.FAKE_ORDERS, detected)


def _counterfeits(
    rng: np.random.Generator, catalog: Catalog, *, begins_at: int, as_of: int
) -> Found:
    product = np.flatnonzero(catalog.unauthorised & (rng.random(catalog.products) < 0.5))
    detected = rng.integers(begins_at - 90 * DAY, as_of, product.size)
    return Found(catalog.merchant[product], product, ViolationKind.COUNTERFEIT, detected)


def _unsafe(rng: np.random.Generator, catalog: Catalog, failed: np.ndarray, *, as_of: int) -> Found:
    detected = rng.integers(catalog.listed_at[failed], as_of)
    return Found(catalog.merchant[failed], failed, ViolationKind.UNSAFE_PRODUCT, detected)


def _careless(
    rng: np.random.Generator, merchants: Merchants, *, begins_at: int, as_of: int
) -> Found:
    """False advertising by sloppy (and some fraudulent) merchants, a few odd cases for all."""
    chance = np.select(
        [merchants.profile == Profile.SLOPPY, merchants.profile == Profile.FRAUD], [0.5, 0.4], 0.05
    )
    merchant = np.flatnonzero(rng.random(merchants.count) < chance)
    detected = rng.integers(begins_at - 180 * DAY, as_of, merchant.size)
    return Found(merchant, np.full(merchant.size, -1), ViolationKind.FALSE_ADVERTISING, detected)
