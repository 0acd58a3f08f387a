"""Command groups of the language module: `pinzhi nlp …`, `pinzhi train …`, `pinzhi eval …`.

The commands themselves live in their own modules and are registered in `cli.main`.
"""

from __future__ import annotations

import typer

nlp = typer.Typer(
    help="Batch language interfaces: JSON lines in, JSON lines out.", no_args_is_help=True
)
train = typer.Typer(
    help="Rebuild a shipped language model from the shared data.", no_args_is_help=True
)
evaluate = typer.Typer(help="Print accuracy tables on held-out data.", no_args_is_help=True)
