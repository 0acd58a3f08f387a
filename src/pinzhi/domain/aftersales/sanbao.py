"""三包 (repair, exchange, return) outcomes for one unit (S3 6.5.2).

Days are counted from the day after the start date (day 0 is the day of receipt), so "within 7
days" means up to and including receipt + 7. The 7- and 15-day windows run from the original
receipt; the warranty runs from receipt or from the latest exchange, which restarts it, and is
lengthened by every day the unit spent in repair. Only repairs in the current warranty term
count. Pure: dates, history and the catalogue entry are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.aftersales.returns import Reason

RETURN_WINDOW_DAYS = 7  # a performance fault: return, exchange or repair
EXCHANGE_WINDOW_DAYS = 15  # a performance fault: exchange or repair
FAILED_REPAIRS_FOR_EXCHANGE = 2  # still faulty after this many repairs: exchange or return
PARTS_DELAY_LIMIT_DAYS = 90  # repair longer than this for lack of parts: free exchange
REPAIRER_DELAY_LIMIT_DAYS = 30  # repair longer than this by the repairer's fault: free exchange
BASIS_POINTS = 10_000


class RepairDelayCause(StrEnum):
    """Why a repair took long, if it did; picks the overtime limit that applies."""

    NONE = "none"
    LACK_OF_PARTS = "lack_of_parts"
    REPAIRER = "repairer"


@dataclass(frozen=True)
class SanbaoCatalogueEntry:
    """One category of the 三包 catalogue (S3 6.5.2): warranty periods, special cases, depreciation.

    `daily_depreciation_bp` is the share of the price lost per day of use, in basis points
    (1/100 of a percent); `None` means returns after the first window carry no deduction.
    """

    category: str
    whole_unit_warranty_days: int
    main_part_warranty_days: int
    daily_depreciation_bp: int | None = None
    special_cases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repair:
    """One repair of the unit; `ended` is None while it is still at the repairer."""

    started: date
    ended: date | None
    fixed: bool
    main_part: bool = False
    delay_cause: RepairDelayCause = RepairDelayCause.NONE


@dataclass(frozen=True)
class SanbaoOutcome:
    """The remedies the consumer may choose, free of charge, and why."""

    choices: frozenset[CaseKind]
    reasons: tuple[Reason, ...]
    warranty_ends_on: date
    depreciation_fen: int = 0


def repair_days(repair: Repair, *, on: date) -> int:
    """Days the unit spent in a repair; an unfinished repair is counted up to `on`."""
    return ((repair.ended or on) - repair.started).days


def warranty_start(*, received_on: date, exchanges: Sequence[date]) -> date:
    """Receipt, or the latest exchange: an exchanged unit starts a fresh warranty."""
    return max([received_on, *exchanges])


def warranty_ends_on(
    *,
    received_on: date,
    entry: SanbaoCatalogueEntry,
    main_part: bool,
    repairs: Sequence[Repair] = (),
    exchanges: Sequence[date] = (),
    on: date,
) -> date:
    """Last day of the warranty: start + period + days in repair (main part or whole unit)."""
    start = warranty_start(received_on=received_on, exchanges=exchanges)
    period = entry.main_part_warranty_days if main_part else entry.whole_unit_warranty_days
    in_repair = sum(repair_days(r, on=on) for r in _current(repairs, start))
    return start + timedelta(days=period + in_repair)


def depreciation_fen(*, paid_fen: int, days_used: int, entry: SanbaoCatalogueEntry) -> int:
    """Deduction on a return after the first window, per the catalogue, never above the price."""
    if entry.daily_depreciation_bp is None or days_used <= 0:
        return 0
    raw = paid_fen * days_used * entry.daily_depreciation_bp
    return min(paid_fen, (raw + BASIS_POINTS // 2) // BASIS_POINTS)


def sanbao_outcome(
    *,
    received_on: date,
    fault_on: date,
    fault_main_part: bool,
    entry: SanbaoCatalogueEntry,
    paid_fen: int,
    repairs: Sequence[Repair] = (),
    exchanges: Sequence[date] = (),
) -> SanbaoOutcome:
    """What a performance fault found on `fault_on` entitles the consumer to (S3 6.5.2)."""
    if fault_on < received_on:
        raise ValidationFailed("a fault cannot precede receipt")
    ends = warranty_ends_on(
        received_on=received_on,
        entry=entry,
        main_part=fault_main_part,
        repairs=repairs,
        exchanges=exchanges,
        on=fault_on,
    )
    if fault_on > ends:
        late = Reason("S3 6.5.2", "outside the 三包 warranty")
        return SanbaoOutcome(choices=frozenset(), reasons=(late,), warranty_ends_on=ends)
    day = (fault_on - received_on).days
    choices, reasons = _window_remedies(day)
    current = _current(repairs, warranty_start(received_on=received_on, exchanges=exchanges))
    if sum(not r.fixed for r in current) >= FAILED_REPAIRS_FOR_EXCHANGE:
        choices |= {CaseKind.EXCHANGE, CaseKind.RETURN_REFUND}
        reasons.append(Reason("S3 6.5.2", "two repairs failed: free exchange, or return"))
    if any(_overdue(r, on=fault_on) for r in current):
        choices.add(CaseKind.EXCHANGE)
        reasons.append(Reason("S3 6.5.2", "a repair ran over its time limit: free exchange"))
    deduction = 0
    if CaseKind.RETURN_REFUND in choices and day > RETURN_WINDOW_DAYS:
        used = day - sum(repair_days(r, on=fault_on) for r in repairs)
        deduction = depreciation_fen(paid_fen=paid_fen, days_used=used, entry=entry)
    return SanbaoOutcome(
        choices=frozenset(choices),
        reasons=tuple(reasons),
        warranty_ends_on=ends,
        depreciation_fen=deduction,
    )


def _window_remedies(day: int) -> tuple[set[CaseKind], list[Reason]]:
    if day <= RETURN_WINDOW_DAYS:
        why = Reason("S3 6.5.2", "fault within 7 days of receipt: return, exchange or repair")
        return {CaseKind.RETURN_REFUND, CaseKind.EXCHANGE, CaseKind.REPAIR}, [why]
    if day <= EXCHANGE_WINDOW_DAYS:
        why = Reason("S3 6.5.2", "fault within 15 days of receipt: exchange or repair")
        return {CaseKind.EXCHANGE, CaseKind.REPAIR}, [why]
    return {CaseKind.REPAIR}, [Reason("S3 6.5.2", "fault within the warranty: free repair")]


def _current(repairs: Sequence[Repair], start: date) -> list[Repair]:
    return [r for r in repairs if r.started >= start]


def _overdue(repair: Repair, *, on: date) -> bool:
    days = repair_days(repair, on=on)
    if repair.delay_cause is RepairDelayCause.LACK_OF_PARTS:
        return days > PARTS_DELAY_LIMIT_DAYS
    if repair.delay_cause is RepairDelayCause.REPAIRER:
        return days > REPAIRER_DELAY_LIMIT_DAYS
    return False
