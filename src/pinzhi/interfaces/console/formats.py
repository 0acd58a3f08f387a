"""How numbers, money and times read on screen, per language. Money arrives in fen."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from pinzhi.core.money import MINOR_UNITS_PER_MAJOR, format_yuan

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Unit(StrEnum):
    COUNT = "count"
    FEN = "fen"
    RATE = "rate"
    SCORE = "score"


def yuan(fen: int) -> str:
    return f"¥{format_yuan(fen)}"


def compact_yuan(fen: float, lang: str) -> str:
    """Large sums the way each language reads them: 1.23亿 / 45.6万, or 1.23B / 45.6M / 7.8k."""
    amount = fen / MINOR_UNITS_PER_MAJOR
    steps = ((1e8, "亿"), (1e4, "万")) if lang == "zh-CN" else ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    for size, suffix in steps:
        if abs(amount) >= size:
            return f"¥{amount / size:,.2f}{suffix}"
    return yuan(round(fen))


def value(number: float | None, unit: Unit, lang: str) -> str:
    if number is None:
        return "—"
    if unit is Unit.FEN:
        return compact_yuan(number, lang)
    if unit is Unit.RATE:
        return f"{number * 100:.1f}%"
    if unit is Unit.SCORE:
        return f"{number:.2f}"
    return f"{round(number):,}"


def axis_value(number: float, unit: Unit, lang: str) -> str:
    """Short tick labels: no decimals a tick does not need."""
    if unit is Unit.FEN:
        return compact_yuan(number, lang).replace(".00", "")
    if unit is Unit.RATE:
        return f"{number * 100:.{0 if number * 100 >= 10 or number == 0 else 1}f}%"
    if unit is Unit.SCORE:
        return f"{number:.1f}"
    return f"{round(number):,}"


def day(when: date, lang: str) -> str:
    return f"{when.year}年{when.month}月{when.day}日" if lang == "zh-CN" else when.isoformat()


def short_day(when: date, lang: str) -> str:
    return f"{when.month}/{when.day}" if lang == "zh-CN" else f"{MONTHS[when.month - 1]} {when.day}"


def moment(when: datetime, tz: ZoneInfo) -> str:
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M")
