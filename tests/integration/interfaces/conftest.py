"""A small platform behind the web app: two shops, two consumers, a user for every role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.api.app import create_app

LAST_DAY = date(2026, 11, 23)
USERS = {
    "admin": {"role": Role.PLATFORM_ADMIN},
    "analyst": {"role": Role.QUALITY_ANALYST},
    "agent": {"role": Role.SERVICE_AGENT},
    "assessor": {"role": Role.ASSESSOR},
    "shop1": {"role": Role.MERCHANT, "merchant_id": "m1"},
    "shop2": {"role": Role.MERCHANT, "merchant_id": "m2"},
    "buyer1": {"role": Role.CONSUMER, "consumer_id": "c1"},
}


@pytest.fixture
def world(platform: Platform) -> Platform:
    """Orders o1 (m1, c1), o2 (m1, c2), o3 (m2, c1); 20 days of indicators for `*` and m1."""
    with platform.uow() as uow:
        s = uow.session
        for merchant in ("m1", "m2"):
            f.merchant(s, merchant)
        for consumer in ("c1", "c2"):
            f.consumer(s, consumer)
        f.order(s, "o1", merchant_id="m1", consumer_id="c1")
        f.order(s, "o2", merchant_id="m1", consumer_id="c2")
        f.order(s, "o3", merchant_id="m2", consumer_id="c1")
        for username, binding in USERS.items():
            f.user(s, username, **binding)  # type: ignore[arg-type]
        f.user(s, "gone", role=Role.QUALITY_ANALYST, active=False)
        f.indicator_history(s, end=LAST_DAY, days=20)
        f.indicator_history(s, end=LAST_DAY, days=20, merchant_id="m1", seed=3)
        uow.commit()
    return platform


@pytest.fixture
def client(world: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(world), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def bearer(client: TestClient) -> Callable[[str], dict[str, str]]:
    """`bearer("shop1")`: the headers of that user signed in to the API."""

    def sign_in(username: str) -> dict[str, str]:
        answer = client.post(
            "/api/v1/auth/login", json={"username": username, "password": f.PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    return sign_in
