"""`pinzhi db …`: schema migrations."""

from __future__ import annotations

from typing import Annotated

import typer

from pinzhi import bootstrap
from pinzhi.interfaces.cli.common import DbOption, console, platform

app = typer.Typer(help="Database schema: upgrade or create a new migration.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Bring the schema to the newest migration."""
    wired = platform(db)
    console.print(f"schema at head: {wired.database_url}")


@app.command("revision")
def revision(
    message: Annotated[str, typer.Argument(help="what the migration changes")], db: DbOption = None
) -> None:
    """Autogenerate a migration from the models (developers only)."""
    wired = platform(db)
    bootstrap.new_revision(wired, message)
