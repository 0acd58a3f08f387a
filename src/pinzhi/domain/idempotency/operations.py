"""Claim, complete and release idempotency keys (the Idempotency-Key contract of money calls).

- The first request with a key claims it (its own committed transaction) and runs.
- A retry after it finished gets the stored result back, error results included.
- A retry while it still runs is refused as a Conflict (HTTP 409): the caller retries later.
- The same key with a different request is refused as ValidationFailed (HTTP 422).
- A claim abandoned by a crashed process is taken over after `STALE_AFTER`. The operation and
  the completion are written in one transaction, so a takeover never repeats a durable effect.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pinzhi.core.errors import Conflict, ValidationFailed
from pinzhi.domain.idempotency.models import IdempotencyKey
from pinzhi.store.uow import UnitOfWork

STALE_AFTER = timedelta(minutes=5)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Replay:
    """The stored outcome of the first request with the key."""

    status_code: int
    response: dict[str, object]


def fingerprint(request: Mapping[str, object]) -> str:
    """A stable hash of what the request asks for (method, path, body)."""
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def claim(
    *, uow: UnitOfWork, owner: str, key: str, request_hash: str, now: datetime
) -> Replay | None:
    """Claim `key` for this request and commit; or return the stored outcome, or refuse."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed(f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} characters")
    row = _locked(uow, owner, key)
    if row is None:
        uow.session.add(
            IdempotencyKey(owner=owner, key=key, request_hash=request_hash, claimed_at=now)
        )
        try:
            uow.commit()
        except IntegrityError:  # claimed by a concurrent first request a moment ago
            uow.session.rollback()
            row = _locked(uow, owner, key)
        else:
            return None
    if row is None:  # pragma: no cover - the integrity error means the row exists
        raise Conflict(f"Idempotency-Key {key!r} could not be claimed; retry")
    if row.request_hash != request_hash:
        raise ValidationFailed(
            f"Idempotency-Key {key!r} was already used for a different request; use a new key"
        )
    if row.completed_at is not None and row.status_code is not None:
        return Replay(status_code=row.status_code, response=dict(row.response or {}))
    if now - row.claimed_at < STALE_AFTER:
        raise Conflict(f"the request with Idempotency-Key {key!r} is still running; retry later")
    row.claimed_at = now  # the first attempt died without a result: this one takes over
    uow.commit()
    return None


def complete(
    *,
    uow: UnitOfWork,
    owner: str,
    key: str,
    status_code: int,
    response: Mapping[str, object],
    now: datetime,
) -> None:
    """Store the outcome with the key, inside the caller's transaction (no commit)."""
    row = uow.session.get(IdempotencyKey, (owner, key))
    if row is None:
        raise Conflict(f"Idempotency-Key {key!r} is not claimed")
    row.completed_at = now
    row.status_code = status_code
    row.response = dict(response)
    uow.session.flush()


def release(*, uow: UnitOfWork, owner: str, key: str) -> None:
    """Forget an unfinished claim after an unexpected failure, so a retry runs again; commits."""
    row = uow.session.get(IdempotencyKey, (owner, key))
    if row is not None and row.completed_at is None:
        uow.session.delete(row)
        uow.commit()


def _locked(uow: UnitOfWork, owner: str, key: str) -> IdempotencyKey | None:
    query = select(IdempotencyKey).where(IdempotencyKey.owner == owner, IdempotencyKey.key == key)
    if uow.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return uow.session.scalars(query).one_or_none()
