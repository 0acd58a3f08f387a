"""`pinzhi user …`: accounts for the console and the API."""

from __future__ import annotations

from typing import Annotated

import typer

from pinzhi.core.clock import utcnow
from pinzhi.domain.accounts import operations
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform

app = typer.Typer(help="User accounts: add a user with a role.", no_args_is_help=True)


@app.command("add")
def add(
    *,
    username: Annotated[str, typer.Argument(help="lower-case login name")],
    role: Annotated[Role, typer.Option("--role", help="what the user may do")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="asked for when omitted, which keeps it out of the shell history",
        ),
    ],
    merchant: Annotated[
        str | None, typer.Option("--merchant", help="merchant id (role merchant)")
    ] = None,
    consumer: Annotated[
        str | None, typer.Option("--consumer", help="consumer id (role consumer)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a user; a merchant user needs --merchant, a consumer user --consumer."""
    wired = platform(db)
    with domain_errors(), wired.uow() as uow:
        user = operations.create_user(
            uow=uow,
            actor=Actor.command_line(),
            now=utcnow(),
            username=username,
            password=password,
            role=role,
            merchant_id=merchant,
            consumer_id=consumer,
        )
    console.print(f"added {user.username} ({user.role.value}), id {user.id}")
