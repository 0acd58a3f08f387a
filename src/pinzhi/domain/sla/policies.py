"""SLA policies as stored data: the S1 9.2 defaults as version 1, new versions on change.

A policy is never edited: `publish_policy` writes the next version, which clocks started from
then on use; running clocks keep the version they were started under (issue 3 part 1).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from pinzhi.core.calendars import ServiceCalendar
from pinzhi.core.errors import NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.rules import Permission, allows, require
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.sla import (
    DEFAULT_POLICIES,
    ClockRule,
    Measure,
    SlaPolicy,
    Statistic,
)
from pinzhi.domain.sla.models import SlaPolicyRow
from pinzhi.domain.sla.service_hours import PLATFORM_CALENDARS
from pinzhi.store.uow import UnitOfWork

Calendars = Mapping[str, ServiceCalendar]
SYSTEM_ACTOR = "system:sla"


@dataclass(frozen=True)
class PolicyView:
    key: Measure
    version: int
    limit_seconds: int
    calendar: str
    statistic: Statistic
    starts_on: str
    stops_on: str
    pauses_on: tuple[str, ...]
    resumes_on: tuple[str, ...]
    created_at: datetime
    created_by: str

    @property
    def policy(self) -> SlaPolicy:
        rule = ClockRule(
            starts_on=self.starts_on,
            stops_on=self.stops_on,
            pauses_on=frozenset(self.pauses_on),
            resumes_on=frozenset(self.resumes_on),
        )
        limit = timedelta(seconds=self.limit_seconds)
        return SlaPolicy(self.key, limit, self.calendar, rule, self.version, self.statistic)


def _view(row: SlaPolicyRow) -> PolicyView:
    return PolicyView(
        key=Measure(row.key),
        version=row.version,
        limit_seconds=row.limit_seconds,
        calendar=row.calendar,
        statistic=row.statistic,
        starts_on=row.starts_on,
        stops_on=row.stops_on,
        pauses_on=tuple(sorted(row.pauses_on)),
        resumes_on=tuple(sorted(row.resumes_on)),
        created_at=row.created_at,
        created_by=row.created_by,
    )


def seed_default_policies(*, uow: UnitOfWork, now: datetime) -> int:
    """Store the S1 9.2 defaults for every measure that has no stored version yet; idempotent."""
    stored = set(uow.session.scalars(select(SlaPolicyRow.key).distinct()))
    added = 0
    for default in DEFAULT_POLICIES:
        if default.measure.value not in stored:
            uow.session.add(_row(default, now=now, created_by=SYSTEM_ACTOR))
            added += 1
    if added:
        uow.session.flush()
    return added


def _row(policy: SlaPolicy, *, now: datetime, created_by: str) -> SlaPolicyRow:
    return SlaPolicyRow(
        key=policy.measure.value,
        version=policy.version,
        limit_seconds=int(policy.limit.total_seconds()),
        calendar=policy.calendar,
        statistic=policy.statistic,
        starts_on=policy.clock.starts_on,
        stops_on=policy.clock.stops_on,
        pauses_on=sorted(policy.clock.pauses_on),
        resumes_on=sorted(policy.clock.resumes_on),
        created_at=now,
        created_by=created_by,
    )


def current_policy(*, uow: UnitOfWork, key: Measure, now: datetime) -> PolicyView:
    """The newest version of `key` (the defaults are stored on first use)."""
    seed_default_policies(uow=uow, now=now)
    row = uow.session.scalars(
        select(SlaPolicyRow)
        .where(SlaPolicyRow.key == key.value)
        .order_by(SlaPolicyRow.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound(f"no SLA policy {key.value}")
    return _view(row)


def policy_version(*, uow: UnitOfWork, key: str, version: int) -> PolicyView:
    row = uow.session.scalars(
        select(SlaPolicyRow).where(SlaPolicyRow.key == key, SlaPolicyRow.version == version)
    ).first()
    if row is None:
        raise NotFound(f"no SLA policy {key} version {version}")
    return _view(row)


def list_policies(*, uow: UnitOfWork, actor: Actor, now: datetime) -> list[PolicyView]:
    """Every version of every policy, by key then version; staff who work queues or set
    policies may read them."""
    if not allows(actor, Permission.WORK_SERVICE_QUEUE):
        require(actor, Permission.MANAGE_SERVICE_POLICY)
    seed_default_policies(uow=uow, now=now)
    rows = uow.session.scalars(
        select(SlaPolicyRow).order_by(SlaPolicyRow.key, SlaPolicyRow.version)
    )
    return [_view(row) for row in rows]


def publish_policy(
    *,
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    key: Measure,
    limit_seconds: int,
    calendar: str,
    starts_on: str,
    stops_on: str,
    pauses_on: Collection[str] = (),
    resumes_on: Collection[str] = (),
    statistic: Statistic = Statistic.EACH,
    calendars: Calendars = PLATFORM_CALENDARS,
) -> PolicyView:
    """Store the next version of `key`; clocks already started keep theirs. Joins the caller's
    transaction and chains a record of the change."""
    require(actor, Permission.MANAGE_SERVICE_POLICY)
    _check_policy(
        limit_seconds=limit_seconds,
        calendar=calendar,
        names=(starts_on, stops_on, *pauses_on, *resumes_on),
        pauses=bool(pauses_on),
        resumes=bool(resumes_on),
        calendars=calendars,
    )
    seed_default_policies(uow=uow, now=now)
    latest = uow.session.scalar(
        select(func.max(SlaPolicyRow.version)).where(SlaPolicyRow.key == key.value)
    )
    rule = ClockRule(starts_on, stops_on, frozenset(pauses_on), frozenset(resumes_on))
    version = (latest or 0) + 1
    policy = SlaPolicy(key, timedelta(seconds=limit_seconds), calendar, rule, version, statistic)
    row = _row(policy, now=now, created_by=actor.user_id)
    uow.session.add(row)
    uow.session.flush()
    view = _view(row)
    append_record(
        uow=uow,
        actor_id=actor.user_id,
        now=now,
        subject_kind="sla_policy",
        subject_id=f"{key.value}@{version}",
        action="sla_policy_published",
        payload={"limit_seconds": limit_seconds, "calendar": calendar, "version": version},
    )
    return view


def _check_policy(
    *,
    limit_seconds: int,
    calendar: str,
    names: tuple[str, ...],
    pauses: bool,
    resumes: bool,
    calendars: Calendars,
) -> None:
    problems = []
    if limit_seconds <= 0:
        problems.append(f"limit_seconds must be positive, not {limit_seconds}")
    if calendar not in calendars:
        problems.append(f"calendar {calendar!r} is not one of {sorted(calendars)}")
    if any(not name.strip() or len(name) > 32 for name in names):
        problems.append("event names must be 1–32 characters")
    if len(set(names)) != len(names):
        problems.append("an event name may drive only one of start, stop, pause and resume")
    if pauses != resumes:
        problems.append("a policy that pauses must also name what resumes it")
    if problems:
        raise ValidationFailed("the SLA policy is not valid", details=problems)
