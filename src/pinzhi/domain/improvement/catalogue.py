"""The indicator catalogue (指标体系, S3 7.3; S1 10.1.1): what is watched, which way is good, the
default target, the clause it serves and where its daily value comes from.

Targets shipped here are starting points; a quality analyst changes them (versioned, with a
reason) through `operations.set_target`. The `source` is a key of `sources.SOURCES`, so an
indicator switches source by changing one string here. Satisfaction is the share of satisfied
survey answers (S3 7.1.1); the review score, which it read before surveys existed, stays as an
indicator of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pinzhi.core.errors import NotFound
from pinzhi.domain.improvement.rules import Direction


class Unit(StrEnum):
    RATE = "rate"
    SCORE = "score"
    HOURS = "hours"
    SECONDS = "seconds"


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit: Unit
    direction: Direction
    target: float
    clause: str
    source: str


H, L = Direction.HIGHER, Direction.LOWER
DEFAULT_CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "satisfaction", "满意度", "Satisfaction", Unit.RATE, H, 0.9,
        "S3 7.1.1, 7.3; S1 10.2", "satisfaction:survey",
    ),
    Indicator(
        "review_score", "评价平均分", "Mean review score", Unit.SCORE, H, 4.5,
        "S3 7.3", "indicators:avg_review_score",
    ),
    Indicator(
        "complaint_rate", "投诉率", "Complaint rate", Unit.RATE, L, 0.01,
        "S3 7.3", "complaints:rate",
    ),
    Indicator(
        "complaint_resolution_hours", "投诉平均解决时长", "Mean complaint resolution time",
        Unit.HOURS, L, 48.0, "S3 7.3", "complaints:resolution_hours",
    ),
    Indicator(
        "sla_attainment", "服务时限达标率", "SLA attainment", Unit.RATE, H, 0.95,
        "S1 9.2.2–9.2.3", "attainment:within",
    ),
    Indicator(
        "return_rate", "退货率", "Return rate", Unit.RATE, L, 0.05,
        "S3 7.3", "aftersales:return_rate",
    ),
    Indicator(
        "refund_rate", "退款率", "Refund rate", Unit.RATE, L, 0.08,
        "S3 7.3", "indicators:refund_rate",
    ),
    Indicator(
        "late_shipment_rate", "发货超时率", "Late-shipment rate", Unit.RATE, L, 0.05,
        "S1 10.1.1", "indicators:late_shipment_rate",
    ),
    Indicator(
        "first_response_seconds", "首次响应时长", "First-response time", Unit.SECONDS, L, 30.0,
        "S1 9.2.2", "attainment:chat_first_response:mean",
    ),
)  # fmt: skip
"""Defaults: satisfaction is the share of surveys answered 4 or 5 (target 90 %); the mean
review rating (1–5) is watched beside it."""


def find_indicator(indicator_id: str) -> Indicator:
    for indicator in DEFAULT_CATALOGUE:
        if indicator.id == indicator_id:
            return indicator
    raise NotFound(f"no indicator {indicator_id!r} in the catalogue")
