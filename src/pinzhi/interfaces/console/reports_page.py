"""Console pages of the quality-service report (S1 10.1.2): the analyst's report of a chosen
period with its PDF, and the public edition anyone can read without signing in.

The report's styles live in one file (`interfaces/reports/templates/report.css`), inlined in
the saved document and served here as a stylesheet: the console's CSP forbids inline styles.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from pinzhi.core.clock import local_day
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.reports.queries import QualityReport
from pinzhi.interfaces.api.deps import DbUow, Now
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.context import Page
from pinzhi.interfaces.console.views import PREFIX, SECURITY_HEADERS, render
from pinzhi.interfaces.reports import pdf
from pinzhi.interfaces.reports import render as documents
from pinzhi.interfaces.reports.build import build_report

PAGE = f"{PREFIX}/reports"
PUBLIC_PAGE = f"{PREFIX}/public/report"
PeriodQuery = Annotated[str | None, Query(max_length=32)]

router = APIRouter(prefix=PREFIX, include_in_schema=False)


def last_month(today: date) -> str:
    """The default period: the last whole month."""
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def _report(
    request: Request, uow: DbUow, now: Now, actor: Actor | None, *, period: str | None, public: bool
) -> tuple[QualityReport, ZoneInfo]:
    tz = ZoneInfo(request.app.state.platform.settings.timezone)
    chosen = period or last_month(local_day(now, tz))
    found = build_report(uow=uow, actor=actor, period=chosen, tz=tz, now=now, public=public)
    return found, tz


def _pdf(found: QualityReport, request: Request, tz: ZoneInfo) -> Response:
    lang = session.prefs(request).lang
    printed = pdf.html_to_pdf(documents.report_document(found, lang=lang, tz=tz))
    edition = "public" if found.public else "internal"
    name = f"quality-report-{found.period.label}-{edition}.pdf".replace("..", "_")
    return Response(
        printed,
        media_type="application/pdf",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


def _page(request: Request, found: QualityReport, tz: ZoneInfo, pdf_href: str) -> dict[str, Any]:
    return {
        "report": documents.report_body(found, lang=session.prefs(request).lang, tz=tz),
        "period": found.period.label,
        "public": found.public,
        "pdf_href": pdf_href,
    }


@router.get("/reports")
def reports_page(*, page: Page, period: PeriodQuery = None, public: bool = False) -> HTMLResponse:
    found, tz = _report(page.request, page.uow, page.now, page.actor, period=period, public=public)
    context = _page(page.request, found, tz, f"{PAGE}/report.pdf?{_query(found)}")
    return page.render("reports.html", public_view=False, **context)


@router.get("/reports/report.pdf")
def report_pdf(*, page: Page, period: PeriodQuery = None, public: bool = False) -> Response:
    found, tz = _report(page.request, page.uow, page.now, page.actor, period=period, public=public)
    return _pdf(found, page.request, tz)


@router.get("/reports/report.css")
def report_css() -> Response:
    return Response(documents.css(), media_type="text/css", headers=SECURITY_HEADERS)


@router.get("/public/report")
def public_report_page(
    *, request: Request, uow: DbUow, now: Now, period: PeriodQuery = None
) -> HTMLResponse:
    """The public edition: no sign-in, no merchant named, no personal data."""
    found, tz = _report(request, uow, now, None, period=period, public=True)
    context = _page(request, found, tz, f"{PUBLIC_PAGE}.pdf?{_query(found)}")
    return render(request, "reports.html", now=now, public_view=True, **context)


@router.get("/public/report.pdf")
def public_report_pdf(
    *, request: Request, uow: DbUow, now: Now, period: PeriodQuery = None
) -> Response:
    found, tz = _report(request, uow, now, None, period=period, public=True)
    return _pdf(found, request, tz)


def _query(found: QualityReport) -> str:
    return urlencode({"period": found.period.label, **({"public": "true"} if found.public else {})})
