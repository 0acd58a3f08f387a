"""Olist's naive São Paulo times become UTC; daylight-saving edge cases are counted."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from pinzhi.adapters.ingest.olist.adjustments import Adjustments
from pinzhi.adapters.ingest.olist.source import to_utc


def _local(*values: str) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values).cast(pa.timestamp("s"))])


class TestOlistTimes:
    def test_standard_and_daylight_time_convert_to_utc(self) -> None:
        adjustments = Adjustments()

        utc = to_utc(_local("2017-05-01 10:00:00", "2017-12-01 10:00:00"), adjustments=adjustments)

        assert utc.to_pylist() == [
            datetime(2017, 5, 1, 13, tzinfo=UTC),  # -03:00
            datetime(2017, 12, 1, 12, tzinfo=UTC),  # -02:00, daylight saving
        ]
        assert adjustments == {}

    def test_a_time_in_the_spring_gap_moves_forward_and_is_counted(self) -> None:
        adjustments = Adjustments()

        utc = to_utc(_local("2017-10-15 00:30:00"), adjustments=adjustments)

        assert utc.to_pylist() == [datetime(2017, 10, 15, 3, tzinfo=UTC)]  # 01:00 local
        assert adjustments == {"local time in the daylight-saving gap moved forward": 1}

    def test_a_time_in_the_repeated_hour_reads_as_daylight_and_is_counted(self) -> None:
        adjustments = Adjustments()

        utc = to_utc(_local("2017-02-18 23:30:00"), adjustments=adjustments)

        assert utc.to_pylist() == [datetime(2017, 2, 19, 1, 30, tzinfo=UTC)]
        assert adjustments == {"local time in the repeated hour read as daylight time": 1}
