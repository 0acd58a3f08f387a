"""The report's sections as the document shows them: the domain part's key, its heading and
its template (`templates/sections/<key>.html`). Add a section here after adding its part to
`pinzhi.domain.reports.queries.SECTIONS`; a part without an entry here is not shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    """Words key of the heading."""

    @property
    def template(self) -> str:
        return f"sections/{self.key}.html"


SECTION_VIEWS: list[SectionView] = [
    SectionView("indicators", "report_sec_indicators"),
    SectionView("attainment", "report_sec_attainment"),
    SectionView("aftersales", "report_sec_aftersales"),
    SectionView("complaints", "report_sec_complaints"),
    SectionView("grades", "report_sec_grades"),
    SectionView("warnings", "report_sec_warnings"),
    SectionView("satisfaction", "report_sec_satisfaction"),
    SectionView("improvement", "report_sec_improvement"),
]
