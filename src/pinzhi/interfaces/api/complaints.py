"""/api/v1/complaints: file, list, read the electronic file, take workflow steps, assign (C11).

Each workflow step is a POST to `/{complaint_id}/actions/{event}` carrying an `event_id` chosen
by the caller: sending the same step again is answered with the file unchanged. A step the
complaint's stage does not allow is a 409 problem naming the stage and the allowed events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from pinzhi.domain.service import complaint_operations as operations
from pinzhi.domain.service import complaint_queries as queries
from pinzhi.domain.service.complaint_queries import ComplaintFileView, ComplaintSummary
from pinzhi.domain.service.complaints import ComplaintEvent
from pinzhi.domain.service.models import Channel, ComplaintNature, ComplaintStatus
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/complaints", tags=["complaints"])
EventId = Annotated[str, Field(min_length=1, max_length=64, description="idempotency key")]


class Filing(BaseModel):
    channel: Channel = Field(description="online_chat, phone or email (S1 9.2.4)")
    nature: ComplaintNature
    matter: str = Field(max_length=4000)
    contact: str = Field(max_length=100, description="where the result is sent")  # sealed: ≤340 B
    consumer_id: str | None = Field(None, description="staff filing for a consumer name them")
    order_id: str | None = None
    merchant_id: str | None = Field(None, description="when no order is named")
    safety_risk: bool = False
    event_id: EventId | None = None


class StepInput(BaseModel):
    event_id: EventId
    note: str = Field("", max_length=4000)
    promised_by: AwareDatetime | None = None
    mediator: str | None = Field(None, max_length=128)
    conclusion: str = Field("", max_length=4000)
    basis: str = Field("", max_length=4000)
    remedy: str = Field("", max_length=4000)
    satisfaction: int | None = Field(None, ge=1, le=5)
    upheld: bool | None = None


class Assignment(BaseModel):
    staff_id: str = Field(max_length=64)
    event_id: EventId
    note: str = Field("", max_length=4000)


class ComplaintPage(BaseModel):
    items: list[ComplaintSummary]
    limit: int
    offset: int


@router.post(
    "",
    status_code=201,
    responses=problem_responses(401, 403, 404, 422),
    summary="File a complaint; it is graded at once",
)
def file_complaint(*, body: Filing, actor: CurrentActor, uow: DbUow, now: Now) -> ComplaintFileView:
    return operations.file_complaint(uow=uow, actor=actor, now=now, **body.model_dump())


@router.get("", responses=problem_responses(401, 403, 422), summary="Complaints, newest first")
def list_complaints(
    *,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
    status: ComplaintStatus | None = None,
    merchant_id: str | None = None,
    assignee_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ComplaintPage:
    found = queries.list_complaints(
        uow=uow,
        actor=actor,
        now=now,
        status=status,
        merchant_id=merchant_id,
        assignee_id=assignee_id,
        limit=limit,
        offset=offset,
    )
    return ComplaintPage(items=found, limit=limit, offset=offset)


@router.get(
    "/{complaint_id}",
    responses=problem_responses(401, 403, 404),
    summary="The complete electronic file of one complaint",
)
def get_complaint(
    *, complaint_id: str, actor: CurrentActor, uow: DbUow, now: Now
) -> ComplaintFileView:
    return queries.get_complaint_file(uow=uow, actor=actor, now=now, complaint_id=complaint_id)


@router.post(
    "/{complaint_id}/actions/{event}",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Take one workflow step (idempotent by event_id)",
)
def act_on_complaint(
    *,
    complaint_id: str,
    event: ComplaintEvent,
    body: StepInput,
    actor: CurrentActor,
    uow: DbUow,
    now: Now,
) -> ComplaintFileView:
    fields = body.model_dump()
    promised: datetime | None = fields.pop("promised_by")
    return operations.act_on_complaint(
        uow=uow,
        actor=actor,
        now=now,
        complaint_id=complaint_id,
        event=event,
        promised_by=promised,
        **fields,
    )


@router.post(
    "/{complaint_id}/assign",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Assign to an agent who passes the staff gate (idempotent by event_id)",
)
def assign_complaint(
    *, complaint_id: str, body: Assignment, actor: CurrentActor, uow: DbUow, now: Now
) -> ComplaintFileView:
    return operations.assign_complaint(
        uow=uow, actor=actor, now=now, complaint_id=complaint_id, **body.model_dump()
    )
