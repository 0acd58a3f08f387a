"""Reads of the record chain: verify it end to end, list one subject's records. Never write."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from pinzhi.domain.records import chain
from pinzhi.domain.records.models import RecordCheckpoint, RecordEntry
from pinzhi.store.uow import UnitOfWork

_ENTRY_COLUMNS = (
    RecordEntry.sequence,
    RecordEntry.occurred_at,
    RecordEntry.actor_id,
    RecordEntry.subject_kind,
    RecordEntry.subject_id,
    RecordEntry.action,
    RecordEntry.payload,
    RecordEntry.prev_hash,
    RecordEntry.entry_hash,
)


def verify_chain(*, uow: UnitOfWork, key: str, chunk_size: int = 1000) -> chain.VerifyResult:
    """Recompute every link and check every signed checkpoint (C7; S3 6.6.2).

    Entries stream in sequence order, `chunk_size` rows at a time (a server-side cursor on
    PostgreSQL), so memory stays flat however long the chain grows.
    """
    checkpoints = [
        chain.Checkpoint(
            sequence=c.sequence,
            entry_hash=c.entry_hash,
            created_at=c.created_at,
            signature=c.signature,
        )
        for c in uow.session.scalars(select(RecordCheckpoint))
    ]
    return chain.verify_entries(
        _stream(uow, chunk_size=chunk_size), checkpoints=checkpoints, key=key
    )


def list_records(*, uow: UnitOfWork, subject_kind: str, subject_id: str) -> list[chain.Entry]:
    """One subject's records, oldest first: the queryable trail of S1 9.1.2."""
    rows = uow.session.execute(
        select(*_ENTRY_COLUMNS)
        .where(RecordEntry.subject_kind == subject_kind, RecordEntry.subject_id == subject_id)
        .order_by(RecordEntry.sequence)
    )
    return [chain.Entry(**row._mapping) for row in rows]


def _stream(uow: UnitOfWork, *, chunk_size: int) -> Iterator[chain.Entry]:
    # Plain column rows, not ORM objects: nothing accumulates in the session's identity map.
    query = select(*_ENTRY_COLUMNS).order_by(RecordEntry.sequence)
    rows = uow.session.execute(query.execution_options(yield_per=chunk_size))
    for row in rows:
        yield chain.Entry(**row._mapping)
