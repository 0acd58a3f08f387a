"""Key facts in a consumer message: order numbers, amounts, dates, phone numbers (issue 6 part 2).

The agent who takes over a conversation (S1 9.7.2) and the answers personalised with the order
(S3 7.2.2) need these without reading the whole exchange. Both the JDDC masks (`[ORDERID_123]`,
`[金额x]`, `[日期x]`, `[电话x]`) and real forms are recognised. Phone numbers are returned masked
(138****5678): the extracted facts travel to agents and logs, where a full number has no place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pinzhi.adapters.language.text_forms import halfwidth

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_CN_NUMBER = r"[零〇一二两三四五六七八九十百千万]+"

_ORDER_MASK = re.compile(r"\[ORDERID_(\d+)\]")
_ORDER_CUE = re.compile(r"(?:订单编?号|单号|订单)\s*[:：]?\s*$")
_DIGIT_RUN = re.compile(r"(?<![\d.])(\d{9,20})(?![\d.])")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)")
_PHONE_MASK = re.compile(r"\[电话x\]")
_AMOUNT_MASK = re.compile(r"\[金额x\]")
_AMOUNT_SYMBOL = re.compile(r"[¥￥]\s*(\d+(?:\.\d{1,2})?)")
_AMOUNT_UNIT = re.compile(
    rf"(?<![\d.])(\d+(?:\.\d{{1,2}})?|{_CN_NUMBER})\s*(元|块钱|块|rmb|人民币)"
    rf"(?:\s*(\d|[一二两三四五六七八九])\s*(?:角|毛))?",
    re.IGNORECASE,
)
_DATE_MASK = re.compile(r"\[日期x\]")
_ISO_DATE = re.compile(r"(?<!\d)(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)")
_MONTH_DAY = re.compile(rf"(?<![\d年/-])(\d{{1,2}}|{_CN_NUMBER})月(\d{{1,2}}|{_CN_NUMBER})[日号]")
_RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "今天": 0,
    "明天": 1,
    "后天": 2,
    "大后天": 3,
}
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)))


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 一百零五, 两千三百, 三万五千; None if malformed."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        else:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + section + digit


def _number(text: str) -> Decimal | None:
    if text.isascii():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    value = chinese_number(text)
    return None if value is None else Decimal(value)


@dataclass(frozen=True, slots=True)
class Facts:
    """Facts found in one message; every list keeps the order of appearance."""

    order_ids: list[str] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready data, leaving out the empty kinds."""
        full = {
            "order_ids": self.order_ids,
            "amounts": self.amounts,
            "dates": self.dates,
            "phones": self.phones,
        }
        return {key: value for key, value in full.items() if value}


def mask_phone(number: str) -> str:
    """Keep the first three and last four digits of a phone number: 138****5678."""
    digits = re.sub(r"\D", "", number)
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def _orders_and_phones(text: str, facts: Facts) -> None:
    orders = [(m.start(), m.group(1)) for m in _ORDER_MASK.finditer(text)]
    phones = [(m.start(), "[电话x]") for m in _PHONE_MASK.finditer(text)]
    for match in _DIGIT_RUN.finditer(text):
        run = match.group(1)
        cued = bool(_ORDER_CUE.search(text[max(0, match.start() - 8) : match.start()]))
        if _MOBILE.match(run) and not cued:
            phones.append((match.start(), mask_phone(run)))
        else:
            orders.append((match.start(), run))
    phones.extend(
        (m.start(), mask_phone(m.group(1) + m.group(2))) for m in _LANDLINE.finditer(text)
    )
    facts.order_ids.extend(value for _, value in sorted(orders))
    facts.phones.extend(value for _, value in sorted(phones))


def _amounts(text: str, facts: Facts) -> None:
    found: list[tuple[int, dict[str, Any]]] = []
    for match in _AMOUNT_MASK.finditer(text):
        found.append((match.start(), {"text": match.group(0), "fen": None}))
    for match in _AMOUNT_SYMBOL.finditer(text):
        yuan = Decimal(match.group(1))
        found.append((match.start(), {"text": match.group(0), "fen": int(yuan * 100)}))
    for match in _AMOUNT_UNIT.finditer(text):
        whole = _number(match.group(1))
        if whole is None:
            continue
        tenths = _number(match.group(3)) if match.group(3) else None
        amount = whole + (tenths or Decimal(0)) / 10
        found.append((match.start(), {"text": match.group(0), "fen": int(amount * 100)}))
    facts.amounts.extend(item for _, item in sorted(found, key=lambda pair: pair[0]))


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _dates(text: str, facts: Facts, today: date | None) -> None:
    found: list[tuple[int, dict[str, Any]]] = []
    for match in _DATE_MASK.finditer(text):
        found.append((match.start(), {"text": match.group(0), "date": None}))
    for match in _ISO_DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        found.append(
            (match.start(), {"text": match.group(0), "date": _safe_date(year, month, day)})
        )
    for match in _MONTH_DAY.finditer(text):
        month_number = chinese_number_or_int(match.group(1))
        day_of_month = chinese_number_or_int(match.group(2))
        iso = None
        if today is not None and month_number and day_of_month:
            iso = _safe_date(today.year, month_number, day_of_month)
        found.append((match.start(), {"text": match.group(0), "date": iso}))
    for match in _RELATIVE.finditer(text):
        offset = _RELATIVE_DAYS[match.group(0)]
        iso = (today + timedelta(days=offset)).isoformat() if today is not None else None
        found.append((match.start(), {"text": match.group(0), "date": iso, "days": offset}))
    facts.dates.extend(item for _, item in sorted(found, key=lambda pair: pair[0]))


def chinese_number_or_int(text: str) -> int | None:
    """An Arabic or Chinese numeral as an int (None if it is neither)."""
    return int(text) if text.isdigit() else chinese_number(text)


def extract(message: str, *, today: date | None = None) -> Facts:
    """Facts in one message. Relative and month-day dates are resolved only when `today` is given.

    Amounts are in fen (integer cents; None for a masked amount). A long digit run is an order
    number unless it is shaped like a mobile number and not introduced by 订单号/单号.
    """
    text = halfwidth(message)
    facts = Facts()
    _orders_and_phones(text, facts)
    _amounts(text, facts)
    _dates(text, facts, today)
    return facts


def order_ids(message: str) -> list[str]:
    """Only the order numbers of a message (cheaper than `extract`, for earlier turns)."""
    facts = Facts()
    _orders_and_phones(halfwidth(message), facts)
    return facts.order_ids
