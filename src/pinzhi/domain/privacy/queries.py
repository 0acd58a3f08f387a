"""Reads of the privacy domain: the access log, and a consumer's data for export (C16).

Reading the log is itself a disclosure and is noted like any other (`disclosure.note`).
"""

from __future__ import annotations

import base64
import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Table, func, select

from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.privacy import holdings
from pinzhi.domain.privacy.disclosure import note
from pinzhi.domain.privacy.models import PersonalDataAccess
from pinzhi.store.uow import UnitOfWork

MAX_PAGE = 500


@dataclass(frozen=True)
class AccessView:
    id: str
    at: datetime
    user_id: str
    role: str
    record_kind: str
    record_id: str
    fields: tuple[str, ...]
    purpose: str


def list_access_log(
    *,
    uow: UnitOfWork,
    actor: Actor,
    record_kind: str | None = None,
    record_id: str | None = None,
    user_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AccessView]:
    """Newest first; the read is logged as an access to the log itself."""
    require(actor, Permission.READ_ACCESS_LOG)
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1–{MAX_PAGE} and offset not negative")
    query = select(PersonalDataAccess)
    if record_kind is not None:
        query = query.where(PersonalDataAccess.record_kind == record_kind)
    if record_id is not None:
        query = query.where(PersonalDataAccess.record_id == record_id)
    if user_id is not None:
        query = query.where(PersonalDataAccess.user_id == user_id)
    query = query.order_by(PersonalDataAccess.at.desc(), PersonalDataAccess.id.desc())
    rows = uow.session.scalars(query.limit(limit).offset(offset)).all()
    note(uow, actor, record_kind="access_log", record_id=record_id or "*", fields=("log",))
    return [
        AccessView(
            r.id,
            r.at,
            r.user_id,
            r.role,
            r.record_kind,
            r.record_id,
            tuple(r.fields.split(",")),
            r.purpose,
        )
        for r in rows
    ]


def count_accesses(*, uow: UnitOfWork, record_kind: str | None = None) -> int:
    query = select(func.count()).select_from(PersonalDataAccess)
    if record_kind is not None:
        query = query.where(PersonalDataAccess.record_kind == record_kind)
    return int(uow.session.scalar(query) or 0)


def consumer_exists(*, uow: UnitOfWork, consumer_id: str) -> bool:
    (profile, mine), *_ = holdings.of_consumer(consumer_id)
    return uow.session.scalar(select(func.count()).select_from(profile).where(mine)) == 1


Json = dict[str, object]


def export_consumer_data(*, uow: UnitOfWork, actor: Actor, consumer_id: str) -> Json:
    """Everything held about one consumer as JSON-ready data (数据可携带, S2 7.8).

    `profile` is the consumer row; `records` maps each table (orders, aftersales_cases,
    complaints, reviews, service_sessions, service_messages, …) to the consumer's rows in it.
    """
    if actor.consumer_id != consumer_id:
        require(actor, Permission.HANDLE_DATA_REQUESTS)
    found = holdings.of_consumer(consumer_id)
    (profile, mine), rest = found[0], found[1:]
    rows = _rows(uow, profile, mine)
    if not rows:
        raise NotFound(f"no consumer {consumer_id}")
    records = {table.name: _rows(uow, table, where) for table, where in rest}
    note(uow, actor, record_kind="consumer", record_id=consumer_id, fields=("export",))
    return {
        "consumer_id": consumer_id,
        "profile": rows[0],
        "records": {name: found for name, found in records.items() if found},
    }


def _rows(uow: UnitOfWork, table: Table, where: ColumnElement[bool]) -> list[Json]:
    names = holdings.exportable(table)
    query = select(*(table.c[name] for name in names)).where(where)
    return [
        {name: _plain(value) for name, value in zip(names, row, strict=True)}
        for row in uow.session.execute(query)
    ]


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value
