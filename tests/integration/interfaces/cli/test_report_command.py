"""`pinzhi report`: the period's quality report written as HTML and printed to PDF."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner, Result

from pinzhi.bootstrap import Platform
from pinzhi.interfaces.cli.main import app
from report_factories import SHOPS, report_world


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PINZHI_DATA_DIR", str(tmp_path / "cli-var"))
    monkeypatch.setenv("PINZHI_SECRET_KEY", "cli-secret")


@pytest.fixture
def stored(platform: Platform) -> Platform:
    with platform.uow() as uow:
        report_world(uow.session)
        uow.commit()
    return platform


def report(platform: Platform, out: Path, *arguments: str) -> Result:
    command = ["report", "--out", str(out), "--db", platform.database_url, *arguments]
    return CliRunner().invoke(app, command)


class TestReportCommand:
    def test_writes_a_self_contained_html_and_its_pdf(
        self, stored: Platform, tmp_path: Path
    ) -> None:
        out = tmp_path / "q3"

        result = report(stored, out, "--period", "2026-Q3")

        assert result.exit_code == 0, result.output
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "质量服务报告" in html and "Quality service report" in html
        assert "<svg" in html and "<script" not in html and "http" not in html.lower()
        assert SHOPS["m1"] in html
        pdf = (out / "report.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        assert len(pdfium.PdfDocument(pdf)) >= 1

    def test_the_public_edition_in_english_names_no_shop(
        self, stored: Platform, tmp_path: Path
    ) -> None:
        out = tmp_path / "public"

        result = report(
            stored,
            out,
            "--period",
            "2026-09-01..2026-09-30",
            "--public",
            "--lang",
            "en",
            "--no-pdf",
        )

        assert result.exit_code == 0, result.output
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "Quality service report (public edition)" in html
        assert "质量服务报告" not in html
        assert all(name not in html for name in SHOPS.values())
        assert not (out / "report.pdf").exists()

    def test_a_malformed_period_is_refused(self, stored: Platform, tmp_path: Path) -> None:
        result = report(stored, tmp_path / "x", "--period", "2026-13")

        assert result.exit_code == 2
        assert "names no real date" in result.output
