"""Columns the lake export carries onto a fact from the row it refers to, on both stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Column, Engine, MetaData, String, Table, insert

from pinzhi.bootstrap import Platform
from pinzhi.store.lake import Carried, LakeTable, export_lake, lake_schema, read_manifest
from pinzhi.store.types import UtcDateTime

TZ = ZoneInfo("Asia/Shanghai")
metadata = MetaData()
parcels = Table(
    "lake_test_parcels",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("shop", String(16)),
    Column("sent_at", UtcDateTime()),
)
claims = Table(
    "lake_test_claims",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("parcel_id", String(16)),
    Column("filed_at", UtcDateTime()),
)
CARRIED = (
    Carried("parcel_sent_at", key="parcel_id", parent="lake_test_parcels", column="sent_at"),
    Carried("parcel_shop", key="parcel_id", parent="lake_test_parcels", column="shop"),
)
SENT = datetime(2026, 6, 1, 2, tzinfo=UTC)
FILED = datetime(2026, 6, 20, 2, tzinfo=UTC)


@pytest.fixture
def engine(platform: Platform) -> Engine:
    metadata.create_all(platform.engine)
    with platform.engine.begin() as conn:
        conn.execute(insert(parcels), [{"id": "p1", "shop": "m7", "sent_at": SENT}])
        conn.execute(
            insert(claims),
            [
                {"id": "c1", "parcel_id": "p1", "filed_at": FILED},
                {"id": "c2", "parcel_id": "gone", "filed_at": FILED},
                {"id": "c3", "parcel_id": None, "filed_at": FILED},
            ],
        )
    return platform.engine


def export(engine: Engine, lake: Path, carried: tuple[Carried, ...] = CARRIED) -> None:
    layout = (LakeTable("lake_test_claims", day_column="filed_at", carried=carried),)
    export_lake(
        engine=engine, metadata=metadata, layout=layout, lake_dir=lake,
        as_of=date(2026, 6, 30), now=datetime(2026, 7, 1, tzinfo=UTC), tz=TZ, look_back_days=5,
    )  # fmt: skip


class TestCarriedColumns:
    def test_each_fact_row_gets_its_parents_values_and_null_without_a_parent(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        export(engine, tmp_path)

        rows = pq.read_table(tmp_path / "lake_test_claims" / "2026-06-20.parquet").to_pylist()
        assert sorted(rows, key=lambda r: r["id"]) == [
            {"id": "c1", "parcel_id": "p1", "filed_at": FILED,
             "parcel_sent_at": SENT, "parcel_shop": "m7"},
            {"id": "c2", "parcel_id": "gone", "filed_at": FILED,
             "parcel_sent_at": None, "parcel_shop": None},
            {"id": "c3", "parcel_id": None, "filed_at": FILED,
             "parcel_sent_at": None, "parcel_shop": None},
        ]  # fmt: skip

    def test_the_schema_lists_carried_columns_after_the_tables_own_with_the_parents_types(
        self,
    ) -> None:
        spec = LakeTable("lake_test_claims", day_column="filed_at", carried=CARRIED)

        schema = lake_schema(spec, metadata)

        assert schema.names == ["id", "parcel_id", "filed_at", "parcel_sent_at", "parcel_shop"]
        assert str(schema.field("parcel_sent_at").type) == "timestamp[us, tz=UTC]"

    def test_carrying_a_new_column_rewrites_the_whole_table(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        export(engine, tmp_path, carried=())
        stale = tmp_path / "lake_test_claims" / "2026-06-20.parquet"
        assert "parcel_shop" not in pq.read_table(stale).column_names

        export(engine, tmp_path)

        shops = pq.read_table(stale, columns=["id", "parcel_shop"]).to_pylist()
        assert {r["id"]: r["parcel_shop"] for r in shops} == {"c1": "m7", "c2": None, "c3": None}
        manifest = read_manifest(tmp_path)["tables"]["lake_test_claims"]
        assert manifest["columns"][-2:] == ["parcel_sent_at", "parcel_shop"]
