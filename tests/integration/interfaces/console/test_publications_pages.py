"""The public area (no sign-in) and the rule managers' pages: rules in effect and out for
comment, the service standards read from the real configuration, the published measures,
commenting, and the notice rule at the publish form (C15)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from test_console_pages import csrf, sign_in

from oversight_factories import seed_oversight
from pinzhi.bootstrap import Platform
from pinzhi.domain.publications.seed import seed_default_documents
from pinzhi.domain.service.sla import Measure
from pinzhi.domain.sla.policies import publish_policy
from pinzhi.interfaces.api.deps import get_now
from publications_factories import ADMIN, NOW


@pytest.fixture
def site(client: TestClient, world: Platform) -> Iterator[TestClient]:
    """The starter documents seeded at NOW, and the app's clock fixed at NOW."""
    with world.uow() as uow:
        seed_default_documents(uow=uow, now=NOW)
        uow.commit()
    client.app.dependency_overrides[get_now] = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _local(delta: timedelta, world: Platform) -> str:
    return (NOW + delta).astimezone(ZoneInfo(world.settings.timezone)).strftime("%Y-%m-%dT%H:%M")


class TestPublicArea:
    def test_the_index_is_readable_without_signing_in(self, site: TestClient) -> None:
        page = site.get("/console/public")

        assert page.status_code == 200
        assert "平台交易规则" in page.text and "隐私政策" in page.text
        assert "征求意见" in page.text and "将于 2026-12-01 23:30 生效" in page.text
        assert 'href="/console/public/measures"' in page.text
        assert 'href="/console/public/standards"' in page.text

    def test_a_document_shows_the_text_in_effect_and_the_change_out_for_comment(
        self, site: TestClient
    ) -> None:
        page = site.get("/console/public/documents/trading-rules")

        assert page.status_code == 200
        assert "现行版本" in page.text and "修改征求意见" in page.text
        assert "预售商品" in page.text
        assert "登录后可提交意见" in page.text

    def test_the_privacy_policy_reads_in_english_too(self, site: TestClient) -> None:
        site.cookies.set("pinzhi_lang", "en")

        page = site.get("/console/public/documents/privacy-policy")

        assert "Privacy policy" in page.text and "de-identified" in page.text

    def test_the_standards_show_the_sla_limits_in_force(
        self, site: TestClient, world: Platform
    ) -> None:
        before = site.get("/console/public/standards").text
        with world.uow() as uow:
            publish_policy(
                uow=uow, actor=ADMIN, now=NOW, key=Measure.CHAT_FIRST_RESPONSE, limit_seconds=25,
                calendar="online_7x24", starts_on="consumer_message", stops_on="agent_message",
            )  # fmt: skip
            uow.commit()

        after = site.get("/console/public/standards").text

        assert re.search(r'data-measure="chat_first_response">.*?每次不超过 30 秒', before, re.S)
        assert re.search(r'data-measure="chat_first_response">.*?每次不超过 25 秒', after, re.S)
        assert "每次不超过 24 小时" in after and "平均不超过 60 秒" in after
        assert "签收后 7 天内可无理由退货" in after

    def test_the_warranties_read_in_years_in_either_language(self, site: TestClient) -> None:
        chinese = site.get("/console/public/standards").text
        site.cookies.set("pinzhi_lang", "en")
        english = site.get("/console/public/standards").text

        assert "<td>1 年</td>" in chinese and "<td>3 年</td>" in chinese
        assert "<td>1 year</td>" in english and "<td>3 years</td>" in english
        assert "year(s)" not in english

    def test_the_published_measures_are_open_to_all(
        self, site: TestClient, world: Platform
    ) -> None:
        seed_oversight(world)

        page = site.get("/console/public/measures")

        assert page.status_code == 200
        assert "刷单炒信" in page.text


class TestComments:
    def test_a_signed_in_consumer_comments_on_the_change(self, site: TestClient) -> None:
        sign_in(site, "buyer1")
        page = site.get("/console/public/documents/trading-rules").text
        (action,) = re.findall(r'action="(/console/public/versions/[^"]+/comments)"', page)

        sent = site.post(
            action, data={"body": "预售期限请写明", "csrf_token": csrf(site, "/console/public")}
        )

        assert sent.status_code == 303
        assert "预售期限请写明" in site.get("/console/public/documents/trading-rules").text

    def test_an_anonymous_comment_is_sent_to_sign_in(self, site: TestClient) -> None:
        page = site.get("/console/public/documents/trading-rules").text
        pending = site.get("/api/v1/documents/trading-rules").json()["upcoming"][0]["id"]
        action = f"/console/public/versions/{pending}/comments"

        answer = site.post(action, data={"body": "x", "csrf_token": csrf(site)})

        assert action not in page
        assert "/console/login?next=/console/public/documents/trading-rules" in page
        assert answer.status_code == 303 and "/console/login" in answer.headers["location"]


class TestRuleManagement:
    def _publish_form(self, site: TestClient) -> tuple[str, str]:
        token = csrf(site, "/console/rules-admin")
        draft = {
            "slug": "review-rules",
            "kind": "rule",
            "title": "评价规则",
            "body": "评价须真实。",
        }
        drafted = site.post("/console/rules-admin/drafts", data={**draft, "csrf_token": token})
        assert drafted.status_code == 303
        page = site.get("/console/rules-admin").text
        (action,) = re.findall(r'action="(/console/rules-admin/versions/[^"]+/publish)"', page)
        return action, token

    def test_a_six_day_notice_is_refused_with_the_clause(
        self, site: TestClient, world: Platform
    ) -> None:
        sign_in(site, "admin")
        action, token = self._publish_form(site)

        refused = site.post(
            action, data={"effective_at": _local(timedelta(days=6), world), "csrf_token": token}
        )
        accepted = site.post(
            action, data={"effective_at": _local(timedelta(days=7), world), "csrf_token": token}
        )

        assert refused.status_code == 422 and "S4 4.2.2.1" in refused.text
        assert accepted.status_code == 303

    def test_the_form_offers_the_earliest_allowed_effective_time(
        self, site: TestClient, world: Platform
    ) -> None:
        sign_in(site, "admin")

        self._publish_form(site)

        page = site.get("/console/rules-admin").text
        assert f'value="{_local(timedelta(days=7), world)}"' in page

    def test_other_roles_are_refused(self, site: TestClient) -> None:
        sign_in(site, "analyst")

        assert site.get("/console/rules-admin").status_code == 403
