"""The daily quality run's steps: a small registry that later capabilities add their steps to.

A step is `function(ctx) -> summary`, registered under a name with an order. Steps run in
order; each is idempotent (running it twice for the same as-of day changes nothing more) and
returns a small JSON-able summary that the run's log (`QualityRun.steps`) keeps.

To add a step: write `@step("merchant_grades", order=40)` on a function in a module of this
package and import that module in `daily_run.STEP_MODULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from pinzhi.adapters.analytics import Analytics, EngineName, connect
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import day_bounds
from pinzhi.domain import tables
from pinzhi.store.lake import read_table

Summary = dict[str, Any]
StepFunction = Callable[["RunContext"], Summary]


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: StepFunction


_STEPS: dict[str, Step] = {}


def step(name: str, *, order: int) -> Callable[[StepFunction], StepFunction]:
    """Register `function` as the step `name`; steps run by ascending `order`."""

    def register(function: StepFunction) -> StepFunction:
        if name in _STEPS and _STEPS[name].run is not function:
            raise ValueError(f"step {name!r} is registered twice")
        _STEPS[name] = Step(name, order, function)
        return function

    return register


def registered_steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


@dataclass
class Engines:
    """The analytics engine, opened on first use and shared by the steps (and days) of a run."""

    platform: Platform
    engine: EngineName
    spark_session: Any = None
    _open: Analytics | None = field(default=None, init=False)

    def analytics(self) -> Analytics:
        if self._open is None:
            self._open = connect(
                self.engine,
                lake_dir=self.platform.lake_dir,
                spark_master=self.platform.settings.spark_master,
                session=self.spark_session,
            )
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None


@dataclass
class RunContext:
    """What a step may use: the platform, the day, the clock reading, the engine."""

    platform: Platform
    run_id: str
    as_of: date
    now: datetime
    engines: Engines
    look_back_days: int
    """Days before `as_of` that computing steps recompute (the lake's own window is fixed)."""
    results: dict[str, Summary] = field(default_factory=dict)
    """Summaries of the steps already run, by name."""
    _store_tables: dict[str, ir.Table] = field(default_factory=dict)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.platform.settings.timezone)

    @property
    def cutoff(self) -> datetime:
        """The end of the as-of day: what happened before it is known to this run."""
        return day_bounds(self.as_of, self.tz)[1]

    def analytics(self) -> Analytics:
        return self.engines.analytics()

    def store_table(self, name: str) -> ir.Table:
        """A store table the lake does not hold, read once per run: steps read such tables
        (catalog and order lines, written by imports), none writes them."""
        if name not in self._store_tables:
            table = read_table(self.platform.engine, tables.metadata.tables[name])
            self._store_tables[name] = ibis.memtable(table)
        return self._store_tables[name]
