"""Writes to the record chain: append an entry, sign a checkpoint.

`append_record` never commits: it runs inside the caller's transaction so that a business
operation and its record become durable together, or not at all (STYLE.md convention 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pinzhi.domain.records import chain
from pinzhi.domain.records.models import RecordCheckpoint, RecordEntry
from pinzhi.store.uow import UnitOfWork

# Any fixed 64-bit number: the advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK = 0x70696E7A68690001


def append_record(
    *,
    uow: UnitOfWork,
    actor_id: str,
    now: datetime,
    subject_kind: str,
    subject_id: str,
    action: str,
    payload: Mapping[str, object],
) -> chain.Entry:
    """Chain one key step of a service process onto the log (S1 9.1.2), without committing."""
    sequence, prev_hash = _locked_head(uow.session)
    entry = chain.link(
        prev_hash=prev_hash,
        sequence=sequence + 1,
        occurred_at=now,
        actor_id=actor_id,
        subject_kind=subject_kind,
        subject_id=subject_id,
        action=action,
        payload=chain.payload_text(payload),
    )
    uow.session.add(RecordEntry(**asdict(entry)))
    uow.session.flush()
    return entry


def write_checkpoint(*, uow: UnitOfWork, key: str, now: datetime) -> chain.Checkpoint | None:
    """Sign the current head of the chain and commit; None while the chain is empty.

    Idempotent: a head that is already signed is not signed twice.
    """
    session = uow.session
    sequence, entry_hash = _locked_head(session)
    if sequence == 0:
        return None
    existing = session.get(RecordCheckpoint, sequence)
    if existing is None:
        signature = chain.sign_checkpoint(key=key, sequence=sequence, entry_hash=entry_hash)
        existing = RecordCheckpoint(
            sequence=sequence, entry_hash=entry_hash, created_at=now, signature=signature
        )
        session.add(existing)
        uow.commit()
    return chain.Checkpoint(
        sequence=existing.sequence,
        entry_hash=existing.entry_hash,
        created_at=existing.created_at,
        signature=existing.signature,
    )


def _locked_head(session: Session) -> tuple[int, str]:
    """The last (sequence, hash), held so that no concurrent append can take the same place.

    PostgreSQL: a transaction-scoped advisory lock (a row lock on the last entry would not stop
    two writers that both saw an empty chain). SQLite: a write statement that matches nothing
    still takes the database's single write lock, so the head read after it is current.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    else:
        session.execute(text("UPDATE record_entries SET sequence = sequence WHERE 1 = 0"))
    head = session.execute(
        select(RecordEntry.sequence, RecordEntry.entry_hash)
        .order_by(RecordEntry.sequence.desc())
        .limit(1)
    ).first()
    return (head.sequence, head.entry_hash) if head is not None else (0, chain.GENESIS_HASH)
