"""Service-response attainment (S1 9.2.2–9.2.3, SPEC C5), defined once as Ibis expressions.

Everything is computed from raw timestamps — each message's `sent_at` and `sender`, a session's
`queued_at` and `agent_joined_at`, a case's `requested_at` and `first_response_at` — and never
from stored summaries. The same expressions run on DuckDB and on PySpark.

Samples. Each measure of `pinzhi.domain.service.sla.Measure` draws samples:

- chat first response (`chat_first_response`, online chat): in the human part of a chat (from
  `queued_at`, when the buyer reached a person; the bot prelude before it is not human service),
  the time from the buyer's first message to the first reply by an agent or the merchant's staff.
- chat average response (`chat_average_response`): a *turn* is a run of buyer messages and the
  human reply after it; its response time runs from the run's first message to that reply (the
  chat clock of `sla.py`: a later buyer message does not restart it). Every answered turn is a
  timed sample; every session with answered turns is judged on the mean of its turns.
- phone queue (`phone_average_queue`): `queued_at` → `agent_joined_at` of each call.
- after-sales responses: `requested_at` → `first_response_at` of each case, under the limit its
  kind names: a refund before shipment 1 h; a quality problem (reason `quality`) or a repair or
  re-send 36 h; any other request after shipment 24 h. The pause rules of the after-sales clock
  do not arise before a first response (waiting for the buyer comes after it).

Messages arriving in any row order are put in time order (then `seq`, then id).

Known at. Only what happened before `cutoff` is counted (as in `metrics.py`). A request or
first message still unanswered at the cutoff is judged a breach once its limit has run out
before the cutoff (and, for a chat or call, before the buyer hung up or left); until then it is
not judged. It has no time, so it counts in `within`/`breaches` but not in mean or percentiles.

Statistics per group (day × channel × merchant × agent, and each roll-up where merchant, agent
or both are `ALL`), all integers so a roll-up over days recomputes from them:

- `mean`: numerator = total milliseconds, denominator = timed samples, value = mean ms;
- `p50`, `p90`: the nearest-rank percentile in ms — the ⌈q·n⌉-th smallest timed sample, ranked
  by the engine itself so DuckDB and Spark give the same integer — numerator = value;
- `within`: numerator = judged samples within the limit, denominator = judged samples;
- `breaches`: numerator = judged samples over the limit, value = that count.
`samples` is the number of samples behind the statistic. A group without timed samples has no
mean or percentiles; one without judged samples has no `within` or `breaches`.

Day. A session belongs to the local day it started, a case to the day it was requested.
Durations are wall-clock: chat and after-sales clocks run on the 7×24 calendar, and a call can
only queue while the hotline is open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.attainment.measures import (
    AFTERSALES,
    ALL,
    CHANNEL_OF,
    Stat,
    current_policies,
)
from pinzhi.domain.indicators.metrics import Calendar, calendar, flag, on_days, utc_literal
from pinzhi.domain.service.models import Channel, Sender
from pinzhi.domain.service.sla import DEFAULT_POLICIES, Measure, SlaPolicy

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
GROUP = ("day", "channel", "merchant_id", "agent_id", "measure")
PERCENTILES = {Stat.P50.value: 50, Stat.P90.value: 90}
HUMAN = (Sender.AGENT.value, Sender.MERCHANT.value)
QUALITY_KINDS = (CaseKind.REPAIR.value, CaseKind.RESEND.value)
ROW_FIELDS = (
    "day",
    "channel",
    "merchant_id",
    "agent_id",
    "measure",
    "statistic",
    "value",
    "numerator",
    "denominator",
    "samples",
)


@dataclass(frozen=True)
class _Scope:
    days: Calendar
    known: ir.TimestampScalar
    known_ms: ir.IntegerScalar
    limits: dict[Measure, int]
    """Milliseconds."""


def attainment_values(
    *,
    service_sessions: ir.Table,
    service_messages: ir.Table,
    aftersales_cases: ir.Table,
    days: Sequence[date],
    tz: ZoneInfo,
    cutoff: datetime,
    policies: Iterable[SlaPolicy] = DEFAULT_POLICIES,
) -> ir.Table:
    """Every statistic of every measure for every group of `days`; columns as `ROW_FIELDS`."""
    limits = {
        measure: int(policy.limit.total_seconds() * 1000)
        for measure, policy in current_policies(policies).items()
    }
    known = utc_literal(cutoff)
    scope = _Scope(calendar(days, tz), known, ibis.literal(_ms(cutoff), "int64"), limits)
    sessions = on_days(service_sessions, "started_at", scope.days)
    sessions = sessions.filter(sessions.started_at < known)
    samples = ibis.union(
        *_chat_samples(sessions, service_messages, scope),
        _phone_samples(sessions, scope),
        _aftersales_samples(aftersales_cases, scope),
    )
    return _statistics(_rolled_up(samples))


def _ms(instant: datetime) -> int:
    """Milliseconds since the epoch, truncated, in exact integer arithmetic."""
    return (instant - EPOCH) // timedelta(milliseconds=1)


def epoch_ms(at: ir.TimestampValue) -> ir.IntegerValue:
    """Milliseconds since the epoch, truncated: the same integer on DuckDB and Spark (their
    native epoch functions differ: DuckDB keeps the fraction, Spark drops it)."""
    seconds = at.truncate("s").epoch_seconds().cast("int64")
    return seconds * 1000 + at.millisecond().cast("int64")


def _sample(
    source: ir.Table,
    *,
    channel: str | ir.StringValue,
    agent_id: ir.StringValue | None,
    measure: Measure | ir.StringValue,
    ms: ir.IntegerValue,
    judged: ir.BooleanValue,
    within: ir.BooleanValue,
) -> ir.Table:
    return source.select(
        day=source.day,
        channel=ibis.literal(channel, "string") if isinstance(channel, str) else channel,
        merchant_id=source.merchant_id.cast("string"),
        agent_id=ibis.null("string") if agent_id is None else agent_id.cast("string"),
        measure=ibis.literal(measure.value, "string") if isinstance(measure, Measure) else measure,
        ms=ms.cast("int64"),
        judged=flag(judged),
        within=flag(judged & within),
    )


def _overdue(
    started_ms: ir.IntegerValue, limit: int, scope: _Scope, *, left: ir.IntegerValue | None = None
) -> ir.BooleanValue:
    """Unanswered, and the limit ran out before the cutoff (and before the buyer `left`)."""
    deadline = started_ms + limit
    overdue = deadline < scope.known_ms
    return overdue if left is None else overdue & (left.isnull() | (deadline < left))


def _chat_samples(sessions: ir.Table, messages: ir.Table, scope: _Scope) -> list[ir.Table]:
    chats = sessions.filter(sessions.channel == Channel.ONLINE_CHAT.value).select(
        "day",
        "merchant_id",
        "agent_id",
        session_id=sessions.id,
        joined_ms=epoch_ms(sessions.queued_at),
        ended_ms=ibis.ifelse(
            sessions.ended_at < scope.known, epoch_ms(sessions.ended_at), ibis.null("int64")
        ),
    )
    said = messages.filter(
        messages.sender.isin([Sender.CONSUMER.value, *HUMAN]),
        messages.sent_at >= utc_literal(scope.days.starts),
        messages.sent_at < scope.known,
    ).select("session_id", "sent_at", "seq", "id", "sender", at_ms=epoch_ms(messages.sent_at))
    human = said.join(chats, "session_id")
    human = human.filter(human.joined_ms.isnull() | (human.at_ms >= human.joined_ms))
    in_order = {"group_by": "session_id", "order_by": ["sent_at", "seq", "id"]}
    buyer = human.sender == Sender.CONSUMER.value
    previous = human.sender.lag().over(ibis.window(**in_order))
    opens = flag(buyer & (previous.isnull() | (previous != Sender.CONSUMER.value)))
    marked = human.mutate(buyer=buyer, opens=opens)
    numbered = marked.mutate(turn=marked.opens.sum().over(ibis.cumulative_window(**in_order)))
    turns = (
        numbered.filter(numbered.turn > 0)
        .group_by(["session_id", "day", "merchant_id", "agent_id", "ended_ms", "turn"])
        .aggregate(
            asked_ms=ibis.ifelse(numbered.buyer, numbered.at_ms, ibis.null("int64")).min(),
            replied_ms=ibis.ifelse(numbered.buyer, ibis.null("int64"), numbered.at_ms).min(),
        )
    )
    response = turns.replied_ms - turns.asked_ms
    first_limit = scope.limits[Measure.CHAT_FIRST_RESPONSE]
    first = turns.filter(turns.turn == 1)
    answered = first.replied_ms.notnull()
    first_samples = _sample(
        first,
        channel=Channel.ONLINE_CHAT.value,
        agent_id=first.agent_id,
        measure=Measure.CHAT_FIRST_RESPONSE,
        ms=first.replied_ms - first.asked_ms,
        judged=answered | _overdue(first.asked_ms, first_limit, scope, left=first.ended_ms),
        within=answered & (first.replied_ms - first.asked_ms <= first_limit),
    )
    replied = turns.filter(turns.replied_ms.notnull()).mutate(response=response)
    turn_samples = _sample(
        replied,
        channel=Channel.ONLINE_CHAT.value,
        agent_id=replied.agent_id,
        measure=Measure.CHAT_AVERAGE_RESPONSE,
        ms=replied.response,
        judged=ibis.literal(False),
        within=ibis.literal(False),
    )
    per_session = replied.group_by(["session_id", "day", "merchant_id", "agent_id"]).aggregate(
        total=replied.response.sum(), turns=replied.count()
    )
    average_limit = scope.limits[Measure.CHAT_AVERAGE_RESPONSE]
    session_samples = _sample(
        per_session,
        channel=Channel.ONLINE_CHAT.value,
        agent_id=per_session.agent_id,
        measure=Measure.CHAT_AVERAGE_RESPONSE,
        ms=ibis.null("int64"),
        judged=ibis.literal(True),
        within=per_session.total <= per_session.turns * average_limit,
    )
    return [first_samples, turn_samples, session_samples]


def _phone_samples(sessions: ir.Table, scope: _Scope) -> ir.Table:
    calls = sessions.filter(
        sessions.channel == Channel.PHONE.value,
        sessions.queued_at.notnull(),
        sessions.queued_at < scope.known,
    )
    queued = epoch_ms(calls.queued_at)
    answered = calls.agent_joined_at.notnull() & (calls.agent_joined_at < scope.known)
    waited = ibis.ifelse(answered, epoch_ms(calls.agent_joined_at) - queued, ibis.null("int64"))
    left = ibis.ifelse(calls.ended_at < scope.known, epoch_ms(calls.ended_at), ibis.null("int64"))
    limit = scope.limits[Measure.PHONE_AVERAGE_QUEUE]
    return _sample(
        calls,
        channel=Channel.PHONE.value,
        agent_id=calls.agent_id,
        measure=Measure.PHONE_AVERAGE_QUEUE,
        ms=waited,
        judged=answered | _overdue(queued, limit, scope, left=left),
        within=waited <= limit,
    )


def aftersales_measure(cases: ir.Table) -> ir.StringValue:
    """Which S1 9.2.3 limit a case's first response is held to (see the module docstring)."""
    quality = (cases.reason == CaseReason.QUALITY.value) | cases.kind.isin(QUALITY_KINDS)
    return ibis.cases(
        (cases.kind == CaseKind.REFUND_BEFORE_SHIPMENT.value, Measure.REFUND_BEFORE_SHIPMENT.value),
        (quality, Measure.QUALITY_OR_RESEND.value),
        else_=Measure.RETURN_AFTER_SHIPMENT.value,
    )


def _aftersales_samples(aftersales_cases: ir.Table, scope: _Scope) -> ir.Table:
    requested = on_days(aftersales_cases, "requested_at", scope.days)
    cases = requested.filter(requested.requested_at < scope.known)
    cases = cases.mutate(
        measure=aftersales_measure(cases), requested_ms=epoch_ms(cases.requested_at)
    )
    kinds = [m for m, channel in CHANNEL_OF.items() if channel == AFTERSALES]
    limit = ibis.cases(*((cases.measure == m.value, scope.limits[m]) for m in kinds)).cast("int64")
    answered = cases.first_response_at.notnull() & (cases.first_response_at < scope.known)
    took = ibis.ifelse(
        answered, epoch_ms(cases.first_response_at) - cases.requested_ms, ibis.null("int64")
    )
    return _sample(
        cases,
        channel=AFTERSALES,
        agent_id=None,
        measure=cases.measure,
        ms=took,
        judged=answered | (cases.requested_ms + limit < scope.known_ms),
        within=took <= limit,
    )


def _rolled_up(samples: ir.Table) -> ir.Table:
    """Each sample once per level: its merchant and agent, all agents, all merchants, both.

    A sample without an agent (a merchant's own staff, an after-sales case) or without a
    merchant only counts where that key is rolled up. A cross join with the four levels reads
    the samples once (a union of four copies would make Spark compute them four times).
    """
    levels = ibis.memtable(
        pa.table({"all_merchants": [False, False, True, True], "all_agents": [False, True] * 2})
    )
    rows = samples.cross_join(levels)
    rolled = rows.select(
        *(name for name in samples.columns if name not in ("merchant_id", "agent_id")),
        merchant_id=ibis.ifelse(rows.all_merchants, ibis.literal(ALL), rows.merchant_id),
        agent_id=ibis.ifelse(rows.all_agents, ibis.literal(ALL), rows.agent_id),
    )
    return rolled.filter(rolled.merchant_id.notnull(), rolled.agent_id.notnull())


def _statistics(samples: ir.Table) -> ir.Table:
    """One pass: rank the timed samples within their group, then aggregate every figure."""
    timed = samples.ms.notnull()
    in_group = ibis.window(group_by=list(GROUP))
    ordered = ibis.window(group_by=list(GROUP), order_by=[(~timed).cast("int8"), samples.ms])
    ranked = samples.mutate(
        rank=ibis.row_number().over(ordered), timed=samples.ms.count().over(in_group)
    )
    wide = ranked.group_by(list(GROUP)).aggregate(
        timed=ranked.timed.max().cast("int64"),
        total=ranked.ms.sum().cast("int64"),
        judged=ranked.judged.sum().cast("int64"),
        within=ranked.within.sum().cast("int64"),
        **{
            name: ibis.ifelse(
                ranked.rank == _nearest_rank(ranked.timed, q) - 1, ranked.ms, ibis.null("int64")
            ).max()
            for name, q in PERCENTILES.items()
        },
    )
    names = ibis.memtable(pa.table({"statistic": [s.value for s in Stat]}))
    rows = wide.cross_join(names)
    one = ibis.literal(1, "int64")
    s = rows.statistic
    numerator = ibis.cases(
        (s == Stat.MEAN.value, rows.total),
        (s == Stat.P50.value, rows.p50),
        (s == Stat.P90.value, rows.p90),
        (s == Stat.WITHIN.value, rows.within),
        else_=rows.judged - rows.within,
    )
    denominator = ibis.cases(
        (s == Stat.MEAN.value, rows.timed), (s == Stat.WITHIN.value, rows.judged), else_=one
    )
    samples = ibis.ifelse(s.isin([Stat.WITHIN.value, Stat.BREACHES.value]), rows.judged, rows.timed)
    long = rows.select(
        *GROUP, "statistic", numerator=numerator, denominator=denominator, samples=samples
    )
    kept = long.filter(long.samples > 0)
    return kept.select(
        *GROUP,
        "statistic",
        value=kept.numerator.cast("float64") / kept.denominator,
        numerator=kept.numerator.cast("int64"),
        denominator=kept.denominator.cast("int64"),
        samples=kept.samples.cast("int64"),
    )


def _nearest_rank(n: ir.IntegerValue, percent: int) -> ir.IntegerValue:
    """⌈percent·n/100⌉ in integers: the rank (from 1) of the nearest-rank percentile."""
    return (n * percent + 99) // 100
