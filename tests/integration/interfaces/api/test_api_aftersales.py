"""After-sales API: entitlement, cases, and the Idempotency-Key contract of money calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.idempotency import operations as idempotency
from pinzhi.interfaces.api.aftersales import OpenCase
from pinzhi.interfaces.api.deps import get_now

Bearer = Callable[[str], dict[str, str]]
REFUND = {"order_id": "o1", "kind": "refund_before_shipment", "reason": "other"}


def _key(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


class TestEntitlement:
    def test_an_unshipped_order_offers_the_instant_refund(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        answer = client.get("/api/v1/aftersales/entitlement?order_id=o1", headers=bearer("buyer1"))

        assert answer.status_code == 200
        assert answer.json()["choices"] == ["refund_before_shipment"]
        assert answer.json()["reasons"][0]["clause"] == "S3 6.3.2.2"

    def test_another_consumers_order_is_missing(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/aftersales/entitlement?order_id=o2", headers=bearer("buyer1"))

        assert answer.status_code == 404


class TestIdempotency:
    def test_a_retry_returns_the_first_result(self, client: TestClient, bearer: Bearer) -> None:
        headers = _key(bearer("buyer1"), "k-refund-o1")

        first = client.post("/api/v1/aftersales/cases", json=REFUND, headers=headers)
        again = client.post("/api/v1/aftersales/cases", json=REFUND, headers=headers)

        assert first.status_code == again.status_code == 201
        assert first.json() == again.json()
        assert first.json()["case"]["status"] == "refunded"
        assert (first.headers["Idempotent-Replayed"], again.headers["Idempotent-Replayed"]) == (
            "false",
            "true",
        )
        cases = client.get("/api/v1/aftersales/cases", headers=bearer("agent")).json()["items"]
        assert len(cases) == 1

    def test_the_same_key_with_another_body_is_422(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = _key(bearer("buyer1"), "k-reused")
        client.post("/api/v1/aftersales/cases", json=REFUND, headers=headers)

        other = client.post(
            "/api/v1/aftersales/cases", json={**REFUND, "reason": "late_delivery"}, headers=headers
        )

        assert other.status_code == 422
        assert "different request" in other.json()["detail"]

    def test_a_retry_while_the_first_runs_is_409(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        headers = _key(bearer("buyer1"), "k-in-flight")
        fingerprint = idempotency.fingerprint(
            {
                "method": "POST",
                "path": "/api/v1/aftersales/cases",
                "body": OpenCase(**REFUND).model_dump(mode="json"),
            }
        )
        with world.uow() as uow:  # the first request has claimed the key and is still running
            idempotency.claim(
                uow=uow,
                owner="usr_buyer1",
                key="k-in-flight",
                request_hash=fingerprint,
                now=get_now(),
            )

        answer = client.post("/api/v1/aftersales/cases", json=REFUND, headers=headers)

        assert answer.status_code == 409
        assert "still running" in answer.json()["detail"]

    def test_an_abandoned_claim_is_taken_over(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        headers = _key(bearer("buyer1"), "k-crashed")
        fingerprint = idempotency.fingerprint(
            {
                "method": "POST",
                "path": "/api/v1/aftersales/cases",
                "body": OpenCase(**REFUND).model_dump(mode="json"),
            }
        )
        with world.uow() as uow:
            long_ago = get_now() - idempotency.STALE_AFTER - timedelta(seconds=1)
            idempotency.claim(
                uow=uow, owner="usr_buyer1", key="k-crashed", request_hash=fingerprint, now=long_ago
            )

        answer = client.post("/api/v1/aftersales/cases", json=REFUND, headers=headers)

        assert answer.status_code == 201

    def test_a_refused_request_is_replayed_as_refused(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = _key(bearer("buyer1"), "k-refused")
        body = {"order_id": "o1", "kind": "return_refund", "reason": "no_reason"}

        first = client.post("/api/v1/aftersales/cases", json=body, headers=headers)
        again = client.post("/api/v1/aftersales/cases", json=body, headers=headers)

        assert first.status_code == again.status_code == 422
        assert first.json()["detail"] == again.json()["detail"]
        assert "has not shipped" in first.json()["detail"]

    def test_money_calls_require_a_key(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.post("/api/v1/aftersales/cases", json=REFUND, headers=bearer("buyer1"))

        assert answer.status_code == 422
        assert any("Idempotency-Key" in e["loc"] for e in answer.json()["errors"])


class TestCaseEvents:
    def test_the_merchant_fires_only_allowed_events(
        self, client: TestClient, bearer: Bearer, world: Platform
    ) -> None:
        with world.uow() as uow:
            f.order_line(uow.session, "o2")
            uow.commit()
        opened = client.post(
            "/api/v1/aftersales/cases",
            json={"order_id": "o2", "kind": "refund_before_shipment", "reason": "other"},
            headers=_key(bearer("agent"), "k-o2"),
        ).json()
        case_id = opened["case"]["id"]

        shop = client.get(f"/api/v1/aftersales/cases/{case_id}", headers=bearer("shop1"))
        other_shop = client.get(f"/api/v1/aftersales/cases/{case_id}", headers=bearer("shop2"))
        refused = client.post(
            f"/api/v1/aftersales/cases/{case_id}/events",
            json={"event": "approve"},
            headers=_key(bearer("shop1"), "k-approve"),
        )

        assert shop.status_code == 200 and shop.json()["allowed_events"] == []
        assert other_shop.status_code == 404
        assert refused.status_code == 409
        assert "cannot approve" in refused.json()["detail"]


class TestInvoicesAndEvidence:
    def test_an_invoice_is_issued_listed_and_downloaded(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")

        issued = client.post("/api/v1/orders/o1/invoices", json={"title": "张伟"}, headers=headers)
        listed = client.get("/api/v1/orders/o1/invoices", headers=headers)
        download = client.get(f"/api/v1/invoices/{issued.json()['id']}/download", headers=headers)
        stranger = client.get(
            f"/api/v1/invoices/{issued.json()['id']}/download", headers=bearer("shop2")
        )

        assert issued.status_code == 201 and issued.json()["amount_fen"] == 12_900
        assert [i["id"] for i in listed.json()] == [issued.json()["id"]]
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        assert "电子发票" in download.text and "129.00" in download.text
        assert stranger.status_code == 404

    def test_a_refund_before_shipment_reverses_the_invoice(
        self, client: TestClient, bearer: Bearer
    ) -> None:
        headers = bearer("buyer1")
        invoice = client.post(
            "/api/v1/orders/o1/invoices", json={"title": "张伟"}, headers=headers
        ).json()

        client.post("/api/v1/aftersales/cases", json=REFUND, headers=_key(headers, "k-inv"))
        after = client.get("/api/v1/orders/o1/invoices", headers=headers).json()

        assert after[0]["id"] == invoice["id"]
        assert after[0]["status"] == "reversed"
        assert [r["amount_fen"] for r in after[0]["red_letters"]] == [12_900]

    def test_evidence_is_filed_by_a_party_only(self, client: TestClient, bearer: Bearer) -> None:
        case_id = client.post(
            "/api/v1/aftersales/cases", json=REFUND, headers=_key(bearer("buyer1"), "k-ev")
        ).json()["case"]["id"]
        photo = {"kind": "photo", "description": "外包装破损", "sha256": "a" * 64}

        mine = client.post(
            f"/api/v1/aftersales/cases/{case_id}/evidence", json=photo, headers=bearer("buyer1")
        )
        other = client.post(
            f"/api/v1/aftersales/cases/{case_id}/evidence", json=photo, headers=bearer("shop2")
        )
        listed = client.get(f"/api/v1/aftersales/cases/{case_id}/evidence", headers=bearer("shop1"))

        assert mine.status_code == 201 and mine.json()["party"] == "consumer"
        assert other.status_code == 404
        assert [e["description"] for e in listed.json()] == ["外包装破损"]
