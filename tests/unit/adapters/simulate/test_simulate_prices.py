"""Orders are priced from the price history, and 价保 looks for the lowest later shelf price."""

from __future__ import annotations

import numpy as np

from pinzhi.adapters.simulate.columns import code
from pinzhi.adapters.simulate.prices import PriceBook
from pinzhi.domain.catalog.models import PriceKind

DAY = 86_400
T0 = 1_750_000_000
LIST, PROMOTION, COUPON = (code(k) for k in (PriceKind.LIST, PriceKind.PROMOTION, PriceKind.COUPON))


def book(*points: tuple[int, int, int, int]) -> PriceBook:
    """Points of (sku, seconds after T0, price, kind), given in (sku, time) order."""
    sku, at, price, kind = (np.array(column) for column in zip(*points, strict=True))
    return PriceBook((sku << 32) | (T0 + at), price, kind)


PRICES = book(
    (0, 0, 10_000, LIST),
    (0, 2 * DAY, 8_000, COUPON),
    (0, 3 * DAY, 9_000, PROMOTION),
    (0, 4 * DAY, 10_000, LIST),
    (1, 0, 500, LIST),
)


class TestPointAt:
    def test_the_point_in_force_is_the_last_one_that_took_effect(self) -> None:
        point = PRICES.point_at(np.array([0, 0, 0, 1]), T0 + np.array([DAY, 3 * DAY, 9 * DAY, DAY]))

        assert PRICES.price[point].tolist() == [10_000, 9_000, 10_000, 500]


class TestLowestAfter:
    def test_a_promotion_inside_the_period_is_found(self) -> None:
        point = PRICES.point_at(np.array([0]), np.array([T0 + DAY]))

        low, when = PRICES.lowest_after(point, until=np.array([T0 + 30 * DAY]))

        assert low.tolist() == [9_000]
        assert when.tolist() == [T0 + 3 * DAY]

    def test_a_drop_after_the_period_is_not(self) -> None:
        point = PRICES.point_at(np.array([0]), np.array([T0 + DAY]))

        low, when = PRICES.lowest_after(point, until=np.array([T0 + DAY + DAY // 2]))

        assert low.tolist() == [10_000]
        assert when.tolist() == [T0 + DAY + DAY // 2]

    def test_coupon_prices_and_other_skus_never_count(self) -> None:
        point = PRICES.point_at(np.array([0, 1]), np.array([T0 + DAY, T0 + DAY]))

        low, _ = PRICES.lowest_after(point, until=np.array([T0 + 2 * DAY + 1, T0 + 30 * DAY]))

        assert low.tolist() == [10_000, 500]
