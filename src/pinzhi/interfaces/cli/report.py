"""`pinzhi report`: the periodic quality-service report (S1 10.1.2) as HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from pinzhi.core import clock
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, err_console, platform
from pinzhi.interfaces.reports.build import build_report
from pinzhi.interfaces.reports.pdf import PdfError, html_to_pdf
from pinzhi.interfaces.reports.render import report_document

PDF_FAILED = 7
# The operator at the shell holds the database already; the full report is the analyst's.
OPERATOR = Actor(user_id="system:cli", role=Role.QUALITY_ANALYST)


def report(
    *,
    period: Annotated[
        str, typer.Option(help="2026-Q3, 2026-09 or 2026-09-01..2026-09-30 (local days)")
    ],
    out: Annotated[Path, typer.Option(help="directory for report.html and report.pdf")],
    public: Annotated[
        bool, typer.Option("--public", help="the public edition: no merchant or person named")
    ] = False,
    lang: Annotated[str, typer.Option(help="zh-CN (bilingual headings) or en")] = "zh-CN",
    pdf: Annotated[bool, typer.Option(help="also print report.pdf with Chromium")] = True,
    db: DbOption = None,
) -> None:
    """Write the quality-service report of a period to OUT/report.html and OUT/report.pdf."""
    wired = platform(db)
    tz = ZoneInfo(wired.settings.timezone)
    with domain_errors(), wired.uow() as uow:
        found = build_report(
            uow=uow, actor=OPERATOR, period=period, tz=tz, now=clock.utcnow(), public=public
        )
    html = report_document(found, lang=lang, tz=tz)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(html, encoding="utf-8")
    console.print(f"wrote {out / 'report.html'}")
    if not pdf:
        return
    try:
        (out / "report.pdf").write_bytes(html_to_pdf(html))
    except PdfError as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(PDF_FAILED) from exc
    console.print(f"wrote {out / 'report.pdf'}")
