"""Hundreds of concurrent, retried refund requests on PostgreSQL: each refund happens once.

Twenty approved refund cases of 10 yuan each compete for an order paid 129 yuan. Every case's
refund is sent ten times with the same Idempotency-Key by racing threads, each with its own
HTTP client on one app. Exactly twelve refunds fit; the rest must be refused, every retry must see
the first outcome (or 409 while it runs), and the ledger and the record chain must stay sound.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator

import pytest
from aftersales_world import AGENT, SHOP, at, build
from fastapi.testclient import TestClient

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.aftersales import case_operations, ledger, ledger_store
from pinzhi.domain.aftersales.case_operations import CaseRequest
from pinzhi.domain.aftersales.models import CaseKind, CaseReason
from pinzhi.domain.aftersales.workflow import CaseEvent
from pinzhi.domain.records.queries import verify_chain
from pinzhi.interfaces.api.app import create_app

CASES, RETRIES, THREADS, AMOUNT = 20, 10, 16, 1_000


@pytest.fixture
def racing(pg_platform: Platform) -> Iterator[tuple[Platform, list[str], dict[str, str]]]:
    build(pg_platform)
    case_ids = []
    with pg_platform.uow() as uow:
        f.user(uow.session, "shop1", role=Role.MERCHANT, merchant_id="m1")
        for n in range(CASES):
            request = CaseRequest(
                "delivered", CaseKind.REFUND_ONLY, CaseReason.DAMAGED, amount_fen=AMOUNT
            )
            case_id = case_operations.open_case(
                uow=uow, actor=AGENT, request=request, now=at(n / 100)
            )
            case_operations.act(
                uow=uow, actor=SHOP, case_id=case_id, event=CaseEvent.APPROVE, now=at(1)
            )
            case_ids.append(case_id)
        uow.commit()
    with TestClient(create_app(pg_platform)) as client:
        token = client.post(
            "/api/v1/auth/login", json={"username": "shop1", "password": f.PASSWORD}
        ).json()["access_token"]
    yield pg_platform, case_ids, {"Authorization": f"Bearer {token}"}


@pytest.mark.postgres
def test_concurrent_retried_refunds_happen_exactly_once(
    racing: tuple[Platform, list[str], dict[str, str]],
) -> None:
    platform, case_ids, auth = racing
    jobs = [(case_id, attempt) for attempt in range(RETRIES) for case_id in case_ids]
    outcomes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    errors: list[BaseException] = []
    lock = threading.Lock()
    app = create_app(platform)  # built once: building apps in racing threads is not what we test

    def worker(mine: list[tuple[str, int]]) -> None:
        try:
            with TestClient(app) as client:
                for case_id, _attempt in mine:
                    answer = client.post(
                        f"/api/v1/aftersales/cases/{case_id}/events",
                        json={"event": "refund"},
                        headers={**auth, "Idempotency-Key": f"refund-{case_id}"},
                    )
                    body = answer.json()
                    summary = str(body.get("case", {}).get("status") or body.get("detail"))
                    with lock:
                        outcomes[case_id].append((answer.status_code, summary))
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(jobs[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(len(found) for found in outcomes.values()) == CASES * RETRIES
    finals = {}
    for case_id, found in outcomes.items():
        settled = {outcome for outcome in found if outcome[0] != 409}
        assert len(settled) == 1, (case_id, found)  # every retry saw the first outcome
        finals[case_id] = settled.pop()
    refunded = [case_id for case_id, (status, _) in finals.items() if status == 200]
    refused = [summary for status, summary in finals.values() if status == 422]
    assert len(refunded) == 12
    assert len(refused) == CASES - 12
    assert all("exceeds" in summary for summary in refused)
    with platform.uow() as uow:
        book = ledger_store.order_ledger(uow=uow, order_id="delivered")
        assert ledger.violations(book) == []
        assert ledger.total(book, ledger.Movement.REFUND, order_id="delivered") == 12 * AMOUNT
        assert (
            len([e for e in book.entries if e.operation.movement is ledger.Movement.REFUND]) == 12
        )
        assert verify_chain(uow=uow, key="test-secret").ok
