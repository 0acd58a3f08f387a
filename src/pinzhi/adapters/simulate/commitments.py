"""Service commitments merchants publish (S3 6.10), and what they change in operations:
极速发货 shortens the promised ship-by, 延时交付必赔 pays a fixed sum when shipping is late."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.catalog import Catalog
from pinzhi.adapters.simulate.categories import CATEGORIES
from pinzhi.adapters.simulate.merchants import Merchants
from pinzhi.adapters.simulate.profiles import Profile
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY, HOUR
from pinzhi.domain.governance.models import CommitmentKind

SHIP_WINDOW = 48 * HOUR
FAST_SHIP_WINDOW = 24 * HOUR
PROMOTION_SHIP_WINDOW = 72 * HOUR
"""Ship-by promised at checkout, from payment; longer on promotion days."""

CHANCE = {
    CommitmentKind.ORIGINAL_WARRANTY: 0.5,
    CommitmentKind.LATE_DELIVERY_COMPENSATION: 0.3,
    CommitmentKind.FREE_OLD_PICKUP: 0.2,
    CommitmentKind.FREE_MEASUREMENT: 0.1,
    CommitmentKind.FREE_RETURN_SHIPPING: 0.6,
    CommitmentKind.PRICE_PROTECTION: 0.5,
    CommitmentKind.FAST_SHIPPING: 0.35,
}
"""Chance a third-party merchant publishes each commitment; self-operated publish all."""

ONLY_FOR = {
    CommitmentKind.ORIGINAL_WARRANTY: ("手机", "家电", "电脑办公"),
    CommitmentKind.FREE_OLD_PICKUP: ("手机", "家电"),
    CommitmentKind.FREE_MEASUREMENT: ("家电", "家居"),
}
"""Commitments that only make sense for some main categories."""

TERMS = {
    CommitmentKind.ORIGINAL_WARRANTY: "享受品牌原厂保修，凭订单在全国售后网点免费维修",
    CommitmentKind.LATE_DELIVERY_COMPENSATION: "未在承诺时间内发货，自动赔付{yuan}元",
    CommitmentKind.FREE_OLD_PICKUP: "送新取旧，上门免费收走旧机",
    CommitmentKind.FREE_MEASUREMENT: "下单前可预约免费上门测量",
    CommitmentKind.FREE_RETURN_SHIPPING: "退换货由平台承担退货运费",
    CommitmentKind.PRICE_PROTECTION: "商品降价在保价期内申请退还差价",
    CommitmentKind.FAST_SHIPPING: "付款后24小时内发货",
}


@dataclass(frozen=True)
class Promises:
    """What each merchant's commitments oblige it to, per merchant."""

    ship_window: np.ndarray
    late_compensation: np.ndarray
    """Fen paid per late shipment; 0 without the commitment."""


def commitment_rows(
    rng: np.random.Generator, merchants: Merchants, catalog: Catalog, *, begins_at: int, as_of: int
) -> tuple[pa.Table, Promises]:
    kinds = np.array(list(CHANCE))
    merchant, kind = np.nonzero(_publishes(rng, merchants, kinds))
    n = merchant.size
    compensation = np.where(
        kinds[kind] == CommitmentKind.LATE_DELIVERY_COMPENSATION, rng.choice([300, 500, 1000], n), 0
    )
    withdrawn = np.where(rng.random(n) < 0.05, rng.integers(begins_at, as_of, n), as_of + 1)
    terms = [TERMS[k].format(yuan=y) for k, y in zip(kinds[kind], compensation // 100, strict=True)]
    product = _protected_product(catalog, merchants.count)[merchant]
    product = np.where(kinds[kind] == CommitmentKind.PRICE_PROTECTION, product, -1)
    rows = table(
        "service_commitments",
        {
            "id": columns.static_ids("COM", np.arange(n)),
            "merchant_id": columns.static_ids("MER", merchant),
            "product_id": columns.nulls_where(
                product < 0, columns.static_ids("PRO", np.maximum(product, 0))
            ),
            "kind": columns.pick([str(k) for k in kinds], kind),
            "terms": pa.array(terms, type=pa.string()),
            "compensation_fen": pa.array(compensation),
            "published_at": columns.utc(begins_at - rng.integers(DAY, 720 * DAY, n), horizon=as_of),
            "withdrawn_at": columns.utc(withdrawn, horizon=as_of),
        },
    )
    kept = withdrawn > as_of
    return rows, _promises(merchants.count, merchant[kept], kinds[kind[kept]], compensation[kept])


def _publishes(rng: np.random.Generator, merchants: Merchants, kinds: np.ndarray) -> np.ndarray:
    """[merchant, kind]: whether the merchant publishes the commitment; careful merchants
    (little slack) promise more."""
    chance = np.array([CHANCE[k] for k in kinds])
    by_profile = np.select(
        [
            merchants.self_operated,
            merchants.profile == Profile.SLOPPY,
            merchants.profile == Profile.FRAUD,
        ],
        [10.0, 0.5, 1.3],
        1.0,
    )
    factor = by_profile / np.maximum(merchants.slack, 0.5)
    names = np.array([c.name for c in CATEGORIES])[merchants.category]
    fits = np.array([np.isin(names, ONLY_FOR.get(k, names)) for k in kinds]).T
    publishes: np.ndarray = fits & (
        rng.random((merchants.count, kinds.size)) < chance * factor[:, None]
    )
    return publishes


def _protected_product(catalog: Catalog, merchants: int) -> np.ndarray:
    """Per merchant, its first product with 价保 days, or −1."""
    protected = np.flatnonzero(catalog.protection_days > 0)
    owners, first = np.unique(catalog.merchant[protected], return_index=True)
    product = np.full(merchants, -1)
    product[owners] = protected[first]
    return product


def _promises(
    merchants: int, merchant: np.ndarray, kind: np.ndarray, compensation: np.ndarray
) -> Promises:
    window = np.full(merchants, SHIP_WINDOW)
    window[merchant[kind == CommitmentKind.FAST_SHIPPING]] = FAST_SHIP_WINDOW
    late = np.zeros(merchants, dtype=np.int64)
    paying = kind == CommitmentKind.LATE_DELIVERY_COMPENSATION
    late[merchant[paying]] = compensation[paying]
    return Promises(window, late)
