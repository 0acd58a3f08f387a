"""Service commitments (S3 6.10): a shop publishes and withdraws its own; anyone reads them."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import APIRouter
from pydantic import BaseModel, Field

from pinzhi.domain.governance import commitments
from pinzhi.domain.governance.commitments import CommitmentView
from pinzhi.domain.governance.models import CommitmentKind
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(tags=["service commitments"])


class PublishCommitment(BaseModel):
    kind: CommitmentKind
    terms: str = Field(min_length=1, max_length=2000, description="what is promised, in words")
    compensation_fen: int = Field(default=0, ge=0, description="the sum a broken promise pays")
    product_id: str | None = Field(default=None, max_length=64, description="unset: shop-wide")


@router.get(
    "/api/v1/merchants/{merchant_id}/commitments",
    responses=problem_responses(401),
    summary="A shop's service commitments, live first",
)
def list_commitments(*, merchant_id: str, actor: CurrentActor, uow: DbUow) -> list[CommitmentView]:
    return commitments.list_commitments(uow=uow, merchant_id=merchant_id)


@router.post(
    "/api/v1/commitments",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 409, 422),
    summary="Publish one of your shop's commitments (checked by the platform first)",
)
def publish(
    *, body: PublishCommitment, actor: CurrentActor, uow: DbUow, now: Now
) -> CommitmentView:
    view = commitments.publish(uow=uow, actor=actor, now=now, **body.model_dump())
    uow.commit()
    return view


@router.post(
    "/api/v1/commitments/{commitment_id}/withdraw",
    responses=problem_responses(401, 403, 404),
    summary="Withdraw a commitment; orders placed before keep it",
)
def withdraw(*, commitment_id: str, actor: CurrentActor, uow: DbUow, now: Now) -> CommitmentView:
    view = commitments.withdraw(uow=uow, actor=actor, commitment_id=commitment_id, now=now)
    uow.commit()
    return view
