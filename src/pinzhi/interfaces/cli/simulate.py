"""`pinzhi simulate`: write a realistic platform in the import format."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich import progress as bars
from rich.table import Table

from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate as simulate_platform
from pinzhi.adapters.simulate.writer import Format
from pinzhi.interfaces.cli.common import console, domain_errors, err_console

DEFAULT_START = datetime(2025, 6, 1)  # noqa: DTZ001 - a calendar day for Typer, not an instant


def simulate(
    *,
    out: Annotated[Path, typer.Option("--out", help="directory for the table files")],
    merchants: Annotated[int, typer.Option(help="number of merchants")] = 50,
    days: Annotated[int, typer.Option(help="days of trading to simulate")] = 30,
    seed: Annotated[int, typer.Option(help="same seed, same files")] = 1,
    start: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="first day (local)")
    ] = DEFAULT_START,
    orders_per_day: Annotated[
        int | None, typer.Option(help="ordinary-day volume; default 25 per merchant")
    ] = None,
    consumers: Annotated[
        int | None, typer.Option(help="consumer accounts; default about one per 6 orders")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="file format")] = Format.PARQUET,
) -> None:
    """Simulate merchants, catalogue, consumers, orders, logistics, service and feedback.

    Writes one <table>.parquet (or .csv) per importable table into OUT, ready for
    `pinzhi import OUT`.
    """
    with domain_errors():
        scenario = Scenario(
            merchants=merchants, days=days, seed=seed, start=start.date(),
            orders_per_day=orders_per_day, consumers=consumers,
        )  # fmt: skip
        with bars.Progress(
            bars.TextColumn("simulating days"),
            bars.BarColumn(),
            bars.MofNCompleteColumn(),
            bars.TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as shown:
            task = shown.add_task("days", total=days)
            rows = simulate_platform(
                scenario=scenario, out=out, fmt=fmt, on_day=lambda _: shown.advance(task)
            )
    written = Table("table", "rows")
    for name, count in rows.items():
        written.add_row(name, f"{count:,}")
    written.add_row("[bold]total", f"[bold]{sum(rows.values()):,}")
    console.print(written)
    console.print(f"written to {out}")
