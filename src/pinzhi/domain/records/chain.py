"""Pure rules of the tamper-evident record chain (C7; S1 9.1.2, S3 6.6.2).

S1 9.1.2 asks that every key step of a service process leave a record that can be queried and
checked afterwards; S3 6.6.2 suggests block-chain-like means so that records cannot be altered
unnoticed. Here each entry's hash covers its canonical form and its predecessor's hash, so anyone
with read access can recompute the chain: an edit, a deletion or a reordering breaks a link.
A forger who rewrites every later hash is caught by a checkpoint: a keyed signature (HMAC) over
(sequence, hash) that cannot be recomputed without the platform's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum

GENESIS_HASH = hashlib.sha256(b"pinzhi record chain genesis").hexdigest()
"""The `prev_hash` of entry 1: a fixed, documented value instead of an empty string."""

_CHECKPOINT_CONTEXT = b"pinzhi.records.checkpoint"


@dataclass(frozen=True)
class Entry:
    """One chained record as stored; `payload` is canonical JSON text."""

    sequence: int
    occurred_at: datetime
    actor_id: str
    subject_kind: str
    subject_id: str
    action: str
    payload: str
    prev_hash: str
    entry_hash: str

    @property
    def subject(self) -> str:
        return f"{self.subject_kind} {self.subject_id}"


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    created_at: datetime
    signature: str


class BreakReason(StrEnum):
    EDITED = "edited"  # the entry's content no longer matches its own hash
    DELETED = "deleted"  # a sequence number is missing
    REORDERED = "reordered"  # the entry does not link to its predecessor (moved or inserted)
    REWRITTEN = "rewritten"  # hashes were recomputed: a signed checkpoint no longer matches
    FORGED_CHECKPOINT = "forged_checkpoint"  # a checkpoint's signature is not ours
    TRUNCATED = "truncated"  # a signed checkpoint points past the last entry


@dataclass(frozen=True)
class Break:
    """The first place the chain fails: the entry where a check failed, and why."""

    sequence: int
    subject: str
    reason: BreakReason
    detail: str


@dataclass(frozen=True)
class VerifyResult:
    verified: int
    checkpoints: int
    broken: Break | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None


def canonical_payload(payload: Mapping[str, object]) -> str:
    """Sorted-key, compact JSON; timestamps as UTC ISO; money only as integer fen.

    Floats are refused: their text form is not stable across languages, and money is fen.
    """
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value
    )


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime in a record payload: {value!r}")
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable in a record payload: {type(value).__name__}")


def utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _reject_floats(payload: object) -> None:
    if isinstance(payload, float):
        raise TypeError("floats are not allowed in a record payload: use integer fen or text")
    if isinstance(payload, Mapping):
        for item in payload.values():
            _reject_floats(item)
    elif isinstance(payload, list | tuple):
        for item in payload:
            _reject_floats(item)


def payload_text(payload: Mapping[str, object]) -> str:
    """The stored form of a payload, after refusing values with no canonical text."""
    _reject_floats(payload)
    return canonical_payload(payload)


def link(
    *,
    prev_hash: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: str,
    subject_kind: str,
    subject_id: str,
    action: str,
    payload: str,
) -> Entry:
    """The entry that follows `prev_hash` with this content, its own hash computed."""
    content = Entry(
        sequence=sequence,
        occurred_at=occurred_at,
        actor_id=actor_id,
        subject_kind=subject_kind,
        subject_id=subject_id,
        action=action,
        payload=payload,
        prev_hash=prev_hash,
        entry_hash="",
    )
    return replace(content, entry_hash=hash_of(content))


def hash_of(entry: Entry) -> str:
    """sha256(prev_hash || canonical entry) as hex: the hash `entry` should carry."""
    canonical = canonical_payload(
        {
            "action": entry.action,
            "actor_id": entry.actor_id,
            "occurred_at": utc_iso(entry.occurred_at),
            "payload": entry.payload,
            "sequence": entry.sequence,
            "subject_id": entry.subject_id,
            "subject_kind": entry.subject_kind,
        }
    )
    return hashlib.sha256(entry.prev_hash.encode("ascii") + canonical.encode("utf-8")).hexdigest()


def sign_checkpoint(*, key: str, sequence: int, entry_hash: str) -> str:
    """HMAC-SHA-256 over (sequence, hash) with a key derived from the platform secret.

    Deriving a sub-key keeps these signatures apart from other uses of the same secret.
    """
    sub_key = hmac.new(key.encode(), _CHECKPOINT_CONTEXT, hashlib.sha256).digest()
    message = f"{sequence}:{entry_hash}".encode("ascii")
    return hmac.new(sub_key, message, hashlib.sha256).hexdigest()


def verify_entries(
    entries: Iterable[Entry], *, checkpoints: Iterable[Checkpoint] = (), key: str = ""
) -> VerifyResult:
    """Walk `entries` in sequence order and report the first broken link, if any.

    Per entry, in this order: a sequence gap means deletion; a `prev_hash` that is not the
    predecessor's hash means reordering or insertion; content that does not hash to
    `entry_hash` means an edit; a checkpoint at this sequence must carry our signature and
    this very hash. `entries` may be a stream: only the previous entry is kept.
    """
    pending = {c.sequence: c for c in checkpoints}
    verified, checked, vouched = 0, 0, 0
    prev_hash, expected = GENESIS_HASH, 1
    for entry in entries:
        checkpoint = pending.pop(entry.sequence, None)
        broken = _check_link(entry, expected=expected, prev_hash=prev_hash) or (
            _check_checkpoint(entry, checkpoint, key=key, vouched=vouched)
        )
        if broken is not None:
            return VerifyResult(verified=verified, checkpoints=checked, broken=broken)
        if checkpoint is not None:
            checked, vouched = checked + 1, entry.sequence
        verified, prev_hash, expected = verified + 1, entry.entry_hash, entry.sequence + 1
    if pending:
        first = min(pending)
        detail = f"a checkpoint signs entry {first}, but the chain ends at {expected - 1}"
        broken = Break(first, "(missing)", BreakReason.TRUNCATED, detail)
        return VerifyResult(verified=verified, checkpoints=checked, broken=broken)
    return VerifyResult(verified=verified, checkpoints=checked)


def _check_link(entry: Entry, *, expected: int, prev_hash: str) -> Break | None:
    if entry.sequence > expected:
        missing = (
            f"{expected}" if entry.sequence == expected + 1 else f"{expected}–{entry.sequence - 1}"
        )
        return Break(
            entry.sequence, entry.subject, BreakReason.DELETED, f"sequence {missing} missing"
        )
    if entry.sequence < expected or entry.prev_hash != prev_hash:
        detail = "does not link to the entry before it (moved or inserted)"
        return Break(entry.sequence, entry.subject, BreakReason.REORDERED, detail)
    if hash_of(entry) != entry.entry_hash:
        detail = "content no longer matches its hash (altered after writing)"
        return Break(entry.sequence, entry.subject, BreakReason.EDITED, detail)
    return None


def _check_checkpoint(
    entry: Entry, checkpoint: Checkpoint | None, *, key: str, vouched: int
) -> Break | None:
    if checkpoint is None:
        return None
    signature = sign_checkpoint(key=key, sequence=entry.sequence, entry_hash=checkpoint.entry_hash)
    if not hmac.compare_digest(signature, checkpoint.signature):
        detail = "checkpoint signature invalid (checkpoint altered, or a different key)"
        return Break(entry.sequence, entry.subject, BreakReason.FORGED_CHECKPOINT, detail)
    if checkpoint.entry_hash != entry.entry_hash:
        detail = (
            f"hash differs from the checkpoint signed {utc_iso(checkpoint.created_at)}: "
            f"the chain was recomputed from an entry after {vouched}, up to this one"
        )
        return Break(entry.sequence, entry.subject, BreakReason.REWRITTEN, detail)
    return None
