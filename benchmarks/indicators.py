"""How fast are the core indicators, and do all ways of computing them agree?

Variants, on the same data:
  ibis-duckdb   the metrics of `pinzhi.domain.indicators.metrics` on DuckDB (what `pinzhi run` does)
  ibis-spark    the same expressions on PySpark local[2] (with --spark)
  pandas        a hand-written pandas baseline over the same Parquet lake
  sqlite-sql    hand-written SQL against the SQLite store itself

Data: a platform from the simulator and importer (`pinzhi simulate` + `pinzhi import`) when both
exist, otherwise (or with --numpy) orders, after-sales cases and reviews generated with numpy and
written straight into SQLite. Then the lake is exported from the store, exactly as the daily run
does. Each variant computes every metric for the 121 days up to the as-of day; results are
compared as (day, merchant, metric, numerator, denominator).

    .venv/bin/python benchmarks/indicators.py [--orders 1000000] [--spark] [--numpy]

Prints a table and writes benchmarks/results/indicators.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pinzhi import bootstrap
from pinzhi.adapters.analytics import EngineName, connect
from pinzhi.core.clock import day_bounds, utcnow
from pinzhi.domain import tables
from pinzhi.domain.indicators import metrics
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES, ORDER_LIFE_DAYS
from pinzhi.settings import Settings
from pinzhi.store.lake import export_lake

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "indicators.json"
TZ = ZoneInfo("Asia/Shanghai")
Rows = set[tuple[date, str, str, int, int]]


# --- data ------------------------------------------------------------------------------------


def numpy_store(db: Path, *, orders: int, merchants: int, days: int, as_of: date) -> None:
    """Orders with promises and outcomes, refund cases and reviews, written into SQLite."""
    rng = np.random.default_rng(7)
    start = int(day_bounds(as_of - timedelta(days=days - 1), TZ)[0].timestamp())
    placed = np.sort(rng.integers(start, start + days * 86_400, orders))
    merchant = rng.zipf(1.6, orders) % merchants
    sloppy = rng.random(merchants)[merchant]
    cancelled = rng.random(orders) < 0.04
    ship_by = placed + 48 * 3600
    shipped = placed + (rng.lognormal(10.2, 0.6, orders) * (0.6 + sloppy)).astype(np.int64)
    unshipped = cancelled | (rng.random(orders) < 0.02)
    estimate = np.where(rng.random(orders) < 0.1, -1, placed + 5 * 86_400)
    delivered = shipped + rng.lognormal(11.8, 0.5, orders).astype(np.int64)
    ids = np.char.add("o", np.arange(orders).astype(str))
    status = np.where(cancelled, "cancelled", np.where(unshipped, "paid", "delivered"))
    paid = rng.integers(990, 99_000, orders)
    order_rows = zip(
        ids.tolist(),
        (merchant % 5000).astype(str).tolist(),
        np.char.add("m", merchant.astype(str)).tolist(),
        status.tolist(),
        paid.tolist(),
        _text(placed),
        _text(ship_by),
        _text(np.where(unshipped, -1, shipped)),
        _text(estimate),
        _text(np.where(unshipped, -1, delivered)),
        _text(np.where(cancelled, placed + 600, -1)),
        strict=True,
    )
    with_case = np.flatnonzero(rng.random(orders) < 0.08)
    kinds = np.array(
        ["refund_before_shipment", "return_refund", "refund_only", "exchange", "repair"]
    )
    case_rows = zip(
        np.char.add("a", with_case.astype(str)).tolist(),
        ids[with_case].tolist(),
        (merchant[with_case] % 5000).astype(str).tolist(),
        np.char.add("m", merchant[with_case].astype(str)).tolist(),
        kinds[rng.integers(0, len(kinds), len(with_case))].tolist(),
        _text(placed[with_case] + rng.integers(3600, 20 * 86_400, len(with_case))),
        strict=True,
    )
    reviewed = np.flatnonzero(~unshipped & (rng.random(orders) < 0.3))
    review_rows = zip(
        np.char.add("r", reviewed.astype(str)).tolist(),
        ids[reviewed].tolist(),
        (merchant[reviewed] % 5000).astype(str).tolist(),
        np.char.add("m", merchant[reviewed].astype(str)).tolist(),
        rng.choice([1, 2, 3, 4, 5], len(reviewed), p=[0.04, 0.03, 0.08, 0.25, 0.6]).tolist(),
        _text(delivered[reviewed] + rng.integers(3600, 10 * 86_400, len(reviewed))),
        strict=True,
    )
    joined = "2024-01-01 00:00:00.000000"
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO merchants (id, name, kind, main_category, joined_at, status, deposit_fen)"
            " VALUES (?, ?, 'third_party', 'general', ?, 'active', 0)",
            [(f"m{m}", f"店铺{m}", joined) for m in range(merchants)],
        )
        conn.executemany(
            "INSERT INTO consumers (id, registered_at, elderly, disabled, locale, credit_score,"
            " credit_level) VALUES (?, ?, 0, 0, 'zh-CN', 600, 'good')",
            [(str(c), joined) for c in range(min(5000, orders))],
        )
        conn.executemany(
            "INSERT INTO orders (id, consumer_id, merchant_id, status, currency, goods_fen,"
            " freight_fen, discount_fen, paid_fen, placed_at, ship_by, shipped_at,"
            " estimated_delivery_at, delivered_at, cancelled_at, cross_border)"
            " VALUES (?1, ?2, ?3, ?4, 'CNY', ?5, 0, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
            order_rows,
        )
        conn.executemany(
            "INSERT INTO aftersales_cases (id, order_id, consumer_id, merchant_id, kind, reason,"
            " status, requested_at, requested_fen, refunded_fen)"
            " VALUES (?, ?, ?, ?, ?, 'no_reason', 'requested', ?, 0, 0)",
            case_rows,
        )
        conn.executemany(
            "INSERT INTO reviews (id, order_id, consumer_id, merchant_id, rating, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            review_rows,
        )


def _text(seconds: np.ndarray) -> list[str | None]:
    """Epoch seconds (-1: none) as the UTC text SQLAlchemy stores in SQLite."""
    stamps = pa.array(seconds * 1_000_000, pa.int64()).cast(pa.timestamp("us"))
    text = pc.strftime(stamps, format="%Y-%m-%d %H:%M:%S")
    values: list[str | None] = pc.if_else(pa.array(seconds < 0), None, text).to_pylist()
    return values


def simulated_store(db: Path, work: Path, *, merchants: int, days: int) -> date | None:
    """Simulate and import with the project's own commands; None when they are not there yet."""
    pinzhi = [str(Path(sys.executable).parent / "pinzhi")]
    probe = subprocess.run([*pinzhi, "--help"], capture_output=True, text=True, check=True)
    if "simulate" not in probe.stdout or "import" not in probe.stdout:
        return None
    out = work / "simulated"
    size = ["--merchants", str(merchants), "--days", str(days), "--seed", "1"]
    subprocess.run([*pinzhi, "simulate", "--out", str(out), *size], check=True)
    subprocess.run([*pinzhi, "import", str(out), "--db", f"sqlite:///{db}"], check=True)
    with sqlite3.connect(db) as conn:
        (last,) = conn.execute("SELECT max(placed_at) FROM orders").fetchone()
    return datetime.fromisoformat(last).replace(tzinfo=UTC).astimezone(TZ).date()


# --- variants ----------------------------------------------------------------------------------


def ibis_variant(
    engine: EngineName, lake: Path, days: list[date], cutoff: datetime, **kw: Any
) -> Rows:
    with connect(engine, lake_dir=lake, **kw) as analytics:
        expr = metrics.indicator_values(
            orders=analytics.table("orders"),
            aftersales_cases=analytics.table("aftersales_cases"),
            reviews=analytics.table("reviews"),
            days=days,
            tz=TZ,
            cutoff=cutoff,
        )
        result = analytics.to_arrow(expr)
    return {
        (d, m, k, n, q)
        for d, m, k, n, q in zip(*(result.column(c).to_pylist() for c in KEYS_OUT), strict=True)
    }


KEYS_OUT = ("day", "merchant_id", "metric", "numerator", "denominator")
REFUND_KINDS = tuple(k.value for k in metrics.REFUND_KINDS)
ORDER_SUMS = {
    "orders": ("orders", None),
    "gmv_fen": ("gmv", None),
    "cancellation_rate": ("cancelled", "orders"),
    "late_shipment_rate": ("ship_late", "ship_due"),
    "late_delivery_rate": ("deliver_late", "deliver_due"),
    "refund_rate": ("refund", "orders"),
}


def pandas_variant(lake: Path, days: list[date], cutoff: datetime) -> Rows:
    orders = pd.read_parquet(lake / "orders")
    cases = pd.read_parquet(lake / "aftersales_cases", columns=["order_id", "kind", "requested_at"])
    reviews = pd.read_parquet(lake / "reviews", columns=["merchant_id", "rating", "created_at"])
    cut = pd.Timestamp(cutoff)
    first, last = day_bounds(days[0], TZ)[0], cutoff
    o = orders[(orders.placed_at >= first) & (orders.placed_at < last)].copy()
    o["day"] = o.placed_at.dt.tz_convert(TZ).dt.date
    cancelled = (o.status == "cancelled") & (o.cancelled_at.isna() | (o.cancelled_at < cut))
    shipped = o.shipped_at.notna() & (o.shipped_at < cut)
    delivered = o.delivered_at.notna() & (o.delivered_at < cut)
    ship_over = ~shipped & o.ship_by.notna() & (o.ship_by < cut)
    est = o.estimated_delivery_at
    deliver_over = ~delivered & est.notna() & (est < cut)
    refunded = cases[cases.kind.isin(REFUND_KINDS) & (cases.requested_at < cut)].order_id
    facts = pd.DataFrame(
        {
            "day": o.day,
            "merchant_id": o.merchant_id,
            "orders": 1,
            "gmv": o.paid_fen.where(~cancelled, 0),
            "cancelled": cancelled.astype(int),
            "ship_due": (~cancelled & o.ship_by.notna() & (o.ship_by < cut)).astype(int),
            "ship_late": (~cancelled & ((shipped & (o.shipped_at > o.ship_by)) | ship_over)).astype(
                int
            ),
            "deliver_due": (~cancelled & est.notna() & (est < cut)).astype(int),
            "deliver_late": (
                ~cancelled & ((delivered & (o.delivered_at > est)) | deliver_over)
            ).astype(int),
            "refund": o.id.isin(set(refunded)).astype(int),
        }
    )
    wide = facts.groupby(["day", "merchant_id"]).sum()
    r = reviews[(reviews.created_at >= first) & (reviews.created_at < last)]
    r = r.assign(day=r.created_at.dt.tz_convert(TZ).dt.date, reviews=1)
    scores = r.groupby(["day", "merchant_id"])[["rating", "reviews"]].sum()
    return _long(_records(wide), _records(scores))


def sqlite_variant(db: Path, days: list[date], cutoff: datetime) -> Rows:
    """Hand-written SQL; local day as UTC+8 (Asia/Shanghai keeps no daylight saving)."""
    cut = cutoff.strftime("%Y-%m-%d %H:%M:%S.%f")
    start = day_bounds(days[0], TZ)[0].strftime("%Y-%m-%d %H:%M:%S.%f")
    kinds = ", ".join(f"'{k}'" for k in REFUND_KINDS)
    facts = f"""
      WITH o AS (
        SELECT date(placed_at, '+8 hours') AS day, merchant_id, paid_fen, id,
               ship_by, shipped_at, estimated_delivery_at AS est, delivered_at,
               status = 'cancelled' AND (cancelled_at IS NULL OR cancelled_at < :cut) AS cancelled,
               shipped_at IS NOT NULL AND shipped_at < :cut AS shipped,
               delivered_at IS NOT NULL AND delivered_at < :cut AS delivered
        FROM orders WHERE placed_at >= :start AND placed_at < :cut
      ), f AS (
        SELECT *, NOT shipped AND ship_by < :cut AS ship_over,
               NOT delivered AND est < :cut AS deliver_over,
               id IN (SELECT order_id FROM aftersales_cases
                      WHERE kind IN ({kinds}) AND requested_at < :cut) AS refund
        FROM o
      )
      SELECT day, merchant_id, count(*) AS orders,
             sum(CASE WHEN cancelled THEN 0 ELSE paid_fen END) AS gmv,
             sum(cancelled) AS cancelled,
             sum(IFNULL(NOT cancelled AND ship_by < :cut, 0)) AS ship_due,
             sum(IFNULL(NOT cancelled AND ((shipped AND shipped_at > ship_by) OR ship_over), 0))
               AS ship_late,
             sum(IFNULL(NOT cancelled AND est < :cut, 0)) AS deliver_due,
             sum(IFNULL(NOT cancelled AND ((delivered AND delivered_at > est) OR deliver_over), 0))
               AS deliver_late,
             sum(refund) AS refund
      FROM f GROUP BY day, merchant_id"""
    scores = """
      SELECT date(created_at, '+8 hours') AS day, merchant_id, sum(rating) AS rating,
             count(*) AS reviews
      FROM reviews WHERE created_at >= :start AND created_at < :cut GROUP BY day, merchant_id"""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        params = {"cut": cut, "start": start}
        wide = [dict(r) for r in conn.execute(facts, params)]
        review = [dict(r) for r in conn.execute(scores, params)]
    for row in wide + review:
        row["day"] = date.fromisoformat(row["day"])
    return _long(wide, review)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): (int(v) if isinstance(v, np.integer) else v) for k, v in r.items()}
        for r in frame.reset_index().to_dict("records")
    ]


def _long(orders: list[dict[str, Any]], reviews: list[dict[str, Any]]) -> Rows:
    """Wide per-merchant sums to (day, merchant, metric, numerator, denominator), plus "*" rows."""
    rows: Rows = set()
    platform: dict[tuple[date, str], list[int]] = {}
    for wide, spec in (
        (orders, ORDER_SUMS),
        (reviews, {"avg_review_score": ("rating", "reviews")}),
    ):
        for record in wide:
            for metric, (num, den) in spec.items():
                n, q = int(record[num]), 1 if den is None else int(record[den])
                rows.add((record["day"], record["merchant_id"], metric, n, q))
                total = platform.setdefault((record["day"], metric), [0, 0])
                total[0] += n
                total[1] += q
    for (day, metric), (n, q) in platform.items():
        totals = {"orders", "gmv_fen"}
        rows.add((day, "*", metric, n, 1 if metric in totals else q))
    return rows


# --- run ---------------------------------------------------------------------------------------


def timed(function: Callable[[], Rows], repeats: int) -> tuple[float, Rows]:
    best, result = float("inf"), set()
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000, help="numpy data: orders")
    parser.add_argument("--merchants", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--numpy", action="store_true", help="skip the simulator")
    parser.add_argument("--spark", action="store_true", help="also time PySpark local[2]")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/pinzhi-bench-indicators"))
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    db = args.work / "store.db"
    settings = Settings(data_dir=args.work / "var", secret_key="bench")
    wired = bootstrap.build(settings, database_url=f"sqlite:///{db}")
    bootstrap.migrate_to_head(wired)

    started = time.perf_counter()
    as_of = (
        None
        if args.numpy
        else simulated_store(db, args.work, merchants=args.merchants, days=args.days)
    )
    source = "simulator"
    if as_of is None:
        as_of, source = date(2026, 6, 30), "numpy"
        numpy_store(db, orders=args.orders, merchants=args.merchants, days=args.days, as_of=as_of)
    load_seconds = time.perf_counter() - started
    with sqlite3.connect(db) as conn:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("orders", "aftersales_cases", "reviews")
        }

    started = time.perf_counter()
    export_lake(
        engine=wired.engine,
        metadata=tables.metadata,
        layout=LAKE_TABLES,
        lake_dir=wired.lake_dir,
        as_of=as_of,
        now=utcnow(),
        tz=TZ,
        look_back_days=ORDER_LIFE_DAYS,
    )
    export_seconds = time.perf_counter() - started

    days = metrics.window(as_of, ORDER_LIFE_DAYS)
    cutoff = day_bounds(as_of, TZ)[1]
    variants: dict[str, Callable[[], Rows]] = {
        "ibis-duckdb": lambda: ibis_variant("duckdb", wired.lake_dir, days, cutoff),
        "pandas": lambda: pandas_variant(wired.lake_dir, days, cutoff),
        "sqlite-sql": lambda: sqlite_variant(db, days, cutoff),
    }
    if args.spark:
        from pinzhi.adapters.analytics.spark_engine import spark_session

        session = spark_session("local[2]")
        variants["ibis-spark"] = lambda: ibis_variant(
            "spark", wired.lake_dir, days, cutoff, session=session
        )
    measured = {name: timed(run, args.repeats) for name, run in variants.items()}
    reference = measured["ibis-duckdb"][1]
    base = measured["ibis-duckdb"][0]

    print(
        f"data: {source}, {counts}, as of {as_of}; load {load_seconds:.1f} s, "
        f"lake export {export_seconds:.2f} s"
    )
    print(f"{'variant':<12} {'seconds':>8} {'× duckdb':>9} {'rows':>8}  agrees")
    report: dict[str, Any] = {}
    for name, (seconds, rows) in measured.items():
        agrees = rows == reference
        print(f"{name:<12} {seconds:8.3f} {seconds / base:9.2f} {len(rows):8d}  {agrees}")
        report[name] = {
            "seconds": round(seconds, 4),
            "ratio_to_duckdb": round(seconds / base, 2),
            "rows": len(rows),
            "agrees_with_duckdb": agrees,
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    recorded = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    recorded["benchmark"] = "core indicators: every metric, 121 days up to the as-of day"
    recorded.setdefault("runs", {})[source] = {
        "measured_at": utcnow().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": host.python_version()},
        "data": {**counts, "as_of": as_of.isoformat()},
        "load_seconds": round(load_seconds, 2),
        "lake_export_seconds": round(export_seconds, 2),
        "repeats": args.repeats,
        "variants": report,
    }
    RESULTS.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n")
    if not all(v["agrees_with_duckdb"] for v in report.values()):
        sys.exit("variants disagree")


if __name__ == "__main__":
    main()
