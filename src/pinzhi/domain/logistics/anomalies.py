"""The detection pass: turn new scans (and the passing of time) into persisted anomalies (C9).

A pass looks only at shipments that can have changed: those with scans dated since the last
pass (less a margin for scans that reach us late), those shipped since, and those whose
`ShipmentWatch.next_check_at` has come — every lookup on an indexed column. A shipment still in
transit is revisited at least every `REVISIT`, so a scan that arrives very late is still seen.

Re-running a pass changes nothing: one row per shipment and kind, notices deduplicated by the
anomaly's episode. Opening, re-opening and resolving an anomaly are chained onto the record log
(S1 9.1.2) in the caller's transaction; the consumer and the merchant are told at once
(S3 6.2.1.2). An anomaly already over when first seen (a late delivery found afterwards) alerts
no one; the batch's findings are chained as one record.

Two passes at once would race for the same rows: run one pass at a time (the daily run, or the
worker); the loser of a race fails on the unique (shipment, kind) and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, union, update
from sqlalchemy.orm import Session

from pinzhi.core.ids import new_id
from pinzhi.domain.logistics.anomaly_rules import (
    TERMINAL,
    Detection,
    Scan,
    ShipmentFacts,
    StuckPolicy,
    assess,
)
from pinzhi.domain.logistics.models import (
    AnomalyKind,
    AnomalyStatus,
    LogisticsAnomaly,
    LogisticsEvent,
    Shipment,
    ShipmentWatch,
)
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.orders.models import Order
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

DETECTOR = "system:logistics"
LATE_ARRIVAL = timedelta(days=7)
"""How far back a pass looks for scans dated before the previous pass but received after it."""
REVISIT = timedelta(hours=24)
BATCH = 500


@dataclass
class PassReport:
    """What one pass did, by anomaly kind."""

    examined: int = 0
    opened: Counter[str] = field(default_factory=Counter)
    resolved: Counter[str] = field(default_factory=Counter)
    recorded_over: Counter[str] = field(default_factory=Counter)
    """Anomalies already over when first seen (a late delivery found after the fact)."""
    notices: int = 0
    unchained: list[LogisticsAnomaly] = field(default_factory=list, repr=False)
    """Rows of `recorded_over` awaiting their batch's one record."""


@dataclass(frozen=True)
class _Subject:
    """A shipment with its order's parties and promise; plain values, read as columns (a pass
    reads tens of thousands, and ORM objects would cost more than the rules)."""

    id: str
    carrier: str
    tracking_number: str
    shipped_at: datetime
    order_id: str
    merchant_id: str | None
    consumer_id: str
    promised_at: datetime | None


def detect_anomalies(
    *, uow: UnitOfWork, now: datetime, policy: StuckPolicy | None = None
) -> PassReport:
    """One detection pass at `now`, inside the caller's transaction (the caller commits)."""
    report = PassReport()
    ids = sorted(_candidates(uow, now))
    for start in range(0, len(ids), BATCH):
        _examine(uow, ids[start : start + BATCH], now, policy or StuckPolicy(), report)
    return report


def _candidates(uow: UnitOfWork, now: datetime) -> set[str]:
    session = uow.session
    last_pass = session.scalar(select(func.max(ShipmentWatch.checked_at)))
    if last_pass is None:
        return set(session.scalars(select(Shipment.id).where(Shipment.shipped_at <= now)))
    since = min(last_pass, now) - LATE_ARRIVAL
    scanned = select(LogisticsEvent.shipment_id).where(
        LogisticsEvent.occurred_at > since, LogisticsEvent.occurred_at <= now
    )
    shipped = select(Shipment.id).where(Shipment.shipped_at > since, Shipment.shipped_at <= now)
    due = select(ShipmentWatch.shipment_id).where(ShipmentWatch.next_check_at <= now)
    return set(session.scalars(union(scanned, shipped, due)))


def _examine(
    uow: UnitOfWork, ids: Sequence[str], now: datetime, policy: StuckPolicy, report: PassReport
) -> None:
    session = uow.session
    rows = session.execute(
        select(
            Shipment.id,
            Shipment.carrier,
            Shipment.tracking_number,
            Shipment.shipped_at,
            Shipment.order_id,
            Order.merchant_id,
            Order.consumer_id,
            Order.estimated_delivery_at,
        )
        .join(Order, Order.id == Shipment.order_id)
        .where(Shipment.id.in_(ids))
    )
    subjects = [_Subject(*row) for row in rows]
    scans: dict[str, list[Scan]] = {i: [] for i in ids}
    events = session.execute(
        select(
            LogisticsEvent.shipment_id,
            LogisticsEvent.id,
            LogisticsEvent.node,
            LogisticsEvent.occurred_at,
            LogisticsEvent.location,
            LogisticsEvent.note,
        ).where(LogisticsEvent.shipment_id.in_(ids))
    )
    for shipment_id, event_id, node, occurred_at, location, note in events:
        scans[shipment_id].append(Scan(event_id, node, occurred_at, location, note))
    held: dict[tuple[str, AnomalyKind], LogisticsAnomaly] = {
        (a.shipment_id, a.kind): a
        for a in session.scalars(
            select(LogisticsAnomaly).where(LogisticsAnomaly.shipment_id.in_(ids))
        )
    }
    watched = set(
        session.scalars(select(ShipmentWatch.shipment_id).where(ShipmentWatch.shipment_id.in_(ids)))
    )
    bookmarks = []
    for shipment in subjects:
        facts = ShipmentFacts(
            shipment.id,
            shipment.carrier,
            shipment.shipped_at,
            shipment.promised_at,
            scans[shipment.id],
        )
        assessment = assess(facts, now=now, policy=policy)
        shown = {d.kind: d for d in assessment.detections}
        for kind in AnomalyKind:
            row = held.get((shipment.id, kind))
            _sync(uow, shipment, row=row, found=shown.get(kind), now=now, report=report)
        next_check = assessment.next_check_at
        if next_check is None and not _settled(scans[shipment.id]):
            next_check = now + REVISIT
        bookmarks.append(
            {"shipment_id": shipment.id, "checked_at": now, "next_check_at": next_check}
        )
        report.examined += 1
    _bookmark(session, bookmarks, watched)
    session.flush()
    if report.unchained:
        _record_found_over(uow, report.unchained, now)
        report.unchained.clear()


def _bookmark(session: Session, bookmarks: list[dict[str, object]], watched: set[str]) -> None:
    """Write the batch's `ShipmentWatch` rows in two statements (thousands per pass)."""
    known = [b for b in bookmarks if b["shipment_id"] in watched]
    fresh = [b for b in bookmarks if b["shipment_id"] not in watched]
    if known:
        session.execute(update(ShipmentWatch), known)
    if fresh:
        session.execute(insert(ShipmentWatch), fresh)


def _settled(scans: Iterable[Scan]) -> bool:
    return any(s.node in TERMINAL for s in scans)


def _sync(
    uow: UnitOfWork,
    subject: _Subject,
    *,
    row: LogisticsAnomaly | None,
    found: Detection | None,
    now: datetime,
    report: PassReport,
) -> None:
    """Bring one (shipment, kind) row in line with what the rules see now."""
    if found is None:
        if row is not None and row.status is AnomalyStatus.OPEN:
            # an out-of-order scan filled the gap, or the promise moved: no longer shown
            _resolve(uow, subject, row, at=now, now=now, report=report)
        return
    if row is None:
        row = _new_row(subject, found, now)
        uow.session.add(row)
        if not found.open:
            report.unchained.append(row)
            report.recorded_over[found.kind.value] += 1
            return
    elif row.reason != found.reason.value or row.evidence != _evidence(found):
        row.reason, row.evidence = found.reason.value, _evidence(found)
    if found.open:
        if row.status is AnomalyStatus.RESOLVED or row.started_at != found.started_at:
            _open(uow, subject, row=row, found=found, now=now, report=report)
    elif row.status is AnomalyStatus.OPEN:
        assert found.resolved_at is not None
        _resolve(uow, subject, row, at=found.resolved_at, now=now, report=report)
    elif (row.started_at, row.resolved_at) != (found.started_at, found.resolved_at):
        row.started_at, row.resolved_at = found.started_at, found.resolved_at


def _new_row(subject: _Subject, found: Detection, now: datetime) -> LogisticsAnomaly:
    """A row for a first detection: resolved already if the anomaly is over; `_open` opens."""
    return LogisticsAnomaly(
        id=new_id("lga"),
        shipment_id=subject.id,
        order_id=subject.order_id,
        merchant_id=subject.merchant_id,
        consumer_id=subject.consumer_id,
        kind=found.kind,
        reason=found.reason.value,
        status=AnomalyStatus.RESOLVED,
        started_at=found.started_at,
        detected_at=now,
        resolved_at=found.resolved_at,
        evidence=_evidence(found),
    )


def _evidence(found: Detection) -> list[dict[str, object]]:
    return [
        {
            "id": scan.id,
            "node": scan.node.value,
            "occurred_at": scan.occurred_at.isoformat(),
            "location": scan.location,
            "note": scan.note,
        }
        for scan in found.evidence
    ]


def _open(
    uow: UnitOfWork,
    subject: _Subject,
    *,
    row: LogisticsAnomaly,
    found: Detection,
    now: datetime,
    report: PassReport,
) -> None:
    row.status, row.started_at, row.resolved_at, row.detected_at = (
        AnomalyStatus.OPEN,
        found.started_at,
        None,
        now,
    )
    _record(uow, row, "logistics_anomaly_opened", now)
    report.notices += _alert(uow, subject, row, "logistics_anomaly_opened", now)
    report.opened[row.kind.value] += 1


def _resolve(
    uow: UnitOfWork,
    subject: _Subject,
    row: LogisticsAnomaly,
    *,
    at: datetime,
    now: datetime,
    report: PassReport,
) -> None:
    row.status, row.resolved_at = AnomalyStatus.RESOLVED, at
    _record(uow, row, "logistics_anomaly_resolved", now)
    report.notices += _alert(uow, subject, row, "logistics_anomaly_resolved", now)
    report.resolved[row.kind.value] += 1


def _alert(
    uow: UnitOfWork, subject: _Subject, row: LogisticsAnomaly, topic: str, now: datetime
) -> int:
    """Tell the consumer and the merchant; once per episode (its start) and topic."""
    recipients = [Recipient(RecipientKind.CONSUMER, subject.consumer_id)]
    if subject.merchant_id is not None:
        recipients.append(Recipient(RecipientKind.MERCHANT, subject.merchant_id))
    episode = int(row.started_at.timestamp())
    for recipient in recipients:
        send_notice(
            uow=uow,
            to=recipient,
            topic=topic,
            subject_kind="shipment",
            subject_id=subject.id,
            now=now,
            dedupe_key=f"lga:{subject.id}:{row.kind.value}:{episode}:{topic.rsplit('_', 1)[-1]}",
            params={
                "kind": row.kind.value,
                "reason": row.reason,
                "carrier": subject.carrier,
                "tracking_number": subject.tracking_number,
                "started_at": row.started_at.isoformat(),
            },
            order_id=subject.order_id,
        )
    return len(recipients)


def _record_found_over(uow: UnitOfWork, rows: Sequence[LogisticsAnomaly], now: datetime) -> None:
    """One record for a batch's anomalies that were over before anyone saw them: no alert went
    out, so they are findings rather than steps, yet their evidence is chained all the same."""
    append_record(
        uow=uow,
        actor_id=DETECTOR,
        now=now,
        subject_kind="logistics_pass",
        subject_id=now.isoformat(),
        action="logistics_anomalies_recorded",
        payload={
            "anomalies": [
                {
                    "anomaly_id": row.id,
                    "shipment_id": row.shipment_id,
                    "kind": row.kind.value,
                    "reason": row.reason,
                    "started_at": row.started_at.isoformat(),
                    "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
                    "evidence": [scan["id"] for scan in row.evidence],
                }
                for row in rows
            ]
        },
    )


def _record(uow: UnitOfWork, row: LogisticsAnomaly, action: str, now: datetime) -> None:
    append_record(
        uow=uow,
        actor_id=DETECTOR,
        now=now,
        subject_kind="shipment",
        subject_id=row.shipment_id,
        action=action,
        payload={
            "anomaly_id": row.id,
            "kind": row.kind.value,
            "reason": row.reason,
            "started_at": row.started_at.isoformat(),
            "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
            "evidence": [scan["id"] for scan in row.evidence],
        },
    )
