"""De-identify what is past retention, and nothing else (S1 9.4.2; S2 5.2).

A transaction is complete when its order is completed, delivered or cancelled and none of its
after-sales cases is still open; it is past retention `years` (at least three) after the later
of that moment and the last case's resolution. Purging keeps the rows — counts, amounts and
times still feed the indicators — and removes what identifies a person: the order's recipient,
the case notes, the chat text of its service sessions, and the personal fields of a consumer
who has no account and no order still inside retention.

The record chain is not touched: its payloads never carry personal fields, so it still verifies
after a purge, and the purge itself is chained as one entry with its counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.accounts.models import User
from pinzhi.domain.aftersales.models import AftersalesCase, CaseStatus
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.models import ServiceMessage, ServiceSession
from pinzhi.store.uow import UnitOfWork

MIN_YEARS = 3
REDACTED = "[已去标识化]"
BATCH = 1_000
_OPEN = (
    CaseStatus.REQUESTED,
    CaseStatus.APPROVED,
    CaseStatus.AWAITING_RETURN,
    CaseStatus.IN_REPAIR,
)
_DONE = (OrderStatus.COMPLETED, OrderStatus.DELIVERED, OrderStatus.CANCELLED)


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    dry_run: bool
    orders: int
    cases: int
    messages: int
    consumers: int


def cutoff_for(now: datetime, years: int) -> datetime:
    """`years` calendar years before `now` (29 February falls back to the 28th)."""
    if years < MIN_YEARS:
        raise ValidationFailed(
            f"S1 9.4.2: records are kept at least {MIN_YEARS} years; {years} is too short"
        )
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def purge(
    *, uow: UnitOfWork, actor_id: str, now: datetime, years: int = MIN_YEARS, dry_run: bool = False
) -> PurgeReport:
    """De-identify every transaction past retention; commits unless `dry_run`."""
    cutoff = cutoff_for(now, years)
    orders = cases = messages = 0
    for batch in _batches(uow, cutoff):
        orders += len(batch)
        cases += _count(
            uow,
            AftersalesCase,
            AftersalesCase.order_id.in_(batch),
            AftersalesCase.note.is_not(None),
        )
        messages += _count_messages(uow, batch)
        if not dry_run:
            _redact(uow, batch)
    consumers = _count(uow, Consumer, _forgettable_consumer(cutoff))
    if not dry_run:
        uow.session.execute(
            update(Consumer)
            .where(_forgettable_consumer(cutoff))
            .values(name=None, phone=None, address=None)
            .execution_options(synchronize_session=False)
        )
    report = PurgeReport(cutoff, dry_run, orders, cases, messages, consumers)
    if not dry_run:
        payload = {**asdict(report), "cutoff": cutoff.isoformat(), "years": years}
        append_record(
            uow=uow,
            actor_id=actor_id,
            now=now,
            subject_kind="retention",
            subject_id=cutoff.date().isoformat(),
            action="purge",
            payload=payload,
        )
        uow.commit()
    return report


def _past_retention(cutoff: datetime) -> ColumnElement[bool]:
    completed_at = func.coalesce(Order.cancelled_at, Order.delivered_at, Order.placed_at)
    open_or_recent = exists().where(
        AftersalesCase.order_id == Order.id,
        or_(
            AftersalesCase.status.in_(_OPEN),
            AftersalesCase.resolved_at.is_(None),
            AftersalesCase.resolved_at >= cutoff,
        ),
    )
    return and_(Order.status.in_(_DONE), completed_at < cutoff, ~open_or_recent)


def _batches(uow: UnitOfWork, cutoff: datetime) -> Iterator[Sequence[str]]:
    identified = (
        Order.recipient_name.is_not(None)
        | Order.recipient_phone.is_not(None)
        | Order.recipient_address.is_not(None)
    )
    query = select(Order.id).where(_past_retention(cutoff), identified).order_by(Order.id)
    ids = list(uow.session.scalars(query))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _redact(uow: UnitOfWork, batch: Sequence[str]) -> None:
    session = uow.session
    session.execute(
        update(Order)
        .where(Order.id.in_(batch))
        .values(recipient_name=None, recipient_phone=None, recipient_address=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(AftersalesCase)
        .where(AftersalesCase.order_id.in_(batch), AftersalesCase.note.is_not(None))
        .values(note=REDACTED)
        .execution_options(synchronize_session=False)
    )
    sessions = select(ServiceSession.id).where(ServiceSession.order_id.in_(batch))
    session.execute(
        update(ServiceMessage)
        .where(ServiceMessage.session_id.in_(sessions), ServiceMessage.body != REDACTED)
        .values(body=REDACTED)
        .execution_options(synchronize_session=False)
    )


def _count_messages(uow: UnitOfWork, batch: Sequence[str]) -> int:
    sessions = select(ServiceSession.id).where(ServiceSession.order_id.in_(batch))
    return _count(
        uow,
        ServiceMessage,
        ServiceMessage.session_id.in_(sessions),
        ServiceMessage.body != REDACTED,
    )


def _forgettable_consumer(cutoff: datetime) -> ColumnElement[bool]:
    kept_order = exists().where(Order.consumer_id == Consumer.id, ~_past_retention(cutoff))
    has_account = exists().where(User.consumer_id == Consumer.id)
    return and_(
        Consumer.registered_at < cutoff,
        ~kept_order,
        ~has_account,
        Consumer.name.is_not(None) | Consumer.phone.is_not(None) | Consumer.address.is_not(None),
    )


def _count(uow: UnitOfWork, model: type[object], *conditions: ColumnElement[bool]) -> int:
    found = uow.session.scalar(select(func.count()).select_from(model).where(*conditions))
    return int(found or 0)
