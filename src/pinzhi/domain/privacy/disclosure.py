"""The one way personal fields leave the domain for a screen: `show_personal` (S3 4.3.1–4.3.3).

It masks the values for viewers who may not see them and, when it shows them unmasked, notes
the disclosure on the unit of work. The API's and console's request unit of work writes every
noted disclosure to the access log before the request ends (`interfaces/api/deps.get_uow`), so
a query that shows personal data cannot forget to log it: the query never writes, the edge does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.privacy.rules import masked, sees_plain
from pinzhi.store.uow import UnitOfWork

_PENDING = "pinzhi.privacy.disclosures"


@dataclass(frozen=True)
class Disclosure:
    user_id: str
    role: str
    record_kind: str
    record_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Shown:
    values: dict[str, str | None]
    masked: bool


def show_personal(
    *,
    uow: UnitOfWork,
    actor: Actor,
    record_kind: str,
    record_id: str,
    values: Mapping[str, str | None],
    merchant_id: str | None = None,
    consumer_id: str | None = None,
) -> Shown:
    """`values` by field name (`rules.MASKS`); owners are the record's merchant and consumer."""
    if not sees_plain(actor, merchant_id=merchant_id, consumer_id=consumer_id):
        return Shown(masked(values), masked=True)
    note(
        uow,
        actor,
        record_kind=record_kind,
        record_id=record_id,
        fields=tuple(field for field, value in values.items() if value is not None),
    )
    return Shown(dict(values), masked=False)


def note(
    uow: UnitOfWork, actor: Actor, *, record_kind: str, record_id: str, fields: tuple[str, ...]
) -> None:
    """Note a disclosure to log; nothing is noted when no field held a value."""
    if fields:
        disclosure = Disclosure(actor.user_id, actor.role.value, record_kind, record_id, fields)
        pending(uow).append(disclosure)


def pending(uow: UnitOfWork) -> list[Disclosure]:
    found: list[Disclosure] = uow.session.info.setdefault(_PENDING, [])
    return found
