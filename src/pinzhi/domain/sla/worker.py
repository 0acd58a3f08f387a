"""The breach worker's pass: flag clocks whose deadline has come, and escalate each once.

Due clocks are found through the partial due index (`deadline` of clocks not yet flagged) — one
range scan however many clocks are open (issue 3 part 4) — a batch at a time, each batch one
transaction. On PostgreSQL the rows are locked with SKIP LOCKED, so several workers never flag
the same clock.

Escalation (S1 9.2.2–9.2.3): the clock's escalation level rises (the queue puts higher levels
first); a clock held by no senior agent goes to the least-loaded active senior agent, preferring
quality-service staff for 品质 subjects; the assignee gets a notice per breach, the
assignee's team and the quality analysts one digest per batch; the breach is chained onto the
record log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pinzhi.domain.accounts.models import Role, User
from pinzhi.domain.notices.models import RecipientKind
from pinzhi.domain.notices.operations import Recipient, send_notice
from pinzhi.domain.records.operations import append_record
from pinzhi.domain.service.complaint_watch import OverdueComplaint, flag_overdue_complaints
from pinzhi.domain.service.models import Staff, StaffPost
from pinzhi.domain.service.sla import PriorityTier
from pinzhi.domain.service.staff_queries import assignable
from pinzhi.domain.service.staff_rules import Duty
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow
from pinzhi.domain.sla.sync import sync_clocks
from pinzhi.store.uow import UnitOfWork

WORKER_ACTOR = "system:sla-worker"
BREACH_TOPIC = "sla_breached"
DEFAULT_BATCH = 500
DIGEST_LISTED = 50


@dataclass(frozen=True)
class Flagged:
    clock_id: str
    subject_kind: str
    subject_id: str
    policy_key: str
    deadline: datetime
    flagged_at: datetime
    escalation_level: int
    priority: PriorityTier
    assignee_staff_id: str | None
    previous_assignee: str | None

    @property
    def reassigned(self) -> bool:
        return self.assignee_staff_id != self.previous_assignee


@dataclass(frozen=True)
class PassReport:
    now: datetime
    flagged: list[Flagged]
    synced: int
    next_deadline: datetime | None
    overdue_complaints: list[OverdueComplaint]


def worker_pass(
    *,
    uow_factory: Callable[[], UnitOfWork],
    now: datetime,
    batch: int = DEFAULT_BATCH,
    sync: bool = True,
) -> PassReport:
    """One pass: start missing clocks (if `sync`), flag every clock due at `now`, then every
    complaint past its deadline (`service.complaint_watch`)."""
    synced = 0
    if sync:
        with uow_factory() as uow:
            synced = sync_clocks(uow=uow, now=now)
            uow.commit()
    flagged: list[Flagged] = []
    while True:
        with uow_factory() as uow:
            done = flag_due_clocks(uow=uow, now=now, limit=batch)
            uow.commit()
        flagged.extend(done)
        if len(done) < batch:
            break
    overdue: list[OverdueComplaint] = []
    while True:
        with uow_factory() as uow:
            late = flag_overdue_complaints(uow=uow, now=now, limit=batch)
            uow.commit()
        overdue.extend(late)
        if len(late) < batch:
            break
    with uow_factory() as uow:
        upcoming = next_deadline(uow=uow, after=now)
    return PassReport(now, flagged, synced, upcoming, overdue)


def flag_due_clocks(*, uow: UnitOfWork, now: datetime, limit: int) -> list[Flagged]:
    """Flag and escalate up to `limit` due clocks (joins the caller's transaction)."""
    due = list(
        uow.session.scalars(
            select(SlaClockRow)
            .where(SlaClockRow.breached_at.is_(None), SlaClockRow.deadline <= now)
            .order_by(SlaClockRow.deadline)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not due:
        return []
    seniors = _Seniors.load(uow, now)
    users = _users_of(uow, {c.assignee_staff_id for c in due} | set(seniors.load_of))
    flagged = [_escalate(clock, now, seniors) for clock in due]
    uow.session.flush()  # every clock's update in one round, before the per-breach writes
    for item in flagged:
        _tell(uow, item, users)
    _notify_teams(uow, flagged, users, now)
    return flagged


def next_deadline(*, uow: UnitOfWork, after: datetime) -> datetime | None:
    """The earliest deadline still to come (the worker sleeps until then at most)."""
    return uow.session.scalar(
        select(func.min(SlaClockRow.deadline)).where(
            SlaClockRow.breached_at.is_(None), SlaClockRow.deadline > after
        )
    )


@dataclass
class _Seniors:
    """Active senior agents with their open load, updated as clocks are handed to them."""

    load_of: Counter[str]
    quality_service: frozenset[str]

    @classmethod
    def load(cls, uow: UnitOfWork, now: datetime) -> _Seniors:
        """Senior agents the staff gate lets take the work now (S1 9.3.4; trained, examined)."""
        staff = [
            row
            for row in uow.session.execute(
                select(Staff.id, Staff.quality_service).where(
                    Staff.active.is_(True), Staff.post == StaffPost.SENIOR_AGENT
                )
            ).all()
            if not assignable(uow=uow, staff_id=row[0], duty=Duty.SENIOR_AGENT, now=now)
        ]
        ids = [row[0] for row in staff]
        load: Counter[str] = Counter(dict.fromkeys(ids, 0))
        if ids:
            counted = uow.session.execute(
                select(SlaClockRow.assignee_staff_id, func.count())
                .where(
                    SlaClockRow.assignee_staff_id.in_(ids),
                    SlaClockRow.status.in_((ClockStatus.RUNNING, ClockStatus.PAUSED)),
                )
                .group_by(SlaClockRow.assignee_staff_id)
            ).all()
            load.update({staff_id: n for staff_id, n in counted if staff_id})
        return cls(load, frozenset(row[0] for row in staff if row[1]))

    def pick(self, tier: PriorityTier) -> str | None:
        """The least-loaded senior: a quality-service one for 品质 subjects, others first for
        the rest (keeping quality-service staff free for their queue)."""
        pool: Sequence[str] = list(self.load_of)
        quality = [staff_id for staff_id in pool if staff_id in self.quality_service]
        others = [staff_id for staff_id in pool if staff_id not in self.quality_service]
        pool = (quality or others) if tier is PriorityTier.QUALITY_SERVICE else (others or quality)
        if not pool:
            return None
        chosen = min(pool, key=lambda staff_id: (self.load_of[staff_id], staff_id))
        self.load_of[chosen] += 1
        return chosen


def _users_of(uow: UnitOfWork, staff_ids: set[str | None]) -> dict[str, tuple[str, Role]]:
    """Each staff member's sign-in user (id and role), for their inbox and team."""
    wanted = [staff_id for staff_id in staff_ids if staff_id]
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(User.staff_id, User.id, User.role).where(
            User.staff_id.in_(wanted), User.active.is_(True)
        )
    ).all()
    return {staff_id: (user_id, role) for staff_id, user_id, role in rows if staff_id}


def _escalate(clock: SlaClockRow, now: datetime, seniors: _Seniors) -> Flagged:
    """Flag the breach, raise the level, hand the clock to a senior agent if it has none."""
    assert clock.deadline is not None  # selected by deadline <= now
    clock.breached_at = clock.deadline
    clock.flagged_at = now
    clock.escalation_level += 1
    clock.updated_at = now
    previous = clock.assignee_staff_id
    if previous is None or previous not in seniors.load_of:
        clock.assignee_staff_id = seniors.pick(clock.priority) or previous
    return Flagged(
        clock_id=clock.id,
        subject_kind=clock.subject_kind,
        subject_id=clock.subject_id,
        policy_key=clock.policy_key,
        deadline=clock.deadline,
        flagged_at=now,
        escalation_level=clock.escalation_level,
        priority=clock.priority,
        assignee_staff_id=clock.assignee_staff_id,
        previous_assignee=previous,
    )


def _tell(uow: UnitOfWork, item: Flagged, users: dict[str, tuple[str, Role]]) -> None:
    """The assignee's notice and the breach's entry on the record chain."""
    params: dict[str, object] = {
        "policy": item.policy_key,
        "deadline": item.deadline.isoformat(),
        "level": item.escalation_level,
        "assignee": item.assignee_staff_id,
    }
    if item.assignee_staff_id in users:
        send_notice(
            uow=uow,
            to=Recipient(RecipientKind.STAFF, users[item.assignee_staff_id][0]),
            topic=BREACH_TOPIC,
            subject_kind=item.subject_kind,
            subject_id=item.subject_id,
            now=item.flagged_at,
            dedupe_key=_breach_key(item.clock_id, item.escalation_level),
            params=params,
        )
    append_record(
        uow=uow,
        actor_id=WORKER_ACTOR,
        now=item.flagged_at,
        subject_kind=item.subject_kind,
        subject_id=item.subject_id,
        action=BREACH_TOPIC,
        payload={**params, "previous_assignee": item.previous_assignee, "clock": item.clock_id},
    )


def _breach_key(clock_id: str, level: int) -> str:
    return f"{BREACH_TOPIC}:{clock_id}:{level}"


def _notify_teams(
    uow: UnitOfWork, flagged: list[Flagged], users: dict[str, tuple[str, Role]], now: datetime
) -> None:
    """One notice per team for the breaches of a batch: the assignees' teams (their role; the
    agents for unassigned clocks) and the quality analysts. A team inbox gets a digest, not one
    notice per clock, so a burst of breaches stays readable; the assignee got one each."""
    teams: dict[str, list[Flagged]] = {Role.QUALITY_ANALYST.value: list(flagged)}
    for item in flagged:
        holder = users.get(item.assignee_staff_id or "")
        team = (holder[1] if holder else Role.SERVICE_AGENT).value
        teams.setdefault(team, []).append(item)
    for team, items in teams.items():
        first = items[0]
        send_notice(
            uow=uow,
            to=Recipient(RecipientKind.ROLE, team),
            topic=BREACH_TOPIC,
            subject_kind=first.subject_kind if len(items) == 1 else "sla_clocks",
            subject_id=first.subject_id if len(items) == 1 else first.clock_id,
            now=now,
            dedupe_key=_breach_key(first.clock_id, first.escalation_level),
            params={
                "count": len(items),
                "breaches": [
                    {"subject": f"{i.subject_kind}:{i.subject_id}", "policy": i.policy_key}
                    for i in items[:DIGEST_LISTED]
                ],
            },
        )
