"""The agent's queue page: breached cases on top in red, countdowns from data-deadline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

import factories as f
import sla_factories as sf
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.aftersales.models import CaseKind
from pinzhi.domain.sla import engine
from pinzhi.domain.sla.engine import SlaEvent
from pinzhi.interfaces.api.deps import get_now

NOW = f.T0 + timedelta(hours=2)


def sign_in(client: TestClient, username: str) -> None:
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = {"username": username, "password": f.PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/console/login", data=form).status_code == 303


@pytest.fixture
def console(client: TestClient, world: Platform) -> Iterator[TestClient]:
    """a1 breached an hour ago (1 h limit), a2 due in 22 h; time is NOW."""
    with world.uow() as uow:
        sf.case(uow.session, "a1")
        sf.case(uow.session, "a2", kind=CaseKind.RETURN_REFUND)
        for case_id in ("a2", "a1"):
            event = SlaEvent(f"{case_id}:s", "aftersales_case", case_id, "request_filed", f.T0)
            engine.apply_event(uow=uow, actor=Actor.command_line(), now=NOW, event=event)
        uow.commit()
    client.app.dependency_overrides[get_now] = lambda: NOW  # type: ignore[attr-defined]
    yield client
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


class TestQueuePage:
    def test_breached_case_is_first_and_red_with_how_long_ago(self, console: TestClient) -> None:
        sign_in(console, "agent")

        page = console.get("/console/queue")

        assert page.status_code == 200
        rows = re.findall(
            r'<tr class="([^"]*)">\s*<th scope="row">[^<]*<code>(\w+)</code>', page.text
        )
        assert rows == [("queue-breached", "a1"), ("", "a2")]
        assert ">-1:00:00</time>" in page.text
        assert ">22:00:00</time>" in page.text

    def test_countdowns_carry_their_deadline_for_the_local_script(
        self, console: TestClient
    ) -> None:
        sign_in(console, "agent")

        page = console.get("/console/queue")

        deadline = (f.T0 + timedelta(hours=24)).isoformat()
        assert f'data-deadline="{deadline}"' in page.text
        assert '<script src="/console/static/countdown.js" defer></script>' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert console.get("/console/static/countdown.js").status_code == 200

    def test_agents_see_it_in_the_navigation_in_both_languages(self, console: TestClient) -> None:
        sign_in(console, "agent")

        chinese = console.get("/console/queue").text
        english = console.get("/console/prefs?lang=en&next=/console/queue", follow_redirects=True)

        assert 'href="/console/queue" aria-current="page">服务队列' in chinese
        assert "Service queue" in english.text and "Overdue" in english.text

    def test_an_analyst_cannot_open_it(self, console: TestClient) -> None:
        sign_in(console, "analyst")

        page = console.get("/console/queue")

        assert page.status_code == 403
        assert 'href="/console/queue"' not in page.text
