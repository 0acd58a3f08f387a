"""Stored attainment values for API and console tests: three days, two merchants, two agents.

Per day, first human responses (judged, within the limit, total ms) for each merchant × agent:
m1×a1 (10, 9, 200 s), m1×a2 (10, 8, 250 s), m9×a1 (10, 4, 450 s); each roll-up row is their
sum. The phone queue and the refund-before-shipment response have platform rows only (and m1's).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy.orm import Session

from pinzhi.domain.attainment.measures import ALL, Stat
from pinzhi.domain.attainment.models import AttainmentValue

CELLS = {
    ("m1", "a1"): (10, 9, 200_000),
    ("m1", "a2"): (10, 8, 250_000),
    ("m9", "a1"): (10, 4, 450_000),
}
DAYS = 3


def attainment_history(session: Session, *, end: date, days: int = DAYS) -> None:
    for n in range(days):
        day = end - timedelta(days=n)
        groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for (merchant, agent), cell in CELLS.items():
            for key in ((merchant, agent), (merchant, ALL), (ALL, agent), (ALL, ALL)):
                groups[key] = [a + b for a, b in zip(groups[key], cell, strict=True)]
        for (merchant, agent), (judged, within, total) in groups.items():
            group = (day, "online_chat", merchant, agent, "chat_first_response")
            _add(session, group, judged, within, total)
        for merchant in ("m1", ALL):
            _add(session, (day, "phone", merchant, ALL, "phone_average_queue"), 5, 4, 90_000)
            refunds = (day, "aftersales", merchant, ALL, "refund_before_shipment_response")
            _add(session, refunds, 2, 2, 3_600_000)


def _add(
    session: Session, group: tuple[date, str, str, str, str], judged: int, within: int, total: int
) -> None:
    day, channel, merchant, agent, measure = group
    mean = total // judged
    figures = {
        Stat.MEAN: (total / judged, total, judged),
        Stat.P50: (float(mean), mean, 1),
        Stat.P90: (float(mean * 2), mean * 2, 1),
        Stat.WITHIN: (within / judged, within, judged),
        Stat.BREACHES: (float(judged - within), judged - within, 1),
    }
    for stat, (value, numerator, denominator) in figures.items():
        session.add(
            AttainmentValue(
                day=day, channel=channel, merchant_id=merchant, agent_id=agent, measure=measure,
                statistic=stat.value, value=value, numerator=numerator, denominator=denominator,
                samples=judged, run_id="run-test",
            )
        )  # fmt: skip
