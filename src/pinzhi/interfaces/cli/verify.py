"""`pinzhi verify`: recompute the tamper-evident record chain offline (C7; S3 6.6.2)."""

from __future__ import annotations

import typer
from sqlalchemy import inspect

from pinzhi.core.errors import NotFound
from pinzhi.domain.records import queries
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, err_console, platform

CHAIN_BROKEN = 1


def verify(db: DbOption = None) -> None:
    """Check every record's hash link and signed checkpoint; name the first broken entry."""
    wired = platform(db, migrate=False)  # verifying never writes, not even a migration
    with domain_errors():
        if not inspect(wired.engine).has_table("record_entries"):
            raise NotFound(f"no record tables in {wired.database_url}: run `pinzhi db upgrade`")
        with wired.uow() as uow:
            result = queries.verify_chain(uow=uow, key=wired.secret_key)
    if result.broken is None:
        console.print(
            f"record chain intact: {result.verified} entries verified, "
            f"{result.checkpoints} signed checkpoints match",
            soft_wrap=True,
        )
        return
    broken = result.broken
    err_console.print(
        f"[bold red]record chain broken[/] at entry {broken.sequence} ({broken.subject}): "
        f"{broken.reason} — {broken.detail}",
        soft_wrap=True,  # one line per finding, however narrow the terminal: scripts grep it
    )
    err_console.print(f"{result.verified} entries before it verified")
    raise typer.Exit(CHAIN_BROKEN)
