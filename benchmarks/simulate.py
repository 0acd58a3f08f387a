"""How fast does `pinzhi simulate` write a platform, and how much memory does it need?

For each size (orders over the period) the simulator writes every importable table as
Parquet into a temporary directory, in a child process of its own so that peak memory
(max RSS) belongs to that size alone. Reported: wall time, CPU time, rows per second in
total and per table, peak memory.

    .venv/bin/python benchmarks/simulate.py [--orders 1000000,10000000] [--days 30]
                                            [--merchants 2000] [--format parquet]

Prints a table and writes benchmarks/results/simulate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from pinzhi.adapters.simulate import seasons
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.adapters.simulate.writer import Format

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "simulate.json"


def run_one(*, orders: int, days: int, merchants: int, fmt: Format) -> dict[str, Any]:
    """Simulate one size in this process and measure it."""
    start = Scenario(merchants=1, days=1, seed=1).start
    demand = sum(seasons.demand_factor(start + timedelta(days=day)) for day in range(days))
    scenario = Scenario(
        merchants=merchants, days=days, seed=1, start=start, orders_per_day=round(orders / demand)
    )
    with tempfile.TemporaryDirectory(prefix="pinzhi-simulate-") as out:
        started, cpu = time.perf_counter(), time.process_time()
        rows = simulate(scenario=scenario, out=Path(out), fmt=fmt)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        size = sum(f.stat().st_size for f in Path(out).iterdir())
    return {
        "target_orders": orders,
        "orders": rows["orders"],
        "rows": sum(rows.values()),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "bytes_written": size,
        "rows_per_table": rows,
        "merchants": merchants,
        "days": days,
        "format": fmt.value,
    }


def run_in_child(args: argparse.Namespace, orders: int) -> dict[str, Any]:
    size = ["--orders", str(orders), "--days", str(args.days), "--merchants", str(args.merchants)]
    command = [sys.executable, __file__, "--child", *size, "--format", args.format]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def report(runs: list[dict[str, Any]]) -> None:
    print(f"{'orders':>12} {'rows':>13} {'seconds':>9} {'cpu s':>8} {'rows/s':>11} "
          f"{'orders/s':>10} {'peak MB':>8} {'MB on disk':>10}")  # fmt: skip
    for run in runs:
        print(
            f"{run['orders']:>12,} {run['rows']:>13,} {run['seconds']:>9.1f} "
            f"{run['cpu_seconds']:>8.1f} {run['rows'] / run['seconds']:>11,.0f} "
            f"{run['orders'] / run['seconds']:>10,.0f} {run['peak_rss_mb']:>8,} "
            f"{run['bytes_written'] / 1e6:>10,.0f}"
        )
    largest = runs[-1]
    print(
        f"\nrows per second by table, {largest['orders']:,} orders (tables are written together):"
    )
    for name, rows in sorted(largest["rows_per_table"].items(), key=lambda item: -item[1]):
        print(f"  {name:<26} {rows:>12,} rows {rows / largest['seconds']:>12,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", default="1000000,10000000", help="comma-separated sizes")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--merchants", type=int, default=2000)
    parser.add_argument("--format", default=Format.PARQUET.value, choices=[f.value for f in Format])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.orders.split(",")]
    if args.child:
        one = run_one(
            orders=sizes[0], days=args.days, merchants=args.merchants, fmt=Format(args.format)
        )
        print(json.dumps(one))
        return
    runs = [run_in_child(args, orders) for orders in sizes]
    report(runs)
    RESULTS.parent.mkdir(exist_ok=True)
    machine = {"python": host.python_version(), "machine": host.machine(), "cpus": os.cpu_count()}
    RESULTS.write_text(json.dumps({"host": machine, "runs": runs}, indent=2) + "\n")
    print(f"\nwritten {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
