"""The metrics are defined once: DuckDB and Spark give identical values on the same lake."""

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
from pinzhi.domain.feedback.models import Review
from pinzhi.domain.indicators import metrics
from pinzhi.domain.indicators.lake_tables import LAKE_TABLES
from pinzhi.domain.orders.models import Order, OrderStatus
from pinzhi.store.lake import export_lake

pytestmark = pytest.mark.spark

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)
START = datetime(2026, 6, 1, 16, tzinfo=UTC)
SINCE = datetime(2025, 1, 1, tzinfo=UTC)
ORDERS = 400


def seeded_lake(platform: Platform) -> Path:
    """Random orders over a month with every edge: cancelled, unshipped, no estimate, late,
    instants exactly on the local midnight, cases and reviews on later days."""
    rng = random.Random(11)
    with platform.uow() as uow:
        session = uow.session
        session.add_all(
            [Merchant(id=f"m{n}", name=f"店{n}", kind=MerchantKind.THIRD_PARTY,
                      main_category="家电", joined_at=SINCE) for n in range(5)]
            + [Consumer(id="c1", registered_at=SINCE)]
        )  # fmt: skip
        session.flush()
        for n in range(ORDERS):
            placed = START + timedelta(hours=rng.randrange(0, 30 * 24))
            if n % 17 == 0:
                placed = placed.replace(hour=16, minute=0)
            shipped = placed + timedelta(hours=rng.randrange(1, 96))
            delivered = shipped + timedelta(hours=rng.randrange(12, 200))
            cancelled = rng.random() < 0.1
            unshipped = cancelled or rng.random() < 0.08
            session.add(
                Order(
                    id=f"o{n}", consumer_id="c1", merchant_id=f"m{rng.randrange(5)}",
                    status=OrderStatus.CANCELLED if cancelled else OrderStatus.DELIVERED,
                    goods_fen=100, paid_fen=rng.randrange(100, 90_000), placed_at=placed,
                    ship_by=placed + timedelta(hours=48) if rng.random() < 0.95 else None,
                    shipped_at=None if unshipped else shipped,
                    estimated_delivery_at=None if rng.random() < 0.1 else placed + timedelta(5),
                    delivered_at=None if unshipped or rng.random() < 0.1 else delivered,
                    cancelled_at=placed + timedelta(hours=2) if cancelled else None,
                )
            )  # fmt: skip
        session.flush()
        for n in range(0, ORDERS, 6):
            found = session.get(Order, f"o{n}")
            assert found is not None
            later = found.placed_at + timedelta(days=rng.randrange(1, 12))
            session.add(
                AftersalesCase(
                    id=f"a{n}", order_id=found.id, consumer_id="c1", merchant_id=found.merchant_id,
                    kind=rng.choice(list(CaseKind)), reason=CaseReason.QUALITY,
                    status=CaseStatus.REQUESTED, requested_at=later,
                )
            )  # fmt: skip
            session.add(
                Review(
                    id=f"r{n}", order_id=found.id, consumer_id="c1", merchant_id=found.merchant_id,
                    rating=rng.randrange(1, 6), created_at=later + timedelta(hours=5),
                )
            )  # fmt: skip
        uow.commit()
    export_lake(
        engine=platform.engine, metadata=tables.metadata, layout=LAKE_TABLES,
        lake_dir=platform.lake_dir, as_of=AS_OF, now=datetime(2026, 7, 1, tzinfo=UTC), tz=TZ,
        look_back_days=120,
    )  # fmt: skip
    return platform.lake_dir


def indicator_table(engine: EngineName, lake: Path, **options: Any) -> pa.Table:
    with connect(engine, lake_dir=lake, **options) as analytics:
        expression = metrics.indicator_values(
            orders=analytics.table("orders"),
            aftersales_cases=analytics.table("aftersales_cases"),
            reviews=analytics.table("reviews"),
            days=metrics.window(AS_OF, 40),
            tz=TZ,
            cutoff=day_bounds(AS_OF - timedelta(days=5), TZ)[1],
        )
        result = analytics.to_arrow(expression)
    return result.sort_by(
        [("metric", "ascending"), ("day", "ascending"), ("merchant_id", "ascending")]
    )


class TestEngineParity:
    def test_duckdb_and_spark_agree_on_every_value(
        self, sqlite_platform: Platform, spark: Any
    ) -> None:
        lake = seeded_lake(sqlite_platform)

        on_duckdb = indicator_table("duckdb", lake)
        on_spark = indicator_table("spark", lake, session=spark)

        assert on_duckdb.num_rows > 500
        assert on_spark.schema == on_duckdb.schema
        assert on_spark.to_pylist() == on_duckdb.to_pylist()
        assert not spark.sparkContext._jsc.sc().isStopped(), "a lent session is the lender's"
