"""`pinzhi keys`: field keys for personal data at rest — generate one, rotate to the current.

Rotation (docs/privacy.md): put a new key first in the ring (PINZHI_FIELD_KEYS or
`data_dir/field.keys`), keep the old ones after it, run `pinzhi keys rotate`, and only when it
reports every table done remove the old keys.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich import progress as bars

from pinzhi.domain import tables
from pinzhi.interfaces.cli.common import DbOption, console, err_console, platform
from pinzhi.store import key_rotation, personal
from pinzhi.store.field_cipher import AesGcmCipher, new_key_ring

app = typer.Typer(
    help="Keys that seal personal fields at rest (AES-256-GCM).", no_args_is_help=True
)


@app.command("generate")
def generate(
    key_id: Annotated[str, typer.Option("--id", help="1–8 letters, digits, '_' or '-'")] = "k2",
) -> None:
    """Print a new random key as `id:base64key`, to put first in the ring."""
    print(new_key_ring(key_id).render())


@app.command("rotate")
def rotate(db: DbOption = None) -> None:
    """Re-seal every personal value under the current key; safe to stop and run again."""
    wired = platform(db)
    cipher = personal.installed_cipher()
    if not isinstance(cipher, AesGcmCipher):
        err_console.print("[bold red]error:[/] no field cipher installed")
        raise typer.Exit(1)
    columns = (bars.TextColumn("{task.description}"), bars.BarColumn(), bars.MofNCompleteColumn())
    with bars.Progress(*columns, console=err_console) as shown:
        tasks: dict[str, bars.TaskID] = {}

        def advance(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = shown.add_task(table, total=total)
            shown.update(tasks[table], completed=done)

        report = key_rotation.rotate(
            engine=wired.engine, metadata=tables.metadata, cipher=cipher, progress=advance
        )
    for table, rows in report.rows.items():
        console.print(f"{table}: {rows:,} rows, {report.resealed[table]:,} values re-sealed")
    console.print(f"every personal value is now under key {cipher.ring.current}")
