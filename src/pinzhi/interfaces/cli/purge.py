"""`pinzhi purge`: de-identify transactions past their retention period (S1 9.4.2)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pinzhi.core import clock
from pinzhi.domain.retention import operations
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform

YearsOption = Annotated[
    int,
    typer.Option(
        "--years",
        min=1,
        help=f"keep this many years after completion (at least {operations.MIN_YEARS})",
    ),
]


def purge(
    db: DbOption = None,
    years: YearsOption = operations.MIN_YEARS,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="count only, change nothing")] = False,
) -> None:
    """De-identify transactions past retention; the record chain still verifies."""
    wired = platform(db)
    with domain_errors(), wired.uow() as uow:
        report = operations.purge(
            uow=uow, actor_id="system:cli", now=clock.utcnow(), years=years, dry_run=dry_run
        )
    table = Table(
        title=f"completed before {report.cutoff:%Y-%m-%d}" + (" (dry run)" if dry_run else "")
    )
    table.add_column("what")
    table.add_column("de-identified" if not dry_run else "would be", justify="right")
    for label, count in (
        ("orders (recipient)", report.orders),
        ("after-sales notes", report.cases),
        ("chat messages", report.messages),
        ("consumers (no account, no recent order)", report.consumers),
    ):
        table.add_row(label, f"{count:,}")
    console.print(table)
