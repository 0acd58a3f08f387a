"""The simulator writes the import format: every table, its columns, its types, both formats."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from pinzhi.adapters.simulate import day as day_module
from pinzhi.adapters.simulate import writer
from pinzhi.adapters.simulate.day import simulate_day
from pinzhi.adapters.simulate.scenario import Scenario
from pinzhi.adapters.simulate.schema import arrow_schema
from pinzhi.adapters.simulate.simulator import simulate
from pinzhi.adapters.simulate.world import build_world
from pinzhi.domain.tables import IMPORT_ORDER, metadata


class TestSimulatedFiles:
    def test_writes_one_file_per_importable_table_and_nothing_else(self, parquet_dir: Path) -> None:
        written = sorted(path.name for path in parquet_dir.iterdir())

        assert written == sorted(f"{name}.parquet" for name in IMPORT_ORDER)

    @pytest.mark.parametrize("name", IMPORT_ORDER)
    def test_columns_are_the_table_columns_in_order(self, parquet_dir: Path, name: str) -> None:
        schema = pq.read_schema(parquet_dir / f"{name}.parquet")

        assert schema.names == [column.name for column in metadata.tables[name].columns]

    def test_types_follow_the_import_format(self, parquet_dir: Path) -> None:
        orders = pq.read_schema(parquet_dir / "orders.parquet")
        qualifications = pq.read_schema(parquet_dir / "merchant_qualifications.parquet")

        assert orders.field("placed_at").type == pa.timestamp("us", tz="UTC")
        assert orders.field("paid_fen").type == pa.int64()
        assert orders.field("cross_border").type == pa.bool_()
        assert orders.field("status").type == pa.string()
        assert qualifications.field("valid_from").type == pa.date32()

    @pytest.mark.parametrize("name", IMPORT_ORDER)
    def test_every_table_has_rows(self, parquet_dir: Path, name: str) -> None:
        rows = pq.read_metadata(parquet_dir / f"{name}.parquet").num_rows

        assert rows > 0

    @pytest.mark.parametrize("name", IMPORT_ORDER)
    def test_csv_holds_the_same_rows_as_parquet(
        self, parquet_dir: Path, csv_dir: Path, name: str
    ) -> None:
        schema = arrow_schema(name)

        from_csv = pa_csv.read_csv(
            csv_dir / f"{name}.csv",
            convert_options=pa_csv.ConvertOptions(
                column_types=dict(zip(schema.names, schema.types, strict=True)),
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )

        assert from_csv.cast(schema).equals(pq.read_table(parquet_dir / f"{name}.parquet"))

    def test_csv_timestamps_carry_an_explicit_utc_offset(self, csv_dir: Path) -> None:
        header, first = (csv_dir / "orders.csv").read_text(encoding="utf-8").splitlines()[:2]

        placed = first.split(",")[header.split(",").index('"placed_at"')]

        assert placed.strip('"').endswith("+00:00")
        assert "T" in placed


class TestDeterminism:
    def test_same_seed_writes_byte_identical_files(
        self, parquet_dir: Path, scenario: Scenario, tmp_path: Path
    ) -> None:
        simulate(scenario=scenario, out=tmp_path)

        for name in IMPORT_ORDER:
            again = (tmp_path / f"{name}.parquet").read_bytes()
            assert again == (parquet_dir / f"{name}.parquet").read_bytes(), name

    def test_another_seed_gives_another_platform(
        self, parquet_dir: Path, scenario: Scenario, tmp_path: Path
    ) -> None:
        other = Scenario(**{**vars(scenario), "seed": scenario.seed + 1})

        simulate(scenario=other, out=tmp_path)

        orders = pq.read_table(tmp_path / "orders.parquet")
        assert not orders.equals(pq.read_table(parquet_dir / "orders.parquet"))

    def test_a_day_does_not_depend_on_the_days_simulated_before_it(
        self, scenario: Scenario
    ) -> None:
        world, _ = build_world(scenario)
        alone = list(simulate_day(world, day=5))

        for day in range(5):
            list(simulate_day(world, day=day))
        after = list(simulate_day(world, day=5))

        assert len(after) == len(alone)
        for part, rows in zip(after, alone, strict=True):
            assert all(part[name].equals(table) for name, table in rows.items())

    def test_a_busy_day_is_simulated_in_parts_with_distinct_ids(
        self, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(day_module, "PART_ORDERS", 1000)
        world, _ = build_world(scenario)

        parts = list(simulate_day(world, day=4))

        orders = pa.concat_tables([part["orders"] for part in parts])
        events = pa.concat_tables([part["logistics_events"] for part in parts])
        assert len(parts) > 3
        assert orders.num_rows > 3000
        assert len(set(orders["id"].to_pylist())) == orders.num_rows
        assert len(set(events["id"].to_pylist())) == events.num_rows

    def test_row_group_size_changes_no_row(
        self,
        parquet_dir: Path,
        scenario: Scenario,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(writer, "ROW_GROUP_ROWS", 1000)

        simulate(scenario=scenario, out=tmp_path)

        for name in IMPORT_ORDER:
            rows = pq.read_table(tmp_path / f"{name}.parquet")
            assert rows.equals(pq.read_table(parquet_dir / f"{name}.parquet")), name
