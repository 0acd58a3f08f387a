"""Writes of the privacy domain: the access log, and erasure on a consumer's request (C16).

Erasure (删除权, S2 7.8) keeps every row the law needs (orders, payments, invoices, ledger,
after-sales and complaint facts: ids, amounts, times, states) under the consumer's id, which is
then a pseudonym: the profile that tied it to a person is gone, and so are every personal field
and every free text written about the consumer's transactions. The record chain is untouched —
its payloads never hold personal fields — so `pinzhi verify` still passes; the erasure itself is
chained as one entry with its counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Table, case, update

from pinzhi.core.errors import NotFound
from pinzhi.core.ids import new_id
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.operations import close_consumer_accounts
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.privacy import holdings, queries
from pinzhi.domain.privacy.disclosure import pending
from pinzhi.domain.privacy.models import PersonalDataAccess
from pinzhi.domain.records.operations import append_record
from pinzhi.store.uow import UnitOfWork

ERASED = "[已删除]"
"""What free text reads after erasure."""


def record_disclosures(*, uow: UnitOfWork, now: datetime, purpose: str) -> int:
    """Write every disclosure noted on `uow` to the access log, without committing."""
    noted = pending(uow)
    for disclosure in noted:
        uow.session.add(
            PersonalDataAccess(
                id=new_id("pda"),
                at=now,
                user_id=disclosure.user_id,
                role=disclosure.role,
                record_kind=disclosure.record_kind,
                record_id=disclosure.record_id,
                fields=",".join(disclosure.fields)[:256],
                purpose=purpose[:256],
            )
        )
    count = len(noted)
    noted.clear()
    return count


@dataclass(frozen=True)
class ErasureReport:
    consumer_id: str
    rows: dict[str, int]


def erase_consumer(
    *, uow: UnitOfWork, actor: Actor, now: datetime, consumer_id: str
) -> ErasureReport:
    """Erase a consumer's personal data on request (self, or an admin acting on a request)."""
    if actor.consumer_id != consumer_id:
        require(actor, Permission.HANDLE_DATA_REQUESTS)
    if not queries.consumer_exists(uow=uow, consumer_id=consumer_id):
        raise NotFound(f"no consumer {consumer_id}")
    rows = {}
    for table, mine in holdings.of_consumer(consumer_id):
        changes = holdings.erasable(table)
        if changes:
            rows[table.name] = _erase(uow, table, mine, changes)
    rows["sign_ins_closed"] = close_consumer_accounts(uow=uow, consumer_id=consumer_id)
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="consumer",
        subject_id=consumer_id,
        action="erase_personal_data",
        payload={"rows": rows},
    )
    return ErasureReport(consumer_id, rows)


def _erase(
    uow: UnitOfWork, table: Table, mine: ColumnElement[bool], changes: dict[str, bool]
) -> int:
    values: dict[str, object] = {
        name: None if personal else case((table.c[name].is_(None), None), else_=ERASED)
        for name, personal in changes.items()
    }
    result = uow.session.execute(
        update(table).where(mine).values(**values).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
