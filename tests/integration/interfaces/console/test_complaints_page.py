"""The complaint pages: the list by role, the electronic file, and only the legal actions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from test_console_pages import sign_in

import service_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.service import complaint_operations as ops
from pinzhi.domain.service.complaints import ComplaintEvent
from pinzhi.domain.service.models import Channel, ComplaintNature, ComplaintStatus
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.api.deps import get_now

NOW = sf.T0 + timedelta(hours=1)
AGENT = Actor("usr_agent", Role.SERVICE_AGENT)


@pytest.fixture
def complaint_id(world: Platform) -> str:
    with world.uow() as uow:
        sf.complaint_staff(uow.session)
        sf.imported_complaint(
            uow.session,
            "CMP_OLD",
            status=ComplaintStatus.CLOSED,
            filed_at=sf.T0 - timedelta(days=30),
            resolved_after=timedelta(hours=2),
        )
        uow.commit()
    with world.uow() as uow:
        filed = ops.file_complaint(
            uow=uow,
            actor=Actor("usr_buyer1", Role.CONSUMER, consumer_id="c1"),
            now=sf.T0,
            channel=Channel.ONLINE_CHAT,
            nature=ComplaintNature.QUALITY,
            matter="电水壶漏水",
            contact="13812345678",
            order_id="o1",
        )
    return filed.summary.id


@pytest.fixture
def console(world: Platform, complaint_id: str) -> Iterator[TestClient]:
    app = create_app(world)
    app.dependency_overrides[get_now] = lambda: NOW
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def actions(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="action" value="([a-z_]+)">', html)


def form_of(html: str, action: str) -> dict[str, str]:
    form = html[html.index(f'data-action="{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form))


class TestList:
    def test_an_agent_sees_every_complaint_and_the_nav_entry(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")

        html = console.get("/console/complaints").text

        assert f'href="/console/complaints/{complaint_id}"' in html
        assert 'href="/console/complaints/CMP_OLD"' in html
        assert '<a href="/console/complaints" aria-current="page">投诉</a>' in html

    def test_another_shop_sees_none(self, console: TestClient) -> None:
        sign_in(console, "shop2")

        html = console.get("/console/complaints").text

        assert "暂无投诉" in html

    def test_the_status_filter_narrows_the_list(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")

        html = console.get("/console/complaints?status=closed").text

        assert "CMP_OLD" in html and complaint_id not in html


class TestFile:
    def test_the_agent_is_offered_only_the_legal_first_steps(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")

        html = console.get(f"/console/complaints/{complaint_id}").text

        assert actions(html) == [
            "resolve_on_the_spot",
            "explain_delay",
            "start_handling",
            "assign",
        ]
        assert "质量纠纷快速通道" in html and "受理投诉" in html

    def test_the_consumer_sees_the_file_without_actions(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "buyer1")

        html = console.get(f"/console/complaints/{complaint_id}").text

        assert "电水壶漏水" in html and "13812345678" in html
        assert actions(html) == []

    def test_the_shop_sees_the_complainant_masked(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "shop1")

        html = console.get(f"/console/complaints/{complaint_id}").text

        assert "138****5678" in html and "13812345678" not in html

    def test_an_imported_closed_file_offers_nothing_past_its_window(
        self, console: TestClient
    ) -> None:
        sign_in(console, "agent")

        html = console.get("/console/complaints/CMP_OLD").text

        assert "处理记录根据导入的时间信息还原" in html
        assert actions(html) == []

    def test_a_mediator_is_offered_settlement_during_mediation(
        self, world: Platform, console: TestClient, complaint_id: str
    ) -> None:
        for n, (event, fields) in enumerate(
            [
                (ComplaintEvent.START_HANDLING, {}),
                (ComplaintEvent.REFER_TO_MEDIATION, {"mediator": "STF_M"}),
            ]
        ):
            with world.uow() as uow:
                ops.act_on_complaint(
                    uow=uow, actor=AGENT, now=sf.T0 + timedelta(minutes=n),
                    complaint_id=complaint_id, event=event, event_id=f"s{n}",
                    **fields,  # type: ignore[arg-type]
                )  # fmt: skip
        sign_in(console, "mediator")

        html = console.get(f"/console/complaints/{complaint_id}").text

        assert actions(html) == ["agree_settlement", "hand_to_third_party", "assign"]


class TestActions:
    def test_a_step_is_recorded_once_even_if_the_form_is_sent_twice(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")
        page = f"/console/complaints/{complaint_id}"
        form = form_of(console.get(page).text, "start_handling") | {"note": "已联系商家"}

        first = console.post(f"{page}/actions", data=form)
        second = console.post(f"{page}/actions", data=form)

        html = console.get(page).text
        assert first.status_code == second.status_code == 303
        assert first.headers["location"] == page
        assert html.count("已联系商家") == 1
        assert actions(html) == ["refer_to_mediation", "resolve", "assign"]

    def test_a_form_without_the_csrf_token_is_refused(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")
        page = f"/console/complaints/{complaint_id}"
        form = form_of(console.get(page).text, "start_handling")
        del form["csrf_token"]

        assert console.post(f"{page}/actions", data=form).status_code == 403

    def test_an_illegal_action_is_shown_with_its_reason(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")
        page = f"/console/complaints/{complaint_id}"
        form = form_of(console.get(page).text, "start_handling") | {"action": "close"}

        answer = console.post(f"{page}/actions", data=form)

        assert answer.status_code == 409
        assert "cannot close a complaint that is filed" in answer.text

    def test_an_incomplete_result_is_shown_with_its_reason(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")
        page = f"/console/complaints/{complaint_id}"
        form = form_of(console.get(page).text, "resolve_on_the_spot") | {"conclusion": "属实"}

        answer = console.post(f"{page}/actions", data=form)

        assert answer.status_code == 422
        assert "the result needs a basis" in answer.text

    def test_explaining_a_delay_reads_the_promised_time_in_local_time(
        self, console: TestClient, complaint_id: str
    ) -> None:
        sign_in(console, "agent")
        page = f"/console/complaints/{complaint_id}"
        form = form_of(console.get(page).text, "explain_delay") | {
            "note": "需送检",
            "promised_by": "2026-11-03T18:00",
        }

        assert console.post(f"{page}/actions", data=form).status_code == 303
        html = console.get(page).text
        assert "2026-11-03 18:00" in html and "说明原因并承诺时限" in html
