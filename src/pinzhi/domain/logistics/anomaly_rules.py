"""Logistics anomalies as pure rules: late, stuck, damaged, undeliverable (C9).

S3 6.2.1.2 asks the platform to push delivery anomalies to the consumer before they ask; S3
6.2.3.2 to keep the parcel's trajectory as evidence for disputes; S2 4.5 counts late delivery
against the merchant. These rules read one shipment's scans and say which anomalies it shows,
since when, whether they are over, and on which scans each conclusion rests.

Time is wall-clock time: a parcel keeps moving (or not) at night and on holidays, so "no scan for
N hours" counts every hour. Peak days (618, 双十一 …) lengthen N instead of pausing the clock.

Scans arrive out of order and twice; the rules sort them and drop exact repeats first, and
ignore scans dated after `now` (a clock skew at the carrier is not yet a fact).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from pinzhi.core.clock import CHINA, local_day
from pinzhi.domain.logistics.models import AnomalyKind, TrackingNode


class Reason(StrEnum):
    NOT_DELIVERED_BY_PROMISE = "not_delivered_by_promise"
    DELIVERED_AFTER_PROMISE = "delivered_after_promise"
    NO_SCAN = "no_scan"
    DAMAGE_REPORTED = "damage_reported"
    SIGNED_WITH_EXCEPTION = "signed_with_exception"
    REFUSED = "refused"
    RETURNED_TO_SENDER = "returned_to_sender"
    ADDRESS_PROBLEM = "address_problem"
    REPEATED_FAILED_ATTEMPTS = "repeated_failed_attempts"


# Carriers write free text; these fragments mark what the node alone does not say.
DAMAGE_WORDS = ("破损", "损坏", "破碎", "压坏", "湿损", "damaged")
SIGNED_EXCEPTION_WORDS = ("异常签收", "破损签收", "拒签部分")
REFUSED_WORDS = ("拒收", "拒签", "refused")
INTERCEPTED_WORDS = ("应买家要求拦截", "买家要求退回")
ADDRESS_WORDS = ("地址不详", "地址错误", "地址有误", "查无此人", "address")
FAILED_ATTEMPT_WORDS = ("无法接通", "联系不上", "无人签收", "派送失败", "再次派送", "no one")

FAILED_ATTEMPTS_LIMIT = 2
"""Two delivery runs that end without a signature make a parcel undeliverable (to be resolved by
the consumer, the merchant or a new address)."""

NODE_ORDER = {node: rank for rank, node in enumerate(TrackingNode)}
TERMINAL = (TrackingNode.SIGNED, TrackingNode.RETURNED)


@dataclass(frozen=True)
class Scan:
    """One logistics event as the rules see it."""

    id: str
    node: TrackingNode
    occurred_at: datetime
    location: str | None = None
    note: str | None = None

    @property
    def content(self) -> tuple[object, ...]:
        """What makes two events the same event, whatever ids the carrier gave them."""
        return (self.node, self.occurred_at, self.location or "", self.note or "")


@dataclass(frozen=True)
class StuckPolicy:
    """How long a parcel in transit may go without a scan (wall-clock hours).

    The longest of the default, its carrier's and its region's limit applies (a slow carrier on a
    remote route gets the more lenient one); a gap that starts on a peak day gets `peak_extra`
    on top. A region is matched as a prefix of the last scan's place (e.g. "乌鲁木齐").
    """

    default: timedelta = timedelta(hours=48)
    by_carrier: Mapping[str, timedelta] = field(default_factory=dict)
    by_region: Mapping[str, timedelta] = field(default_factory=dict)
    peak_days: frozenset[date] = frozenset()
    peak_extra: timedelta = timedelta(hours=24)

    def limit(self, *, carrier: str, since: datetime, place: str | None) -> timedelta:
        limits = [self.default, self.by_carrier.get(carrier, self.default)]
        limits += [
            hours for region, hours in self.by_region.items() if (place or "").startswith(region)
        ]
        extra = self.peak_extra if local_day(since, CHINA) in self.peak_days else timedelta(0)
        return max(limits) + extra


@dataclass(frozen=True)
class ShipmentFacts:
    shipment_id: str
    carrier: str
    shipped_at: datetime
    promised_at: datetime | None
    """The estimated delivery time promised at checkout (the order's `estimated_delivery_at`)."""
    scans: Sequence[Scan]


@dataclass(frozen=True)
class Detection:
    kind: AnomalyKind
    reason: Reason
    started_at: datetime
    """When the anomaly began: the promise passed, the parcel went quiet, the bad scan."""
    resolved_at: datetime | None
    """When the parcel recovered (a later scan, the signature); None while it lasts."""
    evidence: tuple[Scan, ...]

    @property
    def open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True)
class Assessment:
    detections: tuple[Detection, ...]
    next_check_at: datetime | None
    """The next instant at which time alone could open an anomaly; None when none can."""


def scan_order(scan: Scan) -> tuple[datetime, int, str]:
    """Time order; a tie is broken by the parcel's natural sequence of nodes."""
    return (scan.occurred_at, NODE_ORDER[scan.node], scan.id)


def in_order(scans: Sequence[Scan]) -> tuple[Scan, ...]:
    """The scans in time order, each distinct event once (the first id the carrier gave it)."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for scan in sorted(scans, key=scan_order):
        if scan.content not in seen:
            seen.add(scan.content)
            kept.append(scan)
    return tuple(kept)


def trajectory(scans: Sequence[Scan], *, now: datetime) -> tuple[Scan, ...]:
    """The distinct scans known at `now`, in time order."""
    return tuple(scan for scan in in_order(scans) if scan.occurred_at <= now)


def assess(facts: ShipmentFacts, *, now: datetime, policy: StuckPolicy) -> Assessment:
    """Every anomaly the shipment shows at `now`, at most one per kind."""
    scans = trajectory(facts.scans, now=now)
    found = [
        late(facts, scans, now=now),
        stuck(facts, scans, now=now, policy=policy),
        damaged(scans),
        undeliverable(scans),
    ]
    return Assessment(
        detections=tuple(d for d in found if d is not None),
        next_check_at=_next_check(facts, scans, now=now, policy=policy),
    )


def _terminal(scans: Sequence[Scan]) -> Scan | None:
    return next((s for s in scans if s.node in TERMINAL), None)


def _has(scan: Scan, words: Sequence[str]) -> bool:
    note = (scan.note or "").casefold()
    return any(word.casefold() in note for word in words)


def late(facts: ShipmentFacts, scans: Sequence[Scan], *, now: datetime) -> Detection | None:
    """Not signed for by the promised time (S2 4.5; S3 6.10 延时交付必赔). Exactly on time is on
    time. A parcel sent back is undeliverable rather than late."""
    promised = facts.promised_at
    end = _terminal(scans)
    if promised is None or (end is not None and end.node is TrackingNode.RETURNED):
        return None
    if end is not None:
        if end.occurred_at <= promised:
            return None
        return Detection(
            AnomalyKind.LATE, Reason.DELIVERED_AFTER_PROMISE, promised, end.occurred_at, (end,)
        )
    if now <= promised:
        return None
    last = scans[-1:]
    return Detection(AnomalyKind.LATE, Reason.NOT_DELIVERED_BY_PROMISE, promised, None, tuple(last))


def stuck(
    facts: ShipmentFacts, scans: Sequence[Scan], *, now: datetime, policy: StuckPolicy
) -> Detection | None:
    """The latest stretch in transit longer than the limit with no scan (S3 6.2.1.2).

    A stretch runs from a scan (or the hand-over, before the first scan) to the next scan; the
    parcel is stuck once the stretch exceeds the limit — exactly the limit is still moving.
    """
    found: Detection | None = None
    before: Scan | None = None
    since = facts.shipped_at
    for scan in [*scans, None]:
        if before is not None and before.node in TERMINAL:
            break
        until = now if scan is None else scan.occurred_at
        place = before.location if before is not None else None
        limit = policy.limit(carrier=facts.carrier, since=since, place=place)
        if until - since > limit:
            evidence = tuple(s for s in (before, scan) if s is not None)
            resolved = None if scan is None else scan.occurred_at
            found = Detection(AnomalyKind.STUCK, Reason.NO_SCAN, since + limit, resolved, evidence)
        if scan is not None:
            before, since = scan, max(since, scan.occurred_at)
    return found


def damaged(scans: Sequence[Scan]) -> Detection | None:
    """A damage report or a signature taken with an exception: evidence for the claim."""
    bad = tuple(
        s
        for s in scans
        if _has(s, DAMAGE_WORDS)
        or (s.node is TrackingNode.SIGNED and _has(s, SIGNED_EXCEPTION_WORDS))
    )
    if not bad:
        return None
    signed_badly = any(s.node is TrackingNode.SIGNED for s in bad)
    reason = Reason.SIGNED_WITH_EXCEPTION if signed_badly else Reason.DAMAGE_REPORTED
    return Detection(AnomalyKind.DAMAGED, reason, bad[0].occurred_at, None, bad)


def undeliverable(scans: Sequence[Scan]) -> Detection | None:
    """Sent back (refused or returned), an address problem, or repeated failed delivery runs.

    A return the buyer asked for (an interception) is their choice, not an anomaly. A parcel
    later signed for has recovered from an address problem or failed runs.
    """
    end = _terminal(scans)
    if end is not None and end.node is TrackingNode.RETURNED:
        if _has(end, INTERCEPTED_WORDS):
            return None
        reason = Reason.REFUSED if _has(end, REFUSED_WORDS) else Reason.RETURNED_TO_SENDER
        return Detection(AnomalyKind.UNDELIVERABLE, reason, end.occurred_at, None, (end,))
    resolved = end.occurred_at if end is not None else None
    failed = _failed_attempts(scans)
    if len(failed) >= FAILED_ATTEMPTS_LIMIT:
        return Detection(
            AnomalyKind.UNDELIVERABLE,
            Reason.REPEATED_FAILED_ATTEMPTS,
            failed[FAILED_ATTEMPTS_LIMIT - 1].occurred_at,
            resolved,
            failed,
        )
    address = tuple(s for s in scans if s.node is TrackingNode.EXCEPTION and _has(s, ADDRESS_WORDS))
    if address:
        return Detection(
            AnomalyKind.UNDELIVERABLE,
            Reason.ADDRESS_PROBLEM,
            address[0].occurred_at,
            resolved,
            address,
        )
    return None


def _failed_attempts(scans: Sequence[Scan]) -> tuple[Scan, ...]:
    """Delivery runs that ended without a signature: a failed-contact report, or a run followed
    by another run with no signature between them."""
    failed = []
    for this, following in zip(scans, [*scans[1:], None], strict=False):
        reported = this.node is TrackingNode.EXCEPTION and _has(this, FAILED_ATTEMPT_WORDS)
        run_again = (
            this.node is TrackingNode.OUT_FOR_DELIVERY
            and following is not None
            and following.node is TrackingNode.OUT_FOR_DELIVERY
        )
        if reported or run_again:
            failed.append(this)
    return tuple(failed)


def _next_check(
    facts: ShipmentFacts, scans: Sequence[Scan], *, now: datetime, policy: StuckPolicy
) -> datetime | None:
    """The earliest future instant at which, with no new scan, late or stuck would start."""
    if _terminal(scans) is not None:
        return None
    last = scans[-1] if scans else None
    since = max(facts.shipped_at, last.occurred_at) if last else facts.shipped_at
    place = last.location if last else None
    moments = [since + policy.limit(carrier=facts.carrier, since=since, place=place)]
    if facts.promised_at is not None:
        moments.append(facts.promised_at)
    future = [m for m in moments if m >= now]
    # an instant just past the boundary: at the boundary itself nothing has opened yet
    return min(future) + timedelta(seconds=1) if future else None
