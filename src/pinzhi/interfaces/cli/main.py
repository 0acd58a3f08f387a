"""`pinzhi` entry point: each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import typer

from pinzhi.interfaces.cli import db

app = typer.Typer(
    name="pinzhi",
    help="pinzhi (品质): quality-service system for e-commerce platforms.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
