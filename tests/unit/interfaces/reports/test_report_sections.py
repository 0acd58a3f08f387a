"""The report's section lists agree, and its bar charts are plain, escaped SVG."""

from __future__ import annotations

from pinzhi.domain.reports.queries import SECTIONS
from pinzhi.interfaces.reports.bars import bar_chart
from pinzhi.interfaces.reports.render import TEMPLATES
from pinzhi.interfaces.reports.sections import SECTION_VIEWS


class TestSectionLists:
    def test_every_part_the_domain_builds_is_shown_in_the_same_order(self) -> None:
        assert [s.key for s in SECTION_VIEWS] == [s.key for s in SECTIONS]

    def test_every_shown_section_has_its_template(self) -> None:
        assert all((TEMPLATES / view.template).is_file() for view in SECTION_VIEWS)


class TestBarChart:
    def test_draws_one_bar_per_value_with_escaped_labels(self) -> None:
        svg = bar_chart(
            chart_id="c", bars=[("<b>物流</b>", 3.0), ("price", 1.0)], title="t", description="d"
        )

        assert svg.count('<rect class="bar"') == 2
        assert "&lt;b&gt;物流&lt;/b&gt;" in svg and "<b>" not in svg
        assert "<script" not in svg

    def test_the_longest_bar_is_the_largest_value(self) -> None:
        svg = bar_chart(chart_id="c", bars=[("a", 1.0), ("b", 4.0)], title="t", description="d")

        widths = [float(w) for w in svg.split('width="')[1:] for w in [w.split('"')[0]]]
        assert widths[1] == 4 * widths[0]

    def test_nothing_to_draw_draws_nothing(self) -> None:
        assert bar_chart(chart_id="c", bars=[], title="t", description="d") == ""
