"""How long does one logistics-anomaly pass take, the first (every shipment) and the next ones?

Runs `detect_anomalies` on an imported platform (`pinzhi simulate`, `pinzhi import`): a first
pass at `--at` looks at every shipment; a second at the same instant must change nothing (the
pass is idempotent); a third an hour later looks only at what can have changed. Prints a table,
writes benchmarks/results/logistics_anomalies-<store>.json and compares with the previous
result on the same store.
The passes write anomalies, notices and records: use a throwaway copy of the platform.

    PINZHI_DATA_DIR=/tmp/bench .venv/bin/python benchmarks/logistics_anomalies.py \
        --at 2025-07-01T00:00:00+08:00
"""

from __future__ import annotations

import argparse
import json
import platform as host
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pinzhi import bootstrap
from pinzhi.domain.logistics.anomalies import detect_anomalies
from pinzhi.domain.logistics.models import LogisticsEvent, Shipment
from pinzhi.domain.logistics.queries import count_open_anomalies

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def one_pass(platform: bootstrap.Platform, name: str, at: datetime) -> dict[str, Any]:
    started = time.perf_counter()
    with platform.uow() as uow:
        report = detect_anomalies(uow=uow, now=at)
        uow.commit()
    return {
        "pass": name,
        "at": at.isoformat(),
        "seconds": round(time.perf_counter() - started, 3),
        "examined": report.examined,
        "opened": dict(report.opened),
        "resolved": dict(report.resolved),
        "recorded_over": dict(report.recorded_over),
        "notices": report.notices,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at", type=datetime.fromisoformat, required=True)
    parser.add_argument("--db", help="SQLAlchemy URL; default: the platform's own database")
    args = parser.parse_args()
    platform = bootstrap.build(database_url=args.db)
    with platform.uow() as uow:
        shipments = uow.session.scalar(select(func.count()).select_from(Shipment))
        events = uow.session.scalar(select(func.count()).select_from(LogisticsEvent))
    passes = [
        one_pass(platform, "first", args.at),
        one_pass(platform, "again", args.at),
        one_pass(platform, "hour later", args.at + timedelta(hours=1)),
    ]
    with platform.uow() as uow:
        still_open = count_open_anomalies(uow=uow)
    result = RESULTS / f"logistics_anomalies-{platform.engine.dialect.name}.json"
    previous = json.loads(result.read_text()) if result.exists() else None
    print(f"{shipments:,} shipments, {events:,} events on {platform.engine.dialect.name}")
    print(f"{'pass':12} {'seconds':>8} {'examined':>9} {'opened':>40} {'over':>30}")
    for row in passes:
        print(
            f"{row['pass']:12} {row['seconds']:8.3f} {row['examined']:9,} "
            f"{json.dumps(row['opened']):>40} {json.dumps(row['recorded_over']):>30}"
        )
    print(f"open after the passes: {still_open}")
    if previous is not None:
        for old, new in zip(previous["passes"], passes, strict=False):
            ratio = new["seconds"] / old["seconds"] if old["seconds"] else float("nan")
            print(f"{new['pass']:12} {ratio:6.2f}× the previous result ({old['seconds']} s)")
    RESULTS.mkdir(exist_ok=True)
    result.write_text(
        json.dumps(
            {
                "host": f"{host.system()} {host.machine()}, {host.python_version()}",
                "store": platform.engine.dialect.name,
                "shipments": shipments,
                "events": events,
                "passes": passes,
                "open": still_open,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
