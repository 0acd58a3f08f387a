"""Delays are over their limit in the requested share: how merchant quality is dialled in."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pinzhi.adapters.simulate.timing import lognormal_seconds, over_limit


class TestOverLimit:
    @settings(max_examples=25, deadline=None)
    @given(share=st.floats(0.01, 0.9), limit=st.sampled_from([20, 30, 3600, 86_400]))
    def test_the_share_over_the_limit_is_the_share_asked_for(
        self, share: float, limit: int
    ) -> None:
        rng = np.random.default_rng(3)

        delays = over_limit(rng, limit=limit, share=np.full(40_000, share))

        assert abs((delays > limit).mean() - share) < 0.015

    def test_each_element_follows_its_own_share(self) -> None:
        shares = np.repeat([0.03, 0.25], 40_000)

        delays = over_limit(np.random.default_rng(4), limit=30, share=shares)

        good, sloppy = (delays[:40_000] > 30).mean(), (delays[40_000:] > 30).mean()
        assert abs(good - 0.03) < 0.01
        assert abs(sloppy - 0.25) < 0.01

    def test_delays_are_whole_positive_seconds(self) -> None:
        delays = over_limit(np.random.default_rng(5), limit=0.5, share=np.full(1000, 0.5))

        assert delays.dtype == np.int64
        assert delays.min() >= 1


class TestLognormalSeconds:
    def test_half_the_delays_are_under_the_median(self) -> None:
        delays = lognormal_seconds(np.random.default_rng(6), median=25, sigma=0.7, size=40_000)

        assert abs((delays < 25).mean() - 0.5) < 0.02
