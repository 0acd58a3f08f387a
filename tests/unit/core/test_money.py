"""Money is integer fen: parsing and display never go through float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinzhi.core.errors import ValidationFailed
from pinzhi.core.money import format_yuan, to_fen


class TestToFen:
    def test_yuan_string_becomes_fen(self) -> None:
        assert to_fen("12.30") == 1230

    def test_half_a_fen_rounds_up(self) -> None:
        assert to_fen("0.005") == 1

    def test_float_trap_is_avoided(self) -> None:
        assert to_fen("0.1") + to_fen("0.2") == to_fen("0.3")

    @pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
    def test_non_amount_is_refused(self, bad: str) -> None:
        with pytest.raises(ValidationFailed):
            to_fen(bad)

    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_format_then_parse_round_trips(self, fen: int) -> None:
        assert to_fen(format_yuan(fen).replace(",", "")) == fen


class TestFormatYuan:
    def test_thousands_are_grouped(self) -> None:
        assert format_yuan(123456789) == "1,234,567.89"

    def test_negative_amounts_keep_their_sign(self) -> None:
        assert format_yuan(-5) == "-0.05"

    def test_decimal_input_is_exact(self) -> None:
        assert to_fen(Decimal("19999.99")) == 1999999
