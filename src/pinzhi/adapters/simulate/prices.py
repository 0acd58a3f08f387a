"""Price history: list prices, permanent changes, promotion-day and coupon windows.

Orders are priced from this history, and 价保 claims (S3 6.8) compare a purchase with the
lowest price inside the protection period, so the history is the one source of both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.catalog import Catalog
from pinzhi.adapters.simulate.lookup import find
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.catalog.models import PriceKind

LOOKAHEAD = 3
"""Price points after a purchase examined for a 价保 drop."""
COUPON = columns.code(PriceKind.COUPON)
_SHIFT = 32
"""Lookup keys are `sku << 32 | epoch seconds`; seconds fit in 32 bits until 2106."""


@dataclass(frozen=True)
class PriceBook:
    key: np.ndarray
    price: np.ndarray
    kind: np.ndarray

    def point_at(self, sku: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Index of the price point in force for each (sku, instant)."""
        point: np.ndarray = find(self.key, (sku << _SHIFT) | at, side="right") - 1
        return point

    def lowest_after(
        self, point: np.ndarray, *, until: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The lowest later shelf price of a SKU effective by `until`, and when it took effect.

        Where none qualifies the price is the current one and the time `until`.
        """
        sku = self.key[point] >> _SHIFT
        best, when = self.price[point].copy(), until.copy()
        for step in range(1, LOOKAHEAD + 1):
            later = np.minimum(point + step, self.key.size - 1)
            later_time = self.key[later] & ((1 << _SHIFT) - 1)
            valid = (point + step < self.key.size) & (self.key[later] >> _SHIFT == sku)
            valid &= self.kind[later] != COUPON  # coupon-only prices are outside 价保
            lower = valid & (later_time <= until) & (self.price[later] < best)
            best, when = np.where(lower, self.price[later], best), np.where(lower, later_time, when)
        return best, when


def build_prices(
    rng: np.random.Generator, catalog: Catalog, *, begins_at: int, days: int, promotions: list[int]
) -> PriceBook:
    n = catalog.sku_product.size
    listed = catalog.listed_at[catalog.sku_product]
    windows = _windows(rng, catalog, n, begins_at=begins_at, days=days, promotions=promotions)
    changes = rng.random(n) < 0.15
    change_at = np.where(changes, listed + (rng.random(n) * (begins_at + days * DAY - listed)), 0)
    change_at = change_at.astype(np.int64)
    change = np.where(rng.random(n) < 0.7, rng.uniform(0.85, 0.97, n), rng.uniform(1.03, 1.1, n))
    sku = np.concatenate(
        [np.arange(n), np.flatnonzero(changes)] + [np.flatnonzero(w[4]) for w in windows] * 2
    )
    at = np.concatenate(
        [listed, change_at[changes]] + [w[0][w[4]] for w in windows] + [w[1][w[4]] for w in windows]
    )
    base = catalog.list_price[sku] * np.where(changes[sku] & (at >= change_at[sku]), change[sku], 1)
    factor, kind = np.ones(sku.size), np.full(sku.size, columns.code(PriceKind.LIST))
    for start, end, cut, window_kind, active in windows:
        inside = active[sku] & (start[sku] <= at) & (at < end[sku]) & (cut[sku] < factor)
        factor, kind = np.where(inside, cut[sku], factor), np.where(inside, window_kind, kind)
    price = _shop_price(base * factor)
    order = np.lexsort((at, sku))
    sku, at, price, kind = sku[order], at[order], price[order], kind[order]
    repeat = np.concatenate(
        [[False], (sku[1:] == sku[:-1]) & (price[1:] == price[:-1]) & (kind[1:] == kind[:-1])]
    )
    keep = ~repeat
    return PriceBook((sku[keep] << _SHIFT) | at[keep], price[keep], kind[keep])


def price_rows(book: PriceBook, *, horizon: int) -> pa.Table:
    at = book.key & ((1 << _SHIFT) - 1)
    past = np.flatnonzero(at <= horizon)
    return table(
        "price_history",
        {
            "id": columns.static_ids("PRC", np.arange(past.size)),
            "sku_id": columns.static_ids("SKU", book.key[past] >> _SHIFT),
            "price_fen": pa.array(book.price[past]),
            "kind": columns.enum_values(PriceKind, book.kind[past]),
            "effective_at": columns.utc(at[past], horizon=horizon),
        },
    )


Window = tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]
"""Per SKU: start, end, price factor, price kind code, whether the SKU takes part."""


def _windows(
    rng: np.random.Generator,
    catalog: Catalog,
    n: int,
    *,
    begins_at: int,
    days: int,
    promotions: list[int],
) -> list[Window]:
    eager = (catalog.premium | (catalog.protection_days > 0))[catalog.sku_product]
    windows: list[Window] = []
    for day in promotions:
        start = np.full(n, begins_at + day * DAY)
        joins = rng.random(n) < np.where(eager, 0.8, 0.6)
        cut = rng.uniform(0.70, 0.92, n)
        windows.append((start, start + DAY, cut, columns.code(PriceKind.PROMOTION), joins))
    for kind, chance, length, low in (
        (PriceKind.PROMOTION, 0.3, 3, 0.8),
        (PriceKind.COUPON, 0.1, 1, 0.85),
    ):
        start = begins_at + rng.integers(0, days, n) * DAY
        cut = rng.uniform(low, 0.95, n)
        windows.append(
            (start, start + length * DAY, cut, columns.code(kind), rng.random(n) < chance)
        )
    return windows


def _shop_price(fen: np.ndarray) -> np.ndarray:
    """Whole yuan above 100 yuan, whole jiao below; never below one jiao."""
    step = np.where(fen >= 10_000, 100, 10)
    return np.maximum(10, np.round(fen / step) * step).astype(np.int64)
