"""`pinzhi worker`: flag SLA breaches as their deadlines come, and escalate them (issue 3 part 4).

Each pass flags every clock whose deadline has come (one index range, however many clocks are
open), then the loop sleeps until the next deadline or the poll interval, whichever is sooner —
the poll bounds how late a clock started by another process is noticed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from pinzhi.bootstrap import Platform
from pinzhi.core.clock import utcnow
from pinzhi.domain.sla.worker import DEFAULT_BATCH, PassReport, worker_pass
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform

DEFAULT_POLL_SECONDS = 0.5
DEFAULT_SYNC_SECONDS = 60.0


def worker(
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="run one pass and exit")] = False,
    poll: Annotated[
        float, typer.Option(min=0.05, max=60, help="longest sleep between passes, seconds")
    ] = DEFAULT_POLL_SECONDS,
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="clocks per transaction")] = (
        DEFAULT_BATCH
    ),
    sync_every: Annotated[
        float, typer.Option(min=0, help="seconds between starting clocks for imported rows")
    ] = DEFAULT_SYNC_SECONDS,
) -> None:
    """Flag SLA breaches as they happen: raise priority, reassign, notify, record."""
    wired = platform(db)
    with domain_errors():
        if once:
            _print_pass(worker_pass(uow_factory=wired.uow, now=utcnow(), batch=batch), once=True)
            return
        console.print(f"[bold]SLA worker[/] on {wired.database_url} — poll {poll}s, Ctrl-C stops")
        try:
            run_loop(wired, poll=poll, batch=batch, sync_every=sync_every, on_pass=_print_pass)
        except KeyboardInterrupt:
            console.print("stopped")


def run_loop(
    wired: Platform,
    *,
    poll: float,
    batch: int = DEFAULT_BATCH,
    sync_every: float = DEFAULT_SYNC_SECONDS,
    on_pass: Callable[[PassReport], None] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> None:
    """Pass after pass until `keep_going()` is false; sleeps until the next deadline or `poll`."""
    synced_at: datetime | None = None
    while keep_going():
        now = utcnow()
        sync = synced_at is None or now - synced_at >= timedelta(seconds=sync_every)
        report = worker_pass(uow_factory=wired.uow, now=now, batch=batch, sync=sync)
        synced_at = now if sync else synced_at
        if on_pass is not None:
            on_pass(report)
        time.sleep(_pause(report.next_deadline, poll))


def _pause(next_deadline: datetime | None, poll: float) -> float:
    if next_deadline is None:
        return poll
    return max(0.0, min(poll, (next_deadline - utcnow()).total_seconds()))


def _print_pass(report: PassReport, *, once: bool = False) -> None:
    if report.flagged or report.synced or report.overdue_complaints or once:
        stamp = report.now.isoformat(timespec="milliseconds")
        console.print(
            f"{stamp}: {len(report.flagged)} breached, {report.synced} clocks started, "
            f"{len(report.overdue_complaints)} complaints overdue; "
            f"next deadline {report.next_deadline.isoformat() if report.next_deadline else '—'}"
        )
    if not report.flagged:
        return
    table = Table("subject", "policy", "deadline", "flagged after", "level", "assignee")
    for item in report.flagged:
        lag = (item.flagged_at - item.deadline).total_seconds()
        table.add_row(
            f"{item.subject_kind} {item.subject_id}",
            item.policy_key,
            item.deadline.isoformat(timespec="seconds"),
            f"{lag:.3f} s",
            str(item.escalation_level),
            (item.assignee_staff_id or "—") + (" (reassigned)" if item.reassigned else ""),
        )
    console.print(table)
