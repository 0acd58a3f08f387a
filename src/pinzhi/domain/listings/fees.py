"""A merchant declares the extra fees of a listing and the items it offers alongside (S2 7.2.2;
S4 4.2.1.4). Every fee is then shown itemised next to the price; a bundled item is shown as an
unselected option. Nothing here commits: the caller does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from pinzhi.core.errors import Forbidden, NotFound, ValidationFailed
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.catalog.models import Product
from pinzhi.domain.listings.models import BundledItem, FeeKind, ListingFee
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

MAX_FEE_FEN = 10_000_000


def set_listing_fee(
    *,
    uow: UnitOfWork,
    actor: Actor,
    product_id: str,
    kind: FeeKind,
    amount_fen: int,
    now: datetime,
    note: str | None = None,
) -> None:
    """Declare (or change) one fee of the merchant's own listing; 0 removes it."""
    _own_listing(uow, actor, product_id)
    if not 0 <= amount_fen <= MAX_FEE_FEN:
        raise ValidationFailed(f"a fee must be 0–{MAX_FEE_FEN} fen, not {amount_fen}")
    row = uow.session.scalar(
        select(ListingFee).where(ListingFee.product_id == product_id, ListingFee.kind == kind)
    )
    if amount_fen == 0:
        if row is not None:
            uow.session.delete(row)
    elif row is None:
        uow.session.add(
            ListingFee(
                id=new_id("fee"), product_id=product_id, kind=kind, amount_fen=amount_fen,
                note=note,
            )
        )  # fmt: skip
    else:
        row.amount_fen, row.note = amount_fen, note
    uow.session.flush()
    _record(
        uow,
        actor,
        now,
        product_id,
        action="fee_set",
        payload={"kind": kind.value, "amount_fen": amount_fen},
    )


def add_bundled_item(
    *, uow: UnitOfWork, actor: Actor, product_id: str, title: str, price_fen: int, now: datetime
) -> str:
    """Offer an item alongside the merchant's own listing (搭售): shown flagged, unselected."""
    _own_listing(uow, actor, product_id)
    if not title.strip() or price_fen < 0:
        raise ValidationFailed("a bundled item needs a title and a price of 0 fen or more")
    row = BundledItem(
        id=new_id("bnd"), product_id=product_id, title=title.strip(), price_fen=price_fen
    )
    uow.session.add(row)
    uow.session.flush()
    _record(uow, actor, now, product_id, action="bundle_added", payload={"bundle_id": row.id})
    return row.id


def _own_listing(uow: UnitOfWork, actor: Actor, product_id: str) -> None:
    if actor.role is not Role.MERCHANT or actor.merchant_id is None:
        raise Forbidden("only a merchant sets its own listings' fees and bundles")
    product = uow.session.get(Product, product_id)
    if product is None or product.merchant_id != actor.merchant_id:
        raise NotFound(f"listing {product_id!r} is not one of the shop's listings")


def _record(
    uow: UnitOfWork, actor: Actor, now: datetime, product_id: str, *, action: str,
    payload: dict[str, object],
) -> None:  # fmt: skip
    append_record(
        uow=uow, actor_id=actor.user_id, now=now, subject_kind="listing", subject_id=product_id,
        action=action, payload=payload,
    )  # fmt: skip
