"""Problems are listed by file and row, capped, and always fully counted."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pinzhi.adapters.ingest.problems import Problems
from pinzhi.core.errors import ValidationFailed


class TestProblems:
    def test_no_problem_raises_nothing(self) -> None:
        Problems().raise_if_any(sources=["a.csv"])

    def test_rows_are_numbered_from_one_and_listed_by_file_then_row(self) -> None:
        problems = Problems()
        problems.add_rows("b.csv", "x", "bad", mask=pa.array([False, True]))
        problems.add_rows("a.csv", "y", "worse", mask=pa.array([True, False, True]),
                          values=pa.array(["p", "q", "r"]))  # fmt: skip

        with pytest.raises(ValidationFailed) as refused:
            problems.raise_if_any(sources=["a.csv", "b.csv"])

        assert refused.value.details == [
            "a.csv, row 1, column y: worse: 'p'",
            "a.csv, row 3, column y: worse: 'r'",
            "b.csv, row 2, column x: bad",
        ]

    def test_the_list_is_capped_but_the_total_counts_everything(self) -> None:
        problems = Problems(cap=2)
        problems.add_rows("a.csv", "x", "bad", mask=pa.array([True] * 5))
        problems.add("a.csv", "also bad")

        with pytest.raises(ValidationFailed) as refused:
            problems.raise_if_any(sources=["a.csv"])

        assert len(refused.value.details) == 2
        assert refused.value.message.startswith("import refused, nothing was written: 6 problem")
