"""How long does service attainment take on DuckDB and on Spark, and do they agree?

Reads an exported lake (run `pinzhi run` on a platform first: `pinzhi simulate`, `pinzhi import`,
`pinzhi run --as-of DAY`), computes `service_metrics.attainment_values` for the 121 days up to
DAY on each engine `--repeat` times, checks both give identical rows, and prints a table.

    .venv/bin/python benchmarks/attainment.py --lake $PINZHI_DATA_DIR/lake/<id> --as-of 2025-06-30

Writes benchmarks/results/attainment.json.
"""

from __future__ import annotations

import argparse
import json
import platform as host
import time
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from pinzhi.adapters.analytics import EngineName, connect
from pinzhi.core.clock import day_bounds
from pinzhi.domain.indicators import metrics, service_metrics
from pinzhi.domain.indicators.lake_tables import ORDER_LIFE_DAYS

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "attainment.json"
TZ = ZoneInfo("Asia/Shanghai")


def compute(engine: EngineName, lake: Path, as_of: date, repeat: int) -> tuple[pa.Table, Any]:
    started = time.perf_counter()
    with connect(engine, lake_dir=lake) as analytics:
        opened = time.perf_counter() - started
        timings = []
        result = pa.table({})
        for _ in range(repeat):
            began = time.perf_counter()
            expression = service_metrics.attainment_values(
                service_sessions=analytics.table("service_sessions"),
                service_messages=analytics.table("service_messages"),
                aftersales_cases=analytics.table("aftersales_cases"),
                days=metrics.window(as_of, ORDER_LIFE_DAYS),
                tz=TZ,
                cutoff=day_bounds(as_of, TZ)[1],
            )
            result = analytics.to_arrow(expression)
            timings.append(time.perf_counter() - began)
        messages = analytics.to_arrow(analytics.table("service_messages").count().as_table())
    keys = [(name, "ascending") for name in service_metrics.ROW_FIELDS[:6]]
    return result.sort_by(keys), {
        "engine": engine,
        "open_seconds": round(opened, 2),
        "best_seconds": round(min(timings), 2),
        "all_seconds": [round(t, 2) for t in timings],
        "rows": result.num_rows,
        "messages": messages.column(0)[0].as_py(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", type=Path, required=True)
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for engine in ("duckdb", "spark"):
        results[engine] = compute(engine, args.lake, args.as_of, args.repeat)
    (on_duckdb, duckdb_stats), (on_spark, spark_stats) = results["duckdb"], results["spark"]
    agree = on_duckdb.to_pylist() == on_spark.to_pylist()
    print(f"{'engine':8} {'open s':>8} {'best s':>8} {'rows':>8} {'messages':>10}")
    for stats in (duckdb_stats, spark_stats):
        print(
            f"{stats['engine']:8} {stats['open_seconds']:8.2f} {stats['best_seconds']:8.2f} "
            f"{stats['rows']:8,} {stats['messages']:10,}"
        )
    print(f"identical rows on both engines: {agree}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "as_of": args.as_of.isoformat(),
                "host": f"{host.system()} {host.machine()}, {host.python_version()}",
                "engines": [duckdb_stats, spark_stats],
                "identical": agree,
            },
            indent=2,
        )
        + "\n"
    )
    if not agree:
        raise SystemExit("the engines disagree")


if __name__ == "__main__":
    main()
