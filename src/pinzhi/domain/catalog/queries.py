"""Reads of the catalogue that other domains need: merchants' public names."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from pinzhi.domain.catalog.models import Merchant
from pinzhi.store.uow import UnitOfWork


def merchant_names(*, uow: UnitOfWork, merchant_ids: Iterable[str]) -> dict[str, str]:
    """The shop name of each known merchant id (unknown ids are left out).

    Shop names are public (they are shown to every buyer); who may see them next to a
    merchant's figures is the caller's decision.
    """
    wanted = sorted(set(merchant_ids))
    if not wanted:
        return {}
    query = select(Merchant.id, Merchant.name).where(Merchant.id.in_(wanted))
    return {merchant_id: name for merchant_id, name in uow.session.execute(query)}
