"""Service attainment is defined once: DuckDB and Spark give identical rows and percentiles."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from pinzhi.adapters.analytics import EngineName, connect
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import day_bounds
from pinzhi.domain import tables
from pinzhi.domain.aftersales.models import AftersalesCase, CaseKind, CaseReason, CaseStatus
from pinzhi.domain.catalog.models import Merchant, MerchantKind
from pinzhi.domain.customers.models import Consumer
from pinzhi.domain.indicators import metrics, service_metrics
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.domain.service.models import (
    Channel,
    Sender,
    ServiceMessage,
    ServiceSession,
    Staff,
    StaffPost,
)
from pinzhi.store.lake import export_lake

pytestmark = pytest.mark.spark

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)
START = datetime(2026, 6, 1, 16, tzinfo=UTC)
"""Local midnight of 2 June."""
SINCE = datetime(2025, 1, 1, tzinfo=UTC)
SESSIONS = 300
CASES = 150


def _people(session: Any) -> None:
    session.add_all(
        [Merchant(id=f"m{n}", name=f"店{n}", kind=MerchantKind.THIRD_PARTY,
                  main_category="家电", joined_at=SINCE) for n in range(4)]
        + [Consumer(id="c1", registered_at=SINCE)]
        + [Staff(id=f"a{n}", name=f"客服{n}", post=StaffPost.AGENT, hired_at=SINCE)
           for n in range(3)]
    )  # fmt: skip
    session.flush()


def _turns(rng: random.Random, session_id: str, opened: datetime) -> list[ServiceMessage]:
    """Random turns with ties on one instant, millisecond times, and `seq` out of step."""
    at, out = opened, []
    for seq in range(1, rng.randrange(1, 9)):
        at += timedelta(milliseconds=rng.choice([0, 0, 250, 1_500, 12_000, 31_999, 75_000]))
        sender = rng.choice([Sender.CONSUMER, Sender.CONSUMER, Sender.AGENT, Sender.MERCHANT,
                             Sender.BOT, Sender.SYSTEM])  # fmt: skip
        out.append(
            ServiceMessage(id=f"{session_id}-{seq}", session_id=session_id,
                           seq=rng.randrange(1, 20), sender=sender, sent_at=at, body="…")
        )  # fmt: skip
    rng.shuffle(out)
    return out


def seeded_lake(platform: Platform) -> Path:
    rng = random.Random(5)
    with platform.uow() as uow:
        session = uow.session
        _people(session)
        for n in range(SESSIONS):
            started = START + timedelta(seconds=rng.randrange(0, 29 * 86_400))
            if n % 23 == 0:
                started = started.replace(hour=16, minute=0, second=0)
            channel = rng.choice([Channel.ONLINE_CHAT, Channel.ONLINE_CHAT, Channel.PHONE,
                                  Channel.BOT])  # fmt: skip
            queued = started + timedelta(seconds=rng.choice([0, 0, 5]))
            joined = queued + timedelta(milliseconds=rng.randrange(0, 60_000))
            session.add(
                ServiceSession(
                    id=f"s{n}", consumer_id="c1",
                    merchant_id=None if n % 29 == 0 else f"m{rng.randrange(4)}",
                    agent_id=None if rng.random() < 0.3 else f"a{rng.randrange(3)}",
                    channel=channel, started_at=started,
                    queued_at=None if channel is Channel.BOT else queued,
                    agent_joined_at=None if rng.random() < 0.1 else joined,
                    ended_at=None if rng.random() < 0.2 else queued + timedelta(minutes=5),
                )
            )  # fmt: skip
            session.flush()
            session.add_all(_turns(rng, f"s{n}", started))
        session.add(
            Order(id="o1", consumer_id="c1", merchant_id="m1", status=OrderStatus.DELIVERED,
                  goods_fen=100, paid_fen=100, placed_at=START - timedelta(days=3))
        )  # fmt: skip
        session.flush()
        for n in range(CASES):
            requested = START + timedelta(seconds=rng.randrange(0, 29 * 86_400))
            answered = requested + timedelta(seconds=rng.choice([30, 3_000, 4_000, 90_000,
                                                                 140_000]))  # fmt: skip
            session.add(
                AftersalesCase(
                    id=f"k{n}", order_id="o1", consumer_id="c1", merchant_id=f"m{rng.randrange(4)}",
                    kind=rng.choice(list(CaseKind)), reason=rng.choice(list(CaseReason)),
                    status=CaseStatus.REQUESTED, requested_at=requested,
                    first_response_at=None if rng.random() < 0.15 else answered,
                )
            )  # fmt: skip
        uow.commit()
    export_lake(
        engine=platform.engine, metadata=tables.metadata, layout=LAKE_TABLES,
        lake_dir=platform.lake_dir, as_of=AS_OF, now=datetime(2026, 7, 1, tzinfo=UTC), tz=TZ,
        look_back_days=120,
    )  # fmt: skip
    return platform.lake_dir


def attainment_table(engine: EngineName, lake: Path, **options: Any) -> pa.Table:
    with connect(engine, lake_dir=lake, **options) as analytics:
        expression = service_metrics.attainment_values(
            service_sessions=analytics.table("service_sessions"),
            service_messages=analytics.table("service_messages"),
            aftersales_cases=analytics.table("aftersales_cases"),
            days=metrics.window(AS_OF, 35),
            tz=TZ,
            cutoff=day_bounds(AS_OF - timedelta(days=3), TZ)[1],
        )
        result = analytics.to_arrow(expression)
    keys = [(name, "ascending") for name in service_metrics.ROW_FIELDS[:6]]
    return result.sort_by(keys)


class TestAttainmentParity:
    def test_duckdb_and_spark_agree_on_every_value(
        self, sqlite_platform: Platform, spark: Any
    ) -> None:
        lake = seeded_lake(sqlite_platform)

        on_duckdb = attainment_table("duckdb", lake)
        on_spark = attainment_table("spark", lake, session=spark)

        statistics = set(on_duckdb.column("statistic").to_pylist())
        assert on_duckdb.num_rows > 1_000
        assert statistics == {"mean", "p50", "p90", "within", "breaches"}
        assert on_spark.schema == on_duckdb.schema
        assert on_spark.to_pylist() == on_duckdb.to_pylist()
