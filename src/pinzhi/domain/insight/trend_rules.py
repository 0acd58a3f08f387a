"""Trend insight as pure rules over the counts of `trend_measurements` (S1 8).

- Rising and falling categories and attributes: units in the recent period against the previous
  one; a name moves when it sold at least `min_units` in either period and changed by at least
  `rising` (or at most `falling`); one with no previous sales and enough recent ones is new
  (change None) and counts as rising. Attributes are the values of SKU specs (颜色:红色;尺码:XL →
  红色, XL) within their category.
- Price-band shifts: each band's share of a category's units in both periods; the category
  shifted when a band's share grew by at least `min_band_shift`.
- Complaint themes per category: complaint natures of the recent period next to the aspects that
  negative reviews criticise, most frequent first.
- Demand gaps: see `demand_gaps`.
A merchant's brief turns what concerns its own categories into actions (`merchant_brief`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pinzhi.domain.insight.demand_gaps import DemandGap
from pinzhi.domain.insight.trend_measurements import PREVIOUS, PRICE_BANDS_FEN, RECENT

_SPEC_SEPARATORS = re.compile(r"[;；,，/|\s]+")


@dataclass(frozen=True)
class TrendConfig:
    min_units: int = 20
    rising: float = 0.20
    falling: float = -0.20
    min_band_shift: float = 0.05
    top: int = 5
    min_gap_mentions: int = 3
    own_share: float = 0.10
    """A merchant's brief covers the categories that make at least this share of its units."""

    def __post_init__(self) -> None:
        if self.min_units < 1 or self.top < 1 or self.min_gap_mentions < 1:
            raise ValueError("minimums and top must be at least 1")
        if not self.falling < 0 < self.rising or not 0 < self.min_band_shift < 1:
            raise ValueError("need falling < 0 < rising and 0 < min_band_shift < 1")


DEFAULT_TRENDS = TrendConfig()


@dataclass(frozen=True)
class Movement:
    name: str
    recent: int
    previous: int
    change: float | None
    """(recent − previous) / previous; None: nothing sold before (new)."""
    category: str | None = None


@dataclass(frozen=True)
class PriceShift:
    category: str
    band: str
    """The band that gained most, as a label in yuan (e.g. "100-200")."""
    recent_share: float
    previous_share: float


@dataclass(frozen=True)
class Theme:
    source: str
    """"complaint" (a complaint nature) or "review" (an aspect criticised in reviews)."""
    theme: str
    count: int


@dataclass(frozen=True)
class UnitCount:
    category: str
    spec: str
    band: int
    period: str
    units: int


@dataclass(frozen=True)
class TrendReport:
    as_of: date
    days: int
    rising_categories: list[Movement]
    falling_categories: list[Movement]
    rising_attributes: list[Movement]
    falling_attributes: list[Movement]
    price_shifts: list[PriceShift]
    complaint_themes: dict[str, list[Theme]]
    demand_gaps: list[DemandGap]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        content = asdict(self)
        content["as_of"] = self.as_of.isoformat()
        return content


def band_label(band: int) -> str:
    low = PRICE_BANDS_FEN[band] // 100
    if band + 1 < len(PRICE_BANDS_FEN):
        return f"{low}-{PRICE_BANDS_FEN[band + 1] // 100}"
    return f"{low}+"


def spec_values(spec: str) -> list[str]:
    """颜色:红色;尺码:XL → ["红色", "XL"]: the value of each key:value, or the word itself."""
    values = []
    for part in _SPEC_SEPARATORS.split(spec):
        value = re.split(r"[:：]", part)[-1].strip()
        if value:
            values.append(value)
    return values


def movements(
    recent: Mapping[Any, int], previous: Mapping[Any, int], config: TrendConfig = DEFAULT_TRENDS
) -> tuple[list[Movement], list[Movement]]:
    """(rising, falling) among the keys; a key is a name or a (category, name) pair."""
    rising: list[Movement] = []
    falling: list[Movement] = []
    for key in sorted(set(recent) | set(previous), key=str):
        now, before = recent.get(key, 0), previous.get(key, 0)
        if max(now, before) < config.min_units:
            continue
        category, name = key if isinstance(key, tuple) else (None, key)
        change = None if before == 0 else (now - before) / before
        moved = Movement(name=name, recent=now, previous=before, change=change, category=category)
        if change is None or change >= config.rising:
            rising.append(moved)
        elif change <= config.falling:
            falling.append(moved)
    rising.sort(key=lambda m: (m.change is not None, -(m.change or 0), -m.recent, m.name))
    falling.sort(key=lambda m: (m.change or 0, -m.previous, m.name))
    return rising[: config.top], falling[: config.top]


def price_shifts(
    counts: Iterable[UnitCount], config: TrendConfig = DEFAULT_TRENDS
) -> list[PriceShift]:
    units: dict[str, dict[tuple[str, int], int]] = {}
    for c in counts:
        by = units.setdefault(c.category, {})
        by[(c.period, c.band)] = by.get((c.period, c.band), 0) + c.units
    shifts = []
    for category, by in sorted(units.items()):
        totals = {p: sum(u for (q, _), u in by.items() if q == p) for p in (RECENT, PREVIOUS)}
        if min(totals.values()) < config.min_units:
            continue
        gains = [
            (
                by.get((RECENT, b), 0) / totals[RECENT]
                - by.get((PREVIOUS, b), 0) / totals[PREVIOUS],
                b,
            )
            for b in range(len(PRICE_BANDS_FEN))
        ]
        gain, band = max(gains, key=lambda g: (g[0], -g[1]))
        if gain >= config.min_band_shift:
            shifts.append(
                PriceShift(
                    category=category,
                    band=band_label(band),
                    recent_share=round(by.get((RECENT, band), 0) / totals[RECENT], 4),
                    previous_share=round(by.get((PREVIOUS, band), 0) / totals[PREVIOUS], 4),
                )
            )
    return shifts


def complaint_themes(
    complaints: Mapping[str, Mapping[str, int]],
    criticised: Mapping[str, Mapping[str, int]],
    config: TrendConfig = DEFAULT_TRENDS,
) -> dict[str, list[Theme]]:
    """Per category, complaint natures and criticised review aspects, most frequent first."""
    themes: dict[str, list[Theme]] = {}
    for category in sorted(set(complaints) | set(criticised)):
        found = [Theme("complaint", n, c) for n, c in complaints.get(category, {}).items() if c]
        found += [Theme("review", a, c) for a, c in criticised.get(category, {}).items() if c]
        found.sort(key=lambda t: (-t.count, t.source, t.theme))
        if found:
            themes[category] = found[: config.top]
    return themes


def trend_report(
    *,
    as_of: date,
    days: int,
    counts: Sequence[UnitCount],
    complaints: Mapping[str, Mapping[str, int]],
    criticised: Mapping[str, Mapping[str, int]],
    gaps: list[DemandGap],
    config: TrendConfig = DEFAULT_TRENDS,
) -> TrendReport:
    categories: dict[str, dict[str, int]] = {RECENT: {}, PREVIOUS: {}}
    attributes: dict[str, dict[tuple[str, str], int]] = {RECENT: {}, PREVIOUS: {}}
    for c in counts:
        by_category = categories[c.period]
        by_category[c.category] = by_category.get(c.category, 0) + c.units
        for value in spec_values(c.spec):
            by_attribute = attributes[c.period]
            key = (c.category, value)
            by_attribute[key] = by_attribute.get(key, 0) + c.units
    rising_c, falling_c = movements(categories[RECENT], categories[PREVIOUS], config)
    rising_a, falling_a = movements(attributes[RECENT], attributes[PREVIOUS], config)
    notes = [] if counts else ["no order lines in either period"]
    return TrendReport(
        as_of=as_of,
        days=days,
        rising_categories=rising_c,
        falling_categories=falling_c,
        rising_attributes=rising_a,
        falling_attributes=falling_a,
        price_shifts=price_shifts(counts, config),
        complaint_themes=complaint_themes(complaints, criticised, config),
        demand_gaps=gaps,
        notes=notes,
    )


def merchant_brief(
    report: TrendReport,
    *,
    merchant_id: str,
    units: Mapping[str, tuple[int, int]],
    weak_products: Sequence[tuple[str, str, list[str]]] = (),
    config: TrendConfig = DEFAULT_TRENDS,
) -> dict[str, Any]:
    """What a merchant can act on: `units` is category → (recent, previous) of its own sales;
    `weak_products` (product id, tier, reasons) the listings whose grade holds them back.
    Categories that make less than `own_share` of the merchant's units are left out.

    Each action is {"kind": …, …values}; the console words render it per kind.
    """
    sold = sum(r + p for r, p in units.values())
    mine = {c for c, (r, p) in units.items() if sold and r + p >= config.own_share * sold}
    actions: list[dict[str, Any]] = []
    for m in report.rising_categories:
        if m.name in mine:
            actions.append({"kind": "grow_category", "category": m.name, "change": m.change})
    for m in report.falling_categories:
        if m.name in mine:
            actions.append({"kind": "review_category", "category": m.name, "change": m.change})
    for m in report.rising_attributes:
        if m.category in mine:
            actions.append(
                {"kind": "stock_attribute", "category": m.category, "attribute": m.name,
                 "change": m.change}
            )  # fmt: skip
    for s in report.price_shifts:
        if s.category in mine:
            actions.append(
                {"kind": "price_band", "category": s.category, "band": s.band,
                 "share": s.recent_share}
            )  # fmt: skip
    for category, themes in report.complaint_themes.items():
        if category in mine and themes:
            top = themes[0]
            actions.append(
                {"kind": "fix_theme", "category": category, "source": top.source,
                 "theme": top.theme, "count": top.count}
            )  # fmt: skip
    actions += [
        {"kind": "fill_gap", "phrase": g.phrase, "mentions": g.mentions}
        for g in report.demand_gaps[:3]
    ]
    actions += [
        {"kind": "fix_product", "product_id": pid, "tier": tier, "reasons": reasons}
        for pid, tier, reasons in weak_products[: config.top]
    ]
    return {
        "merchant_id": merchant_id,
        "as_of": report.as_of.isoformat(),
        "days": report.days,
        "categories": {c: {"recent": r, "previous": p} for c, (r, p) in sorted(units.items())},
        "actions": actions,
    }
