"""The quality report in the console: the analyst's page with its PDF, and the public edition
that anyone reads without signing in."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import factories as f
import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.service.models import ComplaintStatus

PAGE = "/console/reports"
PUBLIC = "/console/public/report"
PERIOD = "2026-11-01..2026-11-23"
QUIET = "2026-01"
"""A month before anything the fixtures store."""
SHOP = "示例旗舰店"  # every test shop's name (factories.merchant)


def signed_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF field on the sign-in page"
    form = {"username": username, "password": f.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/console/login", data=form).status_code == 303
    return client


@pytest.fixture
def complained(world: Platform, client: TestClient) -> TestClient:
    """A complaint about m1 in the period, so the hot spots name (or hide) a shop."""

    with world.uow() as uow:
        sf.imported_complaint(uow.session, "cp1", status=ComplaintStatus.OPEN, order_id="o1")
        uow.commit()
    return client


class TestReportsPage:
    def test_the_analyst_reads_the_report_inline_with_a_pdf_link(
        self, complained: TestClient
    ) -> None:
        html = signed_in(complained, "analyst").get(f"{PAGE}?period={PERIOD}").text

        assert '<article class="qreport"' in html
        assert "关键指标" in html and '<svg class="chart"' in html
        assert f"{SHOP} (m1)" in html
        assert f'href="{PAGE}/report.pdf?period={PERIOD}"' in html
        assert 'href="/console/reports"' in html, "the navigation offers the report"

    def test_the_pdf_download_is_a_pdf(self, complained: TestClient) -> None:
        answer = signed_in(complained, "analyst").get(f"{PAGE}/report.pdf?period={PERIOD}")

        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")

    def test_a_consumer_may_not_open_it(self, complained: TestClient) -> None:
        answer = signed_in(complained, "buyer1").get(f"{PAGE}?period={PERIOD}")

        assert answer.status_code == 403

    def test_a_bad_period_is_a_422(self, complained: TestClient) -> None:
        answer = signed_in(complained, "analyst").get(f"{PAGE}?period=2026-Q5")

        assert answer.status_code == 422


class TestPublicReport:
    def test_readable_without_signing_in_and_names_no_shop(self, complained: TestClient) -> None:
        answer = complained.get(f"{PUBLIC}?period={PERIOD}")

        assert answer.status_code == 200
        assert "质量服务报告（公开版）" in answer.text
        assert SHOP not in answer.text
        assert "#1" in answer.text

    def test_a_table_with_nothing_in_the_period_says_so_in_either_language(
        self, client: TestClient
    ) -> None:
        chinese = client.get(f"{PUBLIC}?period={QUIET}").text
        client.cookies.set("pinzhi_lang", "en")
        english = client.get(f"{PUBLIC}?period={QUIET}").text

        for html, said in ((chinese, "本期无数据。"), (english, "No data in this period.")):
            for section, empty in (("aftersales", 1), ("warnings", 3)):  # + the effect table
                part = html.split(f'id="report-{section}"')[1].split("</section>")[0]
                assert part.count(f'class="muted">{said}</td></tr>') == empty, section

    def test_its_stylesheet_is_served_without_signing_in(self, client: TestClient) -> None:
        answer = client.get("/console/reports/report.css")

        assert answer.status_code == 200
        assert "Noto Sans CJK SC" in answer.text
