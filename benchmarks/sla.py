"""Breach detection with a million open SLA clocks: pass cost and lag, index against full scan.

For each store (SQLite file; PostgreSQL with --pg, default PINZHI_TEST_PG_URL):
  1. a fresh migrated store with N open clocks (bulk insert), deadlines spread over 30 days;
  2. pass cost: k clocks made due (k = 0, 100, 10 000), then one `worker_pass` — flag, escalate,
     notify, record — timed; beside it the due-clock query alone, through the due index and as
     a full scan (SQLite `NOT INDEXED`, PostgreSQL with index scans disabled), and the ratio;
  3. breach lag: the worker loop (`pinzhi worker`'s `run_loop`, poll 0.5 s) runs in a thread
     while clocks fall due a few seconds ahead — half scheduled before it sleeps, half while it
     sleeps — and flagged_at − deadline is collected (p50 / p99 / max).
Goal (issue 3 part 4): a breach flagged within 1 s of its deadline with 1M open clocks.

    .venv/bin/python benchmarks/sla.py [--clocks 1000000] [--pg URL | --no-pg] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, text, update
from sqlalchemy.engine import make_url

from pinzhi import bootstrap
from pinzhi.core.clock import utcnow
from pinzhi.domain.service.sla import Measure, PriorityTier
from pinzhi.domain.sla.models import ClockStatus, SlaClockRow
from pinzhi.domain.sla.policies import seed_default_policies
from pinzhi.domain.sla.worker import worker_pass
from pinzhi.interfaces.cli.worker import run_loop
from pinzhi.settings import Settings

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "sla.json"
CHUNK = 20_000
DUE_COUNTS = (0, 100, 10_000)
POLL = 0.5
console = Console()


# --- stores ----------------------------------------------------------------------------------


@contextmanager
def sqlite_store(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'sla.db'}"


@contextmanager
def pg_store(base: str) -> Iterator[str]:
    schema = f"bench_sla_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def fill(platform: bootstrap.Platform, clocks: int, now: datetime) -> float:
    """N running clocks, deadlines 1 hour to 30 days ahead; returns seconds taken."""
    started = time.perf_counter()
    with platform.uow() as uow:
        seed_default_policies(uow=uow, now=now)
        uow.commit()
    table = SlaClockRow.__table__
    spread = 30 * 86_400 - 3600
    with platform.engine.begin() as conn:
        for first in range(0, clocks, CHUNK):
            rows = [
                {
                    "id": f"b{n:08d}",
                    "subject_kind": "bench",
                    "subject_id": f"s{n:08d}",
                    "policy_key": Measure.RETURN_AFTER_SHIPMENT.value,
                    "policy_version": 1,
                    "started_at": now,
                    "status": ClockStatus.RUNNING,
                    "elapsed_ms": 0,
                    "paused_ms": 0,
                    "deadline": now + timedelta(seconds=3600 + (n * 7919) % spread),
                    "escalation_level": 0,
                    "priority": PriorityTier.STANDARD,
                    "updated_at": now,
                }
                for n in range(first, min(first + CHUNK, clocks))
            ]
            conn.execute(table.insert(), rows)
    if platform.engine.dialect.name == "postgresql":
        with platform.engine.begin() as conn:
            conn.execute(text("ANALYZE sla_clocks"))
    else:
        with platform.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def make_due(engine: Engine, ids: list[str], deadline: datetime) -> None:
    with engine.begin() as conn:
        for first in range(0, len(ids), 1000):
            conn.execute(
                update(SlaClockRow)
                .where(SlaClockRow.id.in_(ids[first : first + 1000]))
                .values(deadline=deadline)
            )


# --- detection query: index against scan ------------------------------------------------------


DUE_SQL = (
    "SELECT id FROM sla_clocks{hint} WHERE breached_at IS NULL AND deadline <= :now "
    "ORDER BY deadline LIMIT 500"
)


def timed_query(engine: Engine, now: datetime, *, scan: bool, repeat: int = 3) -> float:
    """Best of `repeat` runs of the due-clock query, milliseconds."""
    sqlite = engine.dialect.name == "sqlite"
    sql = text(DUE_SQL.format(hint=" NOT INDEXED" if scan and sqlite else ""))
    # compare with the stored representation (SQLite keeps text, PostgreSQL timestamptz)
    bound = now.replace(tzinfo=None).isoformat(sep=" ") if sqlite else now
    best = float("inf")
    for _ in range(repeat):
        with engine.begin() as conn:
            if scan and not sqlite:
                conn.execute(text("SET LOCAL enable_indexscan = off"))
                conn.execute(text("SET LOCAL enable_bitmapscan = off"))
                conn.execute(text("SET LOCAL enable_indexonlyscan = off"))
            started = time.perf_counter()
            conn.execute(sql, {"now": bound}).all()
            best = min(best, time.perf_counter() - started)
    return best * 1000


def pass_costs(platform: bootstrap.Platform, clocks: int) -> list[dict[str, Any]]:
    results, offset = [], 0
    for k in DUE_COUNTS:
        now = utcnow()
        ids = [f"b{n:08d}" for n in range(offset, offset + k)]
        offset += k
        make_due(platform.engine, ids, now - timedelta(seconds=1))
        index_ms = timed_query(platform.engine, now, scan=False)
        scan_ms = timed_query(platform.engine, now, scan=True)
        started = time.perf_counter()
        report = worker_pass(uow_factory=platform.uow, now=now, sync=False)
        pass_ms = (time.perf_counter() - started) * 1000
        assert len(report.flagged) == k, (len(report.flagged), k)
        results.append(
            {
                "due": k,
                "pass_ms": round(pass_ms, 1),
                "pass_ms_per_flagged": round(pass_ms / k, 3) if k else None,
                "detect_index_ms": round(index_ms, 3),
                "detect_scan_ms": round(scan_ms, 1),
                "scan_over_index": round(scan_ms / index_ms, 1) if index_ms else None,
            }
        )
    return results


# --- lag ----------------------------------------------------------------------------------------


def breach_lag(
    platform: bootstrap.Platform, clocks: int, *, waves: int = 2, per_wave: int = 100
) -> dict[str, Any]:
    """flagged_at − deadline for clocks due a few seconds ahead, with the worker loop running."""
    ids = [f"b{n:08d}" for n in range(clocks - waves * per_wave, clocks)]  # not yet flagged
    running = True
    passes: list[float] = []

    def on_pass(_report: object) -> None:
        passes.append(time.perf_counter())

    first = ids[:per_wave]
    _schedule(platform.engine, first, utcnow() + timedelta(seconds=2))
    worker = threading.Thread(
        target=run_loop,
        kwargs={
            "wired": platform,
            "poll": POLL,
            "on_pass": on_pass,
            "keep_going": lambda: running,
            "sync_every": 3600,
        },
        daemon=True,
    )
    worker.start()
    for wave in range(1, waves):
        time.sleep(0.7)  # the worker now sleeps towards the first wave's deadlines
        _schedule(
            platform.engine,
            ids[wave * per_wave : (wave + 1) * per_wave],
            utcnow() + timedelta(seconds=2),
        )
    lags = _wait_flagged(platform.engine, ids)
    running = False
    worker.join(timeout=30)
    ordered = sorted(lags)
    return {
        "clocks": len(ordered),
        "poll_s": POLL,
        "passes": len(passes),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "within_1s": sum(lag <= 1.0 for lag in ordered) / len(ordered),
    }


def _schedule(engine: Engine, ids: list[str], base: datetime) -> None:
    """Deadlines spread over ~1.5 s after `base` (10 ms apart per clock in groups)."""
    with engine.begin() as conn:
        for n, clock_id in enumerate(ids):
            conn.execute(
                update(SlaClockRow)
                .where(SlaClockRow.id == clock_id)
                .values(deadline=base + timedelta(milliseconds=15 * n))
            )


def _wait_flagged(engine: Engine, ids: list[str], timeout: float = 60) -> list[float]:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        with engine.connect() as conn:
            rows = conn.execute(
                SlaClockRow.__table__.select()
                .with_only_columns(SlaClockRow.deadline, SlaClockRow.flagged_at)
                .where(SlaClockRow.id.in_(ids), SlaClockRow.flagged_at.is_not(None))
            ).all()
        if len(rows) == len(ids):
            return [(flagged - deadline).total_seconds() for deadline, flagged in rows]
        time.sleep(0.5)
    raise RuntimeError(f"only {len(rows)} of {len(ids)} clocks flagged within {timeout} s")


# --- run ----------------------------------------------------------------------------------------


def run_store(name: str, url: str, clocks: int, folder: Path) -> dict[str, Any]:
    settings = Settings(data_dir=folder / "var", secret_key="bench")
    platform = bootstrap.build(settings, database_url=url)
    bootstrap.migrate_to_head(platform)
    console.print(f"[bold]{name}[/]: inserting {clocks:,} open clocks …")
    fill_s = fill(platform, clocks, utcnow())
    console.print(f"  inserted in {fill_s:.1f} s; measuring passes …")
    costs = pass_costs(platform, clocks)
    console.print("  measuring breach lag with the worker loop …")
    lag = breach_lag(platform, clocks)
    platform.engine.dispose()
    return {
        "store": name,
        "clocks": clocks,
        "fill_s": round(fill_s, 1),
        "passes": costs,
        "lag": lag,
    }


def show(results: list[dict[str, Any]]) -> None:
    table = Table(title="worker pass with N open clocks (index vs full scan of the due query)")
    for column in (
        "store",
        "due k",
        "pass ms",
        "ms / flagged",
        "due query: index ms",
        "scan ms",
        "scan / index",
    ):
        table.add_column(column, justify="right")
    for result in results:
        for row in result["passes"]:
            table.add_row(
                f"{result['store']} ({result['clocks']:,})",
                f"{row['due']:,}",
                f"{row['pass_ms']:,.1f}",
                "—" if row["pass_ms_per_flagged"] is None else f"{row['pass_ms_per_flagged']:.3f}",
                f"{row['detect_index_ms']:.3f}",
                f"{row['detect_scan_ms']:,.1f}",
                f"{row['scan_over_index']:,.0f}×",
            )
    console.print(table)
    lag_table = Table(title="breach lag: flagged_at − deadline (goal ≤ 1 s)")
    for column in ("store", "clocks", "poll s", "p50 ms", "p99 ms", "max ms", "≤ 1 s"):
        lag_table.add_column(column, justify="right")
    for result in results:
        lag = result["lag"]
        lag_table.add_row(
            result["store"],
            str(lag["clocks"]),
            str(lag["poll_s"]),
            f"{lag['p50_ms']:.1f}",
            f"{lag['p99_ms']:.1f}",
            f"{lag['max_ms']:.1f}",
            f"{lag['within_1s']:.0%}",
        )
    console.print(lag_table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("PINZHI_TEST_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    stores: list[tuple[str, Callable[[Path], Any]]] = []
    if not args.no_sqlite:
        stores.append(("sqlite", sqlite_store))
    if args.pg and not args.no_pg:
        stores.append(("postgresql", lambda _folder: pg_store(args.pg)))
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-sla-") as tmp:
        for name, store in stores:
            folder = Path(tmp) / name
            folder.mkdir()
            with store(folder) as url:
                results.append(run_store(name, url, args.clocks, folder))
    show(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"measured_at": utcnow().isoformat(), "results": results}, indent=2)
    )
    console.print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
