"""Reading an import directory: bad bytes and malformed records are named before validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinzhi.adapters.ingest.read import read_directory
from pinzhi.core.errors import ValidationFailed


def _refusal(directory: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as refused:
        read_directory(directory)
    return refused.value.details


class TestReadDirectory:
    def test_csv_cells_arrive_as_text_with_the_file_name(self, tmp_path: Path) -> None:
        (tmp_path / "brands.csv").write_text("id,name\nb1,美的\nb2,\n", encoding="utf-8")

        tables, names = read_directory(tmp_path)

        assert tables["brands"].to_pylist() == [
            {"id": "b1", "name": "美的"},
            {"id": "b2", "name": ""},
        ]
        assert names == {"brands": "brands.csv"}

    def test_invalid_utf8_is_named_by_row_and_column(self, tmp_path: Path) -> None:
        (tmp_path / "brands.csv").write_bytes(b"id,name\nb1,ok\nb2,\xe7\xbe\nb3,ok\n")

        assert _refusal(tmp_path) == ["brands.csv, row 2, column name: invalid UTF-8"]

    def test_a_header_naming_a_column_twice_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "brands.csv").write_text("id,name,name\nb1,a,b\n", encoding="utf-8")

        assert _refusal(tmp_path) == [
            "brands.csv, column name: appears more than once in the header"
        ]

    def test_an_empty_csv_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "brands.csv").write_text("", encoding="utf-8")

        assert _refusal(tmp_path) == ["brands.csv: empty file: a header row is required"]

    def test_a_record_with_missing_fields_is_named_by_row(self, tmp_path: Path) -> None:
        content = 'id,name\nb1,"two\nlines"\nb2\n'
        (tmp_path / "brands.csv").write_text(content, encoding="utf-8")

        assert _refusal(tmp_path) == ["brands.csv, row 2: 1 fields where the header has 2"]

    def test_an_unreadable_parquet_file_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "brands.parquet").write_bytes(b"not parquet at all")

        [detail] = _refusal(tmp_path)

        assert detail.startswith("brands.parquet: not a readable Parquet file")
