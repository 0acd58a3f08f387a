"""The DuckDB engine sees exactly the tables the lake's manifest lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinzhi.adapters.analytics import connect


class TestDuckdbEngine:
    def test_a_table_missing_from_the_lake_says_to_export_first(self, tmp_path: Path) -> None:
        with connect("duckdb", lake_dir=tmp_path) as analytics:
            assert not analytics.has("orders")
            with pytest.raises(LookupError, match="run the lake export"):
                analytics.table("orders")
