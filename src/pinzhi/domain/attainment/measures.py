"""What attainment is measured on: the groups' wildcard, the channels, the statistics, and the
SLA policy each measure is judged by (the limits live in `pinzhi.domain.service.sla` only)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pinzhi.domain.indicators.models import PLATFORM
from pinzhi.domain.service.models import Channel
from pinzhi.domain.service.sla import DEFAULT_POLICIES, Measure, SlaPolicy

ALL = PLATFORM
"""`merchant_id` or `agent_id` of a value over all merchants or all agents."""
AFTERSALES = "aftersales"
"""The `channel` of after-sales response values."""
CHANNEL_OF: dict[Measure, str] = {
    Measure.CHAT_FIRST_RESPONSE: Channel.ONLINE_CHAT.value,
    Measure.CHAT_AVERAGE_RESPONSE: Channel.ONLINE_CHAT.value,
    Measure.PHONE_AVERAGE_QUEUE: Channel.PHONE.value,
    Measure.REFUND_BEFORE_SHIPMENT: AFTERSALES,
    Measure.RETURN_AFTER_SHIPMENT: AFTERSALES,
    Measure.QUALITY_OR_RESEND: AFTERSALES,
}
CHANNELS = tuple(dict.fromkeys(CHANNEL_OF.values()))


class Stat(StrEnum):
    """The statistics stored per measure (defined in `indicators.service_metrics`)."""

    MEAN = "mean"
    P50 = "p50"
    P90 = "p90"
    WITHIN = "within"
    BREACHES = "breaches"


DURATIONS = (Stat.MEAN, Stat.P50, Stat.P90)
"""Statistics whose value is a duration in milliseconds."""


def current_policies(policies: Iterable[SlaPolicy] = DEFAULT_POLICIES) -> dict[Measure, SlaPolicy]:
    """The newest version of each measure's policy: what a day's attainment is judged by."""
    newest: dict[Measure, SlaPolicy] = {}
    for policy in policies:
        if policy.measure not in newest or policy.version > newest[policy.measure].version:
            newest[policy.measure] = policy
    missing = set(Measure) - set(newest)
    if missing:
        raise ValueError(f"no SLA policy for {sorted(missing)}")
    return newest
