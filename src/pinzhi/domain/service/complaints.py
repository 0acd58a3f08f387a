"""Complaints as pure rules: grading, the handling workflow and the electronic file (C11).

Grading (S3 6.6.1; S1 9.7.7). A platform should handle complaints by grade, set by their nature
and how urgent they are. `DEFAULT_GRADING` is the configuration shipped; a platform that wants
another publishes a new `version`, and a complaint keeps the version it was graded under.

| nature                                         | base urgency | fast lane |
|------------------------------------------------|--------------|-----------|
| quality, counterfeit                           | high         | yes       |
| privacy                                        | high         | no        |
| logistics, service, aftersales, false advert.  | normal       | no        |
| price, other                                   | low          | no        |

Each of these signals raises the urgency one level: an elderly or disabled complainant
(S1 9.4.3), a repeat complaint, and ¥1,000 or more at stake. A safety risk makes it critical.

| urgency  | respond within | resolve within |
|----------|----------------|----------------|
| critical | 1 h            | 24 h           |
| high     | 4 h            | 72 h           |
| normal   | 24 h           | 7 days         |
| low      | 48 h           | 15 days        |

The fast lane for quality disputes (S1 9.7.7) is at least `high` and at most 2 h / 48 h; both stay
well inside the 36 h S1 9.2.3 gives a quality-problem request. The priority queue tier comes from
`sla.priority_tier`, so complaints and sessions queue alike.

Workflow (S1 9.2.4; S3 6.6.3–6.6.4; S1 9.7.7 先行和解). A complaint solvable on the spot is
resolved at once; otherwise the consumer is told why and by when, and the result must come by
then. Complex disputes go to a mediator, who either reaches a settle-first agreement (先行和解)
or hands the dispute to a third-party mediation body. A result names conclusion, basis and remedy;
a follow-up visit asks whether the consumer is satisfied; then the file is closed. A resolved or
closed complaint may be reopened within the file's reopen window. `TRANSITIONS` is the whole
machine; anything else raises `InvalidTransition`.

The file (S3 6.6.2; S2 4.5). `ComplaintFile` is immutable and keeps every step with its actor,
time, note and payload; `apply` returns a new file. Steps stay in time order (an earlier step is
refused) and an event id already on file is a replay, answered with the file unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from pinzhi.core.calendars import ServiceCalendar, add_business_time
from pinzhi.core.clock import ensure_aware
from pinzhi.core.errors import Conflict, InvalidTransition, ValidationFailed
from pinzhi.domain.service.models import Channel, ComplaintNature, ComplaintStatus, Urgency
from pinzhi.domain.service.sla import PriorityTier, priority_tier

# ---------------------------------------------------------------- grading


@dataclass(frozen=True)
class UrgencySignals:
    safety_risk: bool = False
    elderly_or_disabled: bool = False
    repeat_complaint: bool = False
    amount_at_stake_fen: int = 0
    quality_service_goods: bool = False
    quality_service_buyer: bool = False


@dataclass(frozen=True)
class Targets:
    respond_within: timedelta
    resolve_within: timedelta


@dataclass(frozen=True)
class GradingTable:
    version: int
    base_urgency: Mapping[ComplaintNature, Urgency]
    targets: Mapping[Urgency, Targets]
    fast_lane: frozenset[ComplaintNature]
    fast_lane_targets: Targets
    large_amount_fen: int


@dataclass(frozen=True)
class ComplaintGrade:
    urgency: Urgency
    tier: PriorityTier
    fast_lane: bool
    respond_by: datetime
    resolve_by: datetime
    table_version: int


_N = ComplaintNature
DEFAULT_GRADING = GradingTable(
    version=1,
    base_urgency=MappingProxyType(
        {
            _N.QUALITY: Urgency.HIGH,
            _N.COUNTERFEIT: Urgency.HIGH,
            _N.PRIVACY: Urgency.HIGH,
            _N.LOGISTICS: Urgency.NORMAL,
            _N.SERVICE: Urgency.NORMAL,
            _N.AFTERSALES: Urgency.NORMAL,
            _N.FALSE_ADVERTISING: Urgency.NORMAL,
            _N.PRICE: Urgency.LOW,
            _N.OTHER: Urgency.LOW,
        }
    ),
    targets=MappingProxyType(
        {
            Urgency.CRITICAL: Targets(timedelta(hours=1), timedelta(hours=24)),
            Urgency.HIGH: Targets(timedelta(hours=4), timedelta(hours=72)),
            Urgency.NORMAL: Targets(timedelta(hours=24), timedelta(days=7)),
            Urgency.LOW: Targets(timedelta(hours=48), timedelta(days=15)),
        }
    ),
    fast_lane=frozenset({_N.QUALITY, _N.COUNTERFEIT}),
    fast_lane_targets=Targets(timedelta(hours=2), timedelta(hours=48)),
    large_amount_fen=100_000,
)
_LEVELS = tuple(Urgency)  # LOW … CRITICAL


def _raised(urgency: Urgency, levels: int) -> Urgency:
    return _LEVELS[min(_LEVELS.index(urgency) + levels, len(_LEVELS) - 1)]


def complaint_urgency(
    *, nature: ComplaintNature, signals: UrgencySignals, table: GradingTable
) -> Urgency:
    if signals.safety_risk:
        return Urgency.CRITICAL
    urgency = table.base_urgency[nature]
    if nature in table.fast_lane:
        urgency = max(urgency, Urgency.HIGH, key=_LEVELS.index)
    raises = (
        signals.elderly_or_disabled,
        signals.repeat_complaint,
        signals.amount_at_stake_fen >= table.large_amount_fen,
    )
    return _raised(urgency, sum(raises))


def grade_complaint(
    *,
    nature: ComplaintNature,
    signals: UrgencySignals,
    filed_at: datetime,
    calendar: ServiceCalendar,
    table: GradingTable = DEFAULT_GRADING,
) -> ComplaintGrade:
    """Urgency, queue tier and the two deadlines, counted on `calendar` from `filed_at`."""
    urgency = complaint_urgency(nature=nature, signals=signals, table=table)
    targets, fast_lane = table.targets[urgency], nature in table.fast_lane
    if fast_lane:
        lane = table.fast_lane_targets
        targets = Targets(
            min(targets.respond_within, lane.respond_within),
            min(targets.resolve_within, lane.resolve_within),
        )
    tier = priority_tier(
        elderly_or_disabled=signals.elderly_or_disabled,
        quality_service_goods=signals.quality_service_goods,
        quality_service_buyer=signals.quality_service_buyer,
    )
    return ComplaintGrade(
        urgency,
        tier,
        fast_lane,
        add_business_time(calendar, filed_at, targets.respond_within),
        add_business_time(calendar, filed_at, targets.resolve_within),
        table.version,
    )


# ---------------------------------------------------------------- workflow


class ComplaintStage(StrEnum):
    FILED = "filed"
    EXPLAINED = "explained"  # told why it takes longer and by when (S1 9.2.4)
    IN_PROGRESS = "in_progress"
    MEDIATION = "mediation"
    SETTLED = "settled"  # settle-first agreement, 先行和解
    THIRD_PARTY = "third_party"  # handed to a third-party mediation body (S3 6.6.4)
    RESOLVED = "resolved"
    VISITED = "visited"  # follow-up satisfaction visit done (S3 6.6.3)
    CLOSED = "closed"

    @property
    def status(self) -> ComplaintStatus:
        """The coarse status stored on the complaint row."""
        if self is ComplaintStage.FILED:
            return ComplaintStatus.OPEN
        if self is ComplaintStage.CLOSED:
            return ComplaintStatus.CLOSED
        done = (ComplaintStage.RESOLVED, ComplaintStage.VISITED)
        return ComplaintStatus.RESOLVED if self in done else ComplaintStatus.IN_PROGRESS


class ComplaintEvent(StrEnum):
    FILE = "file"
    RESOLVE_ON_THE_SPOT = "resolve_on_the_spot"
    EXPLAIN_DELAY = "explain_delay"
    START_HANDLING = "start_handling"
    REFER_TO_MEDIATION = "refer_to_mediation"
    AGREE_SETTLEMENT = "agree_settlement"
    HAND_TO_THIRD_PARTY = "hand_to_third_party"
    RESOLVE = "resolve"
    RECORD_VISIT = "record_visit"
    CLOSE = "close"
    REOPEN = "reopen"


_S, _E = ComplaintStage, ComplaintEvent
TRANSITIONS: Mapping[tuple[ComplaintStage, ComplaintEvent], ComplaintStage] = MappingProxyType(
    {
        (_S.FILED, _E.RESOLVE_ON_THE_SPOT): _S.RESOLVED,
        (_S.FILED, _E.EXPLAIN_DELAY): _S.EXPLAINED,
        (_S.FILED, _E.START_HANDLING): _S.IN_PROGRESS,
        (_S.EXPLAINED, _E.START_HANDLING): _S.IN_PROGRESS,
        (_S.IN_PROGRESS, _E.REFER_TO_MEDIATION): _S.MEDIATION,
        (_S.IN_PROGRESS, _E.RESOLVE): _S.RESOLVED,
        (_S.MEDIATION, _E.AGREE_SETTLEMENT): _S.SETTLED,
        (_S.MEDIATION, _E.HAND_TO_THIRD_PARTY): _S.THIRD_PARTY,
        (_S.SETTLED, _E.RESOLVE): _S.RESOLVED,
        (_S.THIRD_PARTY, _E.RESOLVE): _S.RESOLVED,
        (_S.RESOLVED, _E.RECORD_VISIT): _S.VISITED,
        (_S.VISITED, _E.CLOSE): _S.CLOSED,
        (_S.RESOLVED, _E.REOPEN): _S.IN_PROGRESS,
        (_S.VISITED, _E.REOPEN): _S.IN_PROGRESS,
        (_S.CLOSED, _E.REOPEN): _S.IN_PROGRESS,
    }
)
_RESOLVING = frozenset({_E.RESOLVE, _E.RESOLVE_ON_THE_SPOT})
REOPEN_WINDOW = timedelta(days=15)


def allowed_events(stage: ComplaintStage) -> tuple[ComplaintEvent, ...]:
    return tuple(event for (source, event) in TRANSITIONS if source is stage)


@dataclass(frozen=True)
class Complainant:
    consumer_id: str
    contact: str  # where the result is sent (S3 6.6.3)


@dataclass(frozen=True)
class Matter:
    channel: Channel
    nature: ComplaintNature
    description: str
    order_id: str | None = None
    merchant_id: str | None = None


@dataclass(frozen=True)
class Resolution:
    """What goes back to the consumer: the conclusion, its basis and the remedy (S3 6.6.3)."""

    conclusion: str
    basis: str
    remedy: str


@dataclass(frozen=True)
class Step:
    event_id: str
    event: ComplaintEvent
    actor: str
    at: datetime
    note: str = ""
    promised_by: datetime | None = None
    mediator: str | None = None
    result: Resolution | None = None
    satisfaction: int | None = None  # 1 (very dissatisfied) … 5 (very satisfied)


@dataclass(frozen=True)
class ComplaintFile:
    """The complete electronic complaint file (投诉档案, S3 6.6.2)."""

    complaint_id: str
    complainant: Complainant
    matter: Matter
    stage: ComplaintStage
    steps: tuple[Step, ...]
    result: Resolution | None = None
    promised_by: datetime | None = None
    mediator: str | None = None
    reopen_window: timedelta = REOPEN_WINDOW


def file_complaint(
    *,
    complaint_id: str,
    complainant: Complainant,
    matter: Matter,
    actor: str,
    now: datetime,
    event_id: str,
    reopen_window: timedelta = REOPEN_WINDOW,
) -> ComplaintFile:
    step = Step(event_id, ComplaintEvent.FILE, actor, ensure_aware(now, what="now"))
    return ComplaintFile(
        complaint_id,
        complainant,
        matter,
        ComplaintStage.FILED,
        (step,),
        reopen_window=reopen_window,
    )


def _resolutions(file: ComplaintFile) -> list[Step]:
    return [step for step in file.steps if step.event in _RESOLVING]


def _explain_guard(file: ComplaintFile, step: Step) -> list[str]:
    problems = [] if step.note.strip() else ["a reason for the delay is required"]
    if step.promised_by is None:
        problems.append("a promised time for the result is required")
    elif step.promised_by <= step.at:
        problems.append("the promised time must be in the future")
    return problems


def _resolution_guard(file: ComplaintFile, step: Step) -> list[str]:
    if step.result is None:
        return ["a result with conclusion, basis and remedy is required"]
    parts = ("conclusion", "basis", "remedy")
    return [f"the result needs a {p}" for p in parts if not getattr(step.result, p).strip()]


def _mediator_guard(file: ComplaintFile, step: Step) -> list[str]:
    return [] if (step.mediator or "").strip() else ["a mediator must be named"]


def _agreement_guard(file: ComplaintFile, step: Step) -> list[str]:
    return [] if step.note.strip() else ["the terms agreed must be noted"]


def _visit_guard(file: ComplaintFile, step: Step) -> list[str]:
    if step.satisfaction in range(1, 6):
        return []
    return ["satisfaction must be a score from 1 to 5"]


def _reopen_guard(file: ComplaintFile, step: Step) -> list[str]:
    resolved = _resolutions(file)
    if resolved and step.at - resolved[-1].at <= file.reopen_window:
        return []
    return [f"a complaint may be reopened only within {file.reopen_window} of its result"]


_GUARDS: Mapping[ComplaintEvent, Callable[[ComplaintFile, Step], list[str]]] = MappingProxyType(
    {
        _E.EXPLAIN_DELAY: _explain_guard,
        _E.RESOLVE_ON_THE_SPOT: _resolution_guard,
        _E.RESOLVE: _resolution_guard,
        _E.REFER_TO_MEDIATION: _mediator_guard,
        _E.HAND_TO_THIRD_PARTY: _mediator_guard,
        _E.AGREE_SETTLEMENT: _agreement_guard,
        _E.RECORD_VISIT: _visit_guard,
        _E.REOPEN: _reopen_guard,
    }
)


def _replay(file: ComplaintFile, step: Step) -> bool:
    """True when the event id is already on file; the same id for another event is a conflict."""
    for seen in file.steps:
        if seen.event_id == step.event_id:
            if seen.event is not step.event:
                raise Conflict(f"event id {step.event_id!r} was already used for {seen.event}")
            return True
    return False


def _check(file: ComplaintFile, step: Step) -> ComplaintStage:
    target = TRANSITIONS.get((file.stage, step.event))
    if target is None:
        allowed = [str(event) for event in allowed_events(file.stage)]
        raise InvalidTransition(
            f"cannot {step.event} a complaint that is {file.stage}; "
            f"allowed: {', '.join(allowed) or 'none'}",
            details=allowed,
        )
    if step.at < file.steps[-1].at:
        raise ValidationFailed(f"{step.event} at {step.at} is earlier than the last step")
    problems = _GUARDS[step.event](file, step) if step.event in _GUARDS else []
    if problems:
        raise ValidationFailed(f"cannot {step.event}: {'; '.join(problems)}", details=problems)
    return target


def apply(
    file: ComplaintFile,
    event: ComplaintEvent,
    *,
    actor: str,
    now: datetime,
    event_id: str,
    note: str = "",
    promised_by: datetime | None = None,
    mediator: str | None = None,
    result: Resolution | None = None,
    satisfaction: int | None = None,
) -> ComplaintFile:
    """The file after `event`, or the same file if `event_id` was already applied."""
    promised = None if promised_by is None else ensure_aware(promised_by, what="promised_by")
    at = ensure_aware(now, what="now")
    step = Step(event_id, event, actor, at, note, promised, mediator, result, satisfaction)
    if _replay(file, step):
        return file
    target = _check(file, step)
    # a reopened file awaits a new result; the earlier one stays in its step
    new_result = result if event in _RESOLVING or event is ComplaintEvent.REOPEN else file.result
    return replace(
        file,
        stage=target,
        steps=(*file.steps, step),
        result=new_result,
        promised_by=promised if event is ComplaintEvent.EXPLAIN_DELAY else file.promised_by,
        mediator=mediator or file.mediator,
    )


def overdue(file: ComplaintFile, now: datetime) -> bool:
    """True when the result promised under S1 9.2.4 came late or has not come by `now`."""
    if file.promised_by is None:
        return False
    resolved = _resolutions(file)
    delivered = resolved[0].at if resolved else ensure_aware(now, what="now")
    return delivered > file.promised_by
