"""Platform rules over the API: public reading, the notice rule, comments, review (C15)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from pinzhi.bootstrap import Platform
from pinzhi.domain.publications.seed import seed_default_documents
from pinzhi.interfaces.api.deps import get_now
from publications_factories import NOW

Bearer = Callable[[str], dict[str, str]]
DRAFT = {"slug": "review-rules", "kind": "rule", "title": "评价规则", "body": "评价须真实。"}


@pytest.fixture
def clock(client: TestClient, world: Platform) -> Iterator[dict[str, object]]:
    """The app's `now`, movable by the test; the starter documents seeded at NOW."""
    with world.uow() as uow:
        seed_default_documents(uow=uow, now=NOW)
        uow.commit()
    moment: dict[str, object] = {"now": NOW}
    client.app.dependency_overrides[get_now] = lambda: moment["now"]  # type: ignore[attr-defined]
    yield moment
    client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _draft(client: TestClient, headers: dict[str, str]) -> str:
    answer = client.post("/api/v1/documents", json=DRAFT, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _at(days: float) -> str:
    return (NOW + timedelta(days=days)).isoformat()


class TestPublicReading:
    def test_anyone_reads_the_rules_without_a_token(
        self, client: TestClient, clock: dict[str, object]
    ) -> None:
        listed = client.get("/api/v1/documents")
        one = client.get("/api/v1/documents/trading-rules")

        assert listed.status_code == 200
        assert {d["slug"] for d in listed.json()} >= {"trading-rules", "privacy-policy"}
        assert one.json()["current"]["version"] == 1
        assert [v["version"] for v in one.json()["upcoming"]] == [2]
        assert one.json()["upcoming"][0]["effective_at"] == _at(7).replace("+00:00", "Z")

    def test_the_service_standards_carry_the_real_sla_limits(
        self, client: TestClient, clock: dict[str, object]
    ) -> None:
        standards = client.get("/api/v1/service-standards").json()

        limits = {r["measure"]: r["limit"] for r in standards["response_limits"]}
        assert limits["chat_first_response"] == "PT30S"
        assert limits["return_refund_after_shipment_response"] == "P1D"
        assert standards["return_window_days"] == 7

    def test_the_version_in_effect_at_an_instant(
        self, client: TestClient, clock: dict[str, object]
    ) -> None:
        path = "/api/v1/documents/trading-rules/effective"

        before = client.get(path, params={"as_of": _at(6.9)}).json()
        after = client.get(path, params={"as_of": _at(7)}).json()

        assert (before["version"], after["version"]) == (1, 2)


class TestPublishing:
    def test_a_six_day_notice_is_refused_and_seven_days_accepted(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        admin = bearer("admin")
        version_id = _draft(client, admin)
        path = f"/api/v1/document-versions/{version_id}/publish"

        short = client.post(path, json={"effective_at": _at(6)}, headers=admin)
        enough = client.post(path, json={"effective_at": _at(7)}, headers=admin)

        assert short.status_code == 422
        assert "S4 4.2.2.1" in short.json()["detail"]
        assert enough.status_code == 200
        assert enough.json()["stage"] == "open_for_comment"

    def test_only_a_rule_manager_drafts(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        answer = client.post("/api/v1/documents", json=DRAFT, headers=bearer("analyst"))

        assert answer.status_code == 403

    def test_a_draft_is_hidden_from_the_public(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        version_id = _draft(client, bearer("admin"))

        public = client.get(f"/api/v1/document-versions/{version_id}")
        managed = client.get(f"/api/v1/document-versions/{version_id}", headers=bearer("admin"))

        assert public.status_code == 404
        assert managed.json()["stage"] == "draft"

    def test_a_version_in_effect_cannot_be_withdrawn(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        current = client.get("/api/v1/documents/trading-rules").json()["current"]

        answer = client.post(
            f"/api/v1/document-versions/{current['id']}/withdraw", headers=bearer("admin")
        )

        assert answer.status_code == 409


class TestComments:
    def test_comments_are_taken_only_during_the_comment_period(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        pending = client.get("/api/v1/documents/trading-rules").json()["upcoming"][0]
        path = f"/api/v1/document-versions/{pending['id']}/comments"

        anonymous = client.post(path, json={"body": "匿名意见"})
        during = client.post(path, json={"body": "建议写明预售定义"}, headers=bearer("buyer1"))
        clock["now"] = NOW + timedelta(days=7)
        after = client.post(path, json={"body": "生效后的意见"}, headers=bearer("buyer1"))
        listed = client.get(path).json()

        assert anonymous.status_code == 401
        assert during.status_code == 201
        assert after.status_code == 409
        assert [(c["body"], c["author_id"]) for c in listed] == [("建议写明预售定义", None)]

    def test_the_admin_answers_a_comment(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        pending = client.get("/api/v1/documents/trading-rules").json()["upcoming"][0]
        comment = client.post(
            f"/api/v1/document-versions/{pending['id']}/comments",
            json={"body": "请说明"},
            headers=bearer("shop1"),
        ).json()

        answered = client.post(
            f"/api/v1/document-comments/{comment['id']}/answer",
            json={"answer": "已收到，将在第六条补充"},
            headers=bearer("admin"),
        )

        assert answered.status_code == 200
        assert answered.json()["answer"] == "已收到，将在第六条补充"


class TestFairnessReview:
    def test_rules_come_due_after_twelve_months_until_reviewed(
        self, client: TestClient, bearer: Bearer, clock: dict[str, object]
    ) -> None:
        clock["now"] = NOW + timedelta(days=366)
        admin = bearer("admin")

        due = client.get("/api/v1/document-reviews/due", headers=admin).json()
        client.post(
            "/api/v1/documents/merchant-conduct/reviews",
            json={"finding": "条款对中小商家无歧视"},
            headers=admin,
        )
        after = client.get("/api/v1/document-reviews/due", headers=admin).json()

        assert {d["slug"] for d in due} == {
            "trading-rules",
            "merchant-conduct",
            "service-agreement",
        }
        assert {d["slug"] for d in after} == {"trading-rules", "service-agreement"}
        assert (
            client.get("/api/v1/document-reviews/due", headers=bearer("buyer1")).status_code == 403
        )
