"""Reads of consumers' reviews for other capabilities (the feedback inbox, S3 7.2.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pinzhi.domain.feedback.models import Review
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class ReviewDigest:
    id: str
    order_id: str
    product_id: str | None
    consumer_id: str
    merchant_id: str
    rating: int
    text: str
    created_at: datetime


def low_rated_reviews(
    *, uow: UnitOfWork, since: datetime, until: datetime, max_rating: int
) -> list[ReviewDigest]:
    """Reviews written in [since, until) rated `max_rating` or lower, oldest first."""
    rows = uow.session.scalars(
        select(Review)
        .where(Review.created_at >= since, Review.created_at < until, Review.rating <= max_rating)
        .order_by(Review.created_at, Review.id)
    )
    return [
        ReviewDigest(
            id=r.id,
            order_id=r.order_id,
            product_id=r.product_id,
            consumer_id=r.consumer_id,
            merchant_id=r.merchant_id,
            rating=r.rating,
            text=" ".join(part for part in (r.title, r.body) if part),
            created_at=r.created_at,
        )
        for r in rows
    ]
