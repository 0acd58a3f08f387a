"""Entry point: build the world, then simulate day after day, writing every table as it goes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pinzhi.adapters.simulate.day import simulate_day
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.world import build_world
from pinzhi.adapters.simulate.writer import Format, TableFiles


def simulate(
    *,
    scenario: Scenario,
    out: Path,
    fmt: Format = Format.PARQUET,
    on_day: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write one file per importable table into `out`; return the rows written per table.

    Memory holds the world and one part of a day at a time; `on_day(i)` is called after day i.
    """
    rows: Counter[str] = Counter()
    world, tables = build_world(scenario)
    with TableFiles(out, fmt=fmt) as files:
        files.write(tables)
        rows.update({name: table.num_rows for name, table in tables.items()})
        for day in range(scenario.days):
            for part in simulate_day(world, day=day):
                files.write(part)
                rows.update({name: table.num_rows for name, table in part.items()})
            if on_day is not None:
                on_day(day)
    return dict(rows)
