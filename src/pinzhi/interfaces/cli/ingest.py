"""`pinzhi import`, `pinzhi import-olist`, `pinzhi import-format`: bulk import from files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich import progress as bars
from rich.table import Table

from pinzhi.adapters.ingest.format_doc import render_format
from pinzhi.adapters.ingest.importer import ImportReport, import_directory
from pinzhi.adapters.ingest.olist.importer import import_olist
from pinzhi.adapters.ingest.progress import Progress, ProgressHook
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, err_console, platform

DirectoryArgument = Annotated[Path, typer.Argument(help="directory holding the files")]


def import_files(directory: DirectoryArgument, db: DbOption = None) -> None:
    """Validate every <table>.csv or <table>.parquet in DIRECTORY, then import all or nothing.

    The format is in docs/import-format.md (`pinzhi import-format`).
    """
    wired = platform(db)
    with domain_errors(), progress_bar() as progress:
        report = import_directory(engine=wired.engine, directory=directory, progress=progress)
    print_report(report)


def import_olist_files(directory: DirectoryArgument, db: DbOption = None) -> None:
    """Import the Olist marketplace CSV files in DIRECTORY, and say what was adjusted."""
    wired = platform(db)
    with domain_errors(), progress_bar() as progress:
        report = import_olist(engine=wired.engine, directory=directory, progress=progress)
    print_report(report.imported)
    adjusted = Table("adjusted while mapping Olist", "rows")
    for reason, rows in report.adjustments.items():
        adjusted.add_row(reason, f"{rows:,}")
    console.print(adjusted)


def import_format() -> None:
    """Print the import format, generated from the tables (docs/import-format.md)."""
    typer.echo(render_format(), nl=False)


def print_report(report: ImportReport) -> None:
    imported = Table("table", "rows", "inserted or changed")
    for name, rows in report.rows.items():
        imported.add_row(name, f"{rows:,}", f"{report.written[name]:,}")
    written = sum(report.written.values())
    imported.add_row("[bold]total", f"[bold]{report.total_rows:,}", f"[bold]{written:,}")
    console.print(imported)
    console.print(f"imported in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)")


@contextmanager
def progress_bar() -> Iterator[ProgressHook]:
    """A Rich progress bar (on stderr) per phase and table, gone once the import ends."""
    columns = (
        bars.TextColumn("{task.description:<28}"),
        bars.BarColumn(),
        bars.MofNCompleteColumn(),
        bars.TimeElapsedColumn(),
    )
    with bars.Progress(*columns, console=err_console, transient=True) as shown:
        tasks: dict[tuple[str, str], bars.TaskID] = {}

        def update(event: Progress) -> None:
            key = (event.phase.value, event.table)
            if key not in tasks:
                tasks[key] = shown.add_task(f"{key[0]} {key[1]}", total=event.total)
            shown.update(tasks[key], completed=event.done)

        yield update
