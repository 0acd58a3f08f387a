"""The money ledger in the store: each operation applied exactly once, under its order's lock.

`post` replays the order's stored entries into the pure `ledger.Ledger`, applies the new
operation there (so the caps and the idempotency rule live in one place, `ledger.py`), and writes
the resulting entry and its postings. It never commits: a refund and the case step that caused
it become durable together or not at all.

Concurrency: two requests moving money on the same order are serialised — on PostgreSQL by a
row lock on the order, on SQLite by taking the single write lock before reading — so both see
each other's entries and a cap can never be passed by racing. The unique `key` column is the last
line of defence: a duplicate that slipped past would fail the transaction, never double-post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pinzhi.core.errors import NotFound
from pinzhi.domain.aftersales import ledger
from pinzhi.domain.aftersales.ledger import Movement, Operation
from pinzhi.domain.aftersales.models import LedgerEntryRow, LedgerPostingRow
from pinzhi.domain.orders.models import Order
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class Posted:
    """The outcome of `post`: the operation and whether this call wrote it (False: a retry)."""

    operation: Operation
    created: bool


def payment_key(order_id: str) -> str:
    return f"payment:{order_id}"


def post(
    *, uow: UnitOfWork, operation: Operation, now: datetime, case_id: str | None = None
) -> Posted:
    """Apply `operation` once; a retry returns the first posting, a reused key is a Conflict."""
    session = uow.session
    order = _lock_order(session, operation.order_id)
    book = _seed_payment(session, order, now)
    after = ledger.apply(book, operation)  # raises Conflict / ValidationFailed
    if after is book:
        return Posted(operation, created=False)
    _write(session, after.entries[-1], case_id=case_id, now=now)
    return Posted(operation, created=True)


def order_ledger(*, uow: UnitOfWork, order_id: str) -> ledger.Ledger:
    """The order's ledger as stored, replayed through the pure rules."""
    return _load(uow.session, order_id)


def _lock_order(session: Session, order_id: str) -> Order:
    if session.get_bind().dialect.name == "postgresql":
        order = session.scalars(
            select(Order).where(Order.id == order_id).with_for_update()
        ).one_or_none()
    else:
        session.execute(text("UPDATE ledger_entries SET id = id WHERE 1 = 0"))
        order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"order {order_id!r} does not exist")
    return order


def _seed_payment(session: Session, order: Order, now: datetime) -> ledger.Ledger:
    """The order's ledger, opened with the consumer's payment the first time money moves."""
    book = _load(session, order.id)
    if ledger.paid_fen(book, order_id=order.id) == 0 and order.paid_fen > 0:
        payment = Operation(payment_key(order.id), Movement.PAYMENT, order.id, order.paid_fen)
        book = ledger.apply(book, payment)
        _write(session, book.entries[-1], case_id=None, now=now)
    return book


def _load(session: Session, order_id: str) -> ledger.Ledger:
    rows = session.scalars(
        select(LedgerEntryRow)
        .where(LedgerEntryRow.order_id == order_id)
        .order_by(LedgerEntryRow.id)
    )
    book = ledger.Ledger()
    for row in rows:
        book = ledger.apply(
            book, Operation(row.key, Movement(row.movement), row.order_id, row.amount_fen)
        )
    return book


def _write(session: Session, entry: ledger.Entry, *, case_id: str | None, now: datetime) -> None:
    operation = entry.operation
    row = LedgerEntryRow(
        key=operation.key,
        movement=operation.movement.value,
        order_id=operation.order_id,
        case_id=case_id,
        amount_fen=operation.amount_fen,
        posted_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(
        LedgerPostingRow(
            entry_id=row.id,
            account=posting.account.value,
            order_id=posting.order_id,
            amount_fen=posting.amount_fen,
        )
        for posting in entry.postings
    )
    session.flush()
