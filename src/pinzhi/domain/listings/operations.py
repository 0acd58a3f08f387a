"""Writes: placing ads (checked before they run), taking expired ads down, re-checking changed
listing wording (S2 7.7; S4 4.2.2.5). Nothing here commits: the caller does.

The wording checker is passed in (`Checker`): the rule list is the domain's (`claims.py`), the
normal form it reads is made by the language adapter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.catalog.models import Product
from pinzhi.domain.listings.claims import ClaimFinding
from pinzhi.domain.listings.models import (
    AdStatus,
    Advertisement,
    FindingKind,
    ListingFinding,
    SubjectKind,
    TextCheck,
)
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

Checker = Callable[[str], Sequence[ClaimFinding]]
SYSTEM_ACTOR = "system:listings"
EXPIRED_REASON = "the ad's validity window has closed; it was taken down (S2 7.7)"


@dataclass(frozen=True)
class AdView:
    id: str
    product_id: str
    merchant_id: str
    headline: str
    starts_at: datetime
    ends_at: datetime
    status: AdStatus


class CheckCounts(NamedTuple):
    checked: int
    unchanged: int
    findings: int


def place_advertisement(
    *,
    uow: UnitOfWork,
    actor: Actor,
    product_id: str,
    headline: str,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    checker: Checker,
) -> AdView:
    """Book a paid placement of one of the merchant's own listings; wording is checked first."""
    if actor.role is not Role.MERCHANT or actor.merchant_id is None:
        raise Forbidden("only a merchant places ads for its own listings")
    product = uow.session.get(Product, product_id)
    if product is None or product.merchant_id != actor.merchant_id:
        raise NotFound(f"listing {product_id!r} is not one of the shop's listings")
    if ends_at <= starts_at or ends_at <= now:
        raise ValidationFailed("an ad's window must end after it starts and after now")
    text = headline.strip()
    found = checker(text)
    if found:
        details = [f"{f.term!r} at {f.start}: {f.reason}" for f in found]
        raise ValidationFailed("the ad's wording is not allowed", details=details)
    row = Advertisement(
        id=new_id("ad"),
        product_id=product_id,
        merchant_id=actor.merchant_id,
        headline=text,
        starts_at=starts_at,
        ends_at=ends_at,
        status=AdStatus.LIVE,
        created_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    _record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        ad=row,
        action="ad_placed",
        extra={"ends_at": ends_at.isoformat()},
    )
    return _ad_view(row)


def take_down_expired_ads(*, uow: UnitOfWork, now: datetime) -> int:
    """Mark live ads whose window has closed expired, with one finding each; idempotent."""
    expired = uow.session.scalars(
        select(Advertisement)
        .where(Advertisement.status == AdStatus.LIVE, Advertisement.ends_at <= now)
        .order_by(Advertisement.id)
    ).all()
    for ad in expired:
        ad.status = AdStatus.EXPIRED
        ad.taken_down_at = now
        uow.session.add(
            ListingFinding(
                id=new_id("lf"),
                subject_kind=SubjectKind.ADVERTISEMENT,
                subject_id=ad.id,
                merchant_id=ad.merchant_id,
                kind=FindingKind.EXPIRED_AD,
                term="",
                start=0,
                end=0,
                reason=EXPIRED_REASON,
                text_hash=_fingerprint(ad.headline),
                found_at=now,
            )
        )
        _record(
            uow=uow,
            actor_id=SYSTEM_ACTOR,
            now=now,
            ad=ad,
            action="ad_taken_down",
            extra={"ends_at": ad.ends_at.isoformat()},
        )
    uow.session.flush()
    return len(expired)


def recheck_listing_texts(*, uow: UnitOfWork, now: datetime, checker: Checker) -> CheckCounts:
    """Check the wording of every listed product title and live ad whose text changed since
    its last check (or was never checked); store each finding once per text version."""
    subjects: list[tuple[SubjectKind, str, str, str]] = [
        (SubjectKind.PRODUCT, p.id, p.merchant_id, p.title)
        for p in uow.session.scalars(select(Product).where(Product.delisted_at.is_(None)))
    ]
    subjects += [
        (SubjectKind.ADVERTISEMENT, a.id, a.merchant_id, a.headline)
        for a in uow.session.scalars(
            select(Advertisement).where(Advertisement.status == AdStatus.LIVE)
        )
    ]
    known = {(c.subject_kind, c.subject_id): c for c in uow.session.scalars(select(TextCheck))}
    checked = unchanged = stored = 0
    for kind, subject_id, merchant_id, text in subjects:
        digest = _fingerprint(text)
        check = known.get((kind, subject_id))
        if check is not None and check.text_hash == digest:
            unchanged += 1
            continue
        found = checker(text)
        seen = _stored_spots(uow, kind, subject_id, digest)  # a text changed back (A→B→A)
        for f in found:
            if (f.kind, f.start) in seen:
                continue
            uow.session.add(
                ListingFinding(
                    id=new_id("lf"),
                    subject_kind=kind,
                    subject_id=subject_id,
                    merchant_id=merchant_id,
                    kind=f.kind,
                    term=f.term[:100],
                    start=f.start,
                    end=f.end,
                    reason=f.reason,
                    text_hash=digest,
                    found_at=now,
                )
            )
        if check is None:
            uow.session.add(TextCheck(subject_kind=kind, subject_id=subject_id, text_hash=digest,
                                      checked_at=now, findings=len(found)))  # fmt: skip
        else:
            check.text_hash, check.checked_at, check.findings = digest, now, len(found)
        checked += 1
        stored += len(found)
    uow.session.flush()
    return CheckCounts(checked, unchanged, stored)


def _stored_spots(
    uow: UnitOfWork, kind: SubjectKind, subject_id: str, digest: str
) -> set[tuple[FindingKind, int]]:
    rows = uow.session.execute(
        select(ListingFinding.kind, ListingFinding.start).where(
            ListingFinding.subject_kind == kind,
            ListingFinding.subject_id == subject_id,
            ListingFinding.text_hash == digest,
        )
    )
    return {(finding_kind, start) for finding_kind, start in rows}


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _record(
    *,
    uow: UnitOfWork,
    actor_id: str,
    now: datetime,
    ad: Advertisement,
    action: str,
    extra: dict[str, str],
) -> None:
    append_record(
        uow=uow,
        actor_id=actor_id,
        now=now,
        subject_kind="advertisement",
        subject_id=ad.id,
        action=action,
        payload={"product_id": ad.product_id, "merchant_id": ad.merchant_id, **extra},
    )


def _ad_view(row: Advertisement) -> AdView:
    return AdView(
        row.id, row.product_id, row.merchant_id, row.headline, row.starts_at, row.ends_at,
        row.status,
    )  # fmt: skip
