"""How fast does `pinzhi import` load a platform, next to a raw COPY of the same files?

Variants, on the same simulator output (`pinzhi simulate`, Parquet):
  pinzhi-postgres            import_directory into PostgreSQL: every row validated (types,
                             enums, CHECKs, keys, foreign keys, time orderings), COPY into
                             staging tables, INSERT … ON CONFLICT into the real tables
  pinzhi-postgres-reimport   the same files again: every row an update (idempotent upsert)
  copy-postgres              baseline: the same Parquet files read with pyarrow, written as CSV
                             by Arrow and COPYed into bare tables (same columns and types; no
                             keys, constraints or indexes), one transaction
  copy-postgres-schema       the same COPY straight into the migrated tables (keys, indexes,
                             CHECKs, foreign-key triggers): what the schema itself costs
  pinzhi-sqlite              import_directory into SQLite (executemany upserts)

    .venv/bin/python benchmarks/import_rate.py [--merchants 200] [--days 90] [--pg URL]

PostgreSQL comes from --pg, else PINZHI_TEST_PG_URL; each variant gets a fresh schema.
Prints a table and writes benchmarks/results/import_rate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from pinzhi.adapters.ingest.importer import import_directory
from pinzhi.adapters.ingest.load_postgres import csv_bytes
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.domain.tables import importable_tables
from pinzhi.store import migrate
from pinzhi.store.database import make_engine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "import_rate.json"


@contextmanager
def pg_schema(base_url: str) -> Iterator[Engine]:
    """An engine whose search_path is a fresh schema, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def pinzhi_postgres(base_url: str, files: Path) -> dict[str, float]:
    with pg_schema(base_url) as engine:
        migrate.upgrade(engine)
        first = timed(lambda: import_directory(engine=engine, directory=files))
        again = timed(lambda: import_directory(engine=engine, directory=files))
    return {"pinzhi-postgres": first, "pinzhi-postgres-reimport": again}


def raw_copy(base_url: str, files: Path, *, bare: bool) -> float:
    """COPY the files without validation: into bare tables (the floor), or the real schema."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    with pg_schema(base_url) as engine:
        if not bare:
            migrate.upgrade(engine)
        with engine.begin() as connection:
            for table in importable_tables() if bare else []:
                columns = ", ".join(
                    f'"{c.name}" {c.type.compile(dialect=dialect)}' for c in table.columns
                )
                connection.execute(text(f'CREATE TABLE "{table.name}" ({columns})'))
        return timed(lambda: _copy_all(engine, files))


def _copy_all(engine: Engine, files: Path) -> None:
    with engine.begin() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for table in importable_tables():
            path = files / f"{table.name}.parquet"
            if not path.exists():
                continue
            data = pq.read_table(path)
            names = ", ".join(f'"{name}"' for name in data.column_names)
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN (FORMAT csv)') as copy:
                for batch in data.to_batches(max_chunksize=100_000):
                    copy.write(csv_bytes(batch))


def pinzhi_sqlite(work: Path, files: Path) -> float:
    engine = make_engine(f"sqlite:///{work / 'bench.db'}")
    migrate.upgrade(engine)
    try:
        return timed(lambda: import_directory(engine=engine, directory=files))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merchants", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("PINZHI_TEST_PG_URL"))
    args = parser.parse_args()
    if not args.pg:
        parser.error("PostgreSQL needed: pass --pg URL or set PINZHI_TEST_PG_URL")

    with tempfile.TemporaryDirectory(prefix="pinzhi-bench-") as tmp:
        work, files = Path(tmp), Path(tmp) / "files"
        scenario = Scenario(merchants=args.merchants, days=args.days, seed=args.seed)
        started = time.perf_counter()
        rows = simulate(scenario=scenario, out=files)
        simulated = time.perf_counter() - started
        seconds = {
            **pinzhi_postgres(args.pg, files),
            "copy-postgres": raw_copy(args.pg, files, bare=True),
            "copy-postgres-schema": raw_copy(args.pg, files, bare=False),
            "pinzhi-sqlite": pinzhi_sqlite(work, files),
        }
    report(args, rows, simulated, seconds)


def report(
    args: argparse.Namespace, rows: dict[str, int], simulated: float, seconds: dict[str, float]
) -> None:
    total = sum(rows.values())
    ratio = seconds["copy-postgres"] / seconds["pinzhi-postgres"]
    scale = f"{args.merchants} merchants, {args.days} days; simulated in {simulated:.1f} s"
    print(f"\n{total:,} rows in {len(rows)} tables ({scale})\n")
    print(f"{'variant':<26} {'seconds':>9} {'rows/s':>12}")
    for variant, spent in seconds.items():
        print(f"{variant:<26} {spent:>9.2f} {total / spent:>12,.0f}")
    print(f"\npinzhi into PostgreSQL runs at {ratio:.0%} of the raw COPY rate")
    result: dict[str, Any] = {
        "scenario": {"merchants": args.merchants, "days": args.days, "seed": args.seed},
        "rows": total,
        "rows_per_table": rows,
        "variants": {
            variant: {"seconds": round(spent, 3), "rows_per_second": round(total / spent)}
            for variant, spent in seconds.items()
        },
        "pinzhi_postgres_to_copy_rate": round(ratio, 3),
        "host": {"python": host.python_version(), "machine": host.machine()},
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
