"""The server-side SVG chart: round ticks, honest gaps, a text alternative, no markup leaks."""

from __future__ import annotations

from datetime import date, timedelta

from pinzhi.interfaces.console.charts import Line, line_chart, nice_ticks

DAYS = [date(2026, 11, 1) + timedelta(days=n) for n in range(10)]


def draw(values: list[float | None], *, title: str = "订单量每日走势") -> str:
    return str(
        line_chart(
            chart_id="c",
            days=DAYS,
            lines=[Line("每日", values)],
            title=title,
            description="最低 1，最高 10",
            y_format=lambda v: f"{v:g}",
            x_format=lambda d: f"{d.month}/{d.day}",
        )
    )


class TestNiceTicks:
    def test_ticks_are_round_and_cover_the_data(self) -> None:
        assert nice_ticks(0, 17_723) == [0, 5_000, 10_000, 15_000, 20_000]

    def test_small_rates_get_fine_steps(self) -> None:
        ticks = nice_ticks(0, 0.073)

        assert ticks[0] == 0 and ticks[-1] >= 0.073 and len(ticks) <= 9

    def test_a_flat_series_still_gets_a_range(self) -> None:
        ticks = nice_ticks(4.6, 4.6)

        assert ticks[0] <= 4.6 < ticks[-1]


class TestLineChart:
    def test_the_chart_is_an_image_with_a_title_and_description(self) -> None:
        svg = draw([1.0] * 10)

        assert 'role="img"' in svg
        assert 'aria-labelledby="c-title c-desc"' in svg
        assert '<title id="c-title">订单量每日走势</title>' in svg
        assert '<desc id="c-desc">最低 1，最高 10</desc>' in svg

    def test_a_missing_day_breaks_the_line(self) -> None:
        svg = draw([1.0, 2.0, None, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])

        path = svg.split('class="line-main" d="')[1].split('"')[0]
        assert path.count("M") == 2

    def test_the_last_day_is_labelled(self) -> None:
        assert ">11/10</text>" in draw([1.0] * 10)

    def test_text_is_escaped(self) -> None:
        svg = draw([1.0] * 10, title="<script>alert(1)</script>")

        assert "<script>" not in svg
        assert "&lt;script&gt;" in svg

    def test_no_data_draws_an_empty_frame(self) -> None:
        svg = draw([None] * 10)

        assert 'class="line-main" d=""' in svg
        assert "<circle" not in svg
