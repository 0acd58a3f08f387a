"""`pinzhi privacy export|erase --consumer ID`: a consumer's data rights, on request (S2 7.8).

Run by the operator at the server for a consumer's written request; both are logged — the
export in the access log, the erasure in the record chain.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pinzhi.core import clock
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.privacy import operations, queries
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform

app = typer.Typer(help="Consumers' data rights: export and erasure.", no_args_is_help=True)
ConsumerOption = Annotated[str, typer.Option("--consumer", help="the consumer's id")]


@app.command("export")
def export(
    consumer: ConsumerOption,
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="file; default standard output")] = None,
) -> None:
    """Write everything held about the consumer as JSON."""
    wired = platform(db)
    actor = Actor.command_line()
    with domain_errors(), wired.uow() as uow:
        data = queries.export_consumer_data(uow=uow, actor=actor, consumer_id=consumer)
        operations.record_disclosures(uow=uow, now=clock.utcnow(), purpose="cli privacy export")
        uow.commit()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        print(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}")


@app.command("erase")
def erase(
    consumer: ConsumerOption,
    db: DbOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Erase the consumer's personal data and free text; money records stay, pseudonymised."""
    if not yes:
        typer.confirm(
            f"erase the personal data of consumer {consumer}? This cannot be undone", abort=True
        )
    wired = platform(db)
    with domain_errors(), wired.uow() as uow:
        report = operations.erase_consumer(
            uow=uow, actor=Actor.command_line(), now=clock.utcnow(), consumer_id=consumer
        )
        uow.commit()
    for table, rows in report.rows.items():
        console.print(f"{table}: {rows:,} rows erased")
