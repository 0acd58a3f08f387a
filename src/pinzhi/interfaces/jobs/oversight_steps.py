"""The daily run's oversight (S1 6.1.2, 6.2–6.4): early warnings, then decisions.

Runs after the grading step: it compares the grades just stored with each merchant's previous
grade, reads the sudden-shift and fake-order signals from the lake on the run's engine, stores
and sends the warnings, and reconciles incentives, training and key control with them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pinzhi.domain.oversight.decision_rules import decide
from pinzhi.domain.oversight.measures import apply_decisions
from pinzhi.domain.oversight.models import MeasureKind, WarningKind
from pinzhi.domain.oversight.monitoring import (
    grades_of_day,
    previous_grades,
    standings,
    warning_drafts,
)
from pinzhi.domain.oversight.signals import SignalSources, signal_table
from pinzhi.domain.oversight.warning_rules import DEFAULT_MONITOR, WarningDraft
from pinzhi.domain.oversight.warnings import store_warnings
from pinzhi.interfaces.jobs.registry import RunContext, Summary, step

FLAGGED_SHOWN = 20


@step("oversight", order=45)
def oversight_step(ctx: RunContext) -> Summary:
    """Warn, decide and log, for the run's as-of day."""
    analytics = ctx.analytics()
    sources = SignalSources(
        **{name: analytics.table(name) for name in SignalSources.__dataclass_fields__}
    )
    expression = signal_table(sources, cutoff=ctx.cutoff, config=DEFAULT_MONITOR)
    signals = analytics.to_arrow(expression.order_by("merchant_id")).to_pylist()
    with ctx.platform.uow() as uow:
        current = grades_of_day(uow, ctx.as_of)
        drafts = warning_drafts(signals, current, previous_grades(uow, ctx.as_of))
        stored = store_warnings(
            uow=uow, run_id=ctx.run_id, as_of=ctx.as_of, now=ctx.now, drafts=drafts
        )
        decisions = [d for s in standings(current, drafts) for d in decide(s)]
        applied = apply_decisions(
            uow=uow,
            run_id=ctx.run_id,
            as_of=ctx.as_of,
            now=ctx.now,
            drafts=decisions,
            judged=set(current),
        )
        uow.commit()
    by_kind = Counter(d.kind.value for d in drafts)
    return {
        "engine": analytics.name,
        "merchants": len(signals),
        "warnings": {k.value: by_kind.get(k.value, 0) for k in WarningKind},
        "decisions": dict(sorted(Counter(d.kind.value for d in decisions).items())),
        "flagged": _flagged(drafts),
        "key_control": sorted(
            {d.merchant_id for d in decisions if d.kind is MeasureKind.KEY_CONTROL}
        )[:FLAGGED_SHOWN],
        **{f"warnings_{k}": v for k, v in stored._asdict().items()},
        **{f"measures_{k}": v for k, v in applied._asdict().items()},
    }


def _flagged(drafts: list[WarningDraft]) -> list[dict[str, Any]]:
    """The merchants warned today, most severe first, with the kinds of their warnings."""
    rank = {"critical": 0, "serious": 1, "notice": 2}
    kinds: dict[str, list[str]] = {}
    worst: dict[str, int] = {}
    for d in drafts:
        kinds.setdefault(d.merchant_id, []).append(d.kind.value)
        worst[d.merchant_id] = min(worst.get(d.merchant_id, 3), rank[d.severity.value])
    ordered = sorted(kinds, key=lambda m: (worst[m], m))
    return [{"merchant_id": m, "kinds": sorted(kinds[m])} for m in ordered[:FLAGGED_SHOWN]]
