"""Money is an integer number of the currency's minor unit (fen for CNY). Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pinzhi.core.errors import ValidationFailed

MINOR_UNITS_PER_MAJOR = 100


def to_fen(amount: str | int | Decimal) -> int:
    """Parse a decimal amount in yuan ("12.30") into fen, rounding half up."""
    try:
        value = Decimal(str(amount))
    except ArithmeticError as exc:
        raise ValidationFailed(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValidationFailed(f"not a finite amount: {amount!r}")
    return int((value * MINOR_UNITS_PER_MAJOR).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_yuan(fen: int) -> str:
    """Render fen as yuan with two decimals and thousands separators: 123456 -> '1,234.56'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), MINOR_UNITS_PER_MAJOR)
    return f"{sign}{whole:,}.{cents:02d}"
