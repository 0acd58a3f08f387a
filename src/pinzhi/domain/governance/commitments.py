"""Merchants publish service commitments; the platform checks them before they go live (S3 6.10).

A commitment must say what it promises in words a consumer understands, a compensation promise
must name its sum, a shop has at most one live commitment of a kind (per product, or shop-wide),
and commitments that only make sense for some goods (original-maker warranty, taking the old
appliance away, measuring at home) are refused for shops that do not sell them. Fulfilment is
watched by the daily run (`aftersales.commitments`); a withdrawal applies to orders placed after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.catalog.models import Merchant, Product
from pinzhi.domain.governance.models import CommitmentKind, ServiceCommitment
from pinzhi.store.uow import UnitOfWork

NEEDS_COMPENSATION = frozenset({CommitmentKind.LATE_DELIVERY_COMPENSATION})
ONLY_FOR_CATEGORIES: dict[CommitmentKind, frozenset[str]] = {
    CommitmentKind.ORIGINAL_WARRANTY: frozenset({"手机", "家电", "电脑办公"}),
    CommitmentKind.FREE_OLD_PICKUP: frozenset({"手机", "家电"}),
    CommitmentKind.FREE_MEASUREMENT: frozenset({"家电", "家居"}),
}
MIN_TERMS = 6
MAX_COMPENSATION_FEN = 100_000


@dataclass(frozen=True)
class CommitmentView:
    id: str
    merchant_id: str
    product_id: str | None
    kind: CommitmentKind
    terms: str
    compensation_fen: int
    published_at: datetime
    withdrawn_at: datetime | None


def publish(
    *,
    uow: UnitOfWork,
    actor: Actor,
    kind: CommitmentKind,
    terms: str,
    now: datetime,
    compensation_fen: int = 0,
    product_id: str | None = None,
) -> CommitmentView:
    """Publish the actor's shop's commitment after the platform's checks; never commits."""
    merchant = _own_merchant(uow, actor)
    problems = _problems(
        uow, merchant, kind=kind, terms=terms.strip(), compensation_fen=compensation_fen,
        product_id=product_id,
    )  # fmt: skip
    if problems:
        raise ValidationFailed(f"commitment refused: {'; '.join(problems)}", details=problems)
    live = uow.session.scalars(
        select(ServiceCommitment.id).where(
            ServiceCommitment.merchant_id == merchant.id,
            ServiceCommitment.kind == kind,
            ServiceCommitment.product_id.is_(None)
            if product_id is None
            else ServiceCommitment.product_id == product_id,
            ServiceCommitment.withdrawn_at.is_(None),
        )
    ).first()
    if live is not None:
        raise Conflict(f"{kind} is already promised by commitment {live!r}; withdraw it first")
    row = ServiceCommitment(
        id=new_id("cmt"),
        merchant_id=merchant.id,
        product_id=product_id,
        kind=kind,
        terms=terms.strip(),
        compensation_fen=compensation_fen,
        published_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    return _view(row)


def withdraw(*, uow: UnitOfWork, actor: Actor, commitment_id: str, now: datetime) -> CommitmentView:
    merchant = _own_merchant(uow, actor)
    row = uow.session.get(ServiceCommitment, commitment_id)
    if row is None or row.merchant_id != merchant.id:
        raise NotFound(f"commitment {commitment_id!r} does not exist")
    if row.withdrawn_at is None:
        row.withdrawn_at = now
        uow.session.flush()
    return _view(row)


def list_commitments(*, uow: UnitOfWork, merchant_id: str) -> list[CommitmentView]:
    """A shop's commitments, live first: public, consumers read them before buying."""
    rows = uow.session.scalars(
        select(ServiceCommitment)
        .where(ServiceCommitment.merchant_id == merchant_id)
        .order_by(ServiceCommitment.withdrawn_at.is_not(None), ServiceCommitment.published_at)
    )
    return [_view(row) for row in rows]


def _own_merchant(uow: UnitOfWork, actor: Actor) -> Merchant:
    if actor.role is not Role.MERCHANT or actor.merchant_id is None:
        raise Forbidden("only a merchant publishes its own service commitments")
    merchant = uow.session.get(Merchant, actor.merchant_id)
    if merchant is None:
        raise NotFound(f"merchant {actor.merchant_id!r} does not exist")
    return merchant


def _problems(
    uow: UnitOfWork,
    merchant: Merchant,
    *,
    kind: CommitmentKind,
    terms: str,
    compensation_fen: int,
    product_id: str | None,
) -> list[str]:
    problems = []
    if len(terms) < MIN_TERMS:
        problems.append(f"terms must say what is promised (at least {MIN_TERMS} characters)")
    if kind in NEEDS_COMPENSATION and not 0 < compensation_fen <= MAX_COMPENSATION_FEN:
        problems.append(f"{kind} must name a compensation between 0.01 and 1000 yuan")
    if kind not in NEEDS_COMPENSATION and compensation_fen:
        problems.append(f"{kind} promises a service, not a sum: compensation must be 0")
    category = merchant.main_category
    if product_id is not None:
        product = uow.session.get(Product, product_id)
        if product is None or product.merchant_id != merchant.id:
            problems.append(f"product {product_id!r} is not one of the shop's listings")
        else:
            category = product.category
    allowed = ONLY_FOR_CATEGORIES.get(kind)
    if allowed is not None and category not in allowed:
        problems.append(f"{kind} does not apply to {category} goods")
    return problems


def _view(row: ServiceCommitment) -> CommitmentView:
    return CommitmentView(
        id=row.id,
        merchant_id=row.merchant_id,
        product_id=row.product_id,
        kind=row.kind,
        terms=row.terms,
        compensation_fen=row.compensation_fen,
        published_at=row.published_at,
        withdrawn_at=row.withdrawn_at,
    )
