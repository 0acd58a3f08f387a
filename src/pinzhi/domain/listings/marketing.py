"""Consent to marketing messages, and the check every marketing send passes (S4 4.2.1.5).

Marketing is opt-in: a consumer who never chose receives none (no row is no consent), because
a consumer should not have to act to be left alone. Opting out takes one click on a signed link
that needs no sign-in (the link is made and verified at the interface edge); it is idempotent
and always wins until the consumer opts in again themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pinzhi.core.errors import Forbidden, NotFound
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.listings.models import MarketingConsent
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

BY_CONSUMER = "consumer"
BY_LINK = "opt_out_link"


@dataclass(frozen=True)
class Clearance:
    """Whether a marketing message may go to the consumer, and why."""

    consumer_id: str
    allowed: bool
    reason: str


def set_marketing_consent(
    *, uow: UnitOfWork, actor: Actor, opted_in: bool, now: datetime
) -> Clearance:
    """The signed-in consumer opts in to or out of marketing messages."""
    if actor.consumer_id is None:
        raise Forbidden("only a consumer chooses whether to receive marketing")
    _change(
        uow=uow,
        actor_id=actor.user_id,
        consumer_id=actor.consumer_id,
        opted_in=opted_in,
        source=BY_CONSUMER,
        now=now,
    )
    return marketing_clearance(uow=uow, consumer_id=actor.consumer_id)


def opt_out(*, uow: UnitOfWork, consumer_id: str, now: datetime) -> Clearance:
    """Opt out from a verified unsubscribe link; nothing changes if already out."""
    current = uow.session.get(MarketingConsent, consumer_id)
    if current is None or current.opted_in:
        _change(
            uow=uow,
            actor_id=f"consumer:{consumer_id}",
            consumer_id=consumer_id,
            opted_in=False,
            source=BY_LINK,
            now=now,
        )
    return marketing_clearance(uow=uow, consumer_id=consumer_id)


def marketing_clearance(*, uow: UnitOfWork, consumer_id: str) -> Clearance:
    consent = uow.session.get(MarketingConsent, consumer_id)
    if consent is None:
        return Clearance(consumer_id, False, "the consumer never opted in to marketing")
    if not consent.opted_in:
        when = consent.changed_at.date().isoformat()
        return Clearance(consumer_id, False, f"the consumer opted out on {when} ({consent.source})")
    return Clearance(consumer_id, True, "the consumer opted in to marketing")


def require_marketing_clearance(*, uow: UnitOfWork, consumer_id: str) -> None:
    """Every marketing send calls this first; refused sends raise Forbidden with the reason."""
    clearance = marketing_clearance(uow=uow, consumer_id=consumer_id)
    if not clearance.allowed:
        raise Forbidden(f"no marketing to consumer {consumer_id}: {clearance.reason}")


def _change(
    *, uow: UnitOfWork, actor_id: str, consumer_id: str, opted_in: bool, source: str, now: datetime
) -> None:
    if uow.session.get(Consumer, consumer_id) is None:
        raise NotFound(f"consumer {consumer_id!r} does not exist")
    row = uow.session.get(MarketingConsent, consumer_id)
    if row is None:
        row = MarketingConsent(
            consumer_id=consumer_id, opted_in=opted_in, changed_at=now, source=source
        )
        uow.session.add(row)
    else:
        row.opted_in, row.changed_at, row.source = opted_in, now, source
    append_record(
        uow=uow,
        actor_id=actor_id,
        now=now,
        subject_kind="marketing_consent",
        subject_id=consumer_id,
        action="opted_in" if opted_in else "opted_out",
        payload={"source": source},
    )
