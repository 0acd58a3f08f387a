"""The lake export on both stores: day files, no personal columns, incremental refresh."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Engine,
    Float,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    insert,
    update,
)

from pinzhi.bootstrap import Platform
from pinzhi.store import lake
from pinzhi.store.lake import LakeTable, TableExport, export_lake, read_manifest
from pinzhi.store.personal import PersonalText
from pinzhi.store.types import Fen, UtcDateTime

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = date(2026, 6, 30)
NOW = datetime(2026, 7, 1, 1, tzinfo=UTC)
LOOK_BACK = 10

metadata = MetaData()
sales = Table(
    "lake_test_sales",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("shop", String(16)),
    Column("sold_at", UtcDateTime()),
    Column("amount_fen", Fen),
    Column("gift", Boolean),
    Column("due", Date),
    Column("score", Float),
    Column("buyer_phone", PersonalText()),
)
shops = Table("lake_test_shops", metadata, Column("id", String(16), primary_key=True))
LAYOUT = (LakeTable("lake_test_shops"), LakeTable("lake_test_sales", day_column="sold_at"))


@pytest.fixture
def engine(platform: Platform) -> Engine:
    metadata.create_all(platform.engine)
    return platform.engine


def sale(number: int, sold_at: datetime, amount_fen: int = 100) -> dict[str, Any]:
    return {
        "id": f"s{number}",
        "shop": "m1",
        "sold_at": sold_at,
        "amount_fen": amount_fen,
        "gift": number % 2 == 0,
        "due": date(2026, 7, 1),
        "score": 4.5,
        "buyer_phone": "13800000000",
    }


def add(engine: Engine, *rows: dict[str, Any]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(sales), list(rows))


def export(engine: Engine, lake: Path, *, as_of: date = AS_OF, now: datetime = NOW) -> TableExport:
    results = export_lake(
        engine=engine, metadata=metadata, layout=LAYOUT, lake_dir=lake, as_of=as_of, now=now,
        tz=TZ, look_back_days=LOOK_BACK,
    )  # fmt: skip
    return results[1]


def day_file(lake: Path, day: date) -> Path:
    return lake / "lake_test_sales" / f"{day.isoformat()}.parquet"


class TestDayFiles:
    def test_rows_land_in_the_file_of_their_local_day(self, engine: Engine, tmp_path: Path) -> None:
        add(
            engine,
            sale(1, datetime(2026, 6, 20, 15, 59, 59, tzinfo=UTC)),
            sale(2, datetime(2026, 6, 20, 16, 0, tzinfo=UTC)),
        )

        export(engine, tmp_path)

        assert pq.read_table(day_file(tmp_path, date(2026, 6, 20))).column("id").to_pylist() == [
            "s1"
        ]
        assert pq.read_table(day_file(tmp_path, date(2026, 6, 21))).column("id").to_pylist() == [
            "s2"
        ]

    def test_values_keep_their_types_and_personal_columns_stay_home(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        sold = datetime(2026, 6, 20, 3, 4, 5, 6000, tzinfo=UTC)
        add(engine, sale(2, sold, amount_fen=12_345))

        export(engine, tmp_path)

        (row,) = pq.read_table(day_file(tmp_path, date(2026, 6, 20))).to_pylist()
        assert row == {
            "id": "s2", "shop": "m1", "sold_at": sold, "amount_fen": 12_345, "gift": True,
            "due": date(2026, 7, 1), "score": 4.5,
        }  # fmt: skip

    def test_a_day_spread_over_many_chunks_is_still_one_file(
        self, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(lake, "CHUNK_ROWS", 2)
        add(engine, *(sale(n, datetime(2026, 6, 20, n, tzinfo=UTC)) for n in range(5)))

        result = export(engine, tmp_path)

        assert (result.rows, result.files_written) == (5, 1)
        assert pq.read_table(day_file(tmp_path, date(2026, 6, 20))).num_rows == 5

    def test_a_column_without_a_lake_type_is_refused(self) -> None:
        blobs = Table("lake_test_blobs", MetaData(), Column("data", LargeBinary))

        with pytest.raises(TypeError, match=r"lake_test_blobs\.data"):
            lake.arrow_schema(list(blobs.columns))

    def test_empty_table_still_has_a_readable_schema(self, engine: Engine, tmp_path: Path) -> None:
        result = export(engine, tmp_path)

        schema = pq.read_schema(tmp_path / "lake_test_sales" / "schema.parquet")
        assert result.rows == 0
        assert "buyer_phone" not in schema.names
        assert (tmp_path / "lake_test_shops" / "all.parquet").exists()


class TestIncrementalRefresh:
    def test_days_before_the_look_back_are_kept_as_exported(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        old, recent = datetime(2026, 6, 1, 4, tzinfo=UTC), datetime(2026, 6, 25, 4, tzinfo=UTC)
        add(engine, sale(1, old), sale(2, recent))
        export(engine, tmp_path)
        with engine.begin() as conn:
            conn.execute(update(sales).values(amount_fen=999))

        result = export(engine, tmp_path)

        assert result.refreshed_from == AS_OF - timedelta(days=LOOK_BACK)
        assert pq.read_table(day_file(tmp_path, old.date())).column("amount_fen")[0].as_py() == 100
        assert pq.read_table(day_file(tmp_path, recent.date()))["amount_fen"][0].as_py() == 999

    def test_rows_deleted_from_the_store_leave_the_rewritten_days(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        add(engine, sale(1, datetime(2026, 6, 25, 4, tzinfo=UTC)))
        export(engine, tmp_path)
        with engine.begin() as conn:
            conn.execute(delete(sales))

        result = export(engine, tmp_path)

        assert result.files_removed == 1
        assert not day_file(tmp_path, date(2026, 6, 25)).exists()

    def test_look_back_counts_from_the_previous_export_when_it_is_older(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        export(engine, tmp_path, as_of=date(2026, 5, 31), now=datetime(2026, 6, 1, tzinfo=UTC))

        result = export(engine, tmp_path)

        assert result.refreshed_from == date(2026, 6, 1) - timedelta(days=LOOK_BACK)

    def test_exporting_twice_gives_the_same_lake(self, engine: Engine, tmp_path: Path) -> None:
        add(engine, sale(1, datetime(2026, 6, 25, 4, tzinfo=UTC)))
        first = export(engine, tmp_path)
        files = sorted(p.name for p in (tmp_path / "lake_test_sales").iterdir())

        second = export(engine, tmp_path)

        assert (second.rows, second.files_written, second.files_removed) == (1, 1, 0)
        assert first.rows == second.rows
        assert sorted(p.name for p in (tmp_path / "lake_test_sales").iterdir()) == files

    def test_a_table_new_to_the_manifest_is_exported_whole(
        self, engine: Engine, tmp_path: Path
    ) -> None:
        add(engine, sale(1, datetime(2026, 1, 1, 4, tzinfo=UTC)))
        manifest_before = read_manifest(tmp_path)

        result = export(engine, tmp_path)

        assert manifest_before["tables"] == {}
        assert result.refreshed_from is None
        assert day_file(tmp_path, date(2026, 1, 1)).exists()
        assert read_manifest(tmp_path)["tables"]["lake_test_sales"]["day_column"] == "sold_at"


class TestReadTable:
    def test_rows_come_back_as_the_lake_holds_them(self, engine: Engine) -> None:
        sold = datetime(2026, 6, 20, 3, 4, 5, 6000, tzinfo=UTC)
        add(engine, sale(2, sold, amount_fen=12_345))

        found = lake.read_table(engine, sales)

        assert found.to_pylist() == [
            {"id": "s2", "shop": "m1", "sold_at": sold, "amount_fen": 12_345, "gift": True,
             "due": date(2026, 7, 1), "score": 4.5}
        ]  # fmt: skip
        assert found.schema == lake.arrow_schema(lake.exported_columns(sales))

    def test_an_empty_table_reads_as_its_columns_without_rows(self, engine: Engine) -> None:
        found = lake.read_table(engine, shops)

        assert (found.num_rows, found.column_names) == (0, ["id"])
