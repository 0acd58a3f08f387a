"""Facts in consumer messages: order numbers, amounts, dates, masked phone numbers."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pinzhi.adapters.language.facts import chinese_number, extract, mask_phone, order_ids

TODAY = date(2026, 11, 24)
_DIGITS = "零一二三四五六七八九"


def to_chinese(value: int) -> str:
    """Write 1..99,999,999 the way people type it (十二, 一百零五, 三万五千)."""
    if value >= 10_000:
        high, low = divmod(value, 10_000)
        tail = to_chinese(low) if low else ""
        gap = "零" if 0 < low < 1000 else ""
        return to_chinese(high) + "万" + gap + tail
    parts: list[str] = []
    zero = False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, value = divmod(value, size)
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        else:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


class TestOrders:
    def test_jd_masks_and_cued_long_numbers_are_order_numbers(self) -> None:
        found = extract("咨询订单号:[ORDERID_10005629] 另一个订单号:13812345678 还有 202611240001")
        assert found.order_ids == ["10005629", "13812345678", "202611240001"]
        assert found.phones == []

    def test_order_ids_alone_match_the_full_extraction(self) -> None:
        text = "订单号：１２３４５６７８９０１２ 和 [ORDERID_7] 电话13812345678"
        assert order_ids(text) == extract(text).order_ids == ["123456789012", "7"]

    def test_a_mobile_shaped_number_without_cue_is_a_masked_phone(self) -> None:
        found = extract("联系我13812345678，或者座机010-87654321")
        assert found.phones == ["138****5678", "010****4321"]
        assert found.order_ids == []

    @given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.text(max_size=8))
    def test_a_full_phone_number_never_appears_in_the_facts(self, phone: str, noise: str) -> None:
        text = f"{noise.replace('1', '')} 电话 {phone} 谢谢"
        as_text = str(extract(text).as_dict())
        assert phone not in as_text
        assert mask_phone(phone) in as_text


class TestAmounts:
    def test_symbols_units_chinese_numerals_and_masks(self) -> None:
        found = extract("退我¥12.5，另外十二块，3元5角，还有[金额x]")
        assert [a["fen"] for a in found.amounts] == [1250, 1200, 350, None]
        assert [a["text"] for a in found.amounts][1] == "十二块"

    @given(st.integers(min_value=0, max_value=10_000_000))
    def test_yuan_with_symbol_round_trips_to_fen(self, fen: int) -> None:
        yuan, cents = divmod(fen, 100)
        found = extract(f"一共付了￥{yuan}.{cents:02d}吗")
        assert [a["fen"] for a in found.amounts] == [fen]

    @given(st.integers(min_value=1, max_value=99_999_999))
    def test_chinese_numerals_read_back(self, value: int) -> None:
        assert chinese_number(to_chinese(value)) == value


class TestDates:
    def test_absolute_relative_month_day_and_masked_dates(self) -> None:
        found = extract("11月11号买的，昨天到的，2026-11-01下单，[日期x]", today=TODAY)
        assert [d["date"] for d in found.dates] == ["2026-11-11", "2026-11-23", "2026-11-01", None]

    def test_relative_dates_stay_unresolved_without_today(self) -> None:
        found = extract("明天能到吗")
        assert found.dates == [{"text": "明天", "date": None, "days": 1}]

    def test_an_impossible_date_is_reported_without_a_value(self) -> None:
        assert extract("2026-02-30").dates[0]["date"] is None

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    def test_iso_dates_round_trip(self, day: date) -> None:
        assert [d["date"] for d in extract(f"{day.isoformat()} 下的单").dates] == [day.isoformat()]


def test_full_width_digits_are_read() -> None:
    found = extract("订单号：１２３４５６７８９０１２，退款￥１２")
    assert found.order_ids == ["123456789012"]
    assert found.amounts[0]["fen"] == 1200


def test_a_message_without_facts_gives_an_empty_dict() -> None:
    assert extract("你好，在吗").as_dict() == {}
