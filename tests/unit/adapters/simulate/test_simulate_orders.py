"""An order's discount is shared over its items so that item sums match the order."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.adapters.simulate.orders import discount_shares

orders = st.lists(
    st.tuples(st.lists(st.integers(10, 10**7), min_size=1, max_size=4), st.floats(0, 0.2)),
    min_size=1,
    max_size=20,
)


class TestDiscountShares:
    @given(orders=orders)
    def test_shares_add_up_to_each_order_discount_and_never_exceed_a_line(
        self, orders: list[tuple[list[int], float]]
    ) -> None:
        line = np.array([fen for lines, _ in orders for fen in lines], dtype=np.int64)
        first_item = np.cumsum([0] + [len(lines) for lines, _ in orders[:-1]])
        discount = np.array([int(sum(lines) * cut) for lines, cut in orders], dtype=np.int64)

        share = discount_shares(discount=discount, line=line, first_item=first_item)

        assert np.add.reduceat(share, first_item).tolist() == discount.tolist()
        assert (share >= 0).all()
        assert (share <= line).all()
