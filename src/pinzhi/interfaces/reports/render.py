"""The report as HTML: one self-contained document (inline CSS, SVG charts drawn here, no
script, no CDN) for the file and the PDF, and its body alone for the console page.

Headings are bilingual, Chinese first, in the Chinese edition; `lang="en"` gives English only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from pinzhi.domain.reports.grade_figures import Distribution
from pinzhi.domain.reports.indicator_figures import KeyIndicators
from pinzhi.domain.reports.queries import QualityReport
from pinzhi.interfaces.console import charts, formats, i18n
from pinzhi.interfaces.reports.bars import bar_chart
from pinzhi.interfaces.reports.sections import SECTION_VIEWS

TEMPLATES = Path(__file__).parent / "templates"
CSS_FILE = TEMPLATES / "report.css"
ENGLISH = "en"
CHINESE = "zh-CN"
HALF_WIDTH_FONT = 26
"""Chart text size in viewBox units for a chart half the page wide: about 8 pt when printed."""
UNITS = {
    "orders": formats.Unit.COUNT,
    "gmv_fen": formats.Unit.FEN,
    "avg_review_score": formats.Unit.SCORE,
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)


def css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


class _Words:
    """What the templates call: words, bilingual headings, numbers and charts in one language."""

    def __init__(self, lang: str, tz: ZoneInfo) -> None:
        self.lang = i18n.supported(lang)
        self.t = i18n.translator(self.lang)
        self._en = i18n.translator(ENGLISH)
        self.tz = tz

    def heading(self, key: str) -> Markup:
        if self.lang == ENGLISH:
            return escape(self._en(key))
        return Markup('{} <span class="en">{}</span>').format(self.t(key), self._en(key))

    def metric(self, metric: str, number: float | None) -> str:
        return formats.value(number, UNITS.get(metric, formats.Unit.RATE), self.lang)

    @staticmethod
    def pct(number: float | None) -> str:
        return "—" if number is None else f"{number * 100:.1f}%"

    @staticmethod
    def num(number: float | None, digits: int = 1) -> str:
        return "—" if number is None else f"{number:,.{digits}f}"

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        if seconds >= 3600:
            return self.t("duration_hours", n=f"{seconds / 3600:.1f}")
        if seconds >= 60:
            return self.t("duration_minutes", n=f"{seconds / 60:.1f}")
        return self.t("duration_seconds", n=f"{seconds:.0f}")

    def verdict(self, meets: bool | None) -> Markup:
        if meets is None:
            return Markup('<span class="muted">—</span>')
        css_class, key = ("ok", "report_meets") if meets else ("bad", "report_misses")
        return Markup('<span class="{}">{}</span>').format(css_class, self.t(key))

    def trend(self, better: bool | None) -> Markup:
        if better is None:
            return Markup('<span class="muted">{}</span>').format(self.t("report_same"))
        css_class, key = ("ok", "report_better") if better else ("bad", "report_worse")
        return Markup('<span class="{}">{}</span>').format(css_class, self.t(key))

    def indicator_chart(self, figures: KeyIndicators, metric: str) -> Markup:
        unit = UNITS.get(metric, formats.Unit.RATE)
        name = self.t(f"metric_{metric}")
        return charts.line_chart(
            chart_id=f"report-{metric}",
            days=figures.days,
            lines=[charts.Line(name, figures.daily[metric])],
            title=name,
            description=self.t("report_chart_desc", metric=name),
            y_format=lambda v: formats.axis_value(v, unit, self.lang),
            x_format=lambda d: formats.short_day(d, self.lang),
            include_zero=metric != "avg_review_score",
            font_size=HALF_WIDTH_FONT,
        )

    def bars(
        self,
        chart_id: str,
        rows: Sequence[object],
        *,
        label: str,
        value: str,
        title: str,
        prefix: str = "",
        value_format: str = "{:g}",
        font_size: int = HALF_WIDTH_FONT,
    ) -> Markup:
        """A bar per row: the label is the row's `label` attribute (a words key after
        `prefix`, or shown as it is without a prefix), the length its `value` attribute."""
        return bar_chart(
            chart_id=chart_id,
            bars=[
                (
                    self.t(f"{prefix}{getattr(row, label)}") if prefix else getattr(row, label),
                    float(getattr(row, value)),
                )
                for row in rows
            ],
            title=title,
            description=title,
            value_format=value_format,
            font_size=font_size,
        )

    def tier_chart(self, chart_id: str, figures: Distribution) -> Markup:
        """Each tier's count at the first grading (light) and at the last (solid)."""
        first, last = self.t("report_col_first"), self.t("report_col_last")
        bars, classes = [], []
        for tier, count in figures.last.items():
            bars += [
                (f"{tier} {first}", float(figures.first.get(tier, 0))),
                (f"{tier} {last}", float(count)),
            ]
            classes += ["bar-secondary", "bar"]
        title = self.t("report_col_tier")
        return bar_chart(
            chart_id=chart_id,
            bars=bars,
            title=title,
            description=title,
            classes=classes,
            font_size=HALF_WIDTH_FONT,
        )

    def complaints_chart(self, days: Sequence[object], daily: Sequence[int]) -> Markup:
        title = self.t("report_daily_complaints")
        return charts.line_chart(
            chart_id="report-daily-complaints",
            days=days,  # type: ignore[arg-type]
            lines=[charts.Line(title, [float(n) for n in daily])],
            title=title,
            description=title,
            y_format=lambda v: f"{v:g}",
            x_format=lambda d: formats.short_day(d, self.lang),
            font_size=20,
        )


def _context(report: QualityReport, lang: str, tz: ZoneInfo) -> dict[str, object]:
    words = _Words(lang, tz)
    shown = [s for s in SECTION_VIEWS if s.key in report.sections]
    return {
        "report": report,
        "w": words,
        "t": words.t,
        "lang": words.lang,
        "sections": shown,
        "yuan": formats.yuan,
        "generated": formats.moment(report.generated_at, tz),
    }


def report_body(report: QualityReport, *, lang: str, tz: ZoneInfo) -> Markup:
    """The report's <article>, styled by `report.css` (the console links it)."""
    return Markup(_env.get_template("body.html").render(_context(report, lang, tz)))


def report_document(report: QualityReport, *, lang: str, tz: ZoneInfo) -> str:
    """The whole HTML document, its CSS inline: what is saved and printed to PDF."""
    context = _context(report, lang, tz)
    context["body"] = report_body(report, lang=lang, tz=tz)
    context["css"] = Markup(css())
    return _env.get_template("document.html").render(context)
