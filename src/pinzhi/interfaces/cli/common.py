"""Shared CLI plumbing: the `--db` option, platform wiring, and error-to-exit-code mapping."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from pinzhi import bootstrap
from pinzhi.core.errors import PinzhiError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL; default: PINZHI_DATABASE_URL or var/pinzhi.db"),
]

EXIT_CODES = {
    "validation_failed": 2,
    "not_found": 3,
    "conflict": 4,
    "invalid_transition": 5,
    "forbidden": 6,
    "unauthenticated": 6,
}


def platform(db: str | None, *, migrate: bool = True) -> bootstrap.Platform:
    """Wire the platform for a command; by default bring the schema to head first."""
    wired = bootstrap.build(database_url=db)
    if migrate:
        bootstrap.migrate_to_head(wired)
    return wired


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a domain error into a readable message and a non-zero exit code, once."""
    try:
        yield
    except PinzhiError as exc:
        err_console.print(f"[bold red]error:[/] {exc.message}")
        for line in exc.details[:50]:
            err_console.print(f"  {line}")
        if len(exc.details) > 50:
            err_console.print(f"  … and {len(exc.details) - 50} more")
        raise typer.Exit(EXIT_CODES.get(exc.code, 1)) from exc
