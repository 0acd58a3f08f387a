"""Knowledge-base API: maintain entries (S3 6.7.1) and answer a consumer's question (S3 7.2.2).

Entries are read and written by the staff who keep them (`MANAGE_KNOWLEDGE`); a revision names
the version it was based on (409 when someone else changed the entry meanwhile). Any signed-in
user may ask; the answer is personalised only with records that user may see.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pinzhi.adapters.language.knowledge_answers import ask
from pinzhi.domain.knowledge import operations, queries
from pinzhi.domain.knowledge.models import PersonalKind
from pinzhi.domain.knowledge.operations import EntryDraft
from pinzhi.domain.knowledge.queries import EntryView, RevisionView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge"])


class DraftIn(BaseModel):
    title: str = Field(max_length=operations.MAX_TITLE)
    category: str = Field(max_length=32)
    answer: str = Field(max_length=4000)
    questions: list[str] = Field(min_length=1, max_length=operations.MAX_QUESTIONS)
    personal_kind: PersonalKind = PersonalKind.NONE
    personal_template: str | None = Field(default=None, max_length=1000)
    policy_key: str | None = Field(default=None, max_length=64)

    def draft(self) -> EntryDraft:
        return EntryDraft(
            title=self.title,
            category=self.category,
            answer=self.answer,
            questions=tuple(self.questions),
            personal_kind=self.personal_kind,
            personal_template=self.personal_template,
            policy_key=self.policy_key,
        )


class NewEntry(DraftIn):
    id: str = Field(max_length=64, description="a stable slug, e.g. refund-timing")


class Revision(DraftIn):
    base_version: int = Field(description="the version you read; 409 if it moved on")


class Activation(BaseModel):
    active: bool
    base_version: int


class EntryPage(BaseModel):
    items: list[EntryView]
    limit: int
    offset: int


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    order_id: str | None = Field(default=None, max_length=64, description="default: your newest")


class Alternative(BaseModel):
    entry_id: str
    title: str
    score: float


class Answer(BaseModel):
    """The best entry for the question and the reply personalised with your own records."""

    question: str
    confident: bool
    entry_id: str | None
    title: str | None
    score: float | None
    answer: str | None
    personal_line: str | None
    general_answer: str | None
    policy_key: str | None
    order_id: str | None
    alternatives: list[Alternative]


@router.get("/entries", responses=problem_responses(401, 403, 422), summary="Entries by id")
def list_entries(
    *,
    actor: CurrentActor,
    uow: DbUow,
    category: str | None = None,
    active: bool | None = True,
    q: Annotated[str | None, Query(max_length=100, description="text to look for")] = None,
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EntryPage:
    found = queries.list_entries(
        uow=uow, actor=actor, category=category, active=active, text=q, limit=limit, offset=offset
    )
    return EntryPage(items=found, limit=limit, offset=offset)


@router.get("/entries/{entry_id}", responses=problem_responses(401, 403, 404), summary="An entry")
def get_entry(*, entry_id: str, actor: CurrentActor, uow: DbUow) -> EntryView:
    return queries.get_entry(uow=uow, actor=actor, entry_id=entry_id)


@router.get(
    "/entries/{entry_id}/revisions",
    responses=problem_responses(401, 403, 404),
    summary="Every version of an entry",
)
def list_revisions(*, entry_id: str, actor: CurrentActor, uow: DbUow) -> list[RevisionView]:
    return queries.list_revisions(uow=uow, actor=actor, entry_id=entry_id)


@router.post(
    "/entries",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 409, 422),
    summary="Create an entry",
)
def create_entry(*, body: NewEntry, actor: CurrentActor, uow: DbUow, now: Now) -> EntryView:
    created = operations.create_entry(
        uow=uow, actor=actor, now=now, entry_id=body.id, draft=body.draft()
    )
    uow.commit()
    return created


@router.put(
    "/entries/{entry_id}",
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Revise an entry",
)
def update_entry(
    *, entry_id: str, body: Revision, actor: CurrentActor, uow: DbUow, now: Now
) -> EntryView:
    revised = operations.update_entry(
        uow=uow,
        actor=actor,
        now=now,
        entry_id=entry_id,
        draft=body.draft(),
        base_version=body.base_version,
    )
    uow.commit()
    return revised


@router.put(
    "/entries/{entry_id}/active",
    responses=problem_responses(401, 403, 404, 409),
    summary="Withdraw an entry from answering, or bring it back",
)
def set_active(
    *, entry_id: str, body: Activation, actor: CurrentActor, uow: DbUow, now: Now
) -> EntryView:
    changed = operations.set_entry_active(
        uow=uow,
        actor=actor,
        now=now,
        entry_id=entry_id,
        active=body.active,
        base_version=body.base_version,
    )
    uow.commit()
    return changed


@router.post(
    "/answer",
    responses=problem_responses(401, 404, 422),
    summary="Answer a question from the knowledge base, with your own order and case state",
)
def answer(*, body: Question, actor: CurrentActor, uow: DbUow, now: Now) -> Answer:
    reply = ask(uow=uow, actor=actor, now=now, question=body.question, order_id=body.order_id)
    found = reply.answer
    return Answer(
        question=reply.question,
        confident=reply.confident,
        entry_id=found.entry_id if found else None,
        title=found.title if found else None,
        score=found.score if found else None,
        answer=found.answer if found else None,
        personal_line=found.personal_line if found else None,
        general_answer=found.general_answer if found else None,
        policy_key=found.policy_key if found else None,
        order_id=found.order_id if found else None,
        alternatives=[
            Alternative(entry_id=m.entry_id, title=m.title, score=m.score)
            for m in reply.alternatives
        ],
    )
