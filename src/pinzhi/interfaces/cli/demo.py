"""`pinzhi demo`: the main job on the embedded store, end to end.

Simulates a mid-size platform, imports it into the SQLite file under the data directory, runs
the daily quality run for every simulated day, creates one login per role, opens live after-sales
cases of every kind through the real workflows, then serves the console.
A second run reuses the built store (and its logins) unless `--fresh` is given.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich import progress as bars
from rich.table import Table
from sqlalchemy import func, select

from pinzhi import bootstrap
from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.core.clock import day_bounds, local_day, utcnow
from pinzhi.domain.accounts import operations
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.knowledge.seed import seed_knowledge
from pinzhi.domain.orders.models import Order
from pinzhi.domain.publications.seed import seed_default_documents
from pinzhi.domain.sla.worker import worker_pass
from pinzhi.interfaces.cli import demo_surveys
from pinzhi.interfaces.cli.common import console, domain_errors, err_console
from pinzhi.interfaces.cli.demo_cases import open_demo_cases
from pinzhi.interfaces.cli.ingest import progress_bar
from pinzhi.interfaces.cli.serve import serve_platform
from pinzhi.interfaces.cli.worker import run_loop
from pinzhi.interfaces.jobs.daily_run import RunReport, run_days
from pinzhi.settings import Settings

REPLAY_DAYS = 30
"""The daily run is replayed for the last month of the simulated trading: its first day exports
the whole history to the lake and its last day recomputes the full look-back, so indicators,
grades (90-day windows) and trends see every simulated day; replaying every one of 90 days would
only add the older days' warnings, surveys and checks, at many minutes of extra start-up."""

STAFF_LOGINS = (
    ("admin", Role.PLATFORM_ADMIN),
    ("analyst", Role.QUALITY_ANALYST),
    ("agent", Role.SERVICE_AGENT),
    ("mediator", Role.MEDIATOR),
    ("assessor", Role.ASSESSOR),
)


def demo(
    *,
    merchants: Annotated[int, typer.Option(help="merchants on the platform")] = 200,
    days: Annotated[int, typer.Option(help="days of trading, ending yesterday")] = 90,
    orders_per_day: Annotated[int, typer.Option(help="orders on an ordinary day")] = 2_000,
    seed: Annotated[int, typer.Option(help="same seed, same platform")] = 7,
    replay_days: Annotated[
        int, typer.Option(min=1, help="the last days the daily quality run is replayed for")
    ] = REPLAY_DAYS,
    fresh: Annotated[bool, typer.Option(help="rebuild even if a demo store exists")] = False,
    serve: Annotated[bool, typer.Option(help="serve the console when done")] = True,
) -> None:
    """Build a realistic platform, run the daily quality run for each day, serve the console."""
    settings = bootstrap.load_settings()
    home = settings.data_dir / "demo"
    logins_file = home / "logins.txt"
    if fresh or not logins_file.exists():
        shutil.rmtree(home, ignore_errors=True)
        with domain_errors():
            scenario = Scenario(
                merchants=merchants, days=days, seed=seed, orders_per_day=orders_per_day,
                start=local_day(utcnow()) - timedelta(days=days),
            )  # fmt: skip
            wired = _build(settings, home, scenario, replay_days=min(replay_days, days))
            merchant_id, consumer_id = _demo_subjects(wired)
            _write_logins(logins_file, _create_logins(wired, merchant_id, consumer_id))
            _open_cases(wired, merchant_id, consumer_id)
            _service_ready(wired)
    else:
        console.print(f"reusing the demo store in {home} (--fresh rebuilds it)")
        wired = _wire(settings, home)
    _show_logins(logins_file)
    if serve:
        worker = threading.Thread(
            target=run_loop, args=(wired,), kwargs={"poll": 1.0}, daemon=True, name="sla-worker"
        )
        worker.start()  # breaches are flagged live while the console is up
        serve_platform(wired)


def _wire(settings: Settings, home: Path) -> bootstrap.Platform:
    wired = bootstrap.build(settings, database_url=f"sqlite:///{(home / 'pinzhi.db').resolve()}")
    bootstrap.migrate_to_head(wired)
    return wired


def _build(
    settings: Settings, home: Path, scenario: Scenario, *, replay_days: int
) -> bootstrap.Platform:
    files = home / "files"
    console.print(
        f"simulating {scenario.merchants} merchants over {scenario.days} days "
        f"from {scenario.start} (seed {scenario.seed})"
    )
    with _bar("simulating days", scenario.days) as advance:
        simulate(scenario=scenario, out=files, on_day=lambda _: advance())
    wired = _wire(settings, home)
    with progress_bar() as progress:
        report = import_directory(engine=wired.engine, directory=files, progress=progress)
    console.print(
        f"imported {report.total_rows:,} rows in {report.seconds:.0f} s into {wired.database_url}"
    )
    last = scenario.start + timedelta(days=scenario.days - 1)
    first = last - timedelta(days=replay_days - 1)
    tz = ZoneInfo(settings.timezone)

    def answer_and_advance(report: RunReport) -> None:
        day_end = day_bounds(report.as_of, tz)[1]
        demo_surveys.answer_day(wired, day_end=day_end, seed=scenario.seed)
        advance()

    with _bar("daily quality run", replay_days) as advance:
        run_days(wired, first=first, last=last, on_progress=answer_and_advance)
    shutil.rmtree(files)
    return wired


def _demo_subjects(wired: bootstrap.Platform) -> tuple[str, str]:
    """The busiest shop and a buyer of it: the demo's merchant and consumer logins."""
    with wired.uow() as uow:
        merchant_id, consumer_id = uow.session.execute(
            select(Order.merchant_id, func.min(Order.consumer_id))
            .where(Order.merchant_id.is_not(None))
            .group_by(Order.merchant_id)
            .order_by(func.count().desc(), Order.merchant_id)
            .limit(1)
        ).one()
    return str(merchant_id), consumer_id


def _open_cases(wired: bootstrap.Platform, merchant_id: str, consumer_id: str) -> None:
    opened = open_demo_cases(wired, consumer_id=consumer_id, merchant_id=merchant_id, now=utcnow())
    shown = Table("kind", "cases", title="live after-sales cases")
    for kind, count in sorted(opened.items()):
        shown.add_row(kind, str(count))
    console.print(shown)


def _service_ready(wired: bootstrap.Platform) -> None:
    """Load the starter knowledge base and flag every response deadline already missed."""
    now = utcnow()
    with wired.uow() as uow:
        entries = seed_knowledge(uow=uow, actor=Actor.command_line(), now=now)
        seed_default_documents(uow=uow, now=now)  # platform rules, agreement, privacy policy
        uow.commit()
    report = worker_pass(uow_factory=wired.uow, now=now)
    console.print(
        f"knowledge base: {entries} entries; SLA: {report.synced} clocks started, "
        f"{len(report.flagged)} breaches flagged and escalated"
    )


def _create_logins(
    wired: bootstrap.Platform, merchant_id: str, consumer_id: str
) -> list[tuple[str, str, str]]:
    """One login per role; the merchant login owns the busiest shop, the consumer a buyer of it."""
    logins = [*STAFF_LOGINS, ("shop", Role.MERCHANT), ("buyer", Role.CONSUMER)]
    created = []
    for username, role in logins:
        password = secrets.token_urlsafe(9)
        with wired.uow() as uow:
            operations.create_user(
                uow=uow, actor=Actor.command_line(), now=utcnow(),
                username=username, password=password, role=role,
                merchant_id=merchant_id if role is Role.MERCHANT else None,
                consumer_id=consumer_id if role is Role.CONSUMER else None,
            )  # fmt: skip
        created.append((username, password, role.value))
    return created


def _write_logins(path: Path, logins: list[tuple[str, str, str]]) -> None:
    path.write_text("".join(f"{user}\t{password}\t{role}\n" for user, password, role in logins))
    path.chmod(0o600)


def _show_logins(path: Path) -> None:
    shown = Table("username", "password", "role", title="demo logins")
    for line in path.read_text().splitlines():
        shown.add_row(*line.split("\t"))
    console.print(shown)


@contextmanager
def _bar(label: str, total: int) -> Iterator[Callable[[], None]]:
    """A Rich progress bar over `total` steps; the caller advances it one step at a time."""
    columns = (bars.TextColumn(f"{label:<20}"), bars.BarColumn(), bars.MofNCompleteColumn(),
               bars.TimeElapsedColumn())  # fmt: skip
    with bars.Progress(*columns, console=err_console) as shown:
        task = shown.add_task(label, total=total)
        yield lambda: shown.advance(task)
